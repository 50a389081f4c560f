import { prepared, type Queryable } from '../../db/client.ts';
import type { ChildInput } from './schemas.ts';
import { keepEditConflict } from '../../platform/edit-conflicts.ts';
import { markDue, markDueIfMoved } from '../reviews/due-marks.ts';

export type ChildRow = {
  id: string;
  partnership_id: string;
  reference: string;
  first_name: string;
  last_name: string;
  date_of_birth: string | null;
  gender: string | null;
  ethnicity: string | null;
  sexual_identity: string | null;
  nationality: string | null;
  disability: string | null;
  primary_risk: string | null;
  living_situation: string | null;
  eet_status: string | null;
  education_setting: string | null;
  legal_status: string | null;
  special_educational_needs: string | null;
  district_id: string | null;
  child_contact: string | null;
  parent_contact: string | null;
  lead_professional_name: string | null;
  lead_professional_agency_id: string | null;
  lead_professional_contact: string | null;
  placing_authority?: string | null;
  harmful_sexual_behaviour?: boolean;
  /** Issue 14: strong identifiers (normalised: 10 digits; 13 characters in capitals). */
  nhs_number: string | null;
  upn: string | null;
  /** A closed record (no longer open to MACE): when, why (closeReasons), any details, by whom. */
  closed_at: Date | null;
  closed_reason: string | null;
  closed_details: string | null;
  closed_by: string | null;
  created_at: Date;
  created_by: string | null;
  updated_at: Date;
  version: number;
};

export type SearchRow = {
  id: string;
  reference: string;
  first_name: string;
  last_name: string;
  date_of_birth: string | null;
  district_id: string | null;
  aliases: string | null;
  score: number;
};

const columns: [keyof ChildInput, string][] = [
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['dateOfBirth', 'date_of_birth'],
  ['nhsNumber', 'nhs_number'],
  ['upn', 'upn'],
  ['gender', 'gender'],
  ['ethnicity', 'ethnicity'],
  ['sexualIdentity', 'sexual_identity'],
  ['nationality', 'nationality'],
  ['disability', 'disability'],
  ['primaryRisk', 'primary_risk'],
  ['livingSituation', 'living_situation'],
  ['eetStatus', 'eet_status'],
  ['educationSetting', 'education_setting'],
  ['legalStatus', 'legal_status'],
  ['specialEducationalNeeds', 'special_educational_needs'],
  ['districtId', 'district_id'],
  ['childContact', 'child_contact'],
  ['parentContact', 'parent_contact'],
  ['leadProfessionalName', 'lead_professional_name'],
  ['leadProfessionalAgencyId', 'lead_professional_agency_id'],
  ['leadProfessionalContact', 'lead_professional_contact'],
];

/** The API's and the form's view of a row. */
export function toInput(row: ChildRow): Record<keyof ChildInput, string | undefined> {
  const out = {} as Record<keyof ChildInput, string | undefined>;
  for (const [k, c] of columns) out[k] = (row[c as keyof ChildRow] as string | null) ?? undefined;
  return out;
}

/** Names and aliases, lower-cased, in one column for trigram search. */
const refreshSearchText = `
  UPDATE children c SET search_text = lower(c.first_name || ' ' || c.last_name || coalesce(' ' || (
      SELECT string_agg(a.alias, ' ') FROM child_aliases a WHERE a.partnership_id = c.partnership_id AND a.child_id = c.id), ''))
   WHERE c.partnership_id = $1 AND c.id = $2`;

/**
 * A search's candidates (issue 15 item 13), prepared: planning it took longer than running it. The keys of the words
 * typed come from a CTE (not a constant), so the planner takes the GIN index on search_keys, which answers in well
 * under a millisecond, rather than reading every child. Each child is found by one branch only (the trigram branch
 * leaves out those the keys found, tested first from an InitPlan so word_similarity is not worked out for them; the
 * date's branch those either found), so a UNION ALL carries each child's row on to the ranking, and the other columns
 * are read for the `limit` kept only. Issue 17 (docs/scale.md): when a common name makes nearly every child of the
 * partnership a candidate, each one's word similarity was computed twice and all of them de-duplicated and read again.
 */
