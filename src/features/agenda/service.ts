import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import type { FieldError } from '../../platform/problems.ts';
import { audit } from '../../platform/audit.ts';
import { can } from '../../platform/roles.ts';
import { enqueueMail, mailLink, type MailContext } from '../../platform/mail.ts';
import { formatDate, formatTime } from '../../platform/dates.ts';
import { paths } from '../../paths.ts';
import { localDateOf, localToInstant } from '../../domain/calendar/recurrence.ts';
import { slotMinutes, defaultDiscussion, runningOrder, overlaps, agendaMinutes, fit, fitMessage, type PlanItem, type Fit } from '../../domain/agenda/slots.ts';
import { checklistProgress } from '../../domain/panel/checklist.ts';
import { loadVisibleChild, maySeeChild } from '../children/access.ts';
import { childHeader } from '../reviews/service.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import { currentRisk, riskHistoryIn } from '../assessments/service.ts';
import type { OccurrenceRow } from '../meetings/repository.ts';
import { CONFIDENTIALITY_STATEMENT, occurrenceIn } from '../meetings/service.ts';
import { agendaRepository, type ChildMeetingRow, type AgendaRow, type ItemRow, type ItemChild, type CandidateRow, type ResponseRow } from './repository.ts';
import type { ItemInput, ResponseInput } from './schemas.ts';
import { suggestedGroups, type SuggestedGroup } from './groups.ts';
import { occurrenceIcs } from '../meetings/ics.ts';
import { plural } from '../../domain/words/plural.ts';
import { adultRefusal, isChildOn } from '../../domain/eligibility/age.ts';
import { panelMissingPeriod, type MissingFigures } from '../../domain/reports/missing.ts';
import type { Period } from '../../domain/reports/period.ts';
import { areaMissingFigures } from '../reports/missing.ts';

const MINUTE = 60_000;

type ChildView = {
  id: string;
  reference: string;
  /** Only for those who may see the child (features/children/access.ts); others see the reference. */
  name?: string;
  risk?: { level: string; scored: string | null; overridden: boolean; instrument: string; on: string };
  checklist?: { done: number; total: number; complete: boolean; referralId: string };
};

/** A child offered on the add pages: referred to the panel (DOMAIN §6), or discussed at an earlier meeting of the series. */
type Candidate = Omit<CandidateRow, 'status' | 'referral_id'> & { referral_id: string | null; status: CandidateRow['status'] | null; last_on: Date | null };

export type PlannedItem = ItemRow & { startsAt: Date; endsAt: Date; gapBefore: number; childViews: ChildView[] };

/** A child on the agenda who is 18 or over on the meeting's date (the meeting moved later, or a birthday came first). */
export type AdultOnAgenda = { itemId: string; position: number; childId: string; reference: string; name?: string };

type Plan = { meetingMinutes: number; agendaMinutes: number; fit: Fit; message: string; endsAt: Date };

type Refusal = { ok: false; reason: 'not-found' } | { ok: false; reason: 'invalid'; errors: FieldError[] };
type ItemResult = { ok: true; item: ItemRow } | Refusal | { ok: false; reason: 'conflict'; current: ItemRow; submitted: ItemInput };

/** The occurrence's start and its items as the pure planner sees them (a fixed start as minutes after the start). */
function planItems(occ: OccurrenceRow, items: readonly Pick<ItemRow, 'id' | 'slot_minutes' | 'fixed_start'>[]): PlanItem[] {
  const date = localDateOf(occ.starts_at);
  return items.map((i) => ({
    id: i.id,
    slotMinutes: i.slot_minutes,
    fixedAt: i.fixed_start ? Math.round((localToInstant(date, i.fixed_start).getTime() - occ.starts_at.getTime()) / MINUTE) : null,
  }));
}

function planOf(occ: OccurrenceRow, items: readonly Pick<ItemRow, 'id' | 'slot_minutes' | 'fixed_start'>[]): Plan {
  const meetingMinutes = Math.round((occ.ends_at.getTime() - occ.starts_at.getTime()) / MINUTE);
  const length = agendaMinutes(planItems(occ, items));
  const f = fit(length, meetingMinutes);
  return {
    meetingMinutes,
    agendaMinutes: length,
    fit: f,
    message: fitMessage(f, meetingMinutes, items.length),
    endsAt: new Date(occ.starts_at.getTime() + length * MINUTE),
  };
}

/** DOMAIN §6: a slot may not overlap another; the message names both items and their times. */
function overlapError(occ: OccurrenceRow, items: readonly Pick<ItemRow, 'id' | 'slot_minutes' | 'fixed_start'>[], field: string): FieldError | undefined {
  const [o] = overlaps(planItems(occ, items));
  if (!o) return undefined;
  const at = (m: number) => formatTime(new Date(occ.starts_at.getTime() + m * MINUTE));
  const message = o.previousId
    ? `Item ${o.position} would start at ${at(o.startMinute)}, before item ${o.previousPosition} ends at ${at(o.previousEndMinute)}: change the start time, a slot length or the order`
    : `Item ${o.position} would start at ${at(o.startMinute)}, before the meeting starts at ${at(0)}`;
  return { field, message };
}

