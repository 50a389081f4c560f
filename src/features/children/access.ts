import type { SessionUser } from '../../platform/sessions.ts';
import { can } from '../../platform/roles.ts';

/**
 * Who may see a child: a user of the child's partnership whose role allows it. The one place to
 * narrow this later by agency and involvement (DOMAIN §7: visible to those whose role and agency need it).
 */
export function maySeeChild(user: Pick<SessionUser, 'partnershipId' | 'roles'>, child: { partnership_id: string }): boolean {
  return user.partnershipId === child.partnership_id && can(user.roles, 'child:read');
}