const searchSql = prepared(
  'children_search_candidates',
  `WITH typed AS MATERIALIZED (
     SELECT name_search_keys(w) AS keys FROM unnest(regexp_split_to_array($2::text, '[^[:alpha:]]+')) AS w WHERE length(w) > 1),
   wanted AS MATERIALIZED (SELECT coalesce(array_agg(DISTINCT k), '{}'::text[]) AS keys FROM typed, unnest(typed.keys) AS k),
   hits AS (
     SELECT c.id, c.date_of_birth, c.search_keys, c.search_text FROM children c, wanted
      WHERE c.partnership_id = $1 AND c.search_keys && wanted.keys AND ($4::text IS NULL OR c.district_id = $4)
     UNION ALL
     SELECT c.id, c.date_of_birth, c.search_keys, c.search_text FROM children c
      WHERE c.partnership_id = $1 AND (c.search_keys && (SELECT keys FROM wanted)) IS NOT TRUE
        AND $2::text <% c.search_text AND ($4::text IS NULL OR c.district_id = $4)
     UNION ALL
     SELECT c.id, c.date_of_birth, c.search_keys, c.search_text FROM children c
      WHERE $3::date IS NOT NULL AND c.partnership_id = $1 AND c.date_of_birth = $3::date AND ($4::text IS NULL OR c.district_id = $4)
        AND (c.search_keys && (SELECT keys FROM wanted)) IS NOT TRUE AND ($2::text <% c.search_text) IS NOT TRUE),
   best AS (
     SELECT h.id, (h.date_of_birth = $3::date) IS TRUE AS born_then,
            (SELECT count(*) FROM typed WHERE typed.keys && h.search_keys) AS words,
            word_similarity($2::text, h.search_text) AS score
       FROM hits h
      ORDER BY born_then DESC, words DESC, score DESC, h.id
      LIMIT $5::int)
   SELECT c.id, c.reference, c.first_name, c.last_name, c.date_of_birth, c.district_id, b.score,
          (SELECT string_agg(a.alias, ', ' ORDER BY a.created_at) FROM child_aliases a
            WHERE a.partnership_id = $1 AND a.child_id = b.id) AS aliases
     FROM best b JOIN children c ON c.partnership_id = $1 AND c.id = b.id
    ORDER BY b.born_then DESC, b.words DESC, b.score DESC, b.id`,
);

