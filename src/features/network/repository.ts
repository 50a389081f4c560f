import type { RiskLevel } from '../../domain/risk/levels.ts';
import { prepared, type Prepared, type Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';

/** A link as the network reads it: its two ends (a child or a record), what it says and where it came from. */
export type LinkRow = {
  id: string;
  a: string;
  a_is_child: boolean;
  b: string;
  b_is_child: boolean;
  relation: string;
  first_seen_on: string | null;
  last_seen_on: string | null;
  recorded_on: string;
  source: string;
  source_agency_id: string | null;
  reliability: string;
  notes: string | null;
};

export type RecordRow = {
  id: string;
  kind: string;
  label: string;
  attributes: Record<string, unknown>;
  district_id: string | null;
  information_date: string;
  source: string;
  source_agency_id: string | null;
  reliability: string;
  verified: boolean;
};

type WalkNode = {
  id: string;
  depth: number;
  is_child: boolean;
  reference: string | null;
  first_name: string | null;
  last_name: string | null;
  kind: string | null;
  label: string | null;
  attributes: Record<string, unknown> | null;
};
type WalkLink = Omit<LinkRow, 'a_is_child' | 'b_is_child' | 'notes'>;

export type ChildNodeRow = { id: string; reference: string; first_name: string; last_name: string; district_id: string | null; date_of_birth: string | null };

/** With every kind asked for, the walk need not look at each record's kind. */
const allKinds = 6;

const linkColumns = `
  l.id, coalesce(l.a_child_id, l.a_record_id) AS a, (l.a_child_id IS NOT NULL) AS a_is_child,
  coalesce(l.b_child_id, l.b_record_id) AS b, (l.b_child_id IS NOT NULL) AS b_is_child,
  l.relation, l.first_seen_on, l.last_seen_on, (l.created_at AT TIME ZONE 'Europe/London')::date::text AS recorded_on,
  l.source, l.source_agency_id, l.reliability, l.notes`;

/**
 * DOMAIN §6 (filters/linkInPeriod): a link is in the period when it was last seen on or after its start; an
 * undated link by the day it was recorded; a link first seen and not yet last seen is open, so always in.
 */
// Links removed from use (intel_links.removed_at, migration 019) are kept for the audit but never drawn or counted.
const inPeriod = (param: string) => `l.removed_at IS NULL AND (${param}::date IS NULL OR coalesce(l.last_seen_on,
  CASE WHEN l.first_seen_on IS NULL THEN (l.created_at AT TIME ZONE 'Europe/London')::date END, 'infinity'::date) >= ${param}::date)`;

/**
 * Many rows as one: the embedded database hands over one row of JSON far quicker than thousands of rows (and the
 * server is no slower). Dates come as ISO text, as the client returns them anyway.
 */
async function rowsOf<T>(q: Queryable, sql: string, params: unknown[]): Promise<T[]> {
  const [row] = await q.query<{ j: T[] | null }>(`SELECT json_agg(t) AS j FROM (${sql}) t`, params);
  return row?.j ?? [];
}

const linkEnd = (side: 'a' | 'b') => `coalesce(l.${side}_child_id, l.${side}_record_id)`;

/** What the table shows of a link (and its two ends), as [expression, name]. */
const shownParts = [
  ['l.id', 'id'],
  [linkEnd('a'), 'a'],
  [linkEnd('b'), 'b'],
  ['l.relation', 'relation'],
  ['l.first_seen_on', 'first_seen_on'],
  ['l.last_seen_on', 'last_seen_on'],
  ["(l.created_at AT TIME ZONE 'Europe/London')::date", 'recorded_on'],
  ['l.source', 'source'],
  ['l.source_agency_id', 'source_agency_id'],
  ['l.reliability', 'reliability'],
] as const;
const shownColumns = shownParts.map(([e, n]) => `${e} AS ${n}`).join(', ');
const shownArray = (prefix: string) => `json_build_array(${shownParts.map(([, n]) => prefix + n).join(', ')})`;

/** A record of the kinds asked ($3, null for every kind), by its id expression. */
const ofKindsAsked = (id: string) =>
  `($3::text[] IS NULL OR EXISTS (SELECT 1 FROM intel_records r WHERE r.partnership_id = $1 AND r.id = ${id} AND r.kind = ANY($3::text[])))`;

/** The links in the period ($4) touching the nodes of `frontier` (an array), each once per end it touches, with its far end. */
const linksTouchingSql = (frontier: string) => `
  SELECT ${shownColumns}, ${linkEnd('b')} AS other, l.b_child_id IS NOT NULL AS other_is_child FROM intel_links l
   WHERE l.partnership_id = $1 AND ${linkEnd('a')} = ANY(${frontier}) AND ${inPeriod('$4')}
  UNION ALL
  SELECT ${shownColumns}, ${linkEnd('a')}, l.a_child_id IS NOT NULL FROM intel_links l
   WHERE l.partnership_id = $1 AND ${linkEnd('b')} = ANY(${frontier}) AND ${inPeriod('$4')}`;

/** The nodes of `kept` (id, is_child, depth) as one JSON array, each node's details by its key (a correlated look-up: the planner cannot misjudge it into a scan). */
const keptNodesJson = `(SELECT json_agg(CASE WHEN k.is_child
    THEN (SELECT json_build_array(k.id, k.depth, true, c.reference, c.first_name, c.last_name) FROM children c WHERE c.partnership_id = $1 AND c.id = k.id)
    ELSE (SELECT json_build_array(k.id, k.depth, false, r.kind, r.label, r.attributes) FROM intel_records r WHERE r.partnership_id = $1 AND r.id = k.id) END
  ) FROM kept k)`;

/**
 * The answer of a walk from the CTEs `reached` (every node with its depth), `kept` (those shown) and `shown` (the
 * links drawn): one row of JSON arrays, the least for the embedded database to build and hand over.
 */
const networkAnswer = `
  SELECT (SELECT count(*)::int FROM reached) AS reached, ${keptNodesJson} AS nodes,
         (SELECT json_agg(${shownArray('')}) FROM shown) AS links`;

const walkSqls = new Map<number, Prepared>();
/**
 * The walk to `depth` as one statement, a level at a time: the links touching the nodes found at level k (l_k), the
 * nodes they reach first at level k + 1 (n_k+1, of the kinds asked). $1 partnership, $2 seed children, $3 kinds
 * (null: every kind), $4 period start (null: any time), $5 cap.
 */
function walkSql(depth: number): Prepared {
  const cached = walkSqls.get(depth);
  if (cached) return cached;
  const ctes = ['n0 AS (SELECT DISTINCT s.id, true AS is_child FROM unnest($2::uuid[]) AS s(id))'];
  for (let k = 0; k < depth; k++) {
    const frontier = k === 0 ? '$2::uuid[]' : `ARRAY(SELECT id FROM n${k})`;
    const seen = Array.from({ length: k + 1 }, (_, j) => `SELECT id FROM n${j}`).join(' UNION ALL ');
    ctes.push(
      `l${k} AS (${linksTouchingSql(frontier)})`,
      `n${k + 1} AS (SELECT x.other AS id, bool_or(x.other_is_child) AS is_child FROM l${k} x WHERE x.other NOT IN (${seen})
         GROUP BY x.other HAVING bool_or(x.other_is_child) OR ${ofKindsAsked('x.other')})`,
    );
  }
  const levels = Array.from({ length: depth + 1 }, (_, k) => `SELECT id, is_child, ${k} AS depth FROM n${k}`).join(' UNION ALL ');
  const followed = Array.from({ length: depth }, (_, k) => `SELECT * FROM l${k}`).join(' UNION ALL ');
  ctes.push(
    `reached AS (${levels})`,
    'kept AS (SELECT * FROM reached ORDER BY depth, id LIMIT $5)',
    // The links the walk followed (from nodes nearer than the depth) between nodes kept.
    `shown AS (SELECT f.* FROM (${followed}) f WHERE f.a IN (SELECT id FROM kept) AND f.b IN (SELECT id FROM kept))`,
  );
  // Prepared: the embedded database takes longer to plan this statement than to run it.
  const sql = prepared(`network_walk_${depth}`, `WITH ${ctes.join(',\n')}${networkAnswer}`);
  walkSqls.set(depth, sql);
  return sql;
}

/** A view's audit entry with the children it shows (repository auditView), prepared: every network page writes it. */
const auditViewSql = prepared(
  'network_audit_view',
  `INSERT INTO audit_events (partnership_id, actor_user_id, actor_roles, actor_agency_id, action, outcome, subject_type, subject_id, child_id, ip, details, children_shown)
   VALUES ($1, $2, $3, $4, $5, 'allowed', $6, $7, $8, $9, $10, $11)`,
);

/** What a network shows of its nodes (repository nodes), prepared. */
const nodesSql = prepared(
  'network_nodes',
  `WITH kept AS (SELECT * FROM unnest($2::uuid[], $3::boolean[], $4::int[]) AS k(id, is_child, depth)) SELECT 0 AS reached, ${keptNodesJson} AS nodes, NULL AS links`,
);

type RawNetwork = { reached: number; nodes: (unknown[] | null)[] | null; links: unknown[][] | null };
/** Links' ends, column by column: ids, the two ends, whether each is a child ('1') or a record ('0'), and where each row lies. */
type LinkEnds = { ids: string[]; a: string[]; aIsChild: string; b: string[]; bIsChild: string; places: string[] };
export type WalkResult = { reached: number; nodes: WalkNode[]; links: WalkLink[] };

/** The JSON arrays of networkAnswer as nodes and links. */
function fromRaw(row: RawNetwork | undefined): WalkResult {
  const nodes: WalkNode[] = [];
  for (const n of row?.nodes ?? []) {
    if (!n) continue; // a node whose record has gone since the walk read it
    const [id, depth, isChild, x, y, z] = n as [string, number, boolean, string, string, unknown];
    nodes.push(
      isChild
        ? { id, depth, is_child: true, reference: x, first_name: y, last_name: z as string, kind: null, label: null, attributes: null }
        : {
            id,
            depth,
            is_child: false,
            reference: null,
            first_name: null,
            last_name: null,
            kind: x,
            label: y,
            attributes: (z ?? {}) as Record<string, unknown>,
          },
    );
  }
  // A link the walk followed from both its ends comes twice: once here. Sorted here, not by the database: quicker.
  const seen = new Set<string>();
  const links: WalkLink[] = [];
  for (const l of row?.links ?? []) {
    const [id, a, b, relation, first_seen_on, last_seen_on, recorded_on, source, source_agency_id, reliability] = l as string[];
    if (seen.has(id!)) continue;
    seen.add(id!);
    links.push({
      id: id!,
      a: a!,
      b: b!,
      relation: relation!,
      first_seen_on: first_seen_on ?? null,
      last_seen_on: last_seen_on ?? null,
      recorded_on: recorded_on!,
      source: source!,
      source_agency_id: source_agency_id ?? null,
      reliability: reliability!,
    });
  }
  const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  nodes.sort((x, y) => x.depth - y.depth || byText(x.id, y.id));
  links.sort((x, y) => byText(x.relation, y.relation) || byText(x.id, y.id));
  return { reached: row?.reached ?? 0, nodes, links };
}

/** All SQL of the network, the locations map, the panel pack and "not yet referred". Every query is within one partnership. */
export function networkRepository() {
  return {
    /** Links touching any of `ids` (either end), within the period. */
    async linksTouching(q: Queryable, partnershipId: string, ids: string[], from: string | undefined): Promise<LinkRow[]> {
      if (!ids.length) return [];
      return rowsOf<LinkRow>(
        q,
        `SELECT ${linkColumns} FROM intel_links l
          WHERE l.partnership_id = $1
            AND (coalesce(l.a_child_id, l.a_record_id) = ANY($2::uuid[]) OR coalesce(l.b_child_id, l.b_record_id) = ANY($2::uuid[]))
            AND ${inPeriod('$3')}`,
        [partnershipId, ids, from ?? null],
      );
    },

    /**
     * DOMAIN §6: the walk from the seed children to `depth` over links in the period, through records of the kinds
     * asked (children always), level by level, each link read once (walkSql): the nodes nearest first (at most
     * `cap`), how many were reached, and the links the walk followed between nodes kept.
     */
    async walk(
      q: Queryable,
      partnershipId: string,
      seedChildren: string[],
      depth: number,
      kinds: string[],
      from: string | undefined,
      cap: number,
    ): Promise<WalkResult> {
      const [row] = await q.query<RawNetwork>(walkSql(depth), [partnershipId, seedChildren, kinds.length >= allKinds ? null : kinds, from ?? null, cap]);
      return fromRaw(row);
    },

    /** The children of a district, and the records placed in it (of the kinds asked, dated within the period); ids as text, split here (quicker than arrays). */
    async districtSeeds(q: Queryable, partnershipId: string, districtId: string, kinds: string[], from: string | undefined) {
      const [row] = await q.query<{ children: string | null; records: string | null }>(
        `SELECT (SELECT string_agg(id::text, ',') FROM children WHERE partnership_id = $1 AND district_id = $2) AS children,
                (SELECT string_agg(id::text, ',') FROM intel_records WHERE partnership_id = $1 AND district_id = $2 AND merged_into IS NULL AND kind = ANY($3::text[])
                    AND ($4::date IS NULL OR information_date >= $4::date)) AS records`,
        [partnershipId, districtId, kinds, from ?? null],
      );
      return { children: row?.children ? row.children.split(',') : [], records: row?.records ? row.records.split(',') : [] };
    },

    /**
     * Only the ends of the links touching any of `ids` (a district's fifteen thousand links: the least to carry), and
     * where each row lies (to read again the few shown), column by column as strings: the embedded database hands
     * over one row of text far quicker than thousands of rows, and JavaScript splits it quicker than it parses JSON.
     */
    async linkEndsTouching(q: Queryable, partnershipId: string, ids: string[], from: string | undefined): Promise<LinkEnds> {
      const none: LinkEnds = { ids: [], a: [], aIsChild: '', b: [], bIsChild: '', places: [] };
      if (!ids.length) return none;
      const [row] = await q.query<{ ids: string | null; a: string; ac: string; b: string; bc: string; places: string }>(
        `SELECT string_agg(l.id::text, ',') AS ids, string_agg(${linkEnd('a')}::text, ',') AS a, string_agg((l.a_child_id IS NOT NULL)::int::text, '') AS ac,
                string_agg(${linkEnd('b')}::text, ',') AS b, string_agg((l.b_child_id IS NOT NULL)::int::text, '') AS bc, string_agg(l.ctid::text, ';') AS places
           FROM intel_links l
          WHERE l.partnership_id = $1 AND (${linkEnd('a')} = ANY($2::uuid[]) OR ${linkEnd('b')} = ANY($2::uuid[])) AND ${inPeriod('$3')}`,
        [partnershipId, ids, from ?? null],
      );
      if (!row?.ids) return none;
      return { ids: row.ids.split(','), a: row.a.split(','), aIsChild: row.ac, b: row.b.split(','), bIsChild: row.bc, places: row.places.split(';') };
    },

    /**
     * What the table shows of links just read by linkEndsTouching in the same transaction, found again by where their
     * rows lie (no index to search), ids checked.
     */
    async linksAt(q: Queryable, partnershipId: string, found: { id: string; place: string }[]): Promise<WalkResult['links']> {
      if (!found.length) return [];
      const [row] = await q.query<RawNetwork>(
        `SELECT 0 AS reached, NULL AS nodes, json_agg(${shownArray('x.')}) AS links
           FROM (SELECT ${shownColumns} FROM intel_links l WHERE l.ctid = ANY($2::tid[]) AND l.partnership_id = $1 AND l.id::text = ANY($3::text[]) AND l.removed_at IS NULL) x`,
        [partnershipId, found.map((f) => f.place), found.map((f) => f.id)],
      );
      return fromRaw(row).links;
    },

    /** The kinds of some records (to filter a network's nodes by kind). */
    async kindsOf(q: Queryable, partnershipId: string, ids: string[]): Promise<Map<string, string>> {
      if (!ids.length) return new Map();
      const rows = await q.query<{ id: string; kind: string }>(`SELECT id, kind FROM intel_records WHERE partnership_id = $1 AND id = ANY($2::uuid[])`, [
        partnershipId,
        ids,
      ]);
      return new Map(rows.map((r) => [r.id, r.kind]));
    },

    /** What a network shows of some nodes, each with its depth (as networkAnswer). */
    async nodes(q: Queryable, partnershipId: string, nodes: { id: string; isChild: boolean; depth: number }[]): Promise<WalkResult['nodes']> {
      if (!nodes.length) return [];
      const [row] = await q.query<RawNetwork>(nodesSql, [partnershipId, nodes.map((n) => n.id), nodes.map((n) => n.isChild), nodes.map((n) => n.depth)]);
      return fromRaw(row).nodes;
    },

    /** Each child's current risk level, as its identity bar shows it: the judged level of its newest assessment or review. */
    async riskLevels(q: Queryable, partnershipId: string, childIds: string[]): Promise<Map<string, RiskLevel>> {
      if (!childIds.length) return new Map();
      const rows = await rowsOf<{ child_id: string; level: RiskLevel }>(
        q,
        `SELECT DISTINCT ON (child_id) child_id, level FROM (
           SELECT a.child_id, a.completed_on AS on_date, a.submitted_at AS at, a.judged_level AS level
             FROM assessments a
            WHERE a.partnership_id = $1 AND a.child_id = ANY($2::uuid[]) AND a.status = 'submitted' AND a.superseded_at IS NULL AND a.judged_level IS NOT NULL
           UNION ALL
           SELECT r.child_id, r.reviewed_on, r.created_at, r.risk_level
             FROM assessment_reviews r WHERE r.partnership_id = $1 AND r.child_id = ANY($2::uuid[]) AND r.risk_level IS NOT NULL
         ) x ORDER BY child_id, on_date DESC, at DESC`,
        [partnershipId, childIds],
      );
      return new Map(rows.map((r) => [r.child_id, r.level]));
    },

    async records(q: Queryable, partnershipId: string, ids: string[]): Promise<RecordRow[]> {
      if (!ids.length) return [];
      return rowsOf<RecordRow>(
        q,
        `SELECT id, kind, label, attributes, district_id, information_date::text AS information_date, source, source_agency_id, reliability, verified
           FROM intel_records WHERE partnership_id = $1 AND id = ANY($2::uuid[])`,
        [partnershipId, ids],
      );
    },

    async children(q: Queryable, partnershipId: string, ids: string[]): Promise<ChildNodeRow[]> {
      if (!ids.length) return [];
      return rowsOf<ChildNodeRow>(
        q,
        `SELECT id, reference, first_name, last_name, district_id, date_of_birth::text AS date_of_birth FROM children WHERE partnership_id = $1 AND id = ANY($2::uuid[])`,
        [partnershipId, ids],
      );
    },

    /** A meeting occurrence of the partnership, and the children on its agenda (every item's children). */
    async occurrence(q: Queryable, partnershipId: string, occurrenceId: string) {
      const [occ] = await q.query<{ id: string; starts_at: Date; series_name: string | null }>(
        `SELECT o.id, o.starts_at, s.name AS series_name FROM meeting_occurrences o
           LEFT JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
          WHERE o.partnership_id = $1 AND o.id = $2`,
        [partnershipId, occurrenceId],
      );
      if (!occ) return undefined;
      const children = await q.query<{ child_id: string }>(
        `SELECT DISTINCT c.child_id FROM agenda_item_children c
           JOIN agenda_items i ON i.partnership_id = c.partnership_id AND i.id = c.item_id
          WHERE c.partnership_id = $1 AND i.occurrence_id = $2`,
        [partnershipId, occurrenceId],
      );
      return { ...occ, childIds: children.map((c) => c.child_id) };
    },

    /** Which partnership an occurrence belongs to (to audit a look-up across partnerships). */
    async occurrenceOwner(q: Queryable, occurrenceId: string): Promise<string | undefined> {
      const [row] = await q.query<{ partnership_id: string }>(`SELECT partnership_id FROM meeting_occurrences WHERE id = $1`, [occurrenceId]);
      return row?.partnership_id;
    },

    /**
     * Links between a child and a record of a connecting kind, and between two children (for grouping), within
     * the period; optionally only those of some children.
     */
    async groupingLinks(q: Queryable, partnershipId: string, from: string | undefined, childIds?: string[]) {
      return q.query<{ a: string; a_kind: string; b: string; b_kind: string; relation: string }>(
        `SELECT coalesce(l.a_child_id, l.a_record_id) AS a, CASE WHEN l.a_child_id IS NOT NULL THEN 'child' ELSE ra.kind END AS a_kind,
                coalesce(l.b_child_id, l.b_record_id) AS b, CASE WHEN l.b_child_id IS NOT NULL THEN 'child' ELSE rb.kind END AS b_kind,
                l.relation
           FROM intel_links l
           LEFT JOIN intel_records ra ON ra.partnership_id = l.partnership_id AND ra.id = l.a_record_id
           LEFT JOIN intel_records rb ON rb.partnership_id = l.partnership_id AND rb.id = l.b_record_id
          WHERE l.partnership_id = $1 AND (l.a_child_id IS NOT NULL OR l.b_child_id IS NOT NULL)
            AND ${inPeriod('$2')}
            AND ($3::uuid[] IS NULL OR l.a_child_id = ANY($3::uuid[]) OR l.b_child_id = ANY($3::uuid[]))`,
        [partnershipId, from ?? null, childIds ?? null],
      );
    },

    /** Locations (with or without coordinates), optionally of one district, with the links that reach them in the period. */
    async locations(q: Queryable, partnershipId: string, districtId: string | undefined, from: string | undefined) {
      const locations = await q.query<RecordRow>(
        `SELECT id, kind, label, attributes, district_id, information_date::text AS information_date, source, source_agency_id, reliability, verified
           FROM intel_records WHERE partnership_id = $1 AND kind = 'location' AND ($2::text IS NULL OR district_id = $2)
          ORDER BY label, id`,
        [partnershipId, districtId ?? null],
      );
      const links = await this.linksTouching(
        q,
        partnershipId,
        locations.map((l) => l.id),
        from,
      );
      return { locations, links };
    },

    // ---- The panel pack (DOMAIN §6, 000 step 3) ---------------------------------------------------------------------

    async missingEpisodes(q: Queryable, partnershipId: string, childId: string) {
      return q.query<{
        id: string;
        went_missing_on: string;
        returned_on: string | null;
        started_at: Date | null;
        ended_at: Date | null;
        found_at_text: string | null;
        found_location_label: string | null;
        found_location_record_id: string | null;
        with_whom: string | null;
        reported_by: string | null;
        return_interview: string | null;
        return_interview_on: string | null;
        exploitation_concern: boolean;
        notes: string | null;
      }>(
        `SELECT m.id, m.went_missing_on::text, m.returned_on::text, m.started_at, m.ended_at, m.found_at_text, r.label AS found_location_label,
                m.found_location_record_id, m.with_whom, m.reported_by, m.return_interview, m.return_interview_on::text, m.exploitation_concern, m.notes
           FROM missing_episodes m
           LEFT JOIN intel_records r ON r.partnership_id = m.partnership_id AND r.id = m.found_location_record_id
          WHERE m.partnership_id = $1 AND m.child_id = $2 ORDER BY m.went_missing_on DESC, m.created_at DESC`,
        [partnershipId, childId],
      );
    },

    async events(q: Queryable, partnershipId: string, childId: string) {
      return q.query<{
        id: string;
        occurred_at: Date;
        kind: string;
        summary: string;
        location_label: string | null;
        location_record_id: string | null;
        source: string;
        source_agency_id: string | null;
        reliability: string;
      }>(
        `SELECT e.id, e.occurred_at, e.kind, e.summary, r.label AS location_label, e.location_record_id, e.source, e.source_agency_id, e.reliability
           FROM child_events e LEFT JOIN intel_records r ON r.partnership_id = e.partnership_id AND r.id = e.location_record_id
          WHERE e.partnership_id = $1 AND e.child_id = $2 ORDER BY e.occurred_at DESC`,
        [partnershipId, childId],
      );
    },

    async trafficking(q: Queryable, partnershipId: string, childId: string) {
      return q.query<{
        id: string;
        concern: string;
        nrm_status: string;
        nrm_referred_on: string | null;
        nrm_decision_on: string | null;
        recorded_on: string;
        recorded_by: string | null;
      }>(
        `SELECT t.id, t.concern, t.nrm_status, t.nrm_referred_on::text, t.nrm_decision_on::text, t.recorded_on::text, u.display_name AS recorded_by
           FROM trafficking_concerns t LEFT JOIN users u ON u.partnership_id = t.partnership_id AND u.id = t.created_by
          WHERE t.partnership_id = $1 AND t.child_id = $2 ORDER BY t.recorded_on DESC`,
        [partnershipId, childId],
      );
    },

    async investigations(q: Queryable, partnershipId: string, childId: string) {
      return q.query<{
        id: string;
        kind: string;
        reference: string | null;
        agency_id: string | null;
        started_on: string;
        outcome: string | null;
        outcome_on: string | null;
        disclosure: string | null;
        notes: string | null;
      }>(
        `SELECT id, kind, reference, agency_id, started_on::text, outcome, outcome_on::text, disclosure, notes
           FROM investigations WHERE partnership_id = $1 AND child_id = $2 ORDER BY started_on DESC`,
        [partnershipId, childId],
      );
    },

    async aliases(q: Queryable, partnershipId: string, childId: string) {
      return q.query<{ alias: string; kind: string }>(`SELECT alias, kind FROM child_aliases WHERE partnership_id = $1 AND child_id = $2 ORDER BY created_at`, [
        partnershipId,
        childId,
      ]);
    },

    // ---- Not yet referred ------------------------------------------------------------------------------------------

    /**
     * Children who might be missed, before the rule is applied (domain/network/not-yet-referred): those with
     * `minMissing` or more episodes since `since`, or linked (at any time) to a person or a location, with their
     * latest submitted assessment date and whether a panel referral is open. Children with a current assessment or
     * an open referral are left out here already, and so are closed records (issue 14: a closed record asks nothing).
     */
    async notYetReferredCandidates(q: Queryable, partnershipId: string, since: string, minMissing: number, assessedAfter: string) {
      return q.query<ChildNodeRow & { missing_dates: string[]; last_assessed_on: string | null }>(
        `WITH missing AS (
           SELECT child_id FROM missing_episodes WHERE partnership_id = $1 AND went_missing_on > $2::date
            GROUP BY child_id HAVING count(*) >= $3
         ), linked AS (
           SELECT DISTINCT coalesce(l.a_child_id, l.b_child_id) AS child_id FROM intel_links l
             JOIN intel_records r ON r.partnership_id = l.partnership_id AND r.id = coalesce(l.a_record_id, l.b_record_id)
            WHERE l.partnership_id = $1 AND l.removed_at IS NULL AND (l.a_child_id IS NULL) <> (l.b_child_id IS NULL) AND r.kind IN ('person', 'location')
         ), candidates AS (SELECT child_id FROM missing UNION SELECT child_id FROM linked)
         SELECT c.id, c.reference, c.first_name, c.last_name, c.district_id, c.date_of_birth::text AS date_of_birth,
                coalesce((SELECT array_agg(m.went_missing_on::text ORDER BY m.went_missing_on) FROM missing_episodes m
                           WHERE m.partnership_id = c.partnership_id AND m.child_id = c.id AND m.went_missing_on > $2::date), '{}') AS missing_dates,
                (SELECT max(a.completed_on)::text FROM assessments a
                  WHERE a.partnership_id = c.partnership_id AND a.child_id = c.id AND a.status = 'submitted' AND a.superseded_at IS NULL) AS last_assessed_on
           FROM candidates k JOIN children c ON c.partnership_id = $1 AND c.id = k.child_id
          WHERE c.closed_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM panel_referrals p WHERE p.partnership_id = c.partnership_id AND p.child_id = c.id AND p.status <> 'closed')
            AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.partnership_id = c.partnership_id AND a.child_id = c.id
                              AND a.status = 'submitted' AND a.completed_on > $4::date)
          ORDER BY c.last_name, c.first_name, c.id`,
        [partnershipId, since, minMissing, assessedAfter],
      );
    },

    /** The persons and locations each of these children is linked to directly (with the link's relation). */
    async concernLinks(q: Queryable, partnershipId: string, childIds: string[]) {
      if (!childIds.length) return [];
      return q.query<{ child_id: string; relation: string; record_id: string; kind: string; label: string; attributes: Record<string, unknown> }>(
        `SELECT coalesce(l.a_child_id, l.b_child_id) AS child_id, l.relation, r.id AS record_id, r.kind, r.label, r.attributes
           FROM intel_links l JOIN intel_records r ON r.partnership_id = l.partnership_id AND r.id = coalesce(l.a_record_id, l.b_record_id)
          WHERE l.partnership_id = $1 AND l.removed_at IS NULL AND (l.a_child_id = ANY($2::uuid[]) OR l.b_child_id = ANY($2::uuid[]))
            AND (l.a_child_id IS NULL) <> (l.b_child_id IS NULL) AND r.kind IN ('person', 'location')
          ORDER BY r.label, r.id`,
        [partnershipId, childIds],
      );
    },

    // ---- Audit -----------------------------------------------------------------------------------------------------

    /**
     * A view's audit entry (DOMAIN §7: every view of a child is accountable): its subject, `details`, and every other
     * child it shows, named in one entry that each of those children's audit trail finds (migration 021).
     */
    async auditView(
      q: Queryable,
      actor: Actor,
      action: string,
      subject: { type: string; id: string; childId?: string },
      details: Record<string, unknown>,
      childrenShown: string[],
    ) {
      await q.query(auditViewSql, [
        actor.partnershipId,
        actor.userId,
        actor.roles.join(','),
        actor.agencyId,
        action,
        subject.type,
        subject.id,
        subject.childId ?? null,
        actor.ip ?? null,
        JSON.stringify(details),
        childrenShown,
      ]);
    },
  };
}
