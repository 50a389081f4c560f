import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { audit } from '../../platform/audit.ts';
import { alsoKnownTo } from '../tracker/known-to.ts';
import { formatDate, todayIso } from '../../platform/dates.ts';
import { nextReviewDate, type ReviewIntervals } from '../../domain/cadence/review.ts';
import type { RiskLevel } from '../../domain/risk/levels.ts';
import { loadVisibleChild } from '../children/access.ts';
import { ensureSeries } from '../meetings/service.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import {
  childSchedule,
  dueStatus,
  latestDecision,
  type DueStatus,
  type RiskDecision,
  type ScheduleItem,
  type ScheduleRules,
} from '../../domain/cadence/schedule.ts';
import type { IsoDate } from '../../domain/calendar/dates.ts';
import { pageOf } from '../../platform/pagination.ts';
import { addDays } from '../../domain/calendar/dates.ts';
import { reviewRepository, type ChildInputs, type DecisionInputs, type DuePageRow, type DueRow } from './repository.ts';

/** Days ahead that count as "due soon" on the dashboard and in reminders (unless the caller says otherwise). */
const DUE_SOON_DAYS = 14;

/** The meeting types whose cycle a review follows: per-district panels (Staffordshire), not their pre-meetings. */
function panelCycleTypes(p: PartnershipConfig): string[] {
  return p.meetingTypes.filter((t) => t.perDistrict && !t.rule.startsWith('BEFORE:')).map((t) => t.id);
}

/** DOMAIN §3.2, §4, §5, §6: the partnership's rules for what falls due, from its configuration. */
export function scheduleRules(p: PartnershipConfig): ScheduleRules {
  return {
    intervals: p.reviewIntervals,
    rfmRenewal: p.assessmentTools.includes('rfm'),
    ceAssessment: p.assessmentTools.includes('vat'),
    panelCycle: panelCycleTypes(p).length > 0,
  };
}

type DueItem = ScheduleItem & { status: DueStatus; ownerUserId: string | null };
type ChildSchedule = {
  child: { id: string; reference: string; firstName: string; lastName: string; districtId: string | null };
  currentRisk: { level: string; type: string | null; instrument: string | null; on: IsoDate; source: 'assessment' | 'meeting' } | null;
  items: DueItem[];
};

function decisionsOf(r: DecisionInputs): RiskDecision[] {
  const out: RiskDecision[] = [];
  if (r.a_on && r.a_level) out.push({ on: r.a_on, level: r.a_level, source: 'assessment' });
  if (r.m_on && r.m_level) out.push({ on: r.m_on, level: r.m_level, source: 'meeting', nextReviewOn: r.m_next });
  return out;
}

/** The district panels' dates, by district (in the order given). */
function panelDatesByDistrict(panels: readonly { district_id: string; on_date: IsoDate }[]): Map<string, IsoDate[]> {
  const byDistrict = new Map<string, IsoDate[]>();
  for (const d of panels) {
    const dates = byDistrict.get(d.district_id);
    if (dates) dates.push(d.on_date);
    else byDistrict.set(d.district_id, [d.on_date]);
  }
  return byDistrict;
}

/** One child's current risk and items as computed (ISO dates in the basis, no status): what review_due stores. */
type RawSchedule = { currentRisk: ChildSchedule['currentRisk']; items: (ScheduleItem & { ownerUserId: string | null })[] };

