// DOMAIN §7 (issue 16 item 11): a record is visible to those whose role and agency need it; anyone else states a reason first (break-glass).

/** Roles that see every child by their job: never asked for a reason, whatever a partnership configures. */
export const SEES_EVERY_CHILD: readonly string[] = ['coordinator', 'chair', 'administrator'];

/** Whether a user with `roles` is asked for a reason under a partnership that asks `askedRoles` (none asked by default). */
export function reasonAskedOf(roles: readonly string[], askedRoles: readonly string[]): boolean {
  if (roles.some((r) => SEES_EVERY_CHILD.includes(r))) return false;
  return roles.some((r) => askedRoles.includes(r));
}

/** What ties an agency (or a user) to a child. */
export type Involvement = {
  leadAgencyId: string | null;
  agencyIds: readonly string[];
  createdBy: string | null;
  /** Agencies owning an action for the child, or that shared something on a meeting item about the child. */
  actionAgencyIds: readonly string[];
  itemAgencyIds: readonly string[];
};

/**
 * Whether the user's agency is involved with the child: the lead professional's agency, one of the child's agencies,
 * the owner of an action for the child or a contributor to a meeting item about them; or the user made the record.
 */
export function agencyInvolved(user: { agencyId: string; userId: string }, inv: Involvement): boolean {
  if (inv.createdBy === user.userId) return true;
  if (inv.leadAgencyId === user.agencyId) return true;
  return [inv.agencyIds, inv.actionAgencyIds, inv.itemAgencyIds].some((ids) => ids.includes(user.agencyId));
}
