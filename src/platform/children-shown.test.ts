import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { testApp } from '../test-support/app.ts';
import type { RouteSpec } from './http.ts';
import { roles, can, type Permission } from './roles.ts';

/**
 * Issue 16 item 6: every child shown is audited. Every GET route of the app (and the POSTed searches) is requested,
 * signed in as a role allowed to, with its parameters filled from the demo data; a child the response names (their id,
 * reference or full name) must be named by the audit entries that request wrote: as the entry's child or in its
 * `children_shown`. The routes come from the route table, so a new route is crawled without being listed; one that
 * names children it does not audit fails here.
 */
const t = await testApp();
const routes = t.app.locals.routes as RouteSpec[];
/** The demo data of one partnership the crawl fills the routes' parameters from, and its children. */
async function fixtureOf(P: string) {
  const one = async (sql: string, params: unknown[] = [P]) => (await t.db.query<{ id: string }>(sql, params))[0]?.id;
  const child = await t.anyChild(P);
  // An action for a child (the demo has none), so that the actions list, its CSV and API name a child.
  await t.db.query(
    `INSERT INTO actions (partnership_id, child_id, what, kind, owner_team, owner_agency_id, measure, agreed_by, due_on, created_by)
     VALUES ($1, $2, 'Return home interview follow-up', 'other', 'Harm reduction hub', $3, 'measured', 'panel', CURRENT_DATE + 7,
             (SELECT id FROM users WHERE partnership_id = $1 AND roles @> '{coordinator}' LIMIT 1))`,
    [P, child.id, t.partnerships.get(P)!.agencies[0]!.id],
  );
  const meeting = await one(
    `SELECT o.id FROM meeting_occurrences o JOIN agenda_items i ON i.partnership_id = o.partnership_id AND i.occurrence_id = o.id
      WHERE o.partnership_id = $1 GROUP BY o.id ORDER BY count(*) DESC LIMIT 1`,
  );
  const ids: Record<string, string | undefined> = {
    child: child.id,
    assessment: await one(`SELECT id FROM assessments WHERE partnership_id = $1 ORDER BY instrument = 'rfm' DESC, created_at LIMIT 1`),
    concern: await one(`SELECT id FROM concerns WHERE partnership_id = $1 LIMIT 1`),
    npa: await one(`SELECT id FROM npa_referrals WHERE partnership_id = $1 LIMIT 1`),
    triage: await one(`SELECT id FROM triage_items WHERE partnership_id = $1 LIMIT 1`),
    meeting,
    series: await one(`SELECT series_id AS id FROM meeting_occurrences WHERE partnership_id = $1 AND id = $2`, [P, meeting]),
    action: await one(`SELECT id FROM actions WHERE partnership_id = $1 AND child_id IS NOT NULL LIMIT 1`),
    panelReferral: await one(`SELECT id FROM panel_referrals WHERE partnership_id = $1 LIMIT 1`),
    lateralCheck: await one(`SELECT id FROM lateral_checks WHERE partnership_id = $1 LIMIT 1`),
    item: await one(`SELECT id FROM agenda_items WHERE partnership_id = $1 AND occurrence_id = $2 ORDER BY position LIMIT 1`, [P, meeting]),
    recording: await one(`SELECT id FROM meeting_recordings WHERE partnership_id = $1 LIMIT 1`),
    record: await one(`SELECT id FROM intel_records WHERE partnership_id = $1 ORDER BY created_at LIMIT 1`),
    otherRecord: await one(`SELECT id FROM intel_records WHERE partnership_id = $1 ORDER BY created_at DESC LIMIT 1`),
    link: await one(`SELECT id FROM intel_links WHERE partnership_id = $1 LIMIT 1`),
    childEvent: await one(`SELECT id FROM child_events WHERE partnership_id = $1 LIMIT 1`),
    alert: await one(`SELECT alert_id AS id FROM child_tracker_alerts WHERE partnership_id = $1 LIMIT 1`),
    // the coordinator, whose audit trail names the children they have seen
    user: await one(`SELECT id FROM users WHERE partnership_id = $1 AND email LIKE 'coordinator@%'`),
    childImport: await one(`SELECT id FROM child_imports WHERE partnership_id = $1 LIMIT 1`),
    district: t.partnerships.get(P)!.districts[0]!.id,
    report: t.partnerships.get(P)!.reports[0] ?? 'bi-monthly',
  };

  /** The value of each parameter, by the route's first segments (an unknown one gets a random id: a 404 names no child). */
  function fill(path: string): string {
    const seg = path.replace(/^\/api\/v1/, '').split('/')[1] ?? '';
    const byPrefix: Record<string, string | undefined> = {
      children: path.includes('/children/import/') ? ids.childImport : ids.child,
      assessments: ids.assessment,
      rfm: ids.assessment,
      vat: ids.assessment,
      thrive: ids.assessment,
      concerns: ids.concern,
      'npa-referrals': ids.npa,
      triage: ids.triage,
      meetings: path.startsWith('/meetings/series/') ? ids.series : ids.meeting,
      'meeting-series': ids.series,
      'meeting-occurrences': ids.meeting,
      actions: ids.action,
      'panel-referrals': ids.panelReferral,
      'lateral-checks': ids.lateralCheck,
      'agenda-items': ids.item,
      intelligence: ids.record,
      network: path.includes('/districts/') ? ids.district : path.includes('/children/') ? ids.child : ids.meeting,
      tracker: ids.alert,
      admin: ids.user,
      exports: path.includes('/rfm/') ? ids.assessment : ids.meeting,
      reviews: ids.child,
      partnerships: P,
    };
    return path
      .replace(':id', byPrefix[seg] ?? randomUUID())
      .replace(':itemId', ids.item ?? randomUUID())
      .replace(':recordingId', ids.recording ?? randomUUID())
      .replace(':recordId', ids.childEvent ?? randomUUID())
      .replace(':linkId', ids.link ?? randomUUID())
      .replace(':otherId', ids.otherRecord ?? randomUUID())
      .replace(':fromType/:fromId/:toType/:toId', `child/${ids.child}/record/${ids.record}`)
      .replace(':fromType/:fromId', `child/${ids.child}`)
      .replace(':part', 'section-b')
      .replace(':kind', path.startsWith('/intelligence') ? 'person' : ids.report!);
  }

  const children = await t.db.query<{ id: string; reference: string; first_name: string; last_name: string }>(
    `SELECT id, reference, first_name, last_name FROM children WHERE partnership_id = $1`,
    [P],
  );
  /** The partnership's children a response names: by id, reference or full name. */
  const named = (text: string) =>
    children
      .filter(
        (c) =>
          text.includes(c.id) ||
          text.includes(c.reference) ||
          text.includes(`${c.first_name} ${c.last_name}`) ||
          text.includes(escape(`${c.first_name} ${c.last_name}`)),
      )
      .map((c) => c.id);
  return { P, child, ids, fill, named };
}