export const agendaChangedSincePublished = (a: AgendaRow | undefined) =>
  !!a && a.status === 'published' && !!a.changed_at && !!a.published_at && a.changed_at > a.published_at;

const childName = (c: ItemChild) => `${c.first_name} ${c.last_name}`;

/** Still to come: the meeting is not cancelled, not closed, and the item was not deferred or discussed. */
const isUpcoming = (r: Pick<ChildMeetingRow, 'occurrence_status' | 'closed_at' | 'item_status'>) =>
  r.occurrence_status !== 'cancelled' && !r.closed_at && (r.item_status === 'planned' || r.item_status === 'in-discussion');

/**
 * The next meeting of each series a referred child may go to (for "add to the agenda" from the referral):
 * series of the child's district where panels are per district, otherwise every series; never a meeting held
 * before another (Staffordshire's pre-MACE thresholding), never one cancelled, already open or closed.
 */
async function nextMeetingsFor(q: Queryable, p: PartnershipConfig, districtId: string | null) {
  const panelTypes = p.meetingTypes.filter((t) => !t.rule.startsWith('BEFORE:')).map((t) => t.id);
  const rows = await agendaRepository().nextOccurrencesOfTypes(q, p.id, panelTypes);
  // Where panels are per district (Staffordshire), only the child's district's; elsewhere every series.
  const perDistrict = p.meetingTypes.some((t) => t.perDistrict && panelTypes.includes(t.id));
  return (perDistrict ? rows.filter((r) => districtId && r.district_id === districtId) : rows)
    .sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime())
    .slice(0, 3);
}

/**
 * The agenda of a meeting (DOMAIN §4–§6): items for a child, a group of linked children in one slot
 * or a location, a running order with times, publishing to the members, and the members' answers to
 * the invitation. Every change takes a lock on the agenda first and is audited in its transaction.
 */
