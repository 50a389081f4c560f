/** DOMAIN §2: the roles a user may hold. */
export const roles = ['practitioner', 'coordinator', 'administrator', 'chair', 'responder', 'analyst', 'admin'] as const;
export type Role = (typeof roles)[number];

export const roleNames: Record<Role, string> = {
  practitioner: 'Practitioner',
  coordinator: 'CE coordinator',
  administrator: 'Panel administrator',
  chair: 'Chair',
  responder: 'Agency responder',
  analyst: 'Analyst',
  admin: 'Partnership admin',
};

/** What a route may require. 'public' needs no sign-in; 'signed-in' any signed-in user. */
export const permissions = [
  'child:search',
  'child:read',
  'child:create',
  'child:update',
  /** Issue 14: bulk import of a partnership's existing children from a spreadsheet. */
  'child:import',
  /** Issue 14: close a child's record (no longer open to MACE; withdrawn from the national tracker) and reopen it. */
  'child:close',
  'audit:read',
  /** Issue 16 item 13: produce a child's subject access copy (DPA 2018, UK GDPR Art. 15): the partnership admin. */
  'child:subject-access',
  /** Issue 16 item 12: see the records falling due for erasure and hold one with a reason (the coordinator). */
  'retention:manage',
  'users:manage',
  'outbox:read',
  'assessment:read',
  'assessment:write',
  'vat:complete',
  'triage:manage',
  'concern:create',
  'thrive:grade',
  'npa:record-outcome',
  'meeting:read',
  'meeting:manage',
  'series:admin',
  /** Issue 16 item 9: add members to a meeting series (the partnership admin, as the README says, and those who run meetings). */
  'series:members',
  'action:read',
  /** Issue 16 item 7: read every action of the partnership (by the role's job); without it, a reader sees their agency's actions and their own. */
  'action:read-all',
  'action:manage',
  'panel:refer',
  'panel:threshold',
  'lateral-check:respond',
  'review:read',
  'intel:read',
  'intel:manage',
  'report:read',
  'report:export',
  /** Issue 15 item 21: write a report's good practice and gaps (the coordinator, 003). */
  'report:comment',
  'tracker:manage',
  'tracker:match',
] as const;
export type Permission = (typeof permissions)[number];
export type Access = Permission | 'public' | 'signed-in';

/**
 * Deny by default: a role has only what is listed here. Agency responders and analysts see no child
 * record: responders answer lateral checks and read what their meetings share; analysts read aggregate figures.
 */
const grants: Record<Role, readonly Permission[]> = {
  practitioner: [
    'child:search',
    'child:read',
    'child:create',
    'child:update',
    'assessment:read',
    'assessment:write',
    'concern:create',
    'npa:record-outcome',
    'meeting:read',
    'action:read',
    'action:read-all',
    'action:manage',
    'panel:refer',
    'intel:read',
    'intel:manage',
  ],
  coordinator: [
    'child:search',
    'child:read',
    'child:create',
    'child:update',
    'child:import',
    'child:close',
    'assessment:read',
    'assessment:write',
    'triage:manage',
    'concern:create',
    'thrive:grade',
    'npa:record-outcome',
    'meeting:read',
    'meeting:manage',
    'series:members',
    'action:read',
    'action:read-all',
    'action:manage',
    'panel:refer',
    'panel:threshold',
    'review:read',
    'intel:read',
    'intel:manage',
    'report:read',
    'report:export',
    'report:comment',
    'tracker:manage',
    'retention:manage',
  ],
  administrator: [
    'child:search',
    'child:read',
    'assessment:read',
    'meeting:read',
    'meeting:manage',
    'series:members',
    'action:read',
    'action:read-all',
    'panel:threshold',
    'review:read',
    'intel:read',
  ],
  chair: [
    'child:search',
    'child:read',
    'child:update',
    'assessment:read',
    'assessment:write',
    'vat:complete',
    'thrive:grade',
    'meeting:read',
    'meeting:manage',
    'series:members',
    'action:read',
    'action:read-all',
    'action:manage',
    'panel:refer',
    'panel:threshold',
    'review:read',
    'intel:read',
    'intel:manage',
    'report:read',
  ],
  responder: ['meeting:read', 'action:read', 'lateral-check:respond'],
  analyst: ['report:read', 'report:export'],
  admin: [
    'child:search',
    'child:read',
    'audit:read',
    'child:subject-access',
    'users:manage',
    'outbox:read',
    'assessment:read',
    'series:admin',
    'series:members',
    'meeting:read',
    'tracker:match',
  ],
};

export function can(userRoles: readonly string[], permission: Permission): boolean {
  return userRoles.some((r) => (grants as Record<string, readonly Permission[]>)[r]?.includes(permission));
}