/** One child's current risk and items from its inputs and its district's panel dates, before the day is applied. */
function rawScheduleOf(rules: ScheduleRules, r: DecisionInputs, panelDates: IsoDate[], calendar: HolidayCalendar): RawSchedule {
  const decisions = decisionsOf(r);
  const latest = latestDecision(decisions);
  // DOMAIN §4: the chair's VAT level recorded in the MACE counts as the VAT completed at MACE, as a submitted VAT does.
  const meetingVatOn = r.m_instrument === 'vat' && r.m_on ? r.m_on : null;
  const vatOn = r.vat_on && meetingVatOn ? (r.vat_on > meetingVatOn ? r.vat_on : meetingVatOn) : (r.vat_on ?? meetingVatOn);
  const input = { decisions, rfmCompletedOn: r.rfm_on, vatOn, lastCeOn: r.ce_on, panelDates };
  let items: ScheduleItem[];
  try {
    items = childSchedule(input, rules, calendar);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    // A year the bank holiday data does not hold: the dashboard still shows the date, counting weekends only, and says so.
    const lenient = { ...calendar, firstYear: 1900, lastYear: 2200 };
    items = childSchedule(input, rules, lenient).map((i) =>
      i.kind === 'ce-risk-assessment' ? { ...i, basis: `${i.basis} (no bank holiday data for that year: weekends only)` } : i,
    );
  }
  const ownerOf = (kind: ScheduleItem['kind']) =>
    kind === 'rfm-renewal' ? r.rfm_owner : kind === 'ce-risk-assessment' ? (r.vat_owner ?? r.m_owner) : latest?.source === 'meeting' ? r.m_owner : r.a_owner;
  return {
    currentRisk: latest
      ? { level: latest.level, type: r.a_type, instrument: latest.source === 'meeting' ? r.m_instrument : r.a_instrument, on: latest.on, source: latest.source }
      : null,
    items: items.map((i) => ({ ...i, ownerUserId: ownerOf(i.kind) })),
  };
}

/** The basis as shown: its ISO dates formatted. */
const shownBasis = (basis: string) => basis.replace(/\d{4}-\d{2}-\d{2}/g, (d) => formatDate(d));

/** One child's current risk and items from its inputs and its district's panel dates. */
function scheduleOf(
  rules: ScheduleRules,
  r: DecisionInputs,
  panelDates: IsoDate[],
  today: IsoDate,
  calendar: HolidayCalendar,
  soonDays: number,
): Omit<ChildSchedule, 'child'> {
  const raw = rawScheduleOf(rules, r, panelDates, calendar);
  return {
    currentRisk: raw.currentRisk,
    items: raw.items.map((i) => ({ ...i, basis: shownBasis(i.basis), status: dueStatus(i.dueOn, today, soonDays) })),
  };
}

/**
 * One child's schedule and inputs (the identity bar on every child page, the API, the CE form) in one query, with its
 * district's panels only and those already written — every one of them, as review_due counts them, so that the identity bar
 * and the reviews dashboard give a long-overdue child the same date. Undefined when the child has no risk decision.
 */
async function loadChildSchedule(
  q: Queryable,
  p: PartnershipConfig,
  childId: string,
  today: IsoDate,
  calendar: HolidayCalendar,
): Promise<(Omit<ChildSchedule, 'child'> & { inputs: ChildInputs }) | undefined> {
  const inputs = await reviewRepository().childInputs(q, p.id, childId, panelCycleTypes(p));
  return inputs && { inputs, ...scheduleOf(scheduleRules(p), inputs, inputs.panel_dates, today, calendar, DUE_SOON_DAYS) };
}

/**
 * review_due (migration 071) is a cache of rawScheduleOf for every open child: bump this when the computation changes, and
 * every partnership's rows are computed again at their next read.
 */
const DUE_VERSION = 1;

/** What the stored rows depend on besides the database's rows: the code's version, the partnership's rules, the bank holidays. */
function dueFingerprint(p: PartnershipConfig, calendar: HolidayCalendar): string {
  const what = { v: DUE_VERSION, rules: scheduleRules(p), panelTypes: panelCycleTypes(p), calendar };
  return createHash('sha256').update(JSON.stringify(what)).digest('base64url');
}

/**
 * The stored rows of some open children (or of all the partnership's), computed afresh by the domain's functions from
 * their inputs: every panel of their districts' cycle counts (no window back from today, so the result does not depend on
 * the day it is computed).
 */
