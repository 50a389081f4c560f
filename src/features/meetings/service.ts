import { inTurn, type Db, type Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { audit } from '../../platform/audit.ts';
import { enqueueMail, mailLink, type MailContext } from '../../platform/mail.ts';
import { formatDate, formatTime, todayIso } from '../../platform/dates.ts';
import { paths } from '../../paths.ts';
import { occurrencesBetween, skippedBetween, splitRule, describeRule, localToInstant, type SeriesTiming } from '../../domain/calendar/recurrence.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import { seriesIcs, occurrenceIcs } from './ics.ts';
import { plural } from '../../domain/words/plural.ts';
import type { GuestMember, NewSeries } from './schemas.ts';
import { meetingRepository, type ChairChangeRow, type ChairTurnRow, type OccurrenceRow, type SeriesInsert, type SeriesRow } from './repository.ts';
import { applyChairChange, chairChangeErrors, resolveChair, rotaErrors, type ChangedChair, type ResolvedChair } from '../../domain/meeting/chair.ts';

/** DOMAIN §6: the invite carries the confidentiality statement; every attendee signs the agreement at the start of each meeting. */
export const CONFIDENTIALITY_STATEMENT =
  'This meeting is confidential. Information shared in it about children, families and people of concern is shared ' +
  'for the purpose of safeguarding only, must not be passed on outside the agencies represented except as the law ' +
  'allows, and must be stored securely. Every attendee signs the confidentiality agreement at the start of the meeting.';

/** A named chair or deputy. */
export type ChairPerson = { id: string; name: string; email: string };
/** Who chairs a meeting and deputises (issue 15, item 20): the rota's, or a one-off change for that meeting (`change`). */
export type MeetingChair = ResolvedChair<ChairPerson> & Partial<Pick<ChangedChair<ChairPerson>, 'change'>>;

const person = (id: string | null, name: string | null, email: string | null): ChairPerson | null => (id ? { id, name: name!, email: email! } : null);

const turnOf = (t: ChairTurnRow) => ({
  role: t.role,
  chair: { id: t.chair_user_id, name: t.chair_name, email: t.chair_email },
  deputy: t.deputy_user_id ? { id: t.deputy_user_id, name: t.deputy_name!, email: t.deputy_email! } : null,
});

/**
 * The chair and deputy of each meeting (DOMAIN §4–§6): its series' rota counted from the rota's first meeting, or the
 * configured roles when the series has no rota. Read in the caller's transaction.
 */
export async function chairsOf(
  q: Queryable,
  p: PartnershipConfig,
  rows: readonly { id: string; series_id: string; type_id: string }[],
  { changes = true }: { changes?: boolean } = {},
): Promise<Map<string, MeetingChair>> {
  const repo = meetingRepository();
  const seriesIds = [...new Set(rows.map((r) => r.series_id))];
  const ids = rows.map((r) => r.id);
  const [{ turns }, indexes, oneOff] = await inTurn(
    () => repo.chairRotas(q, p.id, seriesIds),
    () => repo.rotaIndexes(q, p.id, ids),
    () => (changes ? repo.chairChanges(q, p.id, ids) : Promise.resolve([] as ChairChangeRow[])),
  );
  const out = new Map<string, MeetingChair>();
  for (const o of rows) {
    const roles = p.meetingTypes.find((t) => t.id === o.type_id)?.chairs;
    const rota = resolveChair(roles, turns.filter((t) => t.series_id === o.series_id).map(turnOf), indexes.get(o.id));
    const x = oneOff.find((c) => c.occurrence_id === o.id);
    const c = applyChairChange(
      rota,
      x && { chair: person(x.chair_user_id, x.chair_name, x.chair_email), deputy: person(x.deputy_user_id, x.deputy_name, x.deputy_email), reason: x.reason },
    );
    if (c) out.set(o.id, c);
  }
  return out;
}

/** How far ahead occurrences are written, and when the window is extended. */
const WINDOW_DAYS = 365;
const REFRESH_WHEN_LESS_THAN_DAYS = 330;
const DAY = 86_400_000;

function timingOf(s: SeriesRow): SeriesTiming {
  return {
    rrule: s.rrule,
    firstDate: s.first_date,
    startTime: s.start_time,
    durationMinutes: s.duration_minutes,
    timezone: s.timezone,
    skipBankHolidays: s.skip_bank_holidays,
    onBankHoliday: s.on_bank_holiday,
    offsetDays: s.offset_days,
  };
}

/** DOMAIN §4–§6: the series a partnership's configuration describes; per-district types make one per district. */
function configSeries(p: PartnershipConfig): (SeriesInsert & { config_key: string })[] {
  const out: (SeriesInsert & { config_key: string })[] = [];
  for (const t of p.meetingTypes) {
    const before = t.rule.startsWith('BEFORE:') ? p.meetingTypes.find((m) => m.id === t.rule.slice('BEFORE:'.length)) : undefined;
    if (t.rule.startsWith('BEFORE:') && !before) continue;
    const base = before ?? t;
    const districts: ({ id: string; name: string } | undefined)[] = t.perDistrict ? p.districts : [undefined];
    for (const d of districts) {
      const override = d ? base.districtOverrides?.[d.id] : undefined;
      const own = d ? t.districtOverrides?.[d.id] : undefined;
      const split = splitRule(override?.rule ?? base.rule);
      const ownSplit = splitRule(t.rule);
      out.push({
        config_key: d ? `${t.id}:${d.id}` : t.id,
        type_id: t.id,
        name: d ? `${t.name}: ${d.name}` : t.name,
        district_id: d?.id ?? null,
        rrule: split.rrule,
        first_date: own?.firstDate ?? override?.firstDate ?? (before ? base.firstDate : t.firstDate) ?? todayIso(),
        start_time: own?.startTime ?? t.startTime ?? ownSplit.startTime ?? (before ? undefined : split.startTime) ?? '10:00',
        duration_minutes: t.durationMinutes,
        skip_bank_holidays: t.skipBankHolidays,
        on_bank_holiday: t.onBankHoliday,
        offset_days: before ? t.offsetDays || -7 : t.offsetDays,
        location: t.location ?? null,
        created_by: null,
      });
    }
  }
  return out;
}

/** Writes a series' occurrences in [from, to) (idempotent: moved and cancelled ones are kept as they are). */
async function materialise(q: Queryable, s: SeriesRow, from: Date, to: Date, calendar: HolidayCalendar): Promise<void> {
  const occ = occurrencesBetween(timingOf(s), from, to, calendar);
  const repo = meetingRepository();
  await repo.upsertOccurrences(
    q,
    s.partnership_id,
    s.id,
    occ.map((o) => ({ ruleStartsAt: o.ruleStartsAt, startsAt: o.startsAt, endsAt: o.endsAt, holiday: o.movedFrom?.holiday ?? null })),
  );
}

/** Keeps the next twelve months of a series written. */
async function keepWindow(q: Queryable, s: SeriesRow, now: Date, calendar: HolidayCalendar): Promise<void> {
  if (s.materialised_until && s.materialised_until.getTime() - now.getTime() > REFRESH_WHEN_LESS_THAN_DAYS * DAY) return;
  const from = s.materialised_until && s.materialised_until > now ? s.materialised_until : new Date(now.getTime() - 7 * DAY);
  const until = new Date(now.getTime() + WINDOW_DAYS * DAY);
  await materialise(q, s, from, until, calendar);
  await meetingRepository().setMaterialisedUntil(q, s.partnership_id, s.id, until);
}

/**
 * The partnership's configured series are created the first time its meetings are opened (idempotent),
 * and every series keeps twelve months of occurrences written, the bank holidays of `calendar` left out where a series
 * says so. Export for a start-up sync if wanted.
 */
export async function ensureSeries(q: Queryable, p: PartnershipConfig, calendar: HolidayCalendar, now = new Date()): Promise<SeriesRow[]> {
  const repo = meetingRepository();
  const have = await repo.configKeys(q, p.id);
  const configured = configSeries(p);
  for (const s of configured) {
    if (!have.has(s.config_key)) await repo.insertSeries(q, p.id, s);
  }
  const all = await repo.seriesList(q, p.id);
  for (const s of all) {
    // A configured series follows a change of its bank holiday rule: the meetings it left out are written now (moved ones are kept as they are).
    const c = s.config_key ? configured.find((x) => x.config_key === s.config_key) : undefined;
    const cur = c ? { ...s, on_bank_holiday: c.on_bank_holiday } : s;
    if (c && (await repo.setBankHolidayRule(q, p.id, s.id, c.on_bank_holiday)) && s.materialised_until) {
      await materialise(q, cur, new Date(now.getTime() - 7 * DAY), s.materialised_until, calendar);
    }
    await keepWindow(q, cur, now, calendar);
  }
  return repo.seriesList(q, p.id);
}

export type ChangeResult =
  | { ok: true; occurrence: OccurrenceRow }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'conflict'; current: OccurrenceRow }
  | { ok: false; reason: 'cancelled'; current: OccurrenceRow };

