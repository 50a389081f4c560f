import type { Queryable } from '../../db/client.ts';
import type { SmartAction, ActionScope } from '../../domain/actions/rules.ts';
import { keepEditConflict } from '../../platform/edit-conflicts.ts';

export type ActionRow = {
  partnership_id: string;
  id: string;
  child_id: string | null;
  meeting_series_id: string | null;
  meeting_occurrence_id: string | null;
  carried_forward_to_occurrence_id: string | null;
  what: string;
  kind: string;
  toolkit_item: string | null;
  owner_user_id: string | null;
  owner_team: string | null;
  owner_agency_id: string;
  measure: string;
  agreed_by: string;
  due_on: string;
  status: string;
  completion_evidence: string | null;
  not_completed_reason: string | null;
  completed_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  version: number;
  owner_name: string | null;
  created_by_name: string | null;
  child_reference: string | null;
  child_first_name: string | null;
  child_last_name: string | null;
};

type UpdateRow = { id: string; at: Date; author_user_id: string; author_name: string; body: string; status_from: string | null; status_to: string | null };

export type ActionFilter = {
  owner: 'me' | 'anyone';
  agency: string;
  status: 'open' | 'in-progress' | 'done' | 'cancelled' | 'all';
  overdue: boolean;
  sort: 'due' | 'what' | 'owner' | 'agency' | 'status' | 'child';
  order: 'asc' | 'desc';
  page: number;
  /** Narrowing by series (the meetings feature and the list's series filter), by child (the child's page). */
  seriesId?: string;
  /** One owner (the overdue summary's link per owner); `owner: 'me'` is the same for oneself. */
  ownerUserId?: string;
  childId?: string;
};

const select = `SELECT a.*, COALESCE(u.display_name, a.owner_team) AS owner_name, cb.display_name AS created_by_name,
       c.reference AS child_reference, c.first_name AS child_first_name, c.last_name AS child_last_name
  FROM actions a
  LEFT JOIN users u ON u.partnership_id = a.partnership_id AND u.id = a.owner_user_id
  LEFT JOIN users cb ON cb.partnership_id = a.partnership_id AND cb.id = a.created_by
  LEFT JOIN children c ON c.partnership_id = a.partnership_id AND c.id = a.child_id`;

const orderBy: Record<ActionFilter['sort'], string> = {
  due: 'a.due_on',
  what: 'lower(a.what)',
  owner: 'lower(COALESCE(u.display_name, a.owner_team))',
  agency: 'a.owner_agency_id',
  status: `array_position(ARRAY['open','in-progress','done','cancelled'], a.status)`,
  child: 'c.reference',
};

/**
 * The reader's need to know (`actionScope` in domain/actions): their agency's actions and those they own, or every
 * action. Its parameters are numbered from `from`.
 */
function scopeSql(scope: ActionScope, from: number): { sql: string; params: unknown[] } {
  if (scope.all) return { sql: 'TRUE', params: [] };
  return { sql: `(a.owner_agency_id = $${from} OR a.owner_user_id = $${from + 1})`, params: [scope.agencyId, scope.userId] };
}