export async function computeDue(q: Queryable, p: PartnershipConfig, calendar: HolidayCalendar, childIds?: readonly string[]): Promise<DueRow[]> {
  const repo = reviewRepository();
  const rows = await repo.scheduleInputs(q, p.id, childIds ? { childIds } : {});
  if (!rows.length) return [];
  const types = panelCycleTypes(p);
  const panels = types.length ? await repo.panelDates(q, p.id, types) : [];
  const byDistrict = panelDatesByDistrict(panels);
  const rules = scheduleRules(p);
  const out: DueRow[] = [];
  for (const r of rows) {
    const s = rawScheduleOf(rules, r, r.district_id ? (byDistrict.get(r.district_id) ?? []) : [], calendar);
    for (const i of s.items)
      out.push({
        child_id: r.child_id,
        kind: i.kind,
        due_on: i.dueOn,
        basis: i.basis,
        owner_user_id: i.ownerUserId,
        district_id: r.district_id,
        risk_level: (s.currentRisk?.level as RiskLevel | undefined) ?? null,
        risk_type: s.currentRisk?.type ?? null,
        risk_instrument: s.currentRisk?.instrument ?? null,
        risk_on: s.currentRisk?.on ?? null,
        risk_source: s.currentRisk?.source ?? null,
      });
  }
  return out;
}

/**
 * Brings the partnership's review_due up to date in the caller's transaction, before it is read: the whole partnership
 * when its fingerprint is missing or differs (a database migrated to 071, a generated bench set, changed rules or bank
 * holidays), else the children that writes marked (features/reviews/due-marks.ts). The district panels are written up
 * to their window first (ensureSeries), which marks the children of a district that gained a panel.
 */
export async function settleDue(q: Queryable, p: PartnershipConfig, calendar: HolidayCalendar, now = new Date()): Promise<void> {
  const repo = reviewRepository();
  if (panelCycleTypes(p).length) await ensureSeries(q, p, calendar, now);
  const fingerprint = dueFingerprint(p, calendar);
  let state = await repo.dueState(q, p.id);
  if (state.fingerprint === fingerprint && !state.stale) return;
  await repo.lockDue(q, p.id);
  state = await repo.dueState(q, p.id);
  if (state.fingerprint !== fingerprint) {
    await repo.clearDue(q, p.id);
    await repo.insertDue(q, p.id, await computeDue(q, p, calendar));
    await repo.saveDueState(q, p.id, fingerprint);
    return;
  }
  const stale = await repo.takeStale(q, p.id);
  if (!stale.length) return;
  await repo.clearDue(q, p.id, stale);
  await repo.insertDue(q, p.id, await computeDue(q, p, calendar, stale));
}

/**
 * The stored items due on or before `upTo` whose owner is known (the reminders job), review_due settled first: the dates
 * the dashboard shows, soonest first.
 */
export async function ownedDueUpTo(q: Queryable, p: PartnershipConfig, calendar: HolidayCalendar, upTo: IsoDate, now = new Date()) {
  await settleDue(q, p, calendar, now);
  return reviewRepository().dueOwnedUpTo(q, p.id, upTo);
}

export type DashboardFilter = { district: string; show: 'due' | 'overdue' | 'all'; kind: '' | ScheduleItem['kind']; page: number };

/** Rows of the reviews dashboard a page (issue 17: the whole list of a county was 7.5 MB of HTML a view). */
export const REVIEWS_PAGE_SIZE = 50;

type DashboardRow = { child: ChildSchedule['child']; currentRisk: ChildSchedule['currentRisk']; item: DueItem };

/** A stored row as the dashboard shows it: its basis's dates formatted, its status as of today. */
function dashboardRow(r: DuePageRow, today: IsoDate): DashboardRow {
  return {
    child: { id: r.child_id, reference: r.reference, firstName: r.first_name, lastName: r.last_name, districtId: r.district_id },
    currentRisk:
      r.risk_level && r.risk_on && r.risk_source
        ? { level: r.risk_level, type: r.risk_type, instrument: r.risk_instrument, on: r.risk_on, source: r.risk_source }
        : null,
    item: { kind: r.kind, dueOn: r.due_on, basis: shownBasis(r.basis), status: dueStatus(r.due_on, today, DUE_SOON_DAYS), ownerUserId: r.owner_user_id },
  };
}

