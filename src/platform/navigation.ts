import { can } from './roles.ts';

/** The service navigation for a user's roles (JOURNEYS.md). */
export function navigationFor(userRoles: string[], currentPath: string) {
  const items = [
    { text: 'Home', href: '/', show: true },
    { text: 'Children', href: '/children', show: can(userRoles, 'child:search') },
    { text: 'Triage', href: '/triage', show: can(userRoles, 'triage:manage') },
    { text: 'Meetings', href: '/meetings', show: can(userRoles, 'meeting:read') },
    { text: 'Actions', href: '/actions', show: can(userRoles, 'action:read') },
    { text: 'Reviews', href: '/reviews', show: can(userRoles, 'review:read') },
    { text: 'Intelligence', href: '/intelligence', show: can(userRoles, 'intel:read') },
    { text: 'Reports', href: '/reports', show: can(userRoles, 'report:read') },
    // Issue 14: the national tracker's alerts (coordinators).
    { text: 'Tracker', href: '/tracker', show: can(userRoles, 'tracker:manage') },
    { text: 'Admin', href: '/admin/users', show: can(userRoles, 'users:manage') },
  ];
  return items
    .filter((i) => i.show)
    .map((i) => ({
      text: i.text,
      href: i.href,
      // The network pages (/network/…) belong to Intelligence.
      active:
        i.href === '/'
          ? currentPath === '/'
          : currentPath.startsWith(i.href.replace(/\/users$/, '')) || (i.href === '/intelligence' && currentPath.startsWith('/network')),
    }));
}
