import type { Queryable } from '../db/client.ts';
import type { Actor } from './actor.ts';

type AuditEntry = {
  action: string;
  outcome?: 'allowed' | 'denied' | 'failed';
  subjectType?: string;
  subjectId?: string;
  childId?: string;
  details?: Record<string, unknown>;
  /** An entry about many children at once (a list, an import): each child's audit trail finds it (auditForChild). */
  childrenShown?: string[];
};

/** The partnership_id of an entry made before any partnership is known (a sign-in for an unknown address): migration 050. */
export const NO_PARTNERSHIP = '';

/** Appends one audit entry; call it with the transaction that makes the change it records. */
export async function audit(q: Queryable, actor: Partial<Actor> & { ip?: string }, e: AuditEntry): Promise<void> {
  await q.query(
    `INSERT INTO audit_events (partnership_id, actor_user_id, actor_roles, actor_agency_id, action, outcome,
       subject_type, subject_id, child_id, ip, details, children_shown)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      actor.partnershipId ?? NO_PARTNERSHIP,
      actor.userId ?? null,
      actor.roles ? actor.roles.join(',') : null,
      actor.agencyId ?? null,
      e.action,
      e.outcome ?? 'allowed',
      e.subjectType ?? null,
      e.subjectId ?? null,
      e.childId ?? null,
      actor.ip ?? null,
      e.details ? JSON.stringify(e.details) : null,
      e.childrenShown ?? null,
    ],
  );
}

/**
 * Audits a refused look-up of a record. A record of another partnership is not shown (the caller answers
 * "not found"), but the entry names that partnership so the attempt can be followed up.
 */
export async function auditRefusal(
  q: Queryable,
  actor: Partial<Actor> & { ip?: string },
  e: { action: string; subjectType: string; subjectId: string; found: boolean; owner?: string; missing: string },
): Promise<void> {
  await audit(q, actor, {
    action: e.action,
    outcome: 'denied',
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    details: { reason: e.found || e.owner ? 'not permitted' : e.missing, otherPartnership: e.owner && e.owner !== actor.partnershipId ? e.owner : undefined },
  });
}

export type AuditRow = {
  id: string;
  at: Date;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_roles: string | null;
  actor_agency_id: string | null;
  action: string;
  outcome: string;
  subject_type: string | null;
  subject_id: string | null;
  child_id: string | null;
  ip: string | null;
};

/** A child's audit trail: entries about the child, and views that showed the child among others (a network, a map, a list). */
export async function auditForChild(q: Queryable, partnershipId: string, childId: string, limit = 200): Promise<AuditRow[]> {
  return q.query<AuditRow>(
    `SELECT a.id, a.at, a.actor_user_id, u.display_name AS actor_name, a.actor_roles, a.actor_agency_id, a.action,
            a.outcome, a.subject_type, a.subject_id, a.child_id, a.ip
       FROM audit_events a LEFT JOIN users u ON u.partnership_id = a.partnership_id AND u.id = a.actor_user_id
      WHERE a.partnership_id = $1 AND (a.child_id = $2 OR a.children_shown @> ARRAY[$2::uuid])
      ORDER BY a.at DESC, a.id DESC LIMIT $3`,
    [partnershipId, childId, limit],
  );
}

export async function auditForUser(q: Queryable, partnershipId: string, userId: string, limit = 200): Promise<AuditRow[]> {
  return q.query<AuditRow>(
    `SELECT a.id, a.at, a.actor_user_id, u.display_name AS actor_name, a.actor_roles, a.actor_agency_id, a.action,
            a.outcome, a.subject_type, a.subject_id, a.child_id, a.ip
       FROM audit_events a LEFT JOIN users u ON u.partnership_id = a.partnership_id AND u.id = a.actor_user_id
      WHERE a.partnership_id = $1 AND a.actor_user_id = $2
      ORDER BY a.at DESC, a.id DESC LIMIT $3`,
    [partnershipId, userId, limit],
  );
}

/**
 * The audit entry of something refused before any service is reached (the route guard, an instrument's own
 * permission): one statement of its own. Everything else is audited by its service, in its transaction.
 */
export function auditService(db: Queryable) {
  return {
    refusal: (actor: Partial<Actor> & { ip?: string }, e: AuditEntry) => audit(db, actor, e),
  };
}

export type AuditService = ReturnType<typeof auditService>;
