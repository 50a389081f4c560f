import type { Queryable } from '../../db/client.ts';

/**
 * What a report's count is made of, for tracing a cell back to its rows (the figures' own queries are in figures.ts,
 * documents.ts and training.ts).
 */
export function reportRepository() {
  return {
    childrenByIds: (q: Queryable, partnershipId: string, ids: string[]) =>
      q.query<{ id: string; reference: string; first_name: string; last_name: string; district_id: string | null }>(
        `SELECT id, reference, first_name, last_name, district_id FROM children WHERE partnership_id = $1 AND id = ANY($2::uuid[]) ORDER BY reference`,
        [partnershipId, ids],
      ),

    actionsByIds: (q: Queryable, partnershipId: string, ids: string[]) =>
      q.query<{ id: string; what: string; owner_agency_id: string; due_on: string; status: string; reference: string | null }>(
        `SELECT a.id, a.what, a.owner_agency_id, a.due_on, a.status, c.reference FROM actions a LEFT JOIN children c ON c.partnership_id = a.partnership_id AND c.id = a.child_id WHERE a.partnership_id = $1 AND a.id = ANY($2::uuid[]) ORDER BY a.due_on`,
        [partnershipId, ids],
      ),

    recordsByIds: (q: Queryable, partnershipId: string, ids: string[]) =>
      q.query<{ id: string; label: string; kind: string }>(`SELECT id, label, kind FROM intel_records WHERE partnership_id = $1 AND id = ANY($2::uuid[]) ORDER BY label`, [partnershipId, ids]),
  };
}
