import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { SessionUser } from '../../platform/sessions.ts';
import { auditRefusal } from '../../platform/audit.ts';
import { can } from '../../platform/roles.ts';
import { childRepository, type ChildRow } from './repository.ts';

/**
 * Who may see a child: a user of the child's partnership whose role allows it. The one place to
 * narrow this later by agency and involvement (DOMAIN §7: visible to those whose role and agency need it).
 */
export function maySeeChild(user: Pick<SessionUser, 'partnershipId' | 'roles'>, child: { partnership_id: string }): boolean {
  return user.partnershipId === child.partnership_id && can(user.roles, 'child:read');
}

/**
 * Every feature's look-up of a child by id: the child when the actor may see it; otherwise the refusal
 * is audited as `action` (naming the other partnership when the id is theirs) and the answer is
 * undefined, shown as "not found". Call it in the transaction of the read or change it guards.
 */
export async function loadVisibleChild(q: Queryable, actor: Actor, childId: string, action: string): Promise<ChildRow | undefined> {
  const children = childRepository(q);
  const child = await children.find(q, actor.partnershipId, childId);
  if (child && maySeeChild(actor, child)) return child;
  const owner = child ? undefined : await children.partnershipOf(q, childId);
  await auditRefusal(q, actor, { action, subjectType: 'child', subjectId: childId, found: !!child, owner, missing: 'no such child' });
  return undefined;
}
