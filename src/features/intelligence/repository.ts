import type { Queryable } from '../../db/client.ts';
import { keepEditConflict } from '../../platform/edit-conflicts.ts';

export type RecordRow = {
  partnership_id: string;
  id: string;
  kind: string;
  label: string;
  match_key: string | null;
  verified: boolean;
  attributes: Record<string, unknown>;
  district_id: string | null;
  source: string;
  source_agency_id: string | null;
  information_date: string;
  reliability: string;
  search_text: string;
  created_by: string;
  created_by_name?: string;
  created_at: Date;
  updated_at: Date;
  version: number;
  merged_into: string | null;
  merged_at: Date | null;
};

export type RecordInput = {
  kind: string;
  label: string;
  matchKey: string | null;
  verified: boolean;
  attributes: Record<string, unknown>;
  districtId: string | null;
  source: string;
  sourceAgencyId: string | null;
  informationDate: string;
  reliability: string;
  searchText: string;
};

export type LinkRow = {
  id: string;
  a_child_id: string | null;
  a_record_id: string | null;
  b_child_id: string | null;
  b_record_id: string | null;
  relation: string;
  first_seen_on: string | null;
  last_seen_on: string | null;
  source: string;
  source_agency_id: string | null;
  reliability: string;
  notes: string | null;
  created_at: Date;
  created_by_name: string;
  version: number;
  // The other end, seen from the end asked about.
  other_type: 'child' | 'record';
  other_id: string;
  other_label: string;
  other_kind: string | null;
  other_reference: string | null;
  other_verified: boolean | null;
};

type LinkInput = {
  aChildId: string | null;
  aRecordId: string | null;
  bChildId: string | null;
  bRecordId: string | null;
  relation: string;
  firstSeenOn: string | null;
  lastSeenOn: string | null;
  source: string;
  sourceAgencyId: string | null;
  reliability: string;
  notes: string | null;
};

/** A link as stored. */
export type StoredLink = {
  partnership_id: string;
  id: string;
  a_child_id: string | null;
  a_record_id: string | null;
  b_child_id: string | null;
  b_record_id: string | null;
  relation: string;
  first_seen_on: string | null;
  last_seen_on: string | null;
  source: string;
  source_agency_id: string | null;
  reliability: string;
  notes: string | null;
  created_by: string;
  created_by_name?: string;
  created_at: Date;
  updated_at: Date | null;
  version: number;
};

const recordSelect = `SELECT r.*, u.display_name AS created_by_name FROM intel_records r
  LEFT JOIN users u ON u.partnership_id = r.partnership_id AND u.id = r.created_by`;

