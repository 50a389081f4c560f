import type { Queryable } from '../../db/client.ts';
import type { BankHolidayRule } from '../../domain/calendar/recurrence.ts';
import { keepEditConflict } from '../../platform/edit-conflicts.ts';
import { markDueOfOccurrence, markDueOfSeries } from '../reviews/due-marks.ts';

export type SeriesRow = {
  partnership_id: string;
  id: string;
  type_id: string;
  name: string;
  district_id: string | null;
  rrule: string;
  first_date: string;
  start_time: string;
  duration_minutes: number;
  timezone: string;
  skip_bank_holidays: boolean;
  on_bank_holiday: BankHolidayRule;
  offset_days: number;
  location: string | null;
  config_key: string | null;
  materialised_until: Date | null;
  created_by: string | null;
  created_at: Date;
  version: number;
};

export type SeriesInsert = Pick<
  SeriesRow,
  | 'type_id'
  | 'name'
  | 'district_id'
  | 'rrule'
  | 'first_date'
  | 'start_time'
  | 'duration_minutes'
  | 'skip_bank_holidays'
  | 'on_bank_holiday'
  | 'offset_days'
  | 'location'
  | 'config_key'
  | 'created_by'
>;

type OccurrenceStatus = 'scheduled' | 'moved' | 'cancelled';

export type OccurrenceRow = {
  partnership_id: string;
  id: string;
  series_id: string;
  original_starts_at: Date;
  starts_at: Date;
  ends_at: Date;
  status: OccurrenceStatus;
  /** The bank holiday's name when the rule's date was one and the meeting was moved to the next working day (issue 15, item 19). */
  moved_off_holiday: string | null;
  reason: string | null;
  changed_by: string | null;
  changed_at: Date | null;
  version: number;
  series_name: string;
  type_id: string;
  district_id: string | null;
  location: string | null;
  changed_by_name: string | null;
};

/** One turn of a series' chair rota with the named users (issue 15, item 20). */
export type ChairTurnRow = {
  series_id: string;
  position: number;
  role: string;
  chair_user_id: string;
  chair_name: string;
  chair_email: string;
  deputy_user_id: string | null;
  deputy_name: string | null;
  deputy_email: string | null;
};

/** A one-off change of a meeting's chair or deputy (issue 15, item 20), with the named users. */
export type ChairChangeRow = {
  occurrence_id: string;
  chair_user_id: string | null;
  chair_name: string | null;
  chair_email: string | null;
  deputy_user_id: string | null;
  deputy_name: string | null;
  deputy_email: string | null;
  reason: string;
  version: number;
  updated_at: Date;
  updated_by_name: string | null;
};

export type ChairRotaRow = {
  series_id: string;
  starts_at: Date;
  version: number;
  updated_at: Date;
  updated_by_name: string | null;
};

type MemberRow = {
  id: string;
  series_id: string;
  user_id: string | null;
  name: string;
  email: string;
  agency_id: string | null;
  membership: 'core' | 'secondary';
  added_at: Date;
};

const occurrenceSelect = `
  SELECT o.*, s.name AS series_name, s.type_id, s.district_id, s.location, u.display_name AS changed_by_name
    FROM meeting_occurrences o
    JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
    LEFT JOIN users u ON u.partnership_id = o.partnership_id AND u.id = o.changed_by`;