/** What a list shows when asked for everything (the query strings a user would use). */
const query: Record<string, string> = {
  '/actions': '?status=all',
  '/actions/export.csv': '?status=all',
  '/api/v1/actions': '?status=all',
  '/api/v1/children': '?q=a',
  '/api/v1/intelligence/records': '?q=a',
};
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/'/g, '&#39;');

const lastAudit = async () => Number((await t.db.query<{ n: string }>(`SELECT coalesce(max(id), 0) AS n FROM audit_events`))[0]!.n);
/** The children the audit entries written since `after` name (as their child or among the children shown). */
const audited = async (after: number) => {
  const rows = await t.db.query<{ child_id: string | null; children_shown: string[] | null }>(
    `SELECT child_id, children_shown FROM audit_events WHERE id > $1 AND outcome = 'allowed'`,
    [after],
  );
  return new Set(rows.flatMap((r) => [...(r.child_id ? [r.child_id] : []), ...(r.children_shown ?? [])]));
};

// The order in which roles are tried: the first allowed that sees most.
const preference = ['coordinator', 'chair', 'administrator', 'practitioner', 'admin', 'responder', 'analyst'] as const;
const roleFor = (r: RouteSpec) => (r.access === 'signed-in' ? 'coordinator' : preference.find((role) => can([role], r.access as Permission)));