export const ceMeetingKinds = [
  { value: 'mace', text: 'MACE' },
  { value: 'child-in-need', text: 'Child in Need meeting' },
  { value: 'core-group', text: 'Core Group' },
  { value: 'lac-review', text: 'Looked after child (LAC) review' },
  { value: 'team-around-the-child', text: 'Team Around the Child' },
] as const;

/**
 * What is due and overdue (DOMAIN §3.2, §4, §5, §6): the coordinators' dashboard, and recording the CE risk assessment.
 * `calendar`: the bank holidays its working days skip (the configuration's, from createServices).
 */
export function reviewsService(db: Db, calendar: HolidayCalendar) {
  const repo = reviewRepository();
  return {
    /** Brings review_due up to date for these partnerships, one transaction each (the server, soon after it starts). */
    async settle(partnerships: Iterable<PartnershipConfig>) {
      for (const p of partnerships) await db.tx((q) => settleDue(q, p, calendar));
    },

    /** The child's API record (DOMAIN §4–§6): current risk, next review and any assessment due. */
    dueDates: (p: PartnershipConfig, childId: string, today: IsoDate) => db.tx((q) => childDueDates(q, p, childId, today, calendar)),

    /**
     * The reviews dashboard: counted and paged in SQL from review_due (settled first); overdue and due soon are worked out
     * from each stored date and today.
     */
    async dashboard(actor: Actor, p: PartnershipConfig, f: DashboardFilter, today: IsoDate) {
      return db.tx(async (q) => {
        await settleDue(q, p, calendar);
        const soon = addDays(today, DUE_SOON_DAYS);
        const districtId = f.district || null;
        const kind = f.kind || null;
        const upTo = f.show === 'all' ? null : f.show === 'due' ? soon : addDays(today, -1);
        const c = await repo.dueCounts(q, p.id, { districtId, kind, today, soon, upTo });
        const { page, pages, offset } = pageOf(f.page, c.total, REVIEWS_PAGE_SIZE);
        const found = c.total ? await repo.duePage(q, p.id, { districtId, kind, upTo, limit: REVIEWS_PAGE_SIZE, offset }) : [];
        const rows = found.map((r) => dashboardRow(r, today));
        await audit(q, actor, {
          action: 'review.read',
          subjectType: 'reviews',
          details: { district: f.district || undefined, show: f.show, kind: f.kind || undefined, shown: rows.length, total: c.total, page },
          // Every child the page names is in the entry, so each child's audit trail finds this view (issue 16 item 6).
          childrenShown: [...new Set(rows.map((r) => r.child.id))],
        });
        return { rows, counts: { overdue: c.overdue, dueSoon: c.due_soon }, total: c.total, page, pages };
      });
    },

    /** The CE risk assessment page of a child (Rotherham): what is due, and what was recorded. */
    async ceForm(actor: Actor, p: PartnershipConfig, childId: string, today: IsoDate) {
      return db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, childId, 'review.ce-assessment.view');
        if (!child) return undefined;
        const schedule = await loadChildSchedule(q, p, childId, today, calendar);
        const updates = await repo.ceUpdates(q, actor.partnershipId, childId);
        await audit(q, actor, { action: 'review.ce-assessment.view', subjectType: 'child', subjectId: childId, childId });
        // The identity bar here gives the review the schedule has, or none (no fallback to the interval).
        const header = headerOf(p, schedule);
        const nextReview = schedule?.items.find((i) => i.kind === 'review')?.dueOn ?? null;
        return {
          child,
          risk: await withKnownTo(q, p, childId, header && { ...header, nextReview }),
          due: schedule?.items.find((i) => i.kind === 'ce-risk-assessment'),
          updates,
        };
      });
    },

    async recordCe(
      actor: Actor,
      p: PartnershipConfig,
      childId: string,
      v: { completedOn: string; meetingKind: string; agencyId: string; outcome: string; riskType: string | null },
    ) {
      return db.tx(async (q) => {
        if (!(await loadVisibleChild(q, actor, childId, 'review.ce-assessment.record'))) return undefined;
        if (!p.assessmentTools.includes('vat')) {
          await audit(q, actor, {
            action: 'review.ce-assessment.record',
            outcome: 'denied',
            subjectType: 'child',
            subjectId: childId,
            details: { reason: 'not permitted' },
          });
          return undefined;
        }
        const id = await repo.insertCeUpdate(q, actor.partnershipId, childId, { ...v, recordedBy: actor.userId });
        await audit(q, actor, {
          action: 'review.ce-assessment.record',
          subjectType: 'ce_risk_assessment_update',
          subjectId: id,
          childId,
          details: { completedOn: v.completedOn, meetingKind: v.meetingKind, outcome: v.outcome, riskType: v.riskType },
        });
        return id;
      });
    },
  };
}