/** All SQL of meetings; every query names the partnership. */
export function meetingRepository() {
  return {
    async seriesList(q: Queryable, partnershipId: string): Promise<SeriesRow[]> {
      return q.query<SeriesRow>(`SELECT * FROM meeting_series WHERE partnership_id = $1 ORDER BY name, id`, [partnershipId]);
    },

    async series(q: Queryable, partnershipId: string, id: string): Promise<SeriesRow | undefined> {
      const [row] = await q.query<SeriesRow>(`SELECT * FROM meeting_series WHERE partnership_id = $1 AND id = $2`, [partnershipId, id]);
      return row;
    },

    async configKeys(q: Queryable, partnershipId: string): Promise<Set<string>> {
      const rows = await q.query<{ config_key: string }>(`SELECT config_key FROM meeting_series WHERE partnership_id = $1 AND config_key IS NOT NULL`, [
        partnershipId,
      ]);
      return new Set(rows.map((r) => r.config_key));
    },

    /** Adds a series; one made from configuration is added once (its key is unique). */
    async insertSeries(q: Queryable, partnershipId: string, s: SeriesInsert): Promise<SeriesRow | undefined> {
      const [row] = await q.query<SeriesRow>(
        `INSERT INTO meeting_series (partnership_id, type_id, name, district_id, rrule, first_date, start_time, duration_minutes,
                                     skip_bank_holidays, offset_days, location, config_key, created_by, on_bank_holiday)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (partnership_id, config_key) DO NOTHING RETURNING *`,
        [
          partnershipId,
          s.type_id,
          s.name,
          s.district_id,
          s.rrule,
          s.first_date,
          s.start_time,
          s.duration_minutes,
          s.skip_bank_holidays,
          s.offset_days,
          s.location,
          s.config_key,
          s.created_by,
          s.on_bank_holiday,
        ],
      );
      return row;
    },

    /**
     * Writes the rule's occurrences, keyed by the rule's instant (a meeting moved off a bank holiday starts later and names
     * the holiday); those already there (moved or cancelled too) are left as they are.
     */
    async upsertOccurrences(
      q: Queryable,
      partnershipId: string,
      seriesId: string,
      occ: { ruleStartsAt: Date; startsAt: Date; endsAt: Date; holiday: string | null }[],
    ): Promise<void> {
      if (!occ.length) return;
      const added = await q.query(
        `INSERT INTO meeting_occurrences (partnership_id, series_id, original_starts_at, starts_at, ends_at, moved_off_holiday)
         SELECT $1, $2, r, s, e, h FROM unnest($3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::text[]) AS t(r, s, e, h)
         ON CONFLICT (partnership_id, series_id, original_starts_at) DO NOTHING RETURNING id`,
        [
          partnershipId,
          seriesId,
          occ.map((o) => o.ruleStartsAt.toISOString()),
          occ.map((o) => o.startsAt.toISOString()),
          occ.map((o) => o.endsAt.toISOString()),
          occ.map((o) => o.holiday),
        ],
      );
      // A district panel added: the reviews that fall at the next one (review_due, migration 071).
      if (added.length) await markDueOfSeries(q, partnershipId, seriesId);
    },

    /** A configured series follows its configuration's bank holiday rule (issue 15, item 19): true when it changed. */
    async setBankHolidayRule(q: Queryable, partnershipId: string, seriesId: string, rule: BankHolidayRule): Promise<boolean> {
      const rows = await q.query(
        `UPDATE meeting_series SET on_bank_holiday = $3 WHERE partnership_id = $1 AND id = $2 AND on_bank_holiday <> $3 RETURNING id`,
        [partnershipId, seriesId, rule],
      );
      return rows.length === 1;
    },

    async setMaterialisedUntil(q: Queryable, partnershipId: string, seriesId: string, until: Date): Promise<void> {
      await q.query(`UPDATE meeting_series SET materialised_until = greatest(coalesce(materialised_until, $3), $3) WHERE partnership_id = $1 AND id = $2`, [
        partnershipId,
        seriesId,
        until.toISOString(),
      ]);
    },

    async occurrencesBetween(
      q: Queryable,
      partnershipId: string,
      from: Date,
      to: Date,
      f: { seriesId?: string; memberUserId?: string; limit?: number } = {},
    ): Promise<OccurrenceRow[]> {
      return q.query<OccurrenceRow>(
        `${occurrenceSelect}
          WHERE o.partnership_id = $1 AND o.starts_at >= $2 AND o.starts_at < $3
            AND ($4::uuid IS NULL OR o.series_id = $4)
            AND ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM meeting_members m WHERE m.partnership_id = o.partnership_id AND m.series_id = o.series_id AND m.user_id = $5))
          ORDER BY o.starts_at, s.name, o.id
          LIMIT $6`,
        [partnershipId, from.toISOString(), to.toISOString(), f.seriesId ?? null, f.memberUserId ?? null, f.limit ?? 1000],
      );
    },

    async occurrence(q: Queryable, partnershipId: string, id: string): Promise<OccurrenceRow | undefined> {
      const [row] = await q.query<OccurrenceRow>(`${occurrenceSelect} WHERE o.partnership_id = $1 AND o.id = $2`, [partnershipId, id]);
      return row;
    },

    /** Which partnership an occurrence or series id belongs to (to audit an attempt across partnerships). */
    async partnershipOf(q: Queryable, table: 'meeting_occurrences' | 'meeting_series', id: string): Promise<string | undefined> {
      const [row] = await q.query<{ partnership_id: string }>(`SELECT partnership_id FROM ${table} WHERE id = $1`, [id]);
      return row?.partnership_id;
    },

    /** Moves or cancels an occurrence, only when the version read is still current. */
    async change(
      q: Queryable,
      partnershipId: string,
      id: string,
      version: number,
      c: { status: OccurrenceStatus; startsAt?: Date; endsAt?: Date; reason: string; userId: string },
    ): Promise<boolean> {
      const rows = await q.query(
        `UPDATE meeting_occurrences SET status = $4, starts_at = coalesce($5, starts_at), ends_at = coalesce($6, ends_at), reason = $7,
                changed_by = $8, changed_at = now(), version = version + 1
          WHERE partnership_id = $1 AND id = $2 AND version = $3 RETURNING id`,
        [partnershipId, id, version, c.status, c.startsAt?.toISOString() ?? null, c.endsAt?.toISOString() ?? null, c.reason, c.userId],
      );
      // A district panel moved or cancelled: the reviews that fall at the next one (review_due, migration 071).
      if (rows.length === 1) await markDueOfOccurrence(q, partnershipId, id);
      return rows.length === 1;
    },

    async members(q: Queryable, partnershipId: string, seriesId: string): Promise<MemberRow[]> {
      return q.query<MemberRow>(
        `SELECT m.id, m.series_id, m.user_id, coalesce(u.display_name, m.name) AS name, coalesce(u.email, m.email) AS email,
                coalesce(m.agency_id, u.agency_id) AS agency_id, m.membership, m.added_at
           FROM meeting_members m LEFT JOIN users u ON u.partnership_id = m.partnership_id AND u.id = m.user_id
          WHERE m.partnership_id = $1 AND m.series_id = $2
          ORDER BY m.membership, lower(coalesce(u.display_name, m.name))`,
        [partnershipId, seriesId],
      );
    },

    /** Adds a member; false when that user is already one, or was added without an account by their email address. */
    async addMember(
      q: Queryable,
      partnershipId: string,
      seriesId: string,
      userId: string,
      agencyId: string,
      membership: string,
      addedBy: string,
    ): Promise<boolean> {
      await q.query(`SELECT 1 FROM meeting_series WHERE partnership_id = $1 AND id = $2 FOR UPDATE`, [partnershipId, seriesId]);
      const rows = await q.query(
        `INSERT INTO meeting_members (partnership_id, series_id, user_id, agency_id, membership, added_by)
         SELECT $1::text, $2::uuid, $3::uuid, $4::text, $5::text, $6::uuid
          WHERE NOT EXISTS (
            SELECT 1 FROM meeting_members m JOIN users u ON u.partnership_id = m.partnership_id AND u.id = $3
             WHERE m.partnership_id = $1 AND m.series_id = $2 AND m.user_id IS NULL AND lower(m.email) = lower(u.email))
         ON CONFLICT (partnership_id, series_id, user_id) WHERE user_id IS NOT NULL DO NOTHING RETURNING id`,
        [partnershipId, seriesId, userId, agencyId, membership, addedBy],
      );
      return rows.length === 1;
    },

    /**
     * Adds a member who has no account; false when someone with that email (any case, account or not)
     * is already a member of the series. The series row is locked so two adds of one address cannot both pass.
     */
    async addGuestMember(
      q: Queryable,
      partnershipId: string,
      seriesId: string,
      m: { name: string; email: string; agencyId: string; membership: string },
      addedBy: string,
    ): Promise<string | undefined> {
      await q.query(`SELECT 1 FROM meeting_series WHERE partnership_id = $1 AND id = $2 FOR UPDATE`, [partnershipId, seriesId]);
      const rows = await q.query<{ id: string }>(
        `INSERT INTO meeting_members (partnership_id, series_id, name, email, agency_id, membership, added_by)
         SELECT $1::text, $2::uuid, $3::text, $4::text, $5::text, $6::text, $7::uuid
          WHERE NOT EXISTS (
            SELECT 1 FROM meeting_members m LEFT JOIN users u ON u.partnership_id = m.partnership_id AND u.id = m.user_id
             WHERE m.partnership_id = $1 AND m.series_id = $2 AND lower(coalesce(u.email, m.email)) = lower($4))
         RETURNING id`,
        [partnershipId, seriesId, m.name, m.email, m.agencyId, m.membership, addedBy],
      );
      return rows[0]?.id;
    },

    async activeUsers(q: Queryable, partnershipId: string): Promise<{ id: string; display_name: string; email: string; agency_id: string }[]> {
      return q.query(
        `SELECT id, display_name, email, agency_id FROM users WHERE partnership_id = $1 AND disabled_at IS NULL ORDER BY lower(display_name), id`,
        [partnershipId],
      );
    },

    /** The chair rotas of some series (issue 15, item 20): the rota rows and their turns in order. */
    async chairRotas(q: Queryable, partnershipId: string, seriesIds: string[]): Promise<{ rotas: ChairRotaRow[]; turns: ChairTurnRow[] }> {
      if (!seriesIds.length) return { rotas: [], turns: [] };
      const rotas = await q.query<ChairRotaRow>(
        `SELECT r.series_id, r.starts_at, r.version, r.updated_at, u.display_name AS updated_by_name
           FROM meeting_chair_rotas r LEFT JOIN users u ON u.partnership_id = r.partnership_id AND u.id = r.updated_by
          WHERE r.partnership_id = $1 AND r.series_id = ANY($2::uuid[])`,
        [partnershipId, seriesIds],
      );
      const turns = await q.query<ChairTurnRow>(
        `SELECT t.series_id, t.position, t.role, t.chair_user_id, c.display_name AS chair_name, c.email AS chair_email,
                t.deputy_user_id, d.display_name AS deputy_name, d.email AS deputy_email
           FROM meeting_chair_turns t
           JOIN users c ON c.partnership_id = t.partnership_id AND c.id = t.chair_user_id
           LEFT JOIN users d ON d.partnership_id = t.partnership_id AND d.id = t.deputy_user_id
          WHERE t.partnership_id = $1 AND t.series_id = ANY($2::uuid[])
          ORDER BY t.series_id, t.position`,
        [partnershipId, seriesIds],
      );
      return { rotas, turns };
    },

    /**
     * How many meetings of its series each occurrence is after the series' rota's first meeting (negative before it),
     * counted by the rule's instants, cancelled meetings included (a turn goes with its date).
     */
    async rotaIndexes(q: Queryable, partnershipId: string, occurrenceIds: string[]): Promise<Map<string, number>> {
      if (!occurrenceIds.length) return new Map();
      const rows = await q.query<{ id: string; idx: number }>(
        `SELECT o.id,
                CASE WHEN o.original_starts_at >= r.starts_at
                  THEN (SELECT count(*) FROM meeting_occurrences x WHERE x.partnership_id = o.partnership_id AND x.series_id = o.series_id
                           AND x.original_starts_at >= r.starts_at AND x.original_starts_at < o.original_starts_at)
                  ELSE -(SELECT count(*) FROM meeting_occurrences x WHERE x.partnership_id = o.partnership_id AND x.series_id = o.series_id
                           AND x.original_starts_at >= o.original_starts_at AND x.original_starts_at < r.starts_at)
                END::int AS idx
           FROM meeting_occurrences o
           JOIN meeting_chair_rotas r ON r.partnership_id = o.partnership_id AND r.series_id = o.series_id
          WHERE o.partnership_id = $1 AND o.id = ANY($2::uuid[])`,
        [partnershipId, occurrenceIds],
      );
      return new Map(rows.map((r) => [r.id, r.idx]));
    },

    /** Saves a series' chair rota when the version read is current (0: none yet); false when it changed meanwhile. */
    async saveChairRota(
      q: Queryable,
      partnershipId: string,
      seriesId: string,
      version: number,
      startsAt: Date,
      userId: string,
      turns: { role: string; chair: string; deputy: string | null }[],
    ): Promise<boolean> {
      const rows =
        version === 0
          ? await q.query(
              `INSERT INTO meeting_chair_rotas (partnership_id, series_id, starts_at, updated_by) VALUES ($1, $2, $3, $4)
               ON CONFLICT (partnership_id, series_id) DO NOTHING RETURNING series_id`,
              [partnershipId, seriesId, startsAt.toISOString(), userId],
            )
          : await q.query(
              `UPDATE meeting_chair_rotas SET starts_at = $4, updated_by = $5, updated_at = now(), version = version + 1
                WHERE partnership_id = $1 AND series_id = $2 AND version = $3 RETURNING series_id`,
              [partnershipId, seriesId, version, startsAt.toISOString(), userId],
            );
      if (rows.length !== 1) return false;
      await q.query(`DELETE FROM meeting_chair_turns WHERE partnership_id = $1 AND series_id = $2`, [partnershipId, seriesId]);
      await q.query(
        `INSERT INTO meeting_chair_turns (partnership_id, series_id, position, role, chair_user_id, deputy_user_id)
         SELECT $1, $2, p, r, c, d FROM unnest($3::int[], $4::text[], $5::uuid[], $6::uuid[]) AS t(p, r, c, d)`,
        [partnershipId, seriesId, turns.map((_, i) => i + 1), turns.map((t) => t.role), turns.map((t) => t.chair), turns.map((t) => t.deputy)],
      );
      return true;
    },

    /** The one-off chair changes of some meetings (issue 15, item 20). */
    async chairChanges(q: Queryable, partnershipId: string, occurrenceIds: string[]): Promise<ChairChangeRow[]> {
      if (!occurrenceIds.length) return [];
      return q.query<ChairChangeRow>(
        `SELECT x.occurrence_id, x.chair_user_id, c.display_name AS chair_name, c.email AS chair_email,
                x.deputy_user_id, d.display_name AS deputy_name, d.email AS deputy_email,
                x.reason, x.version, x.updated_at, u.display_name AS updated_by_name
           FROM meeting_chair_changes x
           LEFT JOIN users c ON c.partnership_id = x.partnership_id AND c.id = x.chair_user_id
           LEFT JOIN users d ON d.partnership_id = x.partnership_id AND d.id = x.deputy_user_id
           LEFT JOIN users u ON u.partnership_id = x.partnership_id AND u.id = x.updated_by
          WHERE x.partnership_id = $1 AND x.occurrence_id = ANY($2::uuid[])`,
        [partnershipId, occurrenceIds],
      );
    },

    /** Saves a meeting's one-off chair change when the version read is current (0: none yet); false when it changed meanwhile. */
    async saveChairChange(
      q: Queryable,
      partnershipId: string,
      occurrenceId: string,
      version: number,
      c: { chair: string | null; deputy: string | null; reason: string },
      userId: string,
    ): Promise<boolean> {
      const rows =
        version === 0
          ? await q.query(
              `INSERT INTO meeting_chair_changes (partnership_id, occurrence_id, chair_user_id, deputy_user_id, reason, updated_by)
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (partnership_id, occurrence_id) DO NOTHING RETURNING occurrence_id`,
              [partnershipId, occurrenceId, c.chair, c.deputy, c.reason, userId],
            )
          : await q.query(
              `UPDATE meeting_chair_changes SET chair_user_id = $4, deputy_user_id = $5, reason = $6, updated_by = $7, updated_at = now(), version = version + 1
                WHERE partnership_id = $1 AND occurrence_id = $2 AND version = $3 RETURNING occurrence_id`,
              [partnershipId, occurrenceId, version, c.chair, c.deputy, c.reason, userId],
            );
      return rows.length === 1;
    },

    /** Removes a meeting's one-off chair change (the rota's chair again) when the version read is current. */
    async removeChairChange(q: Queryable, partnershipId: string, occurrenceId: string, version: number): Promise<boolean> {
      const rows = await q.query(
        `DELETE FROM meeting_chair_changes WHERE partnership_id = $1 AND occurrence_id = $2 AND version = $3 RETURNING occurrence_id`,
        [partnershipId, occurrenceId, version],
      );
      return rows.length === 1;
    },

    async keepChairChangeConflict(q: Queryable, partnershipId: string, occurrenceId: string, userId: string, readVersion: number, submitted: unknown) {
      await keepEditConflict(q, partnershipId, 'meeting_chair_change', occurrenceId, userId, readVersion, submitted);
    },

    async keepRotaConflict(q: Queryable, partnershipId: string, seriesId: string, userId: string, readVersion: number, submitted: unknown) {
      await keepEditConflict(q, partnershipId, 'meeting_chair_rota', seriesId, userId, readVersion, submitted);
    },

    async keepConflict(q: Queryable, partnershipId: string, id: string, userId: string, readVersion: number, submitted: unknown) {
      await keepEditConflict(q, partnershipId, 'meeting_occurrence', id, userId, readVersion, submitted);
    },
  };
}
