/**
 * Issue 17: the figures of a period that has ended, kept once computed (report_cache, migration 072). A write that can
 * change them — any row of a table the figures read, dated in or before the period, or a child's district or type read
 * as it is now — deletes them and moves the partnership's generation on in its own transaction (the migration's
 * triggers), so a stored report is used only while its generation is the current one. What the figures depend on
 * besides the rows (the partnership's configuration, the bank holidays, this code's version) is a fingerprint in the
 * row: a change computes them again. Open periods are computed on each view as before.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/client.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import { addDays, compareIsoDates } from '../../domain/calendar/dates.ts';
import type { Period } from '../../domain/reports/period.ts';
import type { Report, ReportKind } from './model.ts';
import { buildReport, reportTitles } from './builders.ts';

/** Bump when buildReport's output changes for the same rows (stored figures of an older version are computed again). */
const CACHE_VERSION = 1;

export type CacheKey = { kind: ReportKind; period: Period; districtId: string | null; police: boolean };
type Stored = { district: Report['district']; sections: Report['sections'] };

/** What stored figures depend on besides the database's rows. */
export function reportFingerprint(p: PartnershipConfig, calendar: HolidayCalendar): string {
  return createHash('sha256')
    .update(JSON.stringify({ v: CACHE_VERSION, p, calendar }))
    .digest('base64url');
}

/**
 * Whether a period's figures may be stored: it ended before yesterday (a write dated today reaches no stored period;
 * the day's margin covers a write whose transaction straddles midnight). The database checks it again when storing.
 */
export const storable = (period: Period, today: string) => compareIsoDates(period.to, addDays(today, -1)) < 0;

export function reportCache() {
  return {
    /** The partnership's generation and, when stored at it with this fingerprint, the figures. Read before the figures are. */
    async find(q: Queryable, partnershipId: string, k: CacheKey, fingerprint: string): Promise<{ generation: string; stored?: Stored }> {
      const [r] = await q.query<{ generation: string; body: string | null }>(
        `SELECT s.generation::text AS generation, c.body
           FROM (SELECT coalesce((SELECT generation FROM report_cache_state WHERE partnership_id = $1), 0) AS generation) s
           LEFT JOIN report_cache c ON c.partnership_id = $1 AND c.report_kind = $2 AND c.period_from = $3 AND c.period_to = $4
                AND c.district_id = $5 AND c.police = $6 AND c.fingerprint = $7 AND c.generation = s.generation`,
        [partnershipId, k.kind, k.period.from, k.period.to, k.districtId ?? '', k.police, fingerprint],
      );
      return { generation: r!.generation, stored: r!.body ? (JSON.parse(r!.body) as Stored) : undefined };
    },

    /** Stores figures read at `generation` (a newer stored row is kept; a period not ended before yesterday is not stored). */
    async store(q: Queryable, partnershipId: string, k: CacheKey, fingerprint: string, generation: string, r: Report): Promise<void> {
      const body: Stored = { district: r.district, sections: r.sections };
      await q.query(
        `INSERT INTO report_cache AS c (partnership_id, report_kind, period_from, period_to, district_id, police, fingerprint, generation, body)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE $4::date < (now() AT TIME ZONE 'Europe/London')::date - 1
         ON CONFLICT (partnership_id, report_kind, period_from, period_to, district_id, police) DO UPDATE
            SET fingerprint = excluded.fingerprint, generation = excluded.generation, body = excluded.body, computed_at = now()
          WHERE c.generation < excluded.generation OR c.fingerprint <> excluded.fingerprint`,
        [partnershipId, k.kind, k.period.from, k.period.to, k.districtId ?? '', k.police, fingerprint, generation, JSON.stringify(body)],
      );
    },
  };
}

/** A stored report as buildReport gives it: produced now, as before. */
export const reportFromStored = (kind: ReportKind, title: string, period: Period, now: Date, s: Stored): Report => ({
  kind,
  title,
  period,
  produced: now,
  district: s.district,
  sections: s.sections,
});

/**
 * A report's figures: of a period that ended before yesterday, as stored when still current, else computed (read on `q`,
 * the replica when there is one) and stored (on the primary, `w`); of any other period, computed.
 */
export async function reportFigures(
  q: Queryable,
  w: Queryable,
  p: PartnershipConfig,
  k: CacheKey,
  o: { now: Date; today: string; calendar: HolidayCalendar; fingerprint?: string },
): Promise<Report> {
  const build = () =>
    buildReport(q, p, k.kind, { period: k.period, districtId: k.districtId, now: o.now, today: o.today, police: k.police, calendar: o.calendar });
  if (!storable(k.period, o.today)) return build();
  const cache = reportCache();
  const fingerprint = o.fingerprint ?? reportFingerprint(p, o.calendar);
  const found = await cache.find(q, p.id, k, fingerprint);
  if (found.stored) return reportFromStored(k.kind, reportTitles[k.kind], k.period, o.now, found.stored);
  const r = await build();
  await cache.store(w, p.id, k, fingerprint, found.generation, r);
  return r;
}
