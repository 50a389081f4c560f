import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { SessionUser } from '../../platform/sessions.ts';
import { audit, auditRefusal } from '../../platform/audit.ts';
import { can } from '../../platform/roles.ts';
import { agencyInvolved } from '../../domain/access/reason.ts';
import { childRepository, type ChildRow } from './repository.ts';

/** Issue 16 item 11: a reason given opens the record for this long (a working day). */
export const ACCESS_REASON_HOURS = 12;

/**
 * Who may see a child: a user of the child's partnership whose role allows it. The one place to
 * narrow this later by agency and involvement (DOMAIN §7: visible to those whose role and agency need it).
 */
export function maySeeChild(user: Pick<SessionUser, 'partnershipId' | 'roles'>, child: { partnership_id: string }): boolean {
  return user.partnershipId === child.partnership_id && can(user.roles, 'child:read');
}

/**
 * Issue 16 item 11 (break-glass): whether the actor must state a reason before this child's record opens — their
 * partnership asks their role (actor.reasonForAccess), their agency is not involved with the child, and they have not
 * given a reason for this child in the last ACCESS_REASON_HOURS.
 */
export async function reasonNeeded(q: Queryable, actor: Actor, child: ChildRow): Promise<boolean> {
  if (!actor.reasonForAccess) return false;
  const children = childRepository(q);
  const inv = await children.involvement(q, actor.partnershipId, child.id);
  const involved = agencyInvolved(
    { agencyId: actor.agencyId, userId: actor.userId },
    {
      leadAgencyId: child.lead_professional_agency_id,
      agencyIds: inv.agency_ids,
      createdBy: child.created_by,
      actionAgencyIds: inv.action_agency_ids,
      itemAgencyIds: inv.item_agency_ids,
    },
  );
  if (involved) return false;
  return !(await children.accessReasonSince(q, actor.partnershipId, actor.userId, child.id, new Date(Date.now() - ACCESS_REASON_HOURS * 3600_000)));
}

/**
 * Every feature's look-up of a child by id: the child when the actor may see it; otherwise the refusal
 * is audited as `action` (naming the other partnership when the id is theirs) and the answer is
 * undefined, shown as "not found". A user who must first state a reason (issue 16 item 11) is refused the same way
 * until they have (the child's page asks for it). Call it in the transaction of the read or change it guards.
 */
export async function loadVisibleChild(q: Queryable, actor: Actor, childId: string, action: string): Promise<ChildRow | undefined> {
  const children = childRepository(q);
  const child = await children.find(q, actor.partnershipId, childId);
  if (child && maySeeChild(actor, child)) {
    if (!(await reasonNeeded(q, actor, child))) return child;
    await audit(q, actor, {
      action,
      outcome: 'denied',
      subjectType: 'child',
      subjectId: childId,
      childId,
      details: { reason: 'reason for access not given' },
    });
    return undefined;
  }
  const owner = child ? undefined : await children.partnershipOf(q, childId);
  await auditRefusal(q, actor, { action, subjectType: 'child', subjectId: childId, found: !!child, owner, missing: 'no such child' });
  return undefined;
}