/** All SQL of intelligence records and links; every query names the partnership. */
export function intelligenceRepository() {
  return {
    async find(q: Queryable, partnershipId: string, id: string): Promise<RecordRow | undefined> {
      const [row] = await q.query<RecordRow>(`${recordSelect} WHERE r.partnership_id = $1 AND r.id = $2`, [partnershipId, id]);
      return row;
    },

    /** Which partnership a record id belongs to, if any (to audit an attempt across partnerships). */
    async partnershipOf(q: Queryable, id: string): Promise<string | undefined> {
      const [row] = await q.query<{ partnership_id: string }>(`SELECT partnership_id FROM intel_records WHERE id = $1`, [id]);
      return row?.partnership_id;
    },

    /** The verified record with this exact key (a plate, a number, a handle; a location's postcode and address). */
    async byMatchKey(q: Queryable, partnershipId: string, kind: string, matchKey: string, exceptId?: string): Promise<RecordRow | undefined> {
      const [row] = await q.query<RecordRow>(
        `${recordSelect} WHERE r.partnership_id = $1 AND r.kind = $2 AND r.match_key = $3 AND r.merged_into IS NULL AND ($4::uuid IS NULL OR r.id <> $4::uuid) LIMIT 1`,
        [partnershipId, kind, matchKey, exceptId ?? null],
      );
      return row;
    },

    /** Persons whose names are close (trigram similarity) or whose date of birth is the same. */
    async personCandidates(q: Queryable, partnershipId: string, text: string, dob: string | null, exceptId?: string): Promise<RecordRow[]> {
      return q.query<RecordRow>(
        `${recordSelect} WHERE r.partnership_id = $1 AND r.kind = 'person' AND r.merged_into IS NULL AND ($4::uuid IS NULL OR r.id <> $4::uuid)
           AND (similarity(r.search_text, $2) >= 0.2 OR word_similarity($2, r.search_text) >= 0.4 OR ($3::text IS NOT NULL AND r.attributes->>'dateOfBirth' = $3::text))
         ORDER BY similarity(r.search_text, $2) DESC LIMIT 50`,
        [partnershipId, text, dob, exceptId ?? null],
      );
    },

    async insert(q: Queryable, partnershipId: string, r: RecordInput, userId: string): Promise<string> {
      const [row] = await q.query<{ id: string }>(
        `INSERT INTO intel_records (partnership_id, kind, label, match_key, verified, attributes, district_id, source, source_agency_id, information_date, reliability, search_text, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [
          partnershipId,
          r.kind,
          r.label,
          r.matchKey,
          r.verified,
          JSON.stringify(r.attributes),
          r.districtId,
          r.source,
          r.sourceAgencyId,
          r.informationDate,
          r.reliability,
          r.searchText,
          userId,
        ],
      );
      return row!.id;
    },

    async update(q: Queryable, partnershipId: string, id: string, version: number, r: RecordInput): Promise<boolean> {
      const rows = await q.query<{ id: string }>(
        `UPDATE intel_records SET label = $4, match_key = $5, verified = $6, attributes = $7, district_id = $8, source = $9, source_agency_id = $10,
                information_date = $11, reliability = $12, search_text = $13, updated_at = now(), version = version + 1
          WHERE partnership_id = $1 AND id = $2 AND version = $3 RETURNING id`,
        [
          partnershipId,
          id,
          version,
          r.label,
          r.matchKey,
          r.verified,
          JSON.stringify(r.attributes),
          r.districtId,
          r.source,
          r.sourceAgencyId,
          r.informationDate,
          r.reliability,
          r.searchText,
        ],
      );
      return rows.length === 1;
    },

    async keepConflict(q: Queryable, partnershipId: string, recordType: string, id: string, userId: string, readVersion: number, submitted: unknown) {
      await keepEditConflict(q, partnershipId, recordType, id, userId, readVersion, submitted);
    },

    /** Records by text: a close name, an exact key (plate, number, handle, postcode), or a part of the searched text. */
    async search(q: Queryable, partnershipId: string, text: string, keys: string[], kind: string | null, limit = 50): Promise<RecordRow[]> {
      return q.query<RecordRow>(
        `${recordSelect} WHERE r.partnership_id = $1 AND r.merged_into IS NULL AND ($4::text IS NULL OR r.kind = $4)
           AND (r.match_key = ANY($3::text[]) OR r.attributes->>'postcode' = ANY($3::text[])
                OR ($2 <> '' AND ($2 <% r.search_text OR similarity(r.search_text, $2) >= 0.3 OR position($2 in r.search_text) > 0)))
         ORDER BY (r.match_key = ANY($3::text[])) DESC, CASE WHEN $2 = '' THEN 0 ELSE word_similarity($2, r.search_text) END DESC, r.label
         LIMIT $5`,
        [partnershipId, text, keys, kind, limit],
      );
    },

    async listByKind(q: Queryable, partnershipId: string, kind: string, limit = 200): Promise<RecordRow[]> {
      return q.query<RecordRow>(`${recordSelect} WHERE r.partnership_id = $1 AND r.kind = $2 AND r.merged_into IS NULL ORDER BY r.label LIMIT $3`, [
        partnershipId,
        kind,
        limit,
      ]);
    },

    async counts(q: Queryable, partnershipId: string): Promise<Record<string, number>> {
      const rows = await q.query<{ kind: string; n: number }>(
        `SELECT kind, count(*)::int AS n FROM intel_records WHERE partnership_id = $1 AND merged_into IS NULL GROUP BY kind`,
        [partnershipId],
      );
      return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
    },

    async locations(q: Queryable, partnershipId: string) {
      return q.query<{ id: string; label: string }>(
        `SELECT id, label FROM intel_records WHERE partnership_id = $1 AND kind = 'location' AND merged_into IS NULL ORDER BY label LIMIT 500`,
        [partnershipId],
      );
    },

    /** The links at one end (a child or a record), each with its other end named. */
    async linksOf(q: Queryable, partnershipId: string, endId: string): Promise<LinkRow[]> {
      return q.query<LinkRow>(
        `WITH l AS (
           SELECT l.*, CASE WHEN coalesce(l.a_child_id, l.a_record_id) = $2 THEN coalesce(l.b_child_id, l.b_record_id) ELSE coalesce(l.a_child_id, l.a_record_id) END AS other_id,
                  CASE WHEN coalesce(l.a_child_id, l.a_record_id) = $2 THEN (CASE WHEN l.b_child_id IS NULL THEN 'record' ELSE 'child' END) ELSE (CASE WHEN l.a_child_id IS NULL THEN 'record' ELSE 'child' END) END AS other_type
             FROM intel_links l
            WHERE l.partnership_id = $1 AND l.removed_at IS NULL AND (coalesce(l.a_child_id, l.a_record_id) = $2 OR coalesce(l.b_child_id, l.b_record_id) = $2))
         SELECT l.id, l.a_child_id, l.a_record_id, l.b_child_id, l.b_record_id, l.relation, l.first_seen_on, l.last_seen_on, l.source, l.source_agency_id,
                l.reliability, l.notes, l.created_at, l.version, u.display_name AS created_by_name, l.other_type, l.other_id,
                coalesce(r.label, c.first_name || ' ' || c.last_name) AS other_label, r.kind AS other_kind, c.reference AS other_reference, r.verified AS other_verified
           FROM l
           LEFT JOIN intel_records r ON l.other_type = 'record' AND r.partnership_id = $1 AND r.id = l.other_id
           LEFT JOIN children c ON l.other_type = 'child' AND c.partnership_id = $1 AND c.id = l.other_id
           LEFT JOIN users u ON u.partnership_id = $1 AND u.id = l.created_by
          ORDER BY l.created_at DESC`,
        [partnershipId, endId],
      );
    },

    async findLinkBetween(q: Queryable, partnershipId: string, a: string, b: string, relation: string, exceptId?: string): Promise<{ id: string } | undefined> {
      const [row] = await q.query<{ id: string }>(
        `SELECT id FROM intel_links WHERE partnership_id = $1 AND relation = $4 AND removed_at IS NULL AND ($5::uuid IS NULL OR id <> $5::uuid)
            AND least(coalesce(a_child_id, a_record_id), coalesce(b_child_id, b_record_id)) = least($2::uuid, $3::uuid)
            AND greatest(coalesce(a_child_id, a_record_id), coalesce(b_child_id, b_record_id)) = greatest($2::uuid, $3::uuid)`,
        [partnershipId, a, b, relation, exceptId ?? null],
      );
      return row;
    },

    async insertLink(q: Queryable, partnershipId: string, l: LinkInput, userId: string): Promise<string> {
      const [row] = await q.query<{ id: string }>(
        `INSERT INTO intel_links (partnership_id, a_child_id, a_record_id, b_child_id, b_record_id, relation, first_seen_on, last_seen_on, source, source_agency_id, reliability, notes, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [
          partnershipId,
          l.aChildId,
          l.aRecordId,
          l.bChildId,
          l.bRecordId,
          l.relation,
          l.firstSeenOn,
          l.lastSeenOn,
          l.source,
          l.sourceAgencyId,
          l.reliability,
          l.notes,
          userId,
        ],
      );
      return row!.id;
    },

    /** One link in force, by id. */
    async findLink(q: Queryable, partnershipId: string, id: string): Promise<StoredLink | undefined> {
      const [row] = await q.query<StoredLink>(
        `SELECT l.*, u.display_name AS created_by_name FROM intel_links l LEFT JOIN users u ON u.partnership_id = l.partnership_id AND u.id = l.created_by
          WHERE l.partnership_id = $1 AND l.id = $2 AND l.removed_at IS NULL`,
        [partnershipId, id],
      );
      return row;
    },

    /** Which partnership a link id belongs to, if any (to audit an attempt across partnerships). */
    async linkPartnershipOf(q: Queryable, id: string): Promise<string | undefined> {
      const [row] = await q.query<{ partnership_id: string }>(`SELECT partnership_id FROM intel_links WHERE id = $1`, [id]);
      return row?.partnership_id;
    },

    /** A new version of a link's details, naming the version read; false when it changed meanwhile. */
    async updateLink(
      q: Queryable,
      partnershipId: string,
      id: string,
      version: number,
      l: Pick<LinkInput, 'relation' | 'firstSeenOn' | 'lastSeenOn' | 'source' | 'sourceAgencyId' | 'reliability' | 'notes'>,
    ): Promise<boolean> {
      const rows = await q.query<{ id: string }>(
        `UPDATE intel_links SET relation = $4, first_seen_on = $5, last_seen_on = $6, source = $7, source_agency_id = $8, reliability = $9, notes = $10, updated_at = now(), version = version + 1
          WHERE partnership_id = $1 AND id = $2 AND version = $3 AND removed_at IS NULL RETURNING id`,
        [partnershipId, id, version, l.relation, l.firstSeenOn, l.lastSeenOn, l.source, l.sourceAgencyId, l.reliability, l.notes],
      );
      return rows.length === 1;
    },

    /** Removes a link from use, keeping its row (when, who, why) for the audit. */
    async removeLink(q: Queryable, partnershipId: string, id: string, version: number | null, reason: string, userId: string): Promise<boolean> {
      const rows = await q.query<{ id: string }>(
        `UPDATE intel_links SET removed_at = now(), removed_by = $4, removed_reason = $5, version = version + 1
          WHERE partnership_id = $1 AND id = $2 AND removed_at IS NULL AND ($3::int IS NULL OR version = $3::int) RETURNING id`,
        [partnershipId, id, version, userId, reason],
      );
      return rows.length === 1;
    },

    /** The links in force at a record, as stored (for a merge). */
    async storedLinksOf(q: Queryable, partnershipId: string, recordId: string): Promise<StoredLink[]> {
      return q.query<StoredLink>(
        `SELECT l.* FROM intel_links l WHERE l.partnership_id = $1 AND l.removed_at IS NULL AND (l.a_record_id = $2 OR l.b_record_id = $2) ORDER BY l.created_at`,
        [partnershipId, recordId],
      );
    },

    /** Moves one end of a link from one record to another. */
    async moveLinkEnd(q: Queryable, partnershipId: string, linkId: string, fromRecordId: string, toRecordId: string) {
      await q.query(
        `UPDATE intel_links SET a_record_id = CASE WHEN a_record_id = $3 THEN $4 ELSE a_record_id END,
                                b_record_id = CASE WHEN b_record_id = $3 THEN $4 ELSE b_record_id END, updated_at = now(), version = version + 1
          WHERE partnership_id = $1 AND id = $2`,
        [partnershipId, linkId, fromRecordId, toRecordId],
      );
    },

    /** Marks a record as merged into another (it stays, for the audit, but is no longer listed or matched). */
    async markMerged(q: Queryable, partnershipId: string, id: string, intoId: string, version: number, userId: string): Promise<boolean> {
      const rows = await q.query<{ id: string }>(
        `UPDATE intel_records SET merged_into = $3, merged_at = now(), merged_by = $5, updated_at = now(), version = version + 1
          WHERE partnership_id = $1 AND id = $2 AND version = $4 AND merged_into IS NULL RETURNING id`,
        [partnershipId, id, intoId, version, userId],
      );
      return rows.length === 1;
    },

    /** Adds the merged record's names as nicknames of the kept one, and bumps its version. */
    async absorbNames(q: Queryable, partnershipId: string, id: string, attributes: Record<string, unknown>, searchText: string) {
      await q.query(
        `UPDATE intel_records SET attributes = $3, search_text = $4, updated_at = now(), version = version + 1 WHERE partnership_id = $1 AND id = $2`,
        [partnershipId, id, JSON.stringify(attributes), searchText],
      );
    },
  };
}

/** A child's history table (events, trafficking concerns, investigations, missing episodes), as features/intelligence/history.ts describes it. */
export type HistoryTable = { table: string; locationColumn?: string; orderBy: string };

/** The SQL of a child's history tables: the table and column names come from the fixed list in history.ts, never from input. */
export function historyRepository() {
  return {
    rows: (q: Queryable, t: HistoryTable, partnershipId: string, childId: string) =>
      q.query<Record<string, unknown>>(
        `SELECT x.*, ${t.locationColumn ? `loc.label AS location_label,` : ''} u.display_name AS created_by_name FROM ${t.table} x
           ${t.locationColumn ? `LEFT JOIN intel_records loc ON loc.partnership_id = x.partnership_id AND loc.id = x.${t.locationColumn}` : ''}
           LEFT JOIN users u ON u.partnership_id = x.partnership_id AND u.id = x.created_by
          WHERE x.partnership_id = $1 AND x.child_id = $2 ORDER BY ${t.orderBy
            .split(', ')
            .map((o) => `x.${o}`)
            .join(', ')}`,
        [partnershipId, childId],
      ),

    async find(q: Queryable, t: HistoryTable, partnershipId: string, childId: string, id: string): Promise<Record<string, unknown> | undefined> {
      const [row] = await q.query<Record<string, unknown>>(`SELECT * FROM ${t.table} WHERE partnership_id = $1 AND child_id = $2 AND id = $3`, [
        partnershipId,
        childId,
        id,
      ]);
      return row;
    },

    async locationIds(q: Queryable, partnershipId: string): Promise<string[]> {
      const r = await q.query<{ id: string }>(`SELECT id FROM intel_records WHERE partnership_id = $1 AND kind = 'location'`, [partnershipId]);
      return r.map((x) => x.id);
    },

    async insert(q: Queryable, t: HistoryTable, partnershipId: string, childId: string, userId: string, columns: Record<string, unknown>): Promise<string> {
      const cols = Object.keys(columns);
      const [row] = await q.query<{ id: string }>(
        `INSERT INTO ${t.table} (partnership_id, child_id, created_by, ${cols.join(', ')}) VALUES ($1, $2, $3, ${cols.map((_, i) => `$${i + 4}`).join(', ')}) RETURNING id`,
        [partnershipId, childId, userId, ...cols.map((c) => columns[c])],
      );
      return row!.id;
    },

    /** False when the version read is no longer current. */
    async update(
      q: Queryable,
      t: HistoryTable,
      partnershipId: string,
      childId: string,
      id: string,
      version: number,
      columns: Record<string, unknown>,
    ): Promise<boolean> {
      const cols = Object.keys(columns);
      const saved = await q.query<{ id: string }>(
        `UPDATE ${t.table} SET ${cols.map((c, i) => `${c} = $${i + 5}`).join(', ')}, version = version + 1
          WHERE partnership_id = $1 AND child_id = $2 AND id = $3 AND version = $4 RETURNING id`,
        [partnershipId, childId, id, version, ...cols.map((c) => columns[c])],
      );
      return saved.length > 0;
    },

    async keepConflict(
      q: Queryable,
      partnershipId: string,
      recordType: string,
      id: string,
      userId: string,
      readVersion: number,
      submitted: unknown,
    ): Promise<void> {
      await keepEditConflict(q, partnershipId, recordType, id, userId, readVersion, submitted);
    },
  };
}