export function meetingService(db: Db, links: MailContext, calendar: HolidayCalendar) {
  const repo = meetingRepository();

  async function denied(q: Queryable, actor: Actor, table: 'meeting_occurrences' | 'meeting_series', id: string, action: string) {
    const owner = await repo.partnershipOf(q, table, id);
    await audit(q, actor, {
      action,
      outcome: 'denied',
      subjectType: table === 'meeting_series' ? 'meeting_series' : 'meeting_occurrence',
      subjectId: id,
      details: { reason: owner ? 'not permitted' : 'no such meeting', otherPartnership: owner && owner !== actor.partnershipId ? owner : undefined },
    });
  }

  /** Shared by the occurrence page's move and cancel: the version check and the audit. */
  async function change(
    actor: Actor,
    id: string,
    version: number,
    action: 'meeting.move' | 'meeting.cancel',
    c: { startsAt?: Date; reason: string },
  ): Promise<ChangeResult> {
    return db.tx(async (q) => {
      const current = await repo.occurrence(q, actor.partnershipId, id);
      if (!current) {
        await denied(q, actor, 'meeting_occurrences', id, action);
        return { ok: false, reason: 'not-found' } as const;
      }
      if (current.status === 'cancelled' && action === 'meeting.move') return { ok: false, reason: 'cancelled', current } as const;
      const duration = current.ends_at.getTime() - current.starts_at.getTime();
      const ok = await repo.change(q, actor.partnershipId, id, version, {
        status: action === 'meeting.cancel' ? 'cancelled' : 'moved',
        startsAt: c.startsAt,
        endsAt: c.startsAt ? new Date(c.startsAt.getTime() + duration) : undefined,
        reason: c.reason,
        userId: actor.userId,
      });
      if (!ok) {
        await repo.keepConflict(q, actor.partnershipId, id, actor.userId, version, { startsAt: c.startsAt, reason: c.reason, action });
        await audit(q, actor, {
          action,
          outcome: 'failed',
          subjectType: 'meeting_occurrence',
          subjectId: id,
          details: { reason: 'stale version', readVersion: version, currentVersion: current.version },
        });
        return { ok: false, reason: 'conflict', current } as const;
      }
      await audit(q, actor, {
        action,
        subjectType: 'meeting_occurrence',
        subjectId: id,
        details: { series: current.series_id, from: current.starts_at.toISOString(), to: c.startsAt?.toISOString(), reason: c.reason },
      });
      return { ok: true, occurrence: (await repo.occurrence(q, actor.partnershipId, id))! } as const;
    });
  }

  return {
    /** The partnership's series (created from configuration on first use) and its occurrences in [from, to). */
    async upcoming(actor: Actor, p: PartnershipConfig, from: Date, to: Date, seriesId?: string) {
      return db.tx(async (q) => {
        const series = await ensureSeries(q, p, calendar);
        const rows = await repo.occurrencesBetween(q, actor.partnershipId, from, to, { seriesId });
        const chairs = await chairsOf(q, p, rows);
        return { series, rows: rows.map((o) => ({ ...o, chair: chairs.get(o.id) })) };
      });
    },

    async seriesView(actor: Actor, p: PartnershipConfig, id: string) {
      return db.tx(async (q) => {
        await ensureSeries(q, p, calendar);
        const series = await repo.series(q, actor.partnershipId, id);
        if (!series) {
          await denied(q, actor, 'meeting_series', id, 'meeting.series.view');
          return undefined;
        }
        const now = new Date();
        const [members, next, users, rota] = await inTurn(
          () => repo.members(q, actor.partnershipId, id),
          () => repo.occurrencesBetween(q, actor.partnershipId, now, new Date(now.getTime() + 120 * DAY), { seriesId: id, limit: 8 }),
          () => repo.activeUsers(q, actor.partnershipId),
          () => repo.chairRotas(q, actor.partnershipId, [id]),
        );
        const chairs = await chairsOf(q, p, next);
        return {
          series,
          members,
          next: next.map((o) => ({ ...o, chair: chairs.get(o.id) })),
          users,
          rota: rota.rotas[0] ? { ...rota.rotas[0], turns: rota.turns } : undefined,
          roles: p.meetingTypes.find((t) => t.id === series.type_id)?.chairs,
        };
      });
    },

    async occurrence(actor: Actor, id: string, p?: PartnershipConfig): Promise<(OccurrenceRow & { chair?: MeetingChair }) | undefined> {
      return db.tx(async (q) => {
        const o = await repo.occurrence(q, actor.partnershipId, id);
        if (!o) {
          await denied(q, actor, 'meeting_occurrences', id, 'meeting.view');
          return undefined;
        }
        return p ? { ...o, chair: (await chairsOf(q, p, [o])).get(o.id) } : o;
      });
    },

    /**
     * The meeting page's chair (issue 15, item 20): who chairs and deputises, the rota's own, the one-off change with its
     * version (0: none), and who may be named.
     */
    async chairOf(actor: Actor, p: PartnershipConfig, occ: OccurrenceRow) {
      return db.tx(async (q) => {
        const [chairs, rota, [change], users] = await inTurn(
          () => chairsOf(q, p, [occ]),
          () => chairsOf(q, p, [occ], { changes: false }),
          () => repo.chairChanges(q, actor.partnershipId, [occ.id]),
          () => repo.activeUsers(q, actor.partnershipId),
        );
        return { chair: chairs.get(occ.id), rota: rota.get(occ.id), change, version: change?.version ?? 0, users };
      });
    },

    /**
     * A one-off change of who chairs one meeting and/or deputises (issue 15, item 20; 002 §2.2: the chair is away), with the
     * reason; the rota is unchanged. Versioned (0: no change yet): a stale save is refused and kept in edit_conflicts. A
     * newly named chair or deputy is invited to that meeting as the rota's are (a core member of the series if not one, and
     * sent the meeting with a calendar file); the reminder the day before goes to them (jobs/reminders.ts).
     */
    async changeChair(actor: Actor, p: PartnershipConfig, id: string, version: number, input: { chair: string | null; deputy: string | null; reason: string }) {
      const reason = input.reason.trim();
      return db.tx(async (q) => {
        const o = await repo.occurrence(q, actor.partnershipId, id);
        if (!o) {
          await denied(q, actor, 'meeting_occurrences', id, 'meeting.chair.change');
          return { ok: false, reason: 'not-found' } as const;
        }
        const invalid = (errors: { field: string; message: string }[]) => ({ ok: false, reason: 'invalid', errors }) as const;
        if (o.status === 'cancelled') return invalid([{ field: 'chairChange', message: 'This meeting is cancelled: its chair cannot be changed' }]);
        const users = new Map((await repo.activeUsers(q, actor.partnershipId)).map((u) => [u.id, u]));
        const [rota, was, [current]] = await inTurn(
          async () => (await chairsOf(q, p, [o], { changes: false })).get(o.id),
          async () => (await chairsOf(q, p, [o])).get(o.id),
          () => repo.chairChanges(q, actor.partnershipId, [id]),
        );
        const errors: { field: string; message: string }[] = [];
        if (input.chair && !users.has(input.chair)) errors.push({ field: 'chair', message: 'Select who chairs this meeting from the list' });
        if (input.deputy && !users.has(input.deputy)) errors.push({ field: 'deputy', message: 'Select the deputy from the list' });
        errors.push(...chairChangeErrors({ ...input, reason }, { chair: rota?.chair?.id ?? null, deputy: rota?.deputy?.id ?? null }));
        if (errors.length) return invalid(errors);
        if ((current?.version ?? 0) !== version || !(await repo.saveChairChange(q, actor.partnershipId, id, version, { ...input, reason }, actor.userId))) {
          await repo.keepChairChangeConflict(q, actor.partnershipId, id, actor.userId, version, { ...input, reason });
          await audit(q, actor, {
            action: 'meeting.chair.change',
            outcome: 'failed',
            subjectType: 'meeting_occurrence',
            subjectId: id,
            details: { reason: 'stale version', readVersion: version, currentVersion: current?.version ?? 0 },
          });
          return { ok: false, reason: 'conflict', current } as const;
        }
        // Whoever is newly named is invited to this meeting, as the rota's chairs are to the series.
        const invited: string[] = [];
        const added: string[] = [];
        for (const [who, userId] of [
          ['chair', input.chair],
          ['deputy', input.deputy],
        ] as const) {
          if (!userId || userId === was?.[who]?.id) continue;
          const u = users.get(userId)!;
          if (await repo.addMember(q, actor.partnershipId, o.series_id, u.id, u.agency_id, 'core', actor.userId)) added.push(u.id);
          const inPlaceOf = who === 'chair' ? rota?.chair?.name : rota?.deputy?.name;
          const chairName = who === 'deputy' ? (input.chair ? users.get(input.chair)!.display_name : rota?.chair?.name) : undefined;
          await enqueueMail(q, {
            partnershipId: actor.partnershipId,
            to: u.email,
            ...oneOffChairMail(links, o, p, who, u.display_name, rota?.role, inPlaceOf, chairName),
          });
          invited.push(u.id);
        }
        await audit(q, actor, {
          action: 'meeting.chair.change',
          subjectType: 'meeting_occurrence',
          subjectId: id,
          details: {
            series: o.series_id,
            rota: { chair: rota?.chair?.id ?? null, deputy: rota?.deputy?.id ?? null },
            from: { chair: was?.chair?.id ?? null, deputy: was?.deputy?.id ?? null },
            to: { chair: input.chair, deputy: input.deputy },
            reason,
            invited,
            addedAsMembers: added,
            version: (current?.version ?? 0) + 1,
          },
        });
        return { ok: true, invited: invited.length } as const;
      });
    },

    /** Undoes a meeting's one-off chair change (the rota's chair and deputy again), against the version read. */
    async removeChairChange(actor: Actor, p: PartnershipConfig, id: string, version: number) {
      return db.tx(async (q) => {
        const o = await repo.occurrence(q, actor.partnershipId, id);
        if (!o) {
          await denied(q, actor, 'meeting_occurrences', id, 'meeting.chair.change');
          return { ok: false, reason: 'not-found' } as const;
        }
        const [current] = await repo.chairChanges(q, actor.partnershipId, [id]);
        if (!current || current.version !== version || !(await repo.removeChairChange(q, actor.partnershipId, id, version))) {
          await repo.keepChairChangeConflict(q, actor.partnershipId, id, actor.userId, version, { remove: true });
          await audit(q, actor, {
            action: 'meeting.chair.change',
            outcome: 'failed',
            subjectType: 'meeting_occurrence',
            subjectId: id,
            details: { reason: 'stale version', remove: true, readVersion: version, currentVersion: current?.version ?? 0 },
          });
          return { ok: false, reason: 'conflict', current } as const;
        }
        const rota = (await chairsOf(q, p, [o])).get(o.id);
        await audit(q, actor, {
          action: 'meeting.chair.change',
          subjectType: 'meeting_occurrence',
          subjectId: id,
          details: {
            series: o.series_id,
            removed: true,
            from: { chair: current.chair_user_id, deputy: current.deputy_user_id, reason: current.reason },
            to: { chair: rota?.chair?.id ?? null, deputy: rota?.deputy?.id ?? null },
          },
        });
        return { ok: true } as const;
      });
    },

    /** The chair rota form (issue 15, item 20): the series, its rota, the configured roles, who may be named, the next meetings. */
    async chairRotaForm(actor: Actor, p: PartnershipConfig, seriesId: string) {
      return db.tx(async (q) => {
        await ensureSeries(q, p, calendar);
        const series = await repo.series(q, actor.partnershipId, seriesId);
        if (!series) {
          await denied(q, actor, 'meeting_series', seriesId, 'meeting.chairs.view');
          return undefined;
        }
        const now = new Date();
        const [rota, users, next] = await inTurn(
          () => repo.chairRotas(q, actor.partnershipId, [seriesId]),
          () => repo.activeUsers(q, actor.partnershipId),
          () => repo.occurrencesBetween(q, actor.partnershipId, now, new Date(now.getTime() + 400 * DAY), { seriesId, limit: 8 }),
        );
        return {
          series,
          rota: rota.rotas[0] ? { ...rota.rotas[0], turns: rota.turns } : undefined,
          roles: p.meetingTypes.find((t) => t.id === series.type_id)?.chairs,
          users,
          next: next.filter((o) => o.status !== 'cancelled'),
        };
      });
    },

    /**
     * Saves a series' chair rota (versioned: a stale save is refused and kept in edit_conflicts). `firstMeetingId`: the
     * meeting the first turn chairs (empty: as before, or the next meeting). Chairs and deputies not yet members are
     * added as core members and sent the series' invitation.
     */
    async setChairRota(
      actor: Actor,
      p: PartnershipConfig,
      seriesId: string,
      version: number,
      firstMeetingId: string,
      rows: { row: number; role: string; chair: string; deputy: string | null }[],
    ) {
      const turns = rows.map(({ role, chair, deputy }) => ({ role: role.trim(), chair, deputy }));
      return db.tx(async (q) => {
        const series = await repo.series(q, actor.partnershipId, seriesId);
        if (!series) {
          await denied(q, actor, 'meeting_series', seriesId, 'meeting.chairs.set');
          return { ok: false, reason: 'not-found' } as const;
        }
        // Messages name the form's rows (a blank row is left out of the rota).
        const errors: { field: string; message: string }[] = rotaErrors(turns).map((e) => {
          const row = rows[e.turn - 1]!.row;
          return { field: `${e.field}-${row}`, message: e.message.replace(`turn ${e.turn}`, `turn ${row}`) };
        });
        if (!turns.length) errors.push({ field: 'chair-1', message: 'Select who chairs turn 1' });
        const users = new Map((await repo.activeUsers(q, actor.partnershipId)).map((u) => [u.id, u]));
        rows.forEach((t) => {
          if (t.chair && !users.has(t.chair)) errors.push({ field: `chair-${t.row}`, message: `Select who chairs turn ${t.row} from the list` });
          if (t.deputy && !users.has(t.deputy)) errors.push({ field: `deputy-${t.row}`, message: `Select the deputy for turn ${t.row} from the list` });
        });
        const current = (await repo.chairRotas(q, actor.partnershipId, [seriesId])).rotas[0];
        let startsAt = current?.starts_at;
        if (firstMeetingId) {
          const first = await repo.occurrence(q, actor.partnershipId, firstMeetingId);
          if (!first || first.series_id !== seriesId) errors.push({ field: 'firstMeeting', message: 'Select the meeting the first turn chairs from the list' });
          else startsAt = first.original_starts_at;
        }
        if (!startsAt) {
          const [next] = await repo.occurrencesBetween(q, actor.partnershipId, new Date(), new Date(Date.now() + 400 * DAY), { seriesId, limit: 1 });
          startsAt = next?.original_starts_at ?? new Date();
        }
        if (errors.length) return { ok: false, reason: 'invalid', errors } as const;
        if (!(await repo.saveChairRota(q, actor.partnershipId, seriesId, version, startsAt, actor.userId, turns))) {
          await repo.keepRotaConflict(q, actor.partnershipId, seriesId, actor.userId, version, { firstMeetingId, turns });
          await audit(q, actor, {
            action: 'meeting.chairs.set',
            outcome: 'failed',
            subjectType: 'meeting_series',
            subjectId: seriesId,
            details: { reason: 'stale version', readVersion: version, currentVersion: current?.version ?? 0 },
          });
          return { ok: false, reason: 'conflict', current } as const;
        }
        // The chairs and deputies are invited: each not yet a member is added as a core member and sent the invitation.
        const invited: string[] = [];
        for (const userId of new Set(turns.flatMap((t) => [t.chair, ...(t.deputy ? [t.deputy] : [])]))) {
          const u = users.get(userId)!;
          if (!(await repo.addMember(q, actor.partnershipId, seriesId, u.id, u.agency_id, 'core', actor.userId))) continue;
          const mail = invitation(links, calendar, series, p, 'core', new Date());
          await enqueueMail(q, { partnershipId: actor.partnershipId, to: u.email, subject: mail.subject, body: mail.body, attachments: mail.attachments });
          invited.push(u.id);
        }
        await audit(q, actor, {
          action: 'meeting.chairs.set',
          subjectType: 'meeting_series',
          subjectId: seriesId,
          details: {
            turns: turns.map((t) => ({ role: t.role, chair: t.chair, deputy: t.deputy })),
            startsAt: startsAt.toISOString(),
            invited,
            version: (current?.version ?? 0) + 1,
          },
        });
        return { ok: true, invited: invited.length } as const;
      });
    },

    move: (actor: Actor, id: string, version: number, startsAt: Date, reason: string) => change(actor, id, version, 'meeting.move', { startsAt, reason }),
    cancel: (actor: Actor, id: string, version: number, reason: string) => change(actor, id, version, 'meeting.cancel', { reason }),

    /** A partnership admin adds a series; its next twelve months are written at once. */
    async createSeries(actor: Actor, p: PartnershipConfig, input: NewSeries): Promise<SeriesRow> {
      return db.tx(async (q) => {
        const row = (await repo.insertSeries(q, actor.partnershipId, {
          type_id: input.typeId,
          name: input.name,
          district_id: input.districtId,
          rrule: input.rrule,
          first_date: input.firstDate,
          start_time: input.startTime,
          duration_minutes: input.durationMinutes,
          skip_bank_holidays: input.skipBankHolidays,
          on_bank_holiday: 'skip',
          offset_days: 0,
          location: input.location,
          config_key: null,
          created_by: actor.userId,
        }))!;
        await keepWindow(q, row, new Date(), calendar);
        await audit(q, actor, {
          action: 'meeting.series.create',
          subjectType: 'meeting_series',
          subjectId: row.id,
          details: { type: input.typeId, rule: input.rrule, firstDate: input.firstDate, startTime: input.startTime, partnership: p.id },
        });
        return row;
      });
    },

    /**
     * Adds a member and queues their invitation: the schedule, the confidentiality statement and the
     * series as an attached calendar file (invite.ics).
     */
    async addMember(actor: Actor, p: PartnershipConfig, seriesId: string, userId: string, membership: 'core' | 'secondary') {
      return db.tx(async (q) => {
        const series = await repo.series(q, actor.partnershipId, seriesId);
        if (!series) {
          await denied(q, actor, 'meeting_series', seriesId, 'meeting.member.add');
          return { ok: false, reason: 'not-found' } as const;
        }
        const user = (await repo.activeUsers(q, actor.partnershipId)).find((u) => u.id === userId);
        if (!user) return { ok: false, reason: 'no-user' } as const;
        if (!(await repo.addMember(q, actor.partnershipId, seriesId, userId, user.agency_id, membership, actor.userId)))
          return { ok: false, reason: 'already' } as const;
        const mail = invitation(links, calendar, series, p, membership, new Date());
        await enqueueMail(q, { partnershipId: actor.partnershipId, to: user.email, subject: mail.subject, body: mail.body, attachments: mail.attachments });
        await audit(q, actor, { action: 'meeting.member.add', subjectType: 'meeting_series', subjectId: seriesId, details: { userId, membership } });
        return { ok: true, name: user.display_name } as const;
      });
    },

    /**
     * Adds a member who has no account (DOMAIN §6: core and secondary members, each with an agency) and
     * queues the same invitation as for a user, to their email address. One address is one member.
     */
    async addGuestMember(actor: Actor, p: PartnershipConfig, seriesId: string, m: GuestMember) {
      return db.tx(async (q) => {
        const series = await repo.series(q, actor.partnershipId, seriesId);
        if (!series) {
          await denied(q, actor, 'meeting_series', seriesId, 'meeting.member.add');
          return { ok: false, reason: 'not-found' } as const;
        }
        if (!p.agencies.some((a) => a.id === m.agencyId)) return { ok: false, reason: 'no-agency' } as const;
        const memberId = await repo.addGuestMember(q, actor.partnershipId, seriesId, m, actor.userId);
        if (!memberId) return { ok: false, reason: 'already' } as const;
        const mail = invitation(links, calendar, series, p, m.membership, new Date());
        await enqueueMail(q, { partnershipId: actor.partnershipId, to: m.email, subject: mail.subject, body: mail.body, attachments: mail.attachments });
        await audit(q, actor, {
          action: 'meeting.member.add',
          subjectType: 'meeting_series',
          subjectId: seriesId,
          details: { memberId, withoutAccount: true, agencyId: m.agencyId, membership: m.membership },
        });
        return { ok: true, memberId } as const;
      });
    },

    /** API: occurrences of one series in [from, to), written first if that range was not yet. */
    async apiOccurrences(actor: Actor, p: PartnershipConfig, seriesId: string, from: Date, to: Date) {
      return db.tx(async (q) => {
        await ensureSeries(q, p, calendar);
        const series = await repo.series(q, actor.partnershipId, seriesId);
        if (!series) {
          await denied(q, actor, 'meeting_series', seriesId, 'meeting.occurrences');
          return undefined;
        }
        await materialise(q, series, from, to, calendar);
        return { series, rows: await repo.occurrencesBetween(q, actor.partnershipId, from, to, { seriesId }) };
      });
    },
  };
}