export function agendaService(db: Db, links: MailContext, calendar: HolidayCalendar) {
  const repo = agendaRepository();

  async function occurrenceFor(q: Queryable, actor: Actor, id: string, action: string): Promise<OccurrenceRow | undefined> {
    const occ = await occurrenceIn(q, actor.partnershipId, id);
    if (occ) return occ;
    const owner = await repo.ownerOf(q, 'meeting_occurrences', id);
    await audit(q, actor, {
      action,
      outcome: 'denied',
      subjectType: 'meeting_occurrence',
      subjectId: id,
      details: { reason: owner ? 'not permitted' : 'no such meeting', otherPartnership: owner && owner !== actor.partnershipId ? owner : undefined },
    });
    return undefined;
  }

  async function itemFor(q: Queryable, actor: Actor, id: string, action: string): Promise<ItemRow | undefined> {
    const item = await repo.item(q, actor.partnershipId, id);
    if (item) return item;
    const owner = await repo.ownerOf(q, 'agenda_items', id);
    await audit(q, actor, {
      action,
      outcome: 'denied',
      subjectType: 'agenda_item',
      subjectId: id,
      details: { reason: owner ? 'not permitted' : 'no such item', otherPartnership: owner && owner !== actor.partnershipId ? owner : undefined },
    });
    return undefined;
  }

  /** A cancelled meeting, or one the chair has closed, keeps its agenda as it is. */
  function frozen(occ: OccurrenceRow, agenda: AgendaRow | undefined): FieldError | undefined {
    if (occ.status === 'cancelled') return { field: 'agenda', message: 'This meeting is cancelled: its agenda cannot be changed' };
    if (agenda?.closed_at) return { field: 'agenda', message: 'This meeting has closed: its agenda cannot be changed' };
    return undefined;
  }

  async function riskOf(q: Queryable, partnershipId: string, childId: string) {
    const r = currentRisk(await riskHistoryIn(q, partnershipId, childId));
    return r ? { level: r.level, scored: r.scored, overridden: r.overridden, instrument: r.instrument, on: r.on } : undefined;
  }

  /** Items with their times, and for each child what the viewer may see: name, current risk, checklist. */
  async function planned(q: Queryable, actor: Actor, occ: OccurrenceRow, items: ItemRow[]): Promise<PlannedItem[]> {
    const times = runningOrder(planItems(occ, items));
    const childIds = [...new Set(items.flatMap((i) => i.children.map((c) => c.id)))];
    const referrals = await repo.openReferrals(q, actor.partnershipId, childIds);
    const out: PlannedItem[] = [];
    for (const [n, item] of items.entries()) {
      const t = times[n]!;
      const childViews: ChildView[] = [];
      for (const c of item.children) {
        if (!maySeeChild(actor, c)) {
          childViews.push({ id: c.id, reference: c.reference });
          continue;
        }
        const ref = referrals.get(c.id);
        childViews.push({
          id: c.id,
          reference: c.reference,
          name: childName(c),
          risk: await riskOf(q, actor.partnershipId, c.id),
          checklist: ref ? { ...checklistProgress(ref.checklist_done), referralId: ref.id } : undefined,
        });
      }
      out.push({
        ...item,
        startsAt: new Date(occ.starts_at.getTime() + t.startMinute * MINUTE),
        endsAt: new Date(occ.starts_at.getTime() + t.endMinute * MINUTE),
        gapBefore: t.gapBefore,
        childViews,
      });
    }
    return out;
  }

  /** One audit entry per child shown (each child's trail shows the view), or one for an agenda with no child. */
  async function auditShown(
    q: Queryable,
    actor: Actor,
    action: string,
    occurrenceId: string,
    items: readonly { id: string; children: { id: string }[] }[],
    details: Record<string, unknown> = {},
  ) {
    const byChild = new Map<string, string[]>();
    for (const i of items) for (const c of i.children) byChild.set(c.id, [...(byChild.get(c.id) ?? []), i.id]);
    for (const [childId, itemIds] of byChild)
      await audit(q, actor, { action, subjectType: 'agenda', subjectId: occurrenceId, childId, details: { ...details, items: itemIds } });
    if (!byChild.size)
      await audit(q, actor, { action, subjectType: 'agenda', subjectId: occurrenceId, details: { ...details, items: items.map((i) => i.id) } });
  }

  async function isMember(q: Queryable, actor: Actor, occ: OccurrenceRow): Promise<boolean> {
    const rows = await repo.responses(q, actor.partnershipId, occ.series_id, occ.id);
    return rows.some((r) => r.user_id === actor.userId);
  }

  /** Children picked by id or typed by reference, each checked: in the partnership, visible, not already on this agenda. */
  async function resolveChildren(
    q: Queryable,
    actor: Actor,
    occ: OccurrenceRow,
    input: ItemInput,
    supportText: string,
    ignoreItemId?: string,
  ): Promise<{ children: ItemChild[]; errors: FieldError[] }> {
    const errors: FieldError[] = [];
    const refField = input.kind === 'group' ? 'references' : 'reference';
    const idField = input.kind === 'group' ? 'childIds' : 'childId';
    const byId = input.childIds.length ? await repo.childrenByIds(q, actor.partnershipId, input.childIds) : [];
    const byRef = input.references.length ? await repo.childrenByReferences(q, actor.partnershipId, input.references) : [];
    const missingIds = input.childIds.filter((id) => !byId.some((c) => c.id === id));
    const missingRefs = input.references.filter((r) => !byRef.some((c) => c.reference.toUpperCase() === r));
    if (missingIds.length) errors.push({ field: idField, message: 'Select the child from the list' });
    if (missingRefs.length) errors.push({ field: refField, message: `No child in your partnership has the reference ${missingRefs.join(', ')}` });
    const found = [...new Map([...byId, ...byRef].map((c) => [c.id, c])).values()];
    const children = found.filter((c) => maySeeChild(actor, c));
    if (children.length < found.length) errors.push({ field: idField, message: 'You cannot add a child whose record you may not see' });
    if (!errors.length && input.kind === 'group' && children.length < 2)
      errors.push({ field: idField, message: 'Select or enter at least two different children: a group is discussed in one slot' });
    // DOMAIN §3.4, §6 (001, 003): a child 18 or over on the meeting's date is not put on its agenda.
    const meetingDate = localDateOf(occ.starts_at);
    for (const c of children) {
      if (!isChildOn(c.date_of_birth, meetingDate))
        errors.push({
          field: byRef.some((r) => r.id === c.id) && !byId.some((r) => r.id === c.id) ? refField : idField,
          message: adultRefusal(`an agenda item for ${c.reference}`, supportText),
        });
    }
    const on = await repo.childrenOn(q, actor.partnershipId, occ.id);
    for (const c of children) {
      if (on.some((o) => o.child_id === c.id && o.item_id !== ignoreItemId)) {
        errors.push({
          field: byRef.some((r) => r.id === c.id) && !byId.some((r) => r.id === c.id) ? refField : idField,
          message: `The child ${c.reference} is already on this agenda: a child appears once per meeting`,
        });
      }
    }
    return { children, errors };
  }

  return {
    /** The child's meetings (audited as a view of the child), or undefined when the child is not theirs to see. */
    async childMeetings(actor: Actor, p: PartnershipConfig, childId: string) {
      return db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, childId, 'agenda.child-meetings');
        if (!child) return undefined;
        const rows = await repo.itemsForChild(q, actor.partnershipId, childId);
        await audit(q, actor, { action: 'agenda.child-meetings', subjectType: 'child', subjectId: childId, childId, details: { items: rows.length } });
        return {
          child,
          risk: await childHeader(q, p, childId, calendar),
          upcoming: rows.filter(isUpcoming).reverse(),
          past: rows.filter((r) => !isUpcoming(r)),
        };
      });
    },

    /**
     * For a referral's page: the meetings still to come with the child on the agenda, and the next meetings the
     * child could be added to (none that already has the child). The referral's own view is the audited read.
     */
    async forReferral(p: PartnershipConfig, childId: string, districtId: string | null) {
      const upcoming = (await repo.itemsForChild(db, p.id, childId)).filter(isUpcoming).reverse();
      const next = (await nextMeetingsFor(db, p, districtId)).filter((m) => !upcoming.some((u) => u.occurrence_id === m.id));
      return { upcoming, next };
    },

    /**
     * The agenda page and GET /api/v1: managers (meeting:manage) always; other members of the series
     * once it is published. Children are named only to those who may see them.
     */
    async view(actor: Actor, occurrenceId: string, p?: PartnershipConfig) {
      return db.tx(async (q) => {
        const occ = await occurrenceFor(q, actor, occurrenceId, 'agenda.view');
        if (!occ) return undefined;
        const agenda = await repo.agenda(q, actor.partnershipId, occurrenceId);
        const manage = can(actor.roles, 'meeting:manage');
        if (!manage) {
          const hidden =
            !agenda || agenda.status !== 'published' ? ('not-published' as const) : !(await isMember(q, actor, occ)) ? ('not-member' as const) : undefined;
          if (hidden) {
            await audit(q, actor, {
              action: 'agenda.view',
              outcome: hidden === 'not-member' ? 'denied' : 'allowed',
              subjectType: 'agenda',
              subjectId: occurrenceId,
              details: { shown: false, reason: hidden },
            });
            return { occ, agenda, hidden, manage, items: [] as PlannedItem[], plan: planOf(occ, []), overlap: undefined, adults: [] as AdultOnAgenda[] };
          }
        }
        const rows = await repo.items(q, actor.partnershipId, occurrenceId);
        const items = await planned(q, actor, occ, rows);
        // Issue 15 item 16 (003, DOMAIN §6): a district panel receives the aggregated missing figures of its district, for the
        // days since the series' previous meeting (given p: the page; the API and the PDF leave them out).
        let missing: { period: Period; figures: MissingFigures; previous: boolean } | undefined;
        const type = p?.meetingTypes.find((t) => t.id === occ.type_id);
        // The panel itself: a type per district that is not the meeting before it (Staffordshire's pre-MACE thresholding).
        if (p && occ.district_id && type?.perDistrict && !type.rule.startsWith('BEFORE:')) {
          const previous = await repo.previousMeetingStart(q, actor.partnershipId, occ.series_id, occ.starts_at);
          const period = panelMissingPeriod(localDateOf(occ.starts_at), previous ? localDateOf(previous) : undefined);
          missing = { period, previous: !!previous, figures: await areaMissingFigures(q, actor.partnershipId, period, occ.district_id) };
        }
        await auditShown(q, actor, 'agenda.view', occurrenceId, rows, {
          status: agenda?.status ?? 'draft',
          ...(missing ? { missingFigures: { from: missing.period.from, to: missing.period.to, district: occ.district_id } } : {}),
        });
        // A meeting moved to a later start can leave a fixed start before it: shown, to be fixed.
        const overlap = overlapError(occ, rows, 'items');
        // DOMAIN §3.4, §6: a child already on the agenda who is 18 or over on the meeting's date (the meeting moved
        // later, or added before the rule): shown to those who run the meeting, to remove or defer the item.
        const meetingDate = localDateOf(occ.starts_at);
        const adults: AdultOnAgenda[] = manage
          ? items.flatMap((i, n) =>
              i.children
                .filter((c) => !isChildOn(c.date_of_birth, meetingDate))
                .map((c) => ({ itemId: i.id, position: n + 1, childId: c.id, reference: c.reference, name: i.childViews.find((v) => v.id === c.id)?.name })),
            )
          : [];
        return { occ, agenda, hidden: undefined, manage, items, plan: planOf(occ, rows), overlap: overlap?.message, adults, missing };
      });
    },

    /** What the add pages offer: open referrals of the district not yet on the agenda (each child listed is audited). */
    /** chosenChildId: a child chosen on their record (a referral, a concern), offered first even when not referred. */
    async addForm(actor: Actor, occurrenceId: string, kind: 'child' | 'group' | 'location', chosenChildId?: string) {
      return db.tx(async (q) => {
        const occ = await occurrenceFor(q, actor, occurrenceId, 'agenda.item.add-form');
        if (!occ) return undefined;
        const agenda = await repo.agenda(q, actor.partnershipId, occurrenceId);
        let candidates: Candidate[] = [];
        let suggestions: SuggestedGroup[] = [];
        if (kind !== 'location' && maySeeChild(actor, { partnership_id: occ.partnership_id })) {
          const on = new Set((await repo.childrenOn(q, actor.partnershipId, occurrenceId)).map((r) => r.child_id));
          const referred: Candidate[] = (await repo.candidates(q, actor.partnershipId, occ.district_id)).map((c) => ({ ...c, last_on: null }));
          const earlier: Candidate[] = (await repo.previouslyDiscussed(q, actor.partnershipId, occ.series_id, occ.starts_at))
            .filter((c) => !referred.some((r) => r.child_id === c.child_id))
            .map((c) => ({ ...c, referral_id: null, district_id: null, status: null, category: null, checklist_done: [] }));
          candidates = [...referred, ...earlier].filter((c) => !on.has(c.child_id));
          if (chosenChildId && !on.has(chosenChildId) && !candidates.some((c) => c.child_id === chosenChildId)) {
            const [c] = await repo.childrenByIds(q, actor.partnershipId, [chosenChildId]);
            if (c)
              candidates.unshift({
                child_id: c.id,
                reference: c.reference,
                first_name: c.first_name,
                last_name: c.last_name,
                district_id: c.district_id,
                referral_id: null,
                status: null,
                category: null,
                checklist_done: [],
                last_on: null,
              });
          }
          if (kind === 'group')
            suggestions = (
              await suggestedGroups(
                q,
                actor.partnershipId,
                candidates.map((c) => c.child_id),
              )
            ).filter((g) => g.childIds.every((id) => candidates.some((c) => c.child_id === id)));
        }
        for (const c of candidates)
          await audit(q, actor, {
            action: 'agenda.item.add-form',
            subjectType: 'agenda',
            subjectId: occurrenceId,
            childId: c.child_id,
            details: { listed: true, referral: c.referral_id },
          });
        if (!candidates.length)
          await audit(q, actor, { action: 'agenda.item.add-form', subjectType: 'agenda', subjectId: occurrenceId, details: { kind, listed: 0 } });
        return { occ, agenda, candidates, suggestions, frozen: frozen(occ, agenda) };
      });
    },

    /** Adds an item at the end of the running order; its discussion and slot default from the series' history and the partnership's slots. */
    async addItem(actor: Actor, p: PartnershipConfig, occurrenceId: string, input: ItemInput): Promise<ItemResult> {
      return db.tx(async (q) => {
        const occ = await occurrenceFor(q, actor, occurrenceId, 'agenda.item.add');
        if (!occ) return { ok: false, reason: 'not-found' } as const;
        const agenda = await repo.lock(q, actor.partnershipId, occurrenceId);
        const stop = frozen(occ, agenda);
        if (stop) return { ok: false, reason: 'invalid', errors: [stop] } as const;
        const { children, errors } = input.kind === 'location' ? { children: [], errors: [] } : await resolveChildren(q, actor, occ, input, p.adultSupportText);
        if (errors.length) {
          await audit(q, actor, {
            action: 'agenda.item.add',
            outcome: 'failed',
            subjectType: 'agenda',
            subjectId: occurrenceId,
            details: { kind: input.kind, errors: errors.map((e) => e.field) },
          });
          return { ok: false, reason: 'invalid', errors } as const;
        }
        let discussion = input.discussion;
        if (discussion === 'auto') {
          if (input.kind === 'location')
            discussion = (await repo.locationDiscussedBefore(q, actor.partnershipId, occ.series_id, occ.starts_at, input.location!)) ? 'review' : 'initial';
          else {
            const before = await repo.discussedBefore(
              q,
              actor.partnershipId,
              occ.series_id,
              occ.starts_at,
              children.map((c) => c.id),
            );
            discussion = defaultDiscussion(children.map((c) => before.has(c.id)));
          }
        }
        const slot = input.slotMinutes ?? slotMinutes(p.agendaSlots, input.kind, discussion);
        const existing = await repo.items(q, actor.partnershipId, occurrenceId);
        const overlap = overlapError(occ, [...existing, { id: 'new', slot_minutes: slot, fixed_start: input.fixedStart }], 'fixedStart');
        if (overlap) return { ok: false, reason: 'invalid', errors: [overlap] } as const;
        const referral = input.kind === 'child' ? (await repo.openReferrals(q, actor.partnershipId, [children[0]!.id])).get(children[0]!.id) : undefined;
        const id = await repo.insertItem(
          q,
          actor.partnershipId,
          {
            occurrenceId,
            kind: input.kind,
            discussion,
            title: input.kind === 'child' ? null : input.title,
            locationText: input.kind === 'location' ? input.location : null,
            position: existing.length,
            slotMinutes: slot,
            fixedStart: input.fixedStart,
            referralId: referral?.id ?? null,
            createdBy: actor.userId,
          },
          children.map((c) => c.id),
        );
        await repo.touch(q, actor.partnershipId, occurrenceId, actor.userId);
        const item = (await repo.item(q, actor.partnershipId, id))!;
        await auditShown(q, actor, 'agenda.item.add', occurrenceId, [item], {
          item: id,
          kind: input.kind,
          discussion,
          slotMinutes: slot,
          fixedStart: input.fixedStart,
          published: agenda?.status === 'published',
        });
        return { ok: true, item } as const;
      });
    },

    /** An item with its meeting, for its page (each child on it audited). */
    async item(actor: Actor, id: string) {
      return db.tx(async (q) => {
        const item = await itemFor(q, actor, id, 'agenda.item.view');
        if (!item) return undefined;
        const occ = (await occurrenceIn(q, actor.partnershipId, item.occurrence_id))!;
        const agenda = await repo.agenda(q, actor.partnershipId, item.occurrence_id);
        const rows = await repo.items(q, actor.partnershipId, item.occurrence_id);
        const [view] = (await planned(q, actor, occ, rows)).filter((r) => r.id === id);
        await auditShown(q, actor, 'agenda.item.view', occ.id, [item], { item: id });
        return { occ, agenda, item: view!, position: rows.findIndex((r) => r.id === id) + 1 };
      });
    },

    /** Saves an item's discussion, slot, fixed start and name or place, against the version read. */
    async updateItem(actor: Actor, p: PartnershipConfig, id: string, version: number, input: ItemInput): Promise<ItemResult> {
      return db.tx(async (q) => {
        const found = await itemFor(q, actor, id, 'agenda.item.update');
        if (!found) return { ok: false, reason: 'not-found' } as const;
        const occ = (await occurrenceIn(q, actor.partnershipId, found.occurrence_id))!;
        const agenda = await repo.lock(q, actor.partnershipId, occ.id);
        const item = (await repo.item(q, actor.partnershipId, id))!;
        const stop = frozen(occ, agenda);
        if (stop) return { ok: false, reason: 'invalid', errors: [stop] } as const;
        if (item.version !== version) {
          await repo.keepConflict(q, actor.partnershipId, 'agenda_item', id, actor.userId, version, input);
          await auditShown(q, actor, 'agenda.item.update', occ.id, [item], {
            item: id,
            outcome: 'conflict',
            readVersion: version,
            currentVersion: item.version,
          });
          return { ok: false, reason: 'conflict', current: item, submitted: input } as const;
        }
        if (item.kind === 'location' && !input.location)
          return { ok: false, reason: 'invalid', errors: [{ field: 'location', message: 'Enter the location to discuss' }] } as const;
        const change = {
          discussion: input.discussion === 'auto' ? item.discussion : input.discussion,
          title: item.kind === 'child' ? null : input.title,
          locationText: item.kind === 'location' ? input.location : null,
          slotMinutes: input.slotMinutes ?? item.slot_minutes,
          fixedStart: input.fixedStart,
        };
        // A group's children may change: each checked as when added (and a group keeps at least two).
        let members: ItemChild[] | undefined;
        if (item.kind === 'group' && input.membership) {
          const resolved = await resolveChildren(q, actor, occ, { ...input, kind: 'group' }, p.adultSupportText, id);
          if (resolved.errors.length) return { ok: false, reason: 'invalid', errors: resolved.errors } as const;
          members = resolved.children;
        }
        const rows = await repo.items(q, actor.partnershipId, occ.id);
        const overlap = overlapError(
          occ,
          rows.map((r) => (r.id === id ? { ...r, slot_minutes: change.slotMinutes, fixed_start: change.fixedStart } : r)),
          input.fixedStart ? 'fixedStart' : 'slotMinutes',
        );
        if (overlap) return { ok: false, reason: 'invalid', errors: [overlap] } as const;
        await repo.updateItem(q, actor.partnershipId, id, version, change, actor.userId);
        if (members)
          await repo.setChildren(
            q,
            actor.partnershipId,
            id,
            members.map((c) => c.id),
          );
        await repo.touch(q, actor.partnershipId, occ.id, actor.userId);
        const shown = members ? [{ id, children: [...item.children, ...members.filter((m) => !item.children.some((c) => c.id === m.id))] }] : [item];
        await auditShown(q, actor, 'agenda.item.update', occ.id, shown, {
          item: id,
          ...(members ? { children: { from: item.children.map((c) => c.id), to: members.map((c) => c.id) } } : {}),
          from: { discussion: item.discussion, slotMinutes: item.slot_minutes, fixedStart: item.fixed_start },
          to: { discussion: change.discussion, slotMinutes: change.slotMinutes, fixedStart: change.fixedStart },
          published: agenda?.status === 'published',
        });
        return { ok: true, item: (await repo.item(q, actor.partnershipId, id))! } as const;
      });
    },

    /** Removes an item while the agenda is a draft (and nothing was recorded against it), against the version read. */
    async removeItem(
      actor: Actor,
      id: string,
      version: number,
    ): Promise<{ ok: true; occurrenceId: string } | Refusal | { ok: false; reason: 'conflict'; current: ItemRow }> {
      return db.tx(async (q) => {
        const found = await itemFor(q, actor, id, 'agenda.item.remove');
        if (!found) return { ok: false, reason: 'not-found' } as const;
        const occ = (await occurrenceIn(q, actor.partnershipId, found.occurrence_id))!;
        const agenda = await repo.lock(q, actor.partnershipId, occ.id);
        const item = (await repo.item(q, actor.partnershipId, id))!;
        const stop = frozen(occ, agenda);
        if (stop) return { ok: false, reason: 'invalid', errors: [stop] } as const;
        if (agenda?.status === 'published')
          return {
            ok: false,
            reason: 'invalid',
            errors: [
              {
                field: 'remove',
                message: 'The agenda is published: its items cannot be removed. Change the item instead, or the chair defers it in the meeting',
              },
            ],
          } as const;
        if (await repo.isReferenced(q, actor.partnershipId, id))
          return {
            ok: false,
            reason: 'invalid',
            errors: [{ field: 'remove', message: 'Something was recorded against this item in the meeting: it cannot be removed' }],
          } as const;
        if (item.version !== version || !(await repo.deleteItem(q, actor.partnershipId, id, version))) {
          await repo.keepConflict(q, actor.partnershipId, 'agenda_item', id, actor.userId, version, { remove: true });
          await auditShown(q, actor, 'agenda.item.remove', occ.id, [item], {
            item: id,
            outcome: 'conflict',
            readVersion: version,
            currentVersion: item.version,
          });
          return { ok: false, reason: 'conflict', current: item } as const;
        }
        await repo.setOrder(
          q,
          actor.partnershipId,
          (await repo.items(q, actor.partnershipId, occ.id)).map((r) => r.id),
        );
        await repo.touch(q, actor.partnershipId, occ.id, actor.userId);
        await auditShown(q, actor, 'agenda.item.remove', occ.id, [item], { item: id, kind: item.kind });
        return { ok: true, occurrenceId: occ.id } as const;
      });
    },

    /** Moves an item up or down the running order, against the agenda's version; refused when a fixed start would then overlap. */
    async move(
      actor: Actor,
      occurrenceId: string,
      itemId: string,
      direction: 'up' | 'down',
      version: number,
    ): Promise<{ ok: true } | Refusal | { ok: false; reason: 'conflict' }> {
      return db.tx(async (q) => {
        const occ = await occurrenceFor(q, actor, occurrenceId, 'agenda.move');
        if (!occ) return { ok: false, reason: 'not-found' } as const;
        const agenda = await repo.lock(q, actor.partnershipId, occurrenceId);
        const stop = frozen(occ, agenda);
        if (stop) return { ok: false, reason: 'invalid', errors: [stop] } as const;
        const rows = await repo.items(q, actor.partnershipId, occurrenceId);
        const at = rows.findIndex((r) => r.id === itemId);
        if ((agenda?.version ?? 1) !== version || at < 0) {
          await audit(q, actor, {
            action: 'agenda.move',
            outcome: 'failed',
            subjectType: 'agenda',
            subjectId: occurrenceId,
            details: { reason: at < 0 ? 'no such item on this agenda' : 'stale version', readVersion: version, currentVersion: agenda?.version ?? 1 },
          });
          return { ok: false, reason: 'conflict' } as const;
        }
        const to = direction === 'up' ? at - 1 : at + 1;
        if (to < 0 || to >= rows.length) return { ok: true } as const;
        const order = [...rows];
        [order[at], order[to]] = [order[to]!, order[at]!];
        const overlap = overlapError(occ, order, 'agenda');
        if (overlap) return { ok: false, reason: 'invalid', errors: [overlap] } as const;
        await repo.setOrder(
          q,
          actor.partnershipId,
          order.map((r) => r.id),
        );
        await repo.touch(q, actor.partnershipId, occurrenceId, actor.userId);
        await audit(q, actor, {
          action: 'agenda.move',
          subjectType: 'agenda',
          subjectId: occurrenceId,
          details: { item: itemId, direction, from: at + 1, to: to + 1 },
        });
        return { ok: true } as const;
      });
    },

    /**
     * Publishes the agenda, or sends it again after a change, to every member of the series: the email
     * says it is published, links to it and counts its items; it names no child (DOMAIN §7).
     */
    async publish(
      actor: Actor,
      p: PartnershipConfig,
      occurrenceId: string,
      version: number,
    ): Promise<{ ok: true; sent: number; again: boolean } | Refusal | { ok: false; reason: 'conflict' }> {
      return db.tx(async (q) => {
        const occ = await occurrenceFor(q, actor, occurrenceId, 'agenda.publish');
        if (!occ) return { ok: false, reason: 'not-found' } as const;
        const agenda = await repo.lock(q, actor.partnershipId, occurrenceId);
        const stop = frozen(occ, agenda);
        if (stop) return { ok: false, reason: 'invalid', errors: [stop] } as const;
        const rows = await repo.items(q, actor.partnershipId, occurrenceId);
        if ((agenda?.version ?? 1) !== version) {
          await audit(q, actor, {
            action: 'agenda.publish',
            outcome: 'failed',
            subjectType: 'agenda',
            subjectId: occurrenceId,
            details: { reason: 'stale version', readVersion: version, currentVersion: agenda?.version ?? 1 },
          });
          return { ok: false, reason: 'conflict' } as const;
        }
        if (!rows.length)
          return { ok: false, reason: 'invalid', errors: [{ field: 'publish', message: 'Add at least one item before publishing the agenda' }] } as const;
        const again = agenda?.status === 'published';
        if (again && !agendaChangedSincePublished(agenda))
          return { ok: false, reason: 'invalid', errors: [{ field: 'publish', message: 'The agenda has not changed since it was sent' }] } as const;
        const overlap = overlapError(occ, rows, 'publish');
        if (overlap) return { ok: false, reason: 'invalid', errors: [overlap] } as const;
        await repo.publish(q, actor.partnershipId, occurrenceId, version, actor.userId);
        const members = await repo.responses(q, actor.partnershipId, occ.series_id, occ.id);
        const plan = planOf(occ, rows);
        for (const m of members) {
          await enqueueMail(q, { partnershipId: actor.partnershipId, to: m.email, ...publishedMail(links, occ, p, rows.length, plan, again) });
        }
        await auditShown(q, actor, 'agenda.publish', occurrenceId, rows, { again, items: rows.length, sentTo: members.length });
        return { ok: true, sent: members.length, again } as const;
      });
    },

    /** The invitation page: the user's own answer (when a member) and, for those who run meetings, every member's. */
    async invitation(actor: Actor, occurrenceId: string) {
      return db.tx(async (q) => {
        const occ = await occurrenceFor(q, actor, occurrenceId, 'meeting.invitation.view');
        if (!occ) return undefined;
        const all = await repo.responses(q, actor.partnershipId, occ.series_id, occ.id);
        const manage = can(actor.roles, 'meeting:manage');
        await audit(q, actor, { action: 'meeting.invitation.view', subjectType: 'meeting_occurrence', subjectId: occurrenceId, details: { all: manage } });
        return { occ, mine: all.find((r) => r.user_id === actor.userId), responses: manage ? all : ([] as ResponseRow[]), manage };
      });
    },

    /**
     * DOMAIN §6: a member accepts, or declines naming who attends instead (their manager); the deputy is
     * sent the meeting's time, the confidentiality statement and a calendar file.
     */
    async respond(
      actor: Actor,
      p: PartnershipConfig,
      occurrenceId: string,
      input: ResponseInput,
    ): Promise<{ ok: true } | Refusal | { ok: false; reason: 'not-member' }> {
      return db.tx(async (q) => {
        const occ = await occurrenceFor(q, actor, occurrenceId, 'meeting.invitation.respond');
        if (!occ) return { ok: false, reason: 'not-found' } as const;
        if (occ.status === 'cancelled')
          return { ok: false, reason: 'invalid', errors: [{ field: 'response', message: 'This meeting is cancelled: there is nothing to answer' }] } as const;
        const mine = (await repo.responses(q, actor.partnershipId, occ.series_id, occ.id)).find((r) => r.user_id === actor.userId);
        if (!mine) {
          await audit(q, actor, {
            action: 'meeting.invitation.respond',
            outcome: 'denied',
            subjectType: 'meeting_occurrence',
            subjectId: occurrenceId,
            details: { reason: 'not a member of the series' },
          });
          return { ok: false, reason: 'not-member' } as const;
        }
        await repo.upsertResponse(q, actor.partnershipId, occurrenceId, mine.member_id, input, actor.userId);
        if (input.response === 'declined' && input.deputyEmail && (mine.deputy_email !== input.deputyEmail || mine.response !== 'declined')) {
          await enqueueMail(q, { partnershipId: actor.partnershipId, to: input.deputyEmail, ...deputyMail(occ, p, mine, input.deputyName!) });
        }
        await audit(q, actor, {
          action: 'meeting.invitation.respond',
          subjectType: 'meeting_occurrence',
          subjectId: occurrenceId,
          details: { response: input.response, deputy: !!input.deputyName, member: mine.member_id },
        });
        return { ok: true } as const;
      });
    },
  };
}

