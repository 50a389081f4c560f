import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf } from '../../platform/http.ts';
import { readBody, formErrors, isUuid } from '../../platform/validation.ts';
import { roles, roleNames } from '../../platform/roles.ts';
import { newUserSchema } from './schemas.ts';

export function adminRoutes({ services }: AppDeps): RouteSpec[] {
  const admin = services.admin;
  const agencyOptions = (req: Request, sel?: string) => [
    { value: '', text: 'Choose an agency' },
    ...partnershipOf(req).agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === sel })),
  ];
  const roleItems = (checked: string[] = []) => roles.map((r) => ({ value: r, text: roleNames[r], checked: checked.includes(r) }));
  const agencyName = (req: Request, id: string) => partnershipOf(req).agencies.find((a) => a.id === id)?.name ?? id;
  const userPage = async (req: Request, res: Response, extra: Record<string, unknown> = {}) => {
    const id = String(req.params.id);
    const u = isUuid(id) ? await admin.get(actorOf(req), id) : undefined;
    if (!u) return notFound(res);
    res.render('admin/views/user.njk', { u, agency: agencyName(req, u.agency_id), ...extra });
  };
  const action = (
    path: string,
    auditAction: string,
    run: (req: Request, id: string) => Promise<unknown>,
    message: (r: unknown) => Record<string, unknown>,
  ): RouteSpec => ({
    method: 'post',
    path,
    access: 'users:manage',
    audit: auditAction,
    handler: async (req: Request, res: Response) => {
      const id = String(req.params.id);
      if (!isUuid(id)) return notFound(res);
      const result = await run(req, id);
      if (!result) return notFound(res);
      await userPage(req, res, message(result));
    },
  });

  return [
    {
      method: 'get',
      path: '/admin/users',
      access: 'users:manage',
      audit: 'none: staff directory of the admin’s own partnership',
      handler: async (req: Request, res: Response) => {
        const users = await admin.list(req.user!.partnershipId);
        res.render('admin/views/users.njk', { users: users.map((u) => ({ ...u, agency: agencyName(req, u.agency_id) })) });
      },
    },
    {
      method: 'get',
      path: '/admin/users/new',
      access: 'users:manage',
      audit: 'none: empty form',
      handler: (req: Request, res: Response) => res.render('admin/views/new-user.njk', { values: {}, agencies: agencyOptions(req), roleItems: roleItems() }),
    },
    {
      method: 'post',
      path: '/admin/users',
      access: 'users:manage',
      audit: 'user.create',
      handler: async (req: Request, res: Response) => {
        const body = req.body ?? {};
        const rolesIn = ([] as unknown[]).concat(body.roles ?? []).filter((r): r is string => typeof r === 'string');
        const values = { displayName: String(body.displayName ?? ''), email: String(body.email ?? ''), agencyId: String(body.agencyId ?? ''), roles: rolesIn };
        const read = readBody(newUserSchema(partnershipOf(req)), values);
        let errors = read.errors ?? [];
        if (read.ok && (await admin.emailTaken(read.data.email))) errors = [{ field: 'email', message: 'An account with this email address already exists' }];
        if (errors.length || !read.ok) {
          return res.status(400).render('admin/views/new-user.njk', {
            values,
            errors: formErrors(errors, { roles: 'roles' }),
            agencies: agencyOptions(req, values.agencyId),
            roleItems: roleItems(rolesIn),
          });
        }
        const { user, password } = await admin.create(actorOf(req), read.data);
        res.status(201).render('admin/views/user.njk', { u: user, agency: agencyName(req, user.agency_id), newPassword: password, created: true });
      },
    },
    {
      method: 'get',
      path: '/admin/users/:id',
      access: 'users:manage',
      audit: 'none: staff account of the admin’s own partnership',
      handler: (req: Request, res: Response) => userPage(req, res),
    },
    action(
      '/admin/users/:id/disable',
      'user.disable',
      (req, id) => admin.setDisabled(actorOf(req), id, true),
      () => ({ notice: 'Account disabled. The person has been signed out everywhere.' }),
    ),
    action(
      '/admin/users/:id/enable',
      'user.enable',
      (req, id) => admin.setDisabled(actorOf(req), id, false),
      () => ({ notice: 'Account enabled.' }),
    ),
    action(
      '/admin/users/:id/reset-password',
      'user.reset-password',
      (req, id) => admin.resetPassword(actorOf(req), id),
      (p) => ({ newPassword: p }),
    ),
    action(
      '/admin/users/:id/reset-two-factor',
      'user.reset-two-factor',
      (req, id) => admin.resetTwoFactor(actorOf(req), id),
      () => ({ notice: 'Security code reset. The person will set up their authenticator app again when they next sign in, if your partnership requires it.' }),
    ),
    {
      method: 'get',
      path: '/admin/users/:id/audit',
      access: 'audit:read',
      audit: 'audit.read',
      handler: async (req: Request, res: Response) => {
        const id = String(req.params.id);
        const u = isUuid(id) ? await admin.get(actorOf(req), id) : undefined;
        if (!u) return notFound(res);
        const entries = await admin.auditTrail(actorOf(req), id);
        res.render('admin/views/user-audit.njk', { u, entries });
      },
    },
  ];
}
