import path from 'node:path';
import nunjucks from 'nunjucks';
import type express from 'express';
import { paths } from '../paths.ts';
import { formatDate, formatDateTime, ageOn, formatTime } from '../platform/dates.ts';
import { roleNames, can, type Permission } from '../platform/roles.ts';
import { auditActionLabel } from '../platform/audit-labels.ts';
import { formatNhsNumber } from '../domain/identifiers/identifiers.ts';
import { plural } from '../domain/words/plural.ts';
import { stackedTable } from './stacked-table.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

export function configureViews(app: express.Express): nunjucks.Environment {
  const env = nunjucks.configure(
    [
      path.join(root, 'src', 'views'),
      path.join(root, 'src', 'features'),
      path.join(root, 'node_modules', 'govuk-frontend', 'dist'),
      path.join(root, 'node_modules', '@ministryofjustice', 'frontend'),
    ],
    { autoescape: true, express: app, noCache: false, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  env.addFilter('date', (v: unknown) => formatDate(v as string | Date | null));
  env.addFilter('dateTime', (v: unknown) => formatDateTime(v as string | Date | null));
  env.addFilter('time', (v: unknown) => formatTime(v as string | Date | null));
  env.addFilter('age', (v: unknown) => (v ? ageOn(String(v)) : ''));
  env.addFilter('nhsNumber', (v: unknown) => formatNhsNumber(String(v ?? '')));
  // Issue 15 §6: `{{ n | plural('action') }}` is "1 action" or "2 actions" (the same function as strings built in TypeScript).
  env.addFilter('plural', (n: unknown, noun: string, pluralForm?: string) => plural(Number(n), noun, pluralForm));
  // Issue 15 §5: `govukTable(params | stackedTable)`, the responsive table (rows stack on narrow screens).
  env.addFilter('stackedTable', stackedTable);
  env.addFilter('roleName', (r: string) => (roleNames as Record<string, string>)[r] ?? r);
  env.addFilter('where', (list: unknown, key: string, value: unknown) => (Array.isArray(list) ? list.filter((x) => x?.[key] === value) : []));
  const escape = (nunjucks.lib as unknown as { escape: (s: string) => string }).escape;
  env.addFilter('bulletList', (items: unknown) => {
    const list = Array.isArray(items) ? items.map((i) => String(i)) : [];
    if (list.length <= 1) return escape(list[0] ?? '');
    return new nunjucks.runtime.SafeString(`<ul class="app-descriptor-list">${list.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>`);
  });
  env.addFilter('auditAction', (a: string) => auditActionLabel(a));
  env.addFilter('roleNames', (rs: string | null) =>
    (rs ?? '')
      .split(',')
      .filter(Boolean)
      .map((r) => (roleNames as Record<string, string>)[r] ?? r)
      .join(', '),
  );
  // One colour per risk level wherever a level is shown.
  env.addGlobal('riskTagClass', { high: 'govuk-tag--red', medium: 'govuk-tag--orange', low: 'govuk-tag--yellow', none: 'govuk-tag--grey' });
  env.addGlobal('paths', paths);
  // What a template may offer: `can(user, 'report:export')` (the route still checks).
  env.addGlobal('can', (user: { roles?: string[] } | undefined, permission: Permission) => !!user?.roles && can(user.roles, permission));
  app.set('view engine', 'njk');
  return env;
}