/**
 * Routes known to name children without auditing them, each with why it is left: the test fails when one of them is
 * fixed (remove it here) as it does for a new one.
 */
const knownGaps = new Map<string, string>([]);

test('the crawl tries every role and the demo data fills the parameters of the main pages', async () => {
  assert.deepEqual([...preference].sort(), [...roles].sort());
  const f = await fixtureOf('staffordshire');
  for (const k of ['child', 'assessment', 'meeting', 'series', 'action', 'item', 'record', 'user']) assert.ok(f.ids[k], `the demo has a ${k}`);
});

for (const partnership of ['staffordshire', 'rotherham', 'llr'])
  test(`${partnership}: every GET route (and the POSTed search) audits each child its response names (issue 16 item 6)`, async () => {
    const { P, child, fill, named } = await fixtureOf(partnership);
    const sessions = new Map<string, Awaited<ReturnType<typeof t.signIn>>>();
    const tokens = new Map<string, string>();
    const failures: string[] = [];
    const fixed: string[] = [];
    const crawled: string[] = [];
    const naming: string[] = [];
    const requests = routes
      .filter((r) => r.method === 'get' && r.access !== 'public')
      .map((r) => ({ r, url: fill(r.path) + (query[r.path] ?? ''), post: undefined as Record<string, unknown> | undefined }));
    const search = routes.find((r) => r.method === 'post' && r.path === '/api/v1/children/search')!;
    requests.push({ r: search, url: search.path, post: { q: child.last_name } });
    for (const { r, url, post } of requests) {
      const role = roleFor(r);
      if (!role) continue;
      if (r.path === '/children') {
        // The page shows the search kept in the session: post one first (not itself a read of a child).
        if (!sessions.has(role)) sessions.set(role, await t.signIn(role, P));
        await sessions.get(role)!.post('/children/search', { q: child.last_name });
      }
      const before = await lastAudit();
      let res;
      if (r.api) {
        if (!tokens.has(role)) tokens.set(role, await t.apiToken(role, P));
        const req = post ? t.request().post(url).send(post) : t.request().get(url);
        res = await req.set('Authorization', `Bearer ${tokens.get(role)}`);
      } else {
        if (!sessions.has(role)) sessions.set(role, await t.signIn(role, P));
        res = await sessions.get(role)!.agent.get(url);
      }
      // (a form's hint shows what a reference looks like, "like MC000012", which is a demo child's: not a child shown)
      const text = (res.text ?? (Buffer.isBuffer(res.body) ? res.body.toString('utf8') : JSON.stringify(res.body ?? ''))).replace(
        /like [A-Z]{2}\d{6}/g,
        'like …',
      );
      const shown = named(text);
      const key = `${r.method.toUpperCase()} ${r.path}`;
      if (res.status === 200) crawled.push(key);
      if (!shown.length) continue;
      naming.push(key);
      const inAudit = await audited(before);
      const missing = shown.filter((id) => !inAudit.has(id));
      if (missing.length && !knownGaps.has(key))
        failures.push(`${key} (${role}, ${res.status}) names ${missing.length} of ${shown.length} children its audit does not`);
      if (!missing.length && knownGaps.has(key)) fixed.push(key);
    }
    for (const key of [
      'GET /children',
      'GET /api/v1/children',
      'POST /api/v1/children/search',
      'GET /actions',
      'GET /api/v1/actions',
      'GET /actions/export.csv',
      // Staffordshire's demo has an RFM renewal overdue: the reviews page names a child (its gap went unseen while it showed none).
      ...(P === 'staffordshire' ? ['GET /reviews'] : []),
    ])
      assert.ok(crawled.includes(key) && naming.includes(key), `${key} was crawled and named children`);
    assert.deepEqual(failures, [], 'every child a response names is in its audit entry');
    assert.deepEqual(fixed, [], 'a gap fixed is removed from knownGaps');
  });