/** What a child page's identity bar shows beside the child (children/views/_identity.njk). */
type RiskHeader = {
  level: RiskLevel;
  scored: ChildInputs['a_scored'];
  type: string | null;
  instrument: string;
  on: string;
  overridden: boolean;
  nextReview: string | null;
};
/**
 * The identity bar: the child's risk when assessed, and the partnerships that also hold the child once both confirmed
 * the national tracker's match (issue 14). Undefined when there is neither.
 */
export type ChildHeader = (RiskHeader | { level?: undefined }) & { alsoKnownTo?: string[] };

/** The identity bar of a loaded schedule: the judged level, the scored level beside it when judgement overrode it, the next review. */
function headerOf(p: PartnershipConfig, s: Awaited<ReturnType<typeof loadChildSchedule>>): RiskHeader | undefined {
  if (!s?.inputs.assessed) return undefined;
  const a = s.inputs;
  const risk = {
    level: a.a_level!,
    scored: a.a_scored,
    type: a.a_type,
    instrument: a.a_instrument as string,
    on: a.a_on as string,
    overridden: !!a.a_scored && a.a_scored !== a.a_level,
  };
  // The same date the reviews dashboard and the API give: a meeting's decision, the panel cycle, the interval.
  const nextReviewOn = s.items.find((i) => i.kind === 'review')?.dueOn ?? null;
  return { ...risk, nextReview: nextReviewOn ?? nextReviewDate(risk.on, risk.level, p.reviewIntervals as ReviewIntervals) };
}

/**
 * The header of every child page (the identity bar): the child's current risk and next review. A service that returns a
 * child's page reads it in the transaction of its audited read (after loadVisibleChild), with the bank holidays it was
 * given (createServices passes the configuration's). One prepared query (childInputs).
 */
export async function childHeader(q: Queryable, p: PartnershipConfig, childId: string, calendar: HolidayCalendar): Promise<ChildHeader | undefined> {
  return withKnownTo(q, p, childId, headerOf(p, await loadChildSchedule(q, p, childId, todayIso(), calendar)));
}

/** A risk header with the partnerships that also hold the child (issue 14); undefined when there is neither. */
async function withKnownTo(q: Queryable, p: PartnershipConfig, childId: string, risk: RiskHeader | undefined): Promise<ChildHeader | undefined> {
  const known = await alsoKnownTo(q, p.id, childId);
  if (!known.length) return risk;
  return risk ? { ...risk, alsoKnownTo: known } : { alsoKnownTo: known };
}

/** The child's API record (DOMAIN §4–§6): current risk, next review and any assessment due. */
async function childDueDates(q: Queryable, p: PartnershipConfig, childId: string, today: IsoDate, calendar: HolidayCalendar) {
  const s = await loadChildSchedule(q, p, childId, today, calendar);
  const first = (kind: ScheduleItem['kind']) => s?.items.find((i) => i.kind === kind)?.dueOn ?? null;
  return {
    currentRisk: s?.currentRisk ?? null,
    nextReviewOn: first('review'),
    // Rotherham: the CE risk assessment; Staffordshire: the RFM's renewal.
    assessmentDueOn: first('ce-risk-assessment') ?? first('rfm-renewal'),
  };
}