/** DOMAIN §7: the publishing email names the meeting and counts the items; no child is named. */
function publishedMail(links: MailContext, occ: OccurrenceRow, p: PartnershipConfig, items: number, plan: Plan, again: boolean) {
  const when = `${formatDate(occ.starts_at)} at ${formatTime(occ.starts_at)}`;
  return {
    subject: `${again ? 'Agenda changed' : 'Agenda published'}: ${occ.series_name}, ${formatDate(occ.starts_at)}`,
    body: [
      again
        ? `The agenda of ${occ.series_name} (${p.name}) on ${when} has changed since it was published.`
        : `The agenda of ${occ.series_name} (${p.name}) on ${when} is published.`,
      '',
      `It has ${plural(items, 'item')}. ${plan.message}.`,
      '',
      `Sign in to MACE to read it: ${mailLink(links, paths.agenda.show(occ.id))}`,
      `Answer the invitation (attend, or name who attends instead): ${mailLink(links, paths.agenda.invitation(occ.id))}`,
      '',
      'Confidentiality',
      CONFIDENTIALITY_STATEMENT,
      '',
      'The meeting’s calendar file (meeting.ics) is attached.',
      '',
      p.marking.text,
    ].join('\n'),
    attachments: [meetingIcs(occ, p, `Agenda: ${mailLink(links, paths.agenda.show(occ.id))}`)],
  };
}