/**
 * The invitation of a chair or deputy named for one meeting (issue 15, item 20): the meeting, whom they replace, the
 * links, the confidentiality statement and a calendar file; no child is named.
 */
function oneOffChairMail(
  links: MailContext,
  o: OccurrenceRow,
  p: PartnershipConfig,
  who: 'chair' | 'deputy',
  name: string,
  role: string | undefined,
  inPlaceOf: string | undefined,
  chairName: string | undefined,
) {
  const when = `${formatDate(o.starts_at)}, ${formatTime(o.starts_at)} to ${formatTime(o.ends_at)}`;
  const what =
    who === 'chair'
      ? `You have been asked to chair ${o.series_name} (${p.name}) on ${formatDate(o.starts_at)}${role ? ` (${role})` : ''}${inPlaceOf ? `, in place of ${inPlaceOf}` : ''}, for this meeting only.`
      : `You have been asked to be the deputy chair of ${o.series_name} (${p.name}) on ${formatDate(o.starts_at)}${inPlaceOf ? `, in place of ${inPlaceOf}` : ''}, for this meeting only: you chair it if ${chairName ?? 'the chair'} cannot.`;
  const description = [
    `${o.series_name} (${p.name}).`,
    who === 'chair' ? 'You chair this meeting.' : 'You are the deputy chair of this meeting.',
    '',
    CONFIDENTIALITY_STATEMENT,
  ].join('\n');
  return {
    subject:
      who === 'chair'
        ? `Invitation: you chair ${o.series_name} on ${formatDate(o.starts_at)}`
        : `Invitation: deputy chair of ${o.series_name} on ${formatDate(o.starts_at)}`,
    body: [
      `Dear ${name},`,
      '',
      what,
      '',
      `When: ${when}.`,
      ...(o.location ? [`Where: ${o.location}.`] : []),
      '',
      `The meeting: ${mailLink(links, paths.meetings.occurrence(o.id))}`,
      `The agenda: ${mailLink(links, paths.agenda.show(o.id))}`,
      '',
      'Confidentiality',
      CONFIDENTIALITY_STATEMENT,
      '',
      'The calendar file (meeting.ics) is attached.',
      '',
      p.marking.text,
    ].join('\n'),
    attachments: [
      {
        filename: 'meeting.ics',
        contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
        content: occurrenceIcs({ id: o.id, name: o.series_name, startsAt: o.starts_at, endsAt: o.ends_at, location: o.location, description }),
      },
    ],
  };
}