export function childRepository(db: Queryable) {
  return {
    async insert(q: Queryable, partnershipId: string, input: ChildInput, userId: string): Promise<ChildRow> {
      const cols = columns.map(([, c]) => c);
      const values = columns.map(([k]) => input[k] ?? null);
      const placeholders = cols.map((_, i) => `$${i + 4}`);
      const [row] = await q.query<ChildRow>(
        `INSERT INTO children (partnership_id, created_by, reference, ${cols.join(', ')})
         VALUES ($1, $2, $3 || lpad(nextval('child_reference_seq')::text, 6, '0'), ${placeholders.join(', ')})
         RETURNING *`,
        [partnershipId, userId, 'MC', ...values],
      );
      await q.query(refreshSearchText, [partnershipId, row!.id]);
      return row!;
    },

    /**
     * Many children at once (the bulk import), each with its aliases and current postcode: a few statements in all,
     * not several per child. Ids are chosen by the caller, so that each row is known to be its child.
     */
    async insertMany(
      q: Queryable,
      partnershipId: string,
      children: { id: string; input: ChildInput; aliases: string[]; postcode?: string }[],
      userId: string,
      fromDate: string,
    ): Promise<ChildRow[]> {
      if (!children.length) return [];
      const cols = columns.map(([, c]) => c);
      const defs = cols.map((c) => `${c} ${c === 'date_of_birth' ? 'date' : 'text'}`).join(', ');
      const data = children.map((c, ord) => ({
        id: c.id,
        ord,
        // As refreshSearchText makes it: names and aliases, lower-cased, in one column for trigram search.
        search_text: [c.input.firstName, c.input.lastName, ...c.aliases].join(' '),
        ...Object.fromEntries(columns.map(([k, col]) => [col, c.input[k] ?? null])),
      }));
      const rows = await q.query<ChildRow>(
        `INSERT INTO children (id, partnership_id, created_by, reference, search_text, ${cols.join(', ')})
         SELECT r.id, $1, $2, $3 || lpad(nextval('child_reference_seq')::text, 6, '0'), lower(r.search_text), ${cols.map((c) => `r.${c}`).join(', ')}
           FROM jsonb_to_recordset($4::jsonb) AS r(id uuid, ord integer, search_text text, ${defs}) ORDER BY r.ord
         RETURNING *`,
        [partnershipId, userId, 'MC', JSON.stringify(data)],
      );
      const aliases = children.flatMap((c) => c.aliases.map((alias) => ({ child_id: c.id, alias })));
      if (aliases.length) {
        await q.query(
          `INSERT INTO child_aliases (partnership_id, child_id, alias, kind, created_by)
           SELECT $1, r.child_id, r.alias, 'alias', $2 FROM jsonb_to_recordset($3::jsonb) AS r(child_id uuid, alias text)`,
          [partnershipId, userId, JSON.stringify(aliases)],
        );
      }
      const addresses = children.flatMap((c) => (c.postcode ? [{ child_id: c.id, postcode: c.postcode }] : []));
      if (addresses.length) {
        await q.query(
          `INSERT INTO child_addresses (partnership_id, child_id, address, postcode, from_date, created_by)
           SELECT $1, r.child_id, r.postcode, r.postcode, $2::date, $3 FROM jsonb_to_recordset($4::jsonb) AS r(child_id uuid, postcode text)`,
          [partnershipId, fromDate, userId, JSON.stringify(addresses)],
        );
      }
      const byId = new Map(rows.map((r) => [r.id, r]));
      return children.map((c) => byId.get(c.id)!);
    },

    /** Updates only when the version read is still current; returns undefined on a stale version. */
    async update(q: Queryable, partnershipId: string, id: string, version: number, input: ChildInput): Promise<ChildRow | undefined> {
      const sets = columns.map(([, c], i) => `${c} = $${i + 4}`);
      const [row] = await q.query<ChildRow>(
        `UPDATE children SET ${sets.join(', ')}, version = version + 1, updated_at = now()
          WHERE partnership_id = $1 AND id = $2 AND version = $3 RETURNING *`,
        [partnershipId, id, version, ...columns.map(([k]) => input[k] ?? null)],
      );
      if (row) await q.query(refreshSearchText, [partnershipId, id]);
      // Its district's panels set when its review falls (review_due, migration 071).
      if (row) await markDueIfMoved(q, partnershipId, id, row.district_id);
      return row;
    },

    async find(q: Queryable, partnershipId: string, id: string): Promise<ChildRow | undefined> {
      const [row] = await q.query<ChildRow>(`SELECT * FROM children WHERE partnership_id = $1 AND id = $2`, [partnershipId, id]);
      return row;
    },

    /** Issue 16 item 11: what ties agencies to the child (domain/access/reason.ts decides). */
    async involvement(q: Queryable, partnershipId: string, id: string) {
      const [row] = await q.query<{ agency_ids: string[]; action_agency_ids: string[]; item_agency_ids: string[] }>(
        `SELECT ARRAY(SELECT agency_id FROM child_agencies WHERE partnership_id = $1 AND child_id = $2) AS agency_ids,
                ARRAY(SELECT owner_agency_id FROM actions WHERE partnership_id = $1 AND child_id = $2) AS action_agency_ids,
                ARRAY(SELECT k.agency_id FROM agenda_item_children c
                        JOIN agenda_item_contributions k ON k.partnership_id = c.partnership_id AND k.item_id = c.item_id
                       WHERE c.partnership_id = $1 AND c.child_id = $2) AS item_agency_ids`,
        [partnershipId, id],
      );
      return row!;
    },

    /** Issue 16 item 11: whether the user gave a reason to open this child's record since `since`. */
    async accessReasonSince(q: Queryable, partnershipId: string, userId: string, childId: string, since: Date): Promise<boolean> {
      const rows = await q.query(`SELECT 1 FROM access_reasons WHERE partnership_id = $1 AND user_id = $2 AND child_id = $3 AND at >= $4 LIMIT 1`, [
        partnershipId,
        userId,
        childId,
        since,
      ]);
      return rows.length > 0;
    },

    async addAccessReason(q: Queryable, partnershipId: string, userId: string, childId: string, reason: string): Promise<void> {
      await q.query(`INSERT INTO access_reasons (partnership_id, user_id, child_id, reason) VALUES ($1, $2, $3, $4)`, [partnershipId, userId, childId, reason]);
    },

    /** Issue 16 item 11: the partnership's reasons for access since `since`, newest first, for the admin's review. */
    accessReasons(q: Queryable, partnershipId: string, since: Date) {
      return q.query<{ at: Date; reason: string; child_id: string; reference: string; user_name: string; agency_id: string }>(
        `SELECT r.at, r.reason, r.child_id, c.reference, u.display_name AS user_name, u.agency_id
           FROM access_reasons r
           JOIN children c ON c.partnership_id = r.partnership_id AND c.id = r.child_id
           JOIN users u ON u.partnership_id = r.partnership_id AND u.id = r.user_id
          WHERE r.partnership_id = $1 AND r.at >= $2 ORDER BY r.at DESC LIMIT 1000`,
        [partnershipId, since],
      );
    },

    /** Which partnership a child id belongs to, if any (to audit an attempt across partnerships). */
    async partnershipOf(q: Queryable, id: string): Promise<string | undefined> {
      const [row] = await q.query<{ partnership_id: string }>(`SELECT partnership_id FROM children WHERE id = $1`, [id]);
      return row?.partnership_id;
    },

    /** The child page's lists — aliases, addresses, agencies and the latest 100 timeline events — in one round trip (issue 17: a child page made 12). */
    async details(q: Queryable, partnershipId: string, id: string) {
      type Lists = {
        aliases: { id: string; alias: string; kind: string; created_at: string }[];
        addresses: { id: string; address: string; postcode: string | null; from_date: string; to_date: string | null }[];
        agencies: { id: string; agency_id: string; worker_name: string | null; worker_contact: string | null; created_at: string }[];
        timeline: { id: string; occurred_at: string; kind: string; summary: string; link: string | null; actor_name: string | null }[];
      };
      const [row] = await q.query<Lists>(
        `SELECT
           coalesce((SELECT json_agg(json_build_object('id', a.id, 'alias', a.alias, 'kind', a.kind, 'created_at', a.created_at) ORDER BY a.created_at)
                       FROM child_aliases a WHERE a.partnership_id = $1 AND a.child_id = $2), '[]') AS aliases,
           coalesce((SELECT json_agg(json_build_object('id', d.id, 'address', d.address, 'postcode', d.postcode, 'from_date', d.from_date, 'to_date', d.to_date)
                                     ORDER BY d.from_date DESC, d.created_at DESC)
                       FROM child_addresses d WHERE d.partnership_id = $1 AND d.child_id = $2), '[]') AS addresses,
           coalesce((SELECT json_agg(json_build_object('id', g.id, 'agency_id', g.agency_id, 'worker_name', g.worker_name, 'worker_contact', g.worker_contact,
                                                       'created_at', g.created_at) ORDER BY g.created_at)
                       FROM child_agencies g WHERE g.partnership_id = $1 AND g.child_id = $2), '[]') AS agencies,
           coalesce((SELECT json_agg(json_build_object('id', e.id, 'occurred_at', e.occurred_at, 'kind', e.kind, 'summary', e.summary, 'link', e.link,
                                                       'actor_name', e.actor_name) ORDER BY e.occurred_at DESC)
                       FROM (SELECT t.id, t.occurred_at, t.kind, t.summary, t.link, u.display_name AS actor_name
                               FROM timeline_events t LEFT JOIN users u ON u.partnership_id = t.partnership_id AND u.id = t.actor_user_id
                              WHERE t.partnership_id = $1 AND t.child_id = $2 ORDER BY t.occurred_at DESC LIMIT 100) e), '[]') AS timeline`,
        [partnershipId, id],
      );
      const lists = row!;
      // Times come through JSON as text: Dates again, as the pages expect
      return {
        aliases: lists.aliases.map((a) => ({ ...a, created_at: new Date(a.created_at) })),
        addresses: lists.addresses,
        agencies: lists.agencies.map((g) => ({ ...g, created_at: new Date(g.created_at) })),
        timeline: lists.timeline.map((t) => ({ ...t, occurred_at: new Date(t.occurred_at) })),
      };
    },

    /**
     * The candidates of a search within one partnership (issue 15 item 13), for the service to rank
     * (domain/children/matching.ts): children sharing a key with any word typed (search_keys: the word, the word
     * less a letter, its double-metaphone codes; a GIN index), or whose names and aliases are alike by trigram word
     * similarity, or (a date of birth given) born that day. A UNION lets each branch use its own index. At most
     * `limit`, those born on the date given first, then those matching more of the words typed.
     */
    async searchCandidates(partnershipId: string, text: string, dob: string | undefined, districtId: string | undefined, limit = 100): Promise<SearchRow[]> {
      const t = text.toLowerCase();
      if (t) {
        return db.query<SearchRow>(searchSql, [partnershipId, t, dob ?? null, districtId || null, limit]);
      }
      return db.query<SearchRow>(
        `SELECT c.id, c.reference, c.first_name, c.last_name, c.date_of_birth, c.district_id,
                (SELECT string_agg(a.alias, ', ' ORDER BY a.created_at) FROM child_aliases a
                  WHERE a.partnership_id = c.partnership_id AND a.child_id = c.id) AS aliases,
                1 AS score
           FROM children c
          WHERE c.partnership_id = $1
            AND ($2::date IS NULL OR c.date_of_birth = $2::date)
            AND ($3::text IS NULL OR c.district_id = $3)
          ORDER BY c.last_name, c.first_name
          LIMIT $4`,
        [partnershipId, dob ?? null, districtId || null, limit],
      );
    },

    async createdBy(partnershipId: string, userId: string, limit: number) {
      return db.query<{ id: string; reference: string; first_name: string; last_name: string }>(
        // Newest first; children added in one go (an import, the demo) by their references, which are given in order
        `SELECT id, reference, first_name, last_name FROM children WHERE partnership_id = $1 AND created_by = $2
          ORDER BY created_at DESC, reference DESC LIMIT $3`,
        [partnershipId, userId, limit],
      );
    },

    async addAlias(q: Queryable, partnershipId: string, childId: string, alias: string, kind: string, userId: string) {
      await q.query(`INSERT INTO child_aliases (partnership_id, child_id, alias, kind, created_by) VALUES ($1, $2, $3, $4, $5)`, [
        partnershipId,
        childId,
        alias,
        kind,
        userId,
      ]);
      await q.query(refreshSearchText, [partnershipId, childId]);
    },

    /** A new current address ends the one before it (addresses over time). */
    async addAddress(
      q: Queryable,
      partnershipId: string,
      childId: string,
      a: { address: string; postcode?: string; fromDate: string; toDate?: string },
      userId: string,
    ) {
      if (!a.toDate) {
        await q.query(`UPDATE child_addresses SET to_date = $3 WHERE partnership_id = $1 AND child_id = $2 AND to_date IS NULL AND from_date <= $3`, [
          partnershipId,
          childId,
          a.fromDate,
        ]);
      }
      await q.query(
        `INSERT INTO child_addresses (partnership_id, child_id, address, postcode, from_date, to_date, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [partnershipId, childId, a.address, a.postcode ?? null, a.fromDate, a.toDate ?? null, userId],
      );
    },

    async addAgency(
      q: Queryable,
      partnershipId: string,
      childId: string,
      a: { agencyId: string; workerName?: string; workerContact?: string },
      userId: string,
    ) {
      await q.query(
        `INSERT INTO child_agencies (partnership_id, child_id, agency_id, worker_name, worker_contact, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
        [partnershipId, childId, a.agencyId, a.workerName ?? null, a.workerContact ?? null, userId],
      );
    },

    /** Every open child id of the partnership (the tracker's backfill: a closed record is not sent). */
    /** The ids of the partnership's children with these references (a text that names children by reference: the outbox). */
    async idsByReference(q: Queryable, partnershipId: string, references: readonly string[]): Promise<string[]> {
      if (!references.length) return [];
      const rows = await q.query<{ id: string }>(`SELECT id FROM children WHERE partnership_id = $1 AND reference = ANY($2::text[])`, [
        partnershipId,
        [...references],
      ]);
      return rows.map((r) => r.id);
    },

    async idsOf(q: Queryable, partnershipId: string): Promise<string[]> {
      const rows = await q.query<{ id: string }>(`SELECT id FROM children WHERE partnership_id = $1 AND closed_at IS NULL ORDER BY created_at, id`, [
        partnershipId,
      ]);
      return rows.map((r) => r.id);
    },

    /**
     * What the national tracker matches on (issue 14), of the open children named (a closed record is withdrawn, never
     * sent): names, aliases and nicknames, date of birth, gender, postcodes newest first, NHS number and UPN.
     */
    async identities(q: Queryable, partnershipId: string, ids: readonly string[]) {
      if (!ids.length) return [];
      const rows = await q.query<{
        id: string;
        first_name: string;
        last_name: string;
        date_of_birth: string | null;
        gender: string | null;
        nhs_number: string | null;
        upn: string | null;
        aliases: string[] | null;
        postcodes: string[] | null;
      }>(
        `SELECT c.id, c.first_name, c.last_name, c.date_of_birth::text AS date_of_birth, c.gender, c.nhs_number, c.upn,
                (SELECT array_agg(a.alias ORDER BY a.created_at) FROM child_aliases a WHERE a.partnership_id = c.partnership_id AND a.child_id = c.id) AS aliases,
                (SELECT array_agg(d.postcode ORDER BY d.from_date DESC, d.created_at DESC) FROM child_addresses d
                  WHERE d.partnership_id = c.partnership_id AND d.child_id = c.id AND d.postcode IS NOT NULL) AS postcodes
           FROM children c WHERE c.partnership_id = $1 AND c.id = ANY($2::uuid[]) AND c.closed_at IS NULL`,
        [partnershipId, ids],
      );
      return rows.map((r) => ({
        id: r.id,
        identity: {
          firstName: r.first_name,
          lastName: r.last_name,
          dateOfBirth: r.date_of_birth,
          gender: r.gender,
          aliases: r.aliases ?? [],
          postcodes: r.postcodes ?? [],
          nhsNumber: r.nhs_number,
          upn: r.upn,
        },
      }));
    },

    /** Closes an open record (no longer open to MACE); undefined when it is already closed. */
    async close(q: Queryable, partnershipId: string, id: string, c: { reason: string; details?: string }, userId: string): Promise<ChildRow | undefined> {
      const [row] = await q.query<ChildRow>(
        `UPDATE children SET closed_at = now(), closed_reason = $3, closed_details = $4, closed_by = $5, version = version + 1, updated_at = now()
          WHERE partnership_id = $1 AND id = $2 AND closed_at IS NULL RETURNING *`,
        [partnershipId, id, c.reason, c.details ?? null, userId],
      );
      // A closed record has nothing due (review_due, migration 071).
      if (row) await markDue(q, partnershipId, [id]);
      return row;
    },

    /** Reopens a closed record; undefined when it is open. */
    async reopen(q: Queryable, partnershipId: string, id: string): Promise<ChildRow | undefined> {
      const [row] = await q.query<ChildRow>(
        `UPDATE children SET closed_at = NULL, closed_reason = NULL, closed_details = NULL, closed_by = NULL, version = version + 1, updated_at = now()
          WHERE partnership_id = $1 AND id = $2 AND closed_at IS NOT NULL RETURNING *`,
        [partnershipId, id],
      );
      if (row) await markDue(q, partnershipId, [id]);
      return row;
    },

    /** Locks the child's row for its erasure (undefined: no such child in the partnership). */
    async lockForErasure(q: Queryable, partnershipId: string, id: string): Promise<{ id: string } | undefined> {
      const [row] = await q.query<{ id: string }>(`SELECT id FROM children WHERE partnership_id = $1 AND id = $2 FOR UPDATE`, [partnershipId, id]);
      return row;
    },

    /**
     * Erases what this feature holds of a child — aliases, addresses, agencies, timeline, refused saves, the record —
     * and returns how many rows of each went (no personal data). Rows other features hold stop it (their foreign keys).
     */
    async eraseOwn(q: Queryable, partnershipId: string, id: string): Promise<Record<string, number>> {
      const out: Record<string, number> = {};
      for (const table of ['child_aliases', 'child_addresses', 'child_agencies', 'timeline_events'] as const) {
        out[table] = (await q.query(`DELETE FROM ${table} WHERE partnership_id = $1 AND child_id = $2 RETURNING 1`, [partnershipId, id])).length;
      }
      out.edit_conflicts = (
        await q.query(`DELETE FROM edit_conflicts WHERE partnership_id = $1 AND record_type = 'child' AND record_id = $2 RETURNING 1`, [partnershipId, id])
      ).length;
      out.children = (await q.query(`DELETE FROM children WHERE partnership_id = $1 AND id = $2 RETURNING 1`, [partnershipId, id])).length;
      return out;
    },

    /** Children of a partnership by id (a list of the partnership's own children: the tracker's alerts name them). */
    async namesOf(q: Queryable, partnershipId: string, ids: readonly string[]) {
      if (!ids.length) return [];
      return q.query<{ id: string; reference: string; first_name: string; last_name: string; lead_professional_agency_id: string | null }>(
        `SELECT id, reference, first_name, last_name, lead_professional_agency_id FROM children WHERE partnership_id = $1 AND id = ANY($2::uuid[])`,
        [partnershipId, ids],
      );
    },

    async keepConflict(q: Queryable, partnershipId: string, childId: string, userId: string, readVersion: number, submitted: unknown) {
      await keepEditConflict(q, partnershipId, 'child', childId, userId, readVersion, submitted);
    },
  };
}
