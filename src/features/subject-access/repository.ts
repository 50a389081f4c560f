import type { Queryable } from '../../db/client.ts';

/** One row of what the partnership holds, as the database holds it (JSON values; no partnership id). */
export type HeldRow = Record<string, unknown>;

/**
 * The tables that hold rows about a child, found in the database itself (every table with a `child_id` column)
 * so that a table added later is never missed; the audit trail and the agenda's link table are read their own way.
 */
export async function childTables(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema() AND c.column_name = 'child_id'
        AND c.table_name NOT IN ('audit_events', 'agenda_item_children')
      ORDER BY c.table_name`,
  );
  return rows.map((r) => r.table_name).filter((t) => /^[a-z_]+$/.test(t));
}

/** Subject access (issue 16 item 13): read-only SQL over every feature's rows about one child of one partnership. */
export const subjectAccessRepository = {
  /** The child's rows of one table (bytes of a recording left out: the audio is supplied on its own). */
  async rowsOf(q: Queryable, table: string, partnershipId: string, childId: string): Promise<HeldRow[]> {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
    const rows = await q.query<{ row: HeldRow }>(
      `SELECT to_jsonb(t) - 'partnership_id' - 'data' - 'search_text' - 'search_keys' AS row FROM ${table} t
        WHERE t.partnership_id = $1 AND t.child_id = $2
        ORDER BY coalesce(to_jsonb(t)->>'created_at', to_jsonb(t)->>'occurred_at', to_jsonb(t)->>'at', ''), to_jsonb(t)::text`,
      [partnershipId, childId],
    );
    return rows.map((r) => r.row);
  },

  /** The child's record itself. */
  async child(q: Queryable, partnershipId: string, childId: string): Promise<HeldRow | undefined> {
    const [r] = await q.query<{ row: HeldRow }>(
      `SELECT to_jsonb(c) - 'partnership_id' - 'search_text' - 'search_keys' AS row FROM children c WHERE c.partnership_id = $1 AND c.id = $2`,
      [partnershipId, childId],
    );
    return r?.row;
  },

  /** The updates of the child's actions. */
  async actionUpdates(q: Queryable, partnershipId: string, childId: string): Promise<HeldRow[]> {
    const rows = await q.query<{ row: HeldRow }>(
      `SELECT to_jsonb(u) - 'partnership_id' AS row FROM action_updates u
         JOIN actions a ON a.partnership_id = u.partnership_id AND a.id = u.action_id
        WHERE u.partnership_id = $1 AND a.child_id = $2 ORDER BY u.at, u.id`,
      [partnershipId, childId],
    );
    return rows.map((r) => r.row);
  },

  /** The sessions of the child's CSE service programmes. */
  async cseSessions(q: Queryable, partnershipId: string, childId: string): Promise<HeldRow[]> {
    const rows = await q.query<{ row: HeldRow }>(
      `SELECT to_jsonb(s) - 'partnership_id' AS row FROM cse_sessions s
         JOIN cse_programmes c ON c.partnership_id = s.partnership_id AND c.id = s.programme_id
        WHERE s.partnership_id = $1 AND c.child_id = $2 ORDER BY s.held_on, s.id`,
      [partnershipId, childId],
    );
    return rows.map((r) => r.row);
  },

  /**
   * The meeting items that discussed the child, with the meeting's date and what each agency shared, and the
   * meeting's decisions (risk level, decisions, rationale, next review). The other children of a group item are
   * not named: only how many there were.
   */
  async meetingItems(q: Queryable, partnershipId: string, childId: string): Promise<{ item: HeldRow; contributions: HeldRow[] }[]> {
    const items = await q.query<{ row: HeldRow; id: string }>(
      `SELECT i.id, (to_jsonb(i) - 'partnership_id') || jsonb_build_object(
                'meeting_on', o.starts_at,
                'other_children_in_item', (SELECT count(*)::int FROM agenda_item_children x
                                            WHERE x.partnership_id = i.partnership_id AND x.item_id = i.id AND x.child_id <> $2)) AS row
         FROM agenda_item_children c
         JOIN agenda_items i ON i.partnership_id = c.partnership_id AND i.id = c.item_id
         JOIN meeting_occurrences o ON o.partnership_id = i.partnership_id AND o.id = i.occurrence_id
        WHERE c.partnership_id = $1 AND c.child_id = $2 ORDER BY o.starts_at, i.position`,
      [partnershipId, childId],
    );
    const out = [];
    for (const it of items) {
      const contributions = await q.query<{ row: HeldRow }>(
        `SELECT to_jsonb(k) - 'partnership_id' AS row FROM agenda_item_contributions k WHERE k.partnership_id = $1 AND k.item_id = $2 ORDER BY k.recorded_at, k.id`,
        [partnershipId, it.id],
      );
      out.push({ item: it.row, contributions: contributions.map((r) => r.row) });
    }
    return out;
  },

  /**
   * Intelligence that names the child: each link with the child at one end, and what is at the other end (a record's
   * kind, label, source and reliability). Another child at the other end is not named (their data is not the subject's).
   */
  async intelligence(q: Queryable, partnershipId: string, childId: string): Promise<HeldRow[]> {
    const rows = await q.query<{ row: HeldRow }>(
      `SELECT jsonb_build_object(
                'link_id', l.id, 'relation', l.relation, 'first_seen_on', l.first_seen_on, 'last_seen_on', l.last_seen_on,
                'source', l.source, 'source_agency_id', l.source_agency_id, 'reliability', l.reliability, 'notes', l.notes,
                'created_by', l.created_by, 'created_at', l.created_at,
                'other_end', CASE WHEN r.id IS NULL THEN 'another child (not disclosed)' ELSE r.kind || ': ' || r.label END,
                'other_end_attributes', r.attributes, 'other_end_source', r.source, 'other_end_reliability', r.reliability,
                'other_end_information_date', r.information_date) AS row
         FROM intel_links l
         LEFT JOIN intel_records r ON r.partnership_id = l.partnership_id
              AND r.id = CASE WHEN l.a_child_id = $2 THEN l.b_record_id ELSE l.a_record_id END
        WHERE l.partnership_id = $1 AND (l.a_child_id = $2 OR l.b_child_id = $2)
        ORDER BY l.created_at, l.id`,
      [partnershipId, childId],
    );
    return rows.map((r) => r.row);
  },

  /** Staff of the partnership by id, so that a copy says who rather than an id. */
  async staffNames(q: Queryable, partnershipId: string): Promise<Map<string, string>> {
    const rows = await q.query<{ id: string; display_name: string }>(`SELECT id, display_name FROM users WHERE partnership_id = $1`, [partnershipId]);
    return new Map(rows.map((r) => [r.id, r.display_name]));
  },
};