/** The meeting as a calendar file, with the confidentiality statement (DOMAIN §6: the invite carries it). */
function meetingIcs(occ: OccurrenceRow, p: PartnershipConfig, line: string) {
  const description = [`${occ.series_name} (${p.name}).`, line, '', CONFIDENTIALITY_STATEMENT].join('\n');
  return {
    filename: 'meeting.ics',
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    content: occurrenceIcs({ id: occ.id, name: occ.series_name, startsAt: occ.starts_at, endsAt: occ.ends_at, location: occ.location, description }),
  };
}

/** The deputy's invitation: the meeting, whom they replace, the confidentiality statement and a calendar file. */
function deputyMail(occ: OccurrenceRow, p: PartnershipConfig, member: ResponseRow, deputyName: string) {
  const agency = p.agencies.find((a) => a.id === member.agency_id)?.name;
  const when = `${formatDate(occ.starts_at)}, ${formatTime(occ.starts_at)} to ${formatTime(occ.ends_at)}`;
  return {
    subject: `Invitation: ${occ.series_name}, ${formatDate(occ.starts_at)}`,
    body: [
      `Dear ${deputyName},`,
      '',
      `${member.name}${agency ? ` (${agency})` : ''} cannot attend ${occ.series_name} (${p.name}) and has named you to attend instead.`,
      '',
      `When: ${when}.`,
      ...(occ.location ? [`Where: ${occ.location}.`] : []),
      '',
      'Confidentiality',
      CONFIDENTIALITY_STATEMENT,
      '',
      'The calendar file (meeting.ics) is attached.',
      '',
      p.marking.text,
    ].join('\n'),
    attachments: [meetingIcs(occ, p, `You attend in place of ${member.name}${agency ? ` (${agency})` : ''}.`)],
  };
}