/** All SQL for actions; every query filters by partnership, and what a reader sees by their scope. */
export function actionRepository() {
  function where(partnershipId: string, userId: string, today: string, f: Partial<ActionFilter>, scope: ActionScope = { all: true }) {
    const conds = ['a.partnership_id = $1'];
    const params: unknown[] = [partnershipId];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      conds.push(sql.replace('?', `$${params.length}`));
    };
    const s = scopeSql(scope, 2);
    if (!scope.all) {
      conds.push(s.sql);
      params.push(...s.params);
    }
    if (f.owner === 'me') add('a.owner_user_id = ?', userId);
    else if (f.ownerUserId) add('a.owner_user_id = ?', f.ownerUserId);
    if (f.agency) add('a.owner_agency_id = ?', f.agency);
    if (f.status === 'open') conds.push(`a.status IN ('open', 'in-progress')`);
    else if (f.status && f.status !== 'all') add('a.status = ?', f.status);
    if (f.overdue) {
      conds.push(`a.status IN ('open', 'in-progress')`);
      add('a.due_on < ?::date', today);
    }
    if (f.seriesId) add('a.meeting_series_id = ?', f.seriesId);
    if (f.childId) add('a.child_id = ?', f.childId);
    return { sql: conds.join(' AND '), params };
  }

  return {
    async list(
      q: Queryable,
      partnershipId: string,
      userId: string,
      today: string,
      f: Partial<ActionFilter>,
      limit?: number,
      offset = 0,
      scope: ActionScope = { all: true },
    ): Promise<ActionRow[]> {
      const w = where(partnershipId, userId, today, f, scope);
      const dir = f.order === 'desc' ? 'DESC' : 'ASC';
      const lim = limit ? ` LIMIT ${Number(limit)} OFFSET ${Number(offset)}` : '';
      return q.query<ActionRow>(
        `${select} WHERE ${w.sql} ORDER BY ${orderBy[f.sort ?? 'due']} ${dir} NULLS LAST, a.due_on, a.created_at, a.id${lim}`,
        w.params,
      );
    },

    async counts(q: Queryable, partnershipId: string, userId: string, today: string, f: Partial<ActionFilter>, scope: ActionScope) {
      const w = where(partnershipId, userId, today, f, scope);
      w.params.push(today);
      const [row] = await q.query<{ total: number; overdue: number }>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE a.status IN ('open', 'in-progress') AND a.due_on < $${w.params.length}::date)::int AS overdue
           FROM actions a LEFT JOIN users u ON u.partnership_id = a.partnership_id AND u.id = a.owner_user_id WHERE ${w.sql}`,
        w.params,
      );
      return row ?? { total: 0, overdue: 0 };
    },

    /** Overdue actions (open or in progress, due before today) counted per owner, per agency and per series. */
    async overdueSummary(q: Queryable, partnershipId: string, today: string, scope: ActionScope) {
      const s = scopeSql(scope, 3);
      const base = `FROM actions a WHERE a.partnership_id = $1 AND a.status IN ('open', 'in-progress') AND a.due_on < $2::date AND ${s.sql}`;
      const params = [partnershipId, today, ...s.params];
      const [owners, agencies, series] = [
        await q.query<{ user_id: string | null; label: string; n: number }>(
          `SELECT a.owner_user_id AS user_id, COALESCE(u.display_name, a.owner_team, 'Unknown') AS label, count(*)::int AS n
             FROM actions a LEFT JOIN users u ON u.partnership_id = a.partnership_id AND u.id = a.owner_user_id
            WHERE a.partnership_id = $1 AND a.status IN ('open', 'in-progress') AND a.due_on < $2::date AND ${s.sql}
            GROUP BY 1, 2 ORDER BY n DESC, label`,
          params,
        ),
        await q.query<{ agency_id: string; n: number }>(
          `SELECT a.owner_agency_id AS agency_id, count(*)::int AS n ${base} GROUP BY 1 ORDER BY n DESC, 1`,
          params,
        ),
        await q.query<{ series_id: string | null; label: string | null; n: number }>(
          `SELECT a.meeting_series_id AS series_id, s.name AS label, count(*)::int AS n
             FROM actions a LEFT JOIN meeting_series s ON s.partnership_id = a.partnership_id AND s.id = a.meeting_series_id
            WHERE a.partnership_id = $1 AND a.status IN ('open', 'in-progress') AND a.due_on < $2::date AND ${s.sql}
            GROUP BY 1, 2 ORDER BY n DESC, label NULLS LAST`,
          params,
        ),
      ];
      return { owners, agencies, series };
    },

    /** The partnership's meeting series, for the list's series filter. */
    async seriesOptions(q: Queryable, partnershipId: string): Promise<{ id: string; name: string }[]> {
      return q.query(`SELECT id, name FROM meeting_series WHERE partnership_id = $1 ORDER BY name`, [partnershipId]);
    },

    async find(q: Queryable, partnershipId: string, id: string, scope: ActionScope = { all: true }): Promise<ActionRow | undefined> {
      const s = scopeSql(scope, 3);
      const [row] = await q.query<ActionRow>(`${select} WHERE a.partnership_id = $1 AND a.id = $2 AND ${s.sql}`, [partnershipId, id, ...s.params]);
      return row;
    },

    /** Which partnership holds an action (to record a cross-partnership attempt in the audit). */
    async partnershipOf(q: Queryable, id: string): Promise<string | undefined> {
      const [row] = await q.query<{ partnership_id: string }>(`SELECT partnership_id FROM actions WHERE id = $1`, [id]);
      return row?.partnership_id;
    },

    async insert(
      q: Queryable,
      partnershipId: string,
      a: SmartAction & { childId: string | null; seriesId?: string | null; occurrenceId?: string | null },
      userId: string,
    ): Promise<string> {
      const [row] = await q.query<{ id: string }>(
        `INSERT INTO actions (partnership_id, child_id, meeting_series_id, meeting_occurrence_id, what, kind, toolkit_item, owner_user_id, owner_team,
            owner_agency_id, measure, agreed_by, due_on, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
        [
          partnershipId,
          a.childId,
          a.seriesId ?? null,
          a.occurrenceId ?? null,
          a.what,
          a.kind,
          a.toolkitItem,
          a.ownerUserId,
          a.ownerTeam,
          a.ownerAgencyId,
          a.measure,
          a.agreedBy,
          a.dueOn,
          userId,
        ],
      );
      return row!.id;
    },

    /** Saves only if the version read is still current; returns false when someone else saved first. */
    async update(
      q: Queryable,
      partnershipId: string,
      id: string,
      version: number,
      c: { status: string; dueOn: string; completionEvidence: string | null; notCompletedReason: string | null },
    ): Promise<boolean> {
      const rows = await q.query(
        `UPDATE actions SET status = $4, due_on = $5, completion_evidence = $6, not_completed_reason = $7,
                completed_at = CASE WHEN $4 = 'done' THEN COALESCE(completed_at, now()) ELSE NULL END,
                updated_at = now(), version = version + 1
          WHERE partnership_id = $1 AND id = $2 AND version = $3 RETURNING id`,
        [partnershipId, id, version, c.status, c.dueOn, c.completionEvidence, c.notCompletedReason],
      );
      return rows.length === 1;
    },

    async addUpdate(q: Queryable, partnershipId: string, actionId: string, userId: string, body: string, statusFrom?: string, statusTo?: string) {
      await q.query(`INSERT INTO action_updates (partnership_id, action_id, author_user_id, body, status_from, status_to) VALUES ($1, $2, $3, $4, $5, $6)`, [
        partnershipId,
        actionId,
        userId,
        body,
        statusFrom ?? null,
        statusTo ?? null,
      ]);
    },

    async updates(q: Queryable, partnershipId: string, actionId: string): Promise<UpdateRow[]> {
      return q.query<UpdateRow>(
        `SELECT au.id, au.at, au.author_user_id, u.display_name AS author_name, au.body, au.status_from, au.status_to
           FROM action_updates au JOIN users u ON u.partnership_id = au.partnership_id AND u.id = au.author_user_id
          WHERE au.partnership_id = $1 AND au.action_id = $2 ORDER BY au.at, au.id`,
        [partnershipId, actionId],
      );
    },

    async keepConflict(q: Queryable, partnershipId: string, id: string, userId: string, readVersion: number, submitted: unknown) {
      await keepEditConflict(q, partnershipId, 'action', id, userId, readVersion, submitted);
    },

    /** The partnership's active users, as possible owners. */
    async owners(q: Queryable, partnershipId: string) {
      return q.query<{ id: string; display_name: string; agency_id: string }>(
        `SELECT id, display_name, agency_id FROM users WHERE partnership_id = $1 AND disabled_at IS NULL ORDER BY display_name`,
        [partnershipId],
      );
    },

    async setCarriedForward(q: Queryable, partnershipId: string, ids: string[], occurrenceId: string) {
      if (!ids.length) return;
      await q.query(`UPDATE actions SET carried_forward_to_occurrence_id = $3, updated_at = now() WHERE partnership_id = $1 AND id = ANY($2::uuid[])`, [
        partnershipId,
        ids,
        occurrenceId,
      ]);
    },

    /** The series and start of a meeting an action is agreed at. */
    async occurrence(q: Queryable, partnershipId: string, occurrenceId: string): Promise<{ series_id: string; starts_at: Date } | undefined> {
      const [occ] = await q.query<{ series_id: string; starts_at: Date }>(
        `SELECT series_id, starts_at FROM meeting_occurrences WHERE partnership_id = $1 AND id = $2`,
        [partnershipId, occurrenceId],
      );
      return occ;
    },

    /** Records the agenda item an action was agreed under, when it is an item of that meeting. */
    async setAgendaItem(q: Queryable, partnershipId: string, id: string, agendaItemId: string, occurrenceId: string): Promise<void> {
      await q.query(
        `UPDATE actions SET agenda_item_id = $3 FROM agenda_items i WHERE actions.partnership_id = $1 AND actions.id = $2 AND i.partnership_id = $1 AND i.id = $3 AND i.occurrence_id = $4`,
        [partnershipId, id, agendaItemId, occurrenceId],
      );
    },

    /** The owner's open actions due on or before a date, soonest first (the home page's "my actions"). */
    async openForOwnerDueBy(q: Queryable, partnershipId: string, userId: string, dueBy: string) {
      return q.query<{ id: string; what: string; due_on: string; status: string; child_id: string | null }>(
        `SELECT id, what, due_on, status, child_id FROM actions
          WHERE partnership_id = $1 AND owner_user_id = $2 AND status IN ('open', 'in-progress') AND due_on <= $3::date
          ORDER BY due_on, created_at LIMIT 50`,
        [partnershipId, userId, dueBy],
      );
    },

    /** How many of the owner's open actions are due after a date. */
    async openForOwnerDueAfterCount(q: Queryable, partnershipId: string, userId: string, after: string): Promise<number> {
      const [row] = await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM actions WHERE partnership_id = $1 AND owner_user_id = $2 AND status IN ('open', 'in-progress') AND due_on > $3::date`,
        [partnershipId, userId, after],
      );
      return row?.n ?? 0;
    },

    /** Open actions allocated to an agency's team rather than a named person (issue 15 §12), soonest due first. */
    async openForAgencyTeam(q: Queryable, partnershipId: string, agencyId: string) {
      return q.query<{ id: string; what: string; due_on: string; status: string; owner_team: string | null }>(
        `SELECT id, what, due_on::text AS due_on, status, owner_team FROM actions
          WHERE partnership_id = $1 AND owner_agency_id = $2 AND owner_user_id IS NULL AND status IN ('open', 'in-progress')
          ORDER BY due_on, created_at LIMIT 50`,
        [partnershipId, agencyId],
      );
    },
  };
}