/** The invitation email: no child is named in it. */
function invitation(links: MailContext, calendar: HolidayCalendar, s: SeriesRow, p: PartnershipConfig, membership: 'core' | 'secondary', now: Date) {
  const timing = timingOf(s);
  const until = new Date(now.getTime() + WINDOW_DAYS * DAY);
  const next = occurrencesBetween(timing, now, until, calendar);
  const skipped = skippedBetween(timing, now, until, calendar).map((o) => o.date);
  const when = `${describeRule(s.rrule)}${s.offset_days ? ` (${plural(Math.abs(s.offset_days), 'day')} ${s.offset_days < 0 ? 'before' : 'after'} the rule’s dates)` : ''}, ${formatTime(localToInstant(s.first_date, s.start_time))} for ${plural(s.duration_minutes, 'minute')}`;
  const description = [`${s.name} (${p.name}).`, when, '', CONFIDENTIALITY_STATEMENT].join('\n');
  const first = next[0]?.date ?? s.first_date;
  const moved = next.filter((o) => o.movedFrom).map((o) => o.date);
  const ics = seriesIcs(s, { firstDate: first, exceptions: skipped, moved, description, now, rdates: s.offset_days ? next.map((o) => o.date) : undefined });
  return {
    subject: `Invitation: ${s.name}`,
    ics,
    body: [
      `You have been added to ${s.name} (${p.name}) as a ${membership} member.`,
      '',
      `When: ${when}.`,
      ...(s.location ? [`Where: ${s.location}.`] : []),
      ...(next.length ? [`Next meeting: ${formatDate(next[0]!.startsAt)} at ${formatTime(next[0]!.startsAt)}.`] : []),
      ...(s.skip_bank_holidays
        ? [
            s.on_bank_holiday === 'next-working-day'
              ? 'A meeting that falls on a bank holiday moves to the next working day.'
              : 'The meeting does not take place on bank holidays.',
          ]
        : []),
      '',
      'Confidentiality',
      CONFIDENTIALITY_STATEMENT,
      '',
      `Sign in to MACE to see the meetings: ${mailLink(links, paths.meetings.series(s.id))}`,
      '',
      p.marking.text,
      '',
      'The attached calendar file (invite.ics) adds the series to your calendar.',
    ].join('\n'),
    attachments: [{ filename: 'invite.ics', contentType: 'text/calendar; method=PUBLISH; charset=utf-8', content: ics }],
  };
}

/** A meeting of the caller's partnership, read in another feature's transaction (which audits its own read). */
export function occurrenceIn(q: Queryable, partnershipId: string, id: string): Promise<OccurrenceRow | undefined> {
  return meetingRepository().occurrence(q, partnershipId, id);
}

/** Adds a member to a series in the caller's transaction (the demo seed's agendas). */
export function addSeriesMemberIn(
  q: Queryable,
  partnershipId: string,
  seriesId: string,
  userId: string,
  agencyId: string,
  membership: string,
  addedBy: string,
): Promise<boolean> {
  return meetingRepository().addMember(q, partnershipId, seriesId, userId, agencyId, membership, addedBy);
}
