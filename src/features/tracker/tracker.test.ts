import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { testApp } from '../../test-support/app.ts';
import { openDb } from '../../db/client.ts';
import { migrateTracker } from '../../tracker/migrate.ts';
import { createTrackerCore } from '../../tracker/core.ts';
import { linkageEngine } from '../../tracker/linkage-engine.ts';
import { trackerHandler, tokenHash } from '../../tracker/http.ts';

// Issue 14, one deployment hosting three partnerships with the tracker in process (the default in tests): a child held
// by Staffordshire and Rotherham raises an alert on both sides; each coordinator sees only their own side; both confirm
// and each sees the other's contact; a rejection is remembered; the tracker down never blocks saving a child.
const t = await testApp();

const tokens = new Map<string, string>();
async function bearer(role: string, partnership: string) {
  const key = `${role}@${partnership}`;
  if (!tokens.has(key)) tokens.set(key, await t.apiToken(role, partnership));
  return tokens.get(key)!;
}
async function api(method: 'get' | 'post', url: string, role: string, partnership: string, body?: object) {
  const req = t
    .request()
    [method](url)
    .set('Authorization', `Bearer ${await bearer(role, partnership)}`);
  return body ? req.send(body) : req;
}

const jordan = { firstName: 'Jordan', lastName: 'Whitfield', dateOfBirth: '2010-03-14', gender: 'Male', primaryRisk: 'CCE' };

async function createChild(partnership: string, districtId: string, body: Record<string, unknown>): Promise<string> {
  const res = await api('post', '/api/v1/children', 'practitioner', partnership, { ...body, districtId });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

/** Waits for what saving a child started (the outbox is sent after the commit), then sends anything left. */
async function settle() {
  await t.services.tracker.drain();
  await t.services.tracker.drain();
}

let staffsChild: string;
let rothChild: string;

test('a child held by two partnerships raises an alert on both sides, each seeing only its own', async () => {
  staffsChild = await createChild('staffordshire', 'stafford', jordan);
  rothChild = await createChild('rotherham', 'rotherham', { ...jordan, firstName: 'Jordan', lastName: 'Whitfield' });
  await settle();

  const s = await api('get', '/api/v1/tracker/alerts', 'coordinator', 'staffordshire');
  assert.equal(s.status, 200);
  assert.equal(s.body.alerts.length, 1);
  const mine = s.body.alerts[0];
  assert.equal(mine.childId, staffsChild);
  assert.equal(mine.otherPartnership, 'rotherham');
  assert.ok(['strong', 'possible'].includes(mine.strength));
  assert.ok(mine.probability > 0 && mine.probability <= 1);
  assert.ok(mine.fields.some((f: { field: string }) => f.field === 'date_of_birth'));
  assert.deepEqual(Object.keys(mine).sort(), [
    'childId',
    'fields',
    'id',
    'mutual',
    'otherPartnership',
    'otherPartnershipName',
    'probability',
    'raisedAt',
    'state',
    'strength',
  ]);
  assert.ok(!JSON.stringify(s.body).includes(rothChild), 'nothing of the other record');

  const r = await api('get', '/api/v1/tracker/alerts', 'coordinator', 'rotherham');
  assert.equal(r.body.alerts.length, 1);
  assert.equal(r.body.alerts[0].childId, rothChild);
  assert.equal(r.body.alerts[0].otherPartnership, 'staffordshire');
  assert.notEqual(r.body.alerts[0].id, mine.id);
  assert.equal((await api('get', '/api/v1/tracker/alerts', 'coordinator', 'llr')).body.alerts.length, 0);

  // A new alert is told to the coordinators by email, with the child's reference and never the name.
  const mail = await t.db.query<{ to_address: string; subject: string; body: string }>(
    `SELECT to_address, subject, body FROM outbox WHERE partnership_id = 'staffordshire' AND subject LIKE 'National tracker%'`,
  );
  assert.equal(mail.length, 1);
  assert.equal(mail[0]!.to_address, 'ce-coordinators@staffordshire.example.org');
  assert.doesNotMatch(mail[0]!.subject + mail[0]!.body, /Jordan|Whitfield/);
  assert.match(mail[0]!.body, new RegExp(`/tracker/alerts/${mine.id}`));

  // The coordinators' home page says so; the Tracker page lists their own child by name.
  const coord = await t.signIn('coordinator', 'staffordshire');
  assert.match((await coord.agent.get('/')).text, /The national tracker has 1 alert to decide/);
  const page = await coord.agent.get('/tracker');
  assert.equal(page.status, 200);
  assert.match(page.text, /Jordan Whitfield/);
  assert.match(page.text, /Rotherham/);
  assert.match(page.text, /Date of birth: exact/);
  // Practitioners have no Tracker page.
  const prac = await t.signIn('practitioner', 'staffordshire');
  assert.equal((await prac.agent.get('/tracker')).status, 403);
});

test('another partnership’s alert, an unknown one and a malformed id are 404', async () => {
  const r = await api('get', '/api/v1/tracker/alerts', 'coordinator', 'rotherham');
  const theirs = r.body.alerts[0].id;
  assert.equal((await api('post', `/api/v1/tracker/alerts/${theirs}/confirm`, 'coordinator', 'staffordshire')).status, 404);
  assert.equal((await api('post', `/api/v1/tracker/alerts/${theirs}/reject`, 'coordinator', 'llr', { reason: 'not ours' })).status, 404);
  assert.equal((await api('post', '/api/v1/tracker/alerts/00000000-0000-4000-8000-000000000000/confirm', 'coordinator', 'staffordshire')).status, 404);
  assert.equal((await api('post', '/api/v1/tracker/alerts/nope/confirm', 'coordinator', 'staffordshire')).status, 404);
  const coord = await t.signIn('coordinator', 'staffordshire');
  assert.equal((await coord.agent.get(`/tracker/alerts/${theirs}`)).status, 404);
  assert.equal((await api('get', '/api/v1/tracker/alerts', 'practitioner', 'staffordshire')).status, 403);
});

test('both confirm (page and API): each sees the other’s contact, risk level and lead agency; the identity bar says also known to', async () => {
  const s = (await api('get', '/api/v1/tracker/alerts', 'coordinator', 'staffordshire')).body.alerts[0];
  const r = (await api('get', '/api/v1/tracker/alerts', 'coordinator', 'rotherham')).body.alerts[0];

  const coord = await t.signIn('coordinator', 'staffordshire');
  const form = await coord.agent.get(`/tracker/alerts/${s.id}`);
  assert.equal(form.status, 200);
  assert.match(form.text, /Is this the same child\?/);
  // The probability is shown as a percentage to one place, and never as a certainty it is not.
  const shownAs = s.probability >= 0.999 ? 'over 99.9%' : `${Math.round(s.probability * 1000) / 10}%`;
  assert.ok(form.text.includes(`(probability ${shownAs})`), `probability ${s.probability} shown as ${shownAs}`);
  assert.doesNotMatch(form.text, /probability 100%/);
  const missing = await coord.post(`/tracker/alerts/${s.id}`, {});
  assert.equal(missing.status, 400);
  assert.match(missing.text, /<title>Error:/);
  assert.match(missing.text, /href="#decision"/);
  const noReason = await coord.post(`/tracker/alerts/${s.id}`, { decision: 'reject' });
  assert.equal(noReason.status, 400);
  assert.match(noReason.text, /Enter why this is not the same child/);
  const confirmed = await coord.post(`/tracker/alerts/${s.id}`, { decision: 'confirm' });
  assert.equal(confirmed.status, 303);
  const waiting = await coord.agent.get(confirmed.headers.location!);
  assert.match(waiting.text, /Rotherham MACE has not confirmed yet/);
  assert.doesNotMatch(waiting.text, /evolve@rotherham/);

  const viaApi = await api('post', `/api/v1/tracker/alerts/${r.id}/confirm`, 'coordinator', 'rotherham');
  assert.equal(viaApi.status, 200);
  assert.equal(viaApi.body.mutual, true);
  const again = await api('post', `/api/v1/tracker/alerts/${r.id}/confirm`, 'coordinator', 'rotherham');
  assert.equal(again.status, 200, 'confirming twice is harmless');
  assert.equal(again.body.mutual, true);

  const both = await coord.agent.get(`/tracker/alerts/${s.id}`);
  assert.match(both.text, /What Rotherham[^<]* told you/);
  assert.match(both.text, /evolve@rotherham\.example\.org/);
  assert.match(both.text, /Request a transfer of information/);

  const roth = await t.signIn('coordinator', 'rotherham');
  const theirs = await roth.agent.get(`/tracker/alerts/${r.id}`);
  assert.match(theirs.text, /ce-coordinators@staffordshire\.example\.org/);
  assert.match(theirs.text, /Not yet assessed/);

  const child = await coord.agent.get(`/children/${staffsChild}`);
  assert.match(child.text, /Also known to: Rotherham/);

  // The transfer of information: an email to the other side's contact, the child's reference only, audited.
  const sent = await coord.post(`/tracker/alerts/${s.id}/transfer`, { note: 'Please send the latest risk assessment.' });
  assert.equal(sent.status, 303);
  const [mail] = await t.db.query<{ to_address: string; body: string }>(`SELECT to_address, body FROM outbox WHERE subject LIKE 'Request for a transfer%'`);
  assert.equal(mail!.to_address, 'evolve@rotherham.example.org');
  assert.doesNotMatch(mail!.body, /Jordan|Whitfield/);
  const audited = await t.db.query<{ action: string }>(`SELECT action FROM audit_events WHERE child_id = $1 AND action LIKE 'tracker.%' ORDER BY at`, [
    staffsChild,
  ]);
  const actions = audited.map((a) => a.action);
  for (const a of ['tracker.alert.raised', 'tracker.alert.view', 'tracker.alert.confirm', 'tracker.transfer.request'])
    assert.ok(actions.includes(a), `${a} audited`);
});

test('a rejected candidate is remembered: not raised again on a re-match; a reject needs a reason', async () => {
  const llrChild = await createChild('llr', 'rutland', { firstName: 'Aaliyah', lastName: 'Brennan', dateOfBirth: '2011-06-02', gender: 'Female' });
  await createChild('staffordshire', 'stafford', { firstName: 'Aaliyah', lastName: 'Brennan', dateOfBirth: '2011-06-02', gender: 'Female' });
  await settle();
  const [a] = (await api('get', '/api/v1/tracker/alerts', 'coordinator', 'llr')).body.alerts;
  assert.equal(a.childId, llrChild);
  const staffsSide = (await api('get', '/api/v1/tracker/alerts', 'coordinator', 'staffordshire')).body.alerts.find(
    (x: { otherPartnership: string }) => x.otherPartnership === 'llr',
  );
  assert.ok(staffsSide);
  const bare = await api('post', `/api/v1/tracker/alerts/${a.id}/reject`, 'coordinator', 'llr', {});
  assert.equal(bare.status, 422);
  assert.equal(bare.body.errors[0].field, 'reason');
  const rejected = await api('post', `/api/v1/tracker/alerts/${a.id}/reject`, 'coordinator', 'llr', { reason: 'A different child: the school confirmed.' });
  assert.equal(rejected.status, 200);
  assert.equal(rejected.body.state, 'rejected');
  assert.equal((await api('get', '/api/v1/tracker/alerts', 'coordinator', 'llr')).body.alerts.length, 0);
  assert.equal((await api('post', `/api/v1/tracker/alerts/${a.id}/confirm`, 'coordinator', 'llr')).status, 409, 'a rejected alert cannot be confirmed');
  assert.equal(
    (await api('post', `/api/v1/tracker/alerts/${staffsSide.id}/confirm`, 'coordinator', 'staffordshire')).status,
    404,
    'the other side’s alert is withdrawn: gone',
  );

  assert.equal((await api('post', '/api/v1/tracker/match', 'coordinator', 'llr')).status, 403, 'a re-match is for administrators');
  const rematch = await api('post', '/api/v1/tracker/match', 'admin', 'llr');
  assert.equal(rematch.status, 200);
  assert.ok(rematch.body.records >= 4);
  assert.equal((await api('get', '/api/v1/tracker/alerts', 'coordinator', 'llr')).body.alerts.length, 0, 'not raised again');
  const staffs = (await api('get', '/api/v1/tracker/alerts', 'coordinator', 'staffordshire')).body.alerts;
  assert.deepEqual(
    staffs.map((x: { otherPartnership: string }) => x.otherPartnership),
    ['rotherham'],
    'the confirmed one stays; the rejected one is not raised again',
  );
});

test('imported children are matched like any other: a bulk import raises the alert', async () => {
  await createChild('llr', 'rutland', { firstName: 'Tobiah', lastName: 'Ekwueme', dateOfBirth: '2012-09-30', gender: 'Male' });
  const csv = ['first_name,last_name,date_of_birth,gender,postcode,aliases,district', 'Tobiah,Ekwueme,30/09/2012,Male,S60 1AE,Toby,Rotherham'].join('\n');
  const res = await t
    .request()
    .post('/api/v1/children/import')
    .set('Authorization', `Bearer ${await bearer('coordinator', 'rotherham')}`)
    .set('Content-Type', 'text/csv')
    .send(csv);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.counts.created, 1);
  await settle();
  const alerts = (await api('get', '/api/v1/tracker/alerts', 'coordinator', 'rotherham')).body.alerts;
  assert.ok(alerts.some((a: { childId: string; otherPartnership: string }) => a.childId === res.body.rows[0].childId && a.otherPartnership === 'llr'));
});

test('the Tracker page shows 50 open alerts a page, those to decide first; only the children shown on a page are audited as shown', async () => {
  // 52 children held by both Staffordshire and Rotherham (imported on both sides): 52 more alerts for each
  const firsts = ['Ar', 'Bel', 'Cor', 'Dan', 'El', 'Fen', 'Gal', 'Hal', 'Ir', 'Jas', 'Kel', 'Lor', 'Mar'].flatMap((a) =>
    ['a', 'o', 'en', 'is'].map((b) => a + b),
  );
  const lasts = ['Thorn', 'Quill', 'Brack', 'Morrow', 'Ash', 'Fern', 'Holt', 'Wick', 'Stone', 'Birch', 'Lark', 'Rook', 'Vale'].flatMap((a) =>
    ['by', 'ley', 'ford', 'well'].map((b) => a + b),
  );
  const dob = (i: number) => new Date(Date.UTC(2009, 0, 1) + i * 23 * 86_400_000).toISOString().slice(0, 10);
  for (const [partnership, district] of [
    ['staffordshire', 'Stafford'],
    ['rotherham', 'Rotherham'],
  ] as const) {
    const csv = ['first_name,last_name,date_of_birth,district', ...firsts.map((f, i) => `${f},${lasts[(i * 5) % lasts.length]},${dob(i)},${district}`)].join(
      '\n',
    );
    const res = await t
      .request()
      .post('/api/v1/children/import')
      .set('Authorization', `Bearer ${await bearer('coordinator', partnership)}`)
      .set('Content-Type', 'text/csv')
      .send(csv);
    assert.equal(res.status, 201, JSON.stringify(res.body.counts));
    assert.equal(res.body.counts.created, 52);
  }
  await settle();
  const open = (await api('get', '/api/v1/tracker/alerts', 'coordinator', 'staffordshire')).body.alerts as { id: string }[];
  assert.ok(open.length > 50 && open.length <= 100, `${open.length} open alerts`);

  const coord = await t.signIn('coordinator', 'staffordshire');
  const first = await coord.agent.get('/tracker');
  const second = await coord.agent.get('/tracker?page=2');
  assert.equal(first.status, 200);
  const alertLinks = (html: string) => [...html.matchAll(/href="\/tracker\/alerts\/([^"]+)"/g)].map((m) => m[1]);
  assert.equal(alertLinks(first.text).length, 50);
  assert.equal(alertLinks(second.text).length, open.length - 50);
  assert.deepEqual(
    new Set([...alertLinks(first.text), ...alertLinks(second.text)]),
    new Set(open.map((a) => a.id)),
    'every open alert on one page or the other, once',
  );
  assert.match(first.text, new RegExp(`Open alerts \\(${open.length}\\)`));
  assert.match(first.text, /href="\/tracker\?page=2"/);
  assert.match(second.text, /page 2 of 2/);
  // WCAG 2.2 2.4.2: each page of a list has its own title
  assert.match(first.text, /<title>National tracker \(page 1 of 2\) – MACE/);
  assert.match(second.text, /<title>National tracker \(page 2 of 2\) – MACE/);
  // to decide first, then those waiting on the other partnership, then those both confirmed
  const rank = { 'To decide': 0, 'You confirmed': 1, 'Both confirmed': 2 } as const;
  const states = [...(first.text + second.text).matchAll(/govuk-tag--(?:yellow|blue|green)">(To decide|You confirmed|Both confirmed)</g)].map(
    (m) => rank[m[1] as keyof typeof rank],
  );
  assert.equal(states.length, open.length);
  assert.deepEqual(
    states,
    [...states].sort((a, b) => a - b),
  );
  assert.ok(states.includes(2), 'an alert both confirmed earlier comes last');
  // a page past the last is the last page
  const beyond = await coord.agent.get('/tracker?page=9');
  assert.deepEqual(alertLinks(beyond.text), alertLinks(second.text));

  // each page audits exactly the children it shows: its alerts' children, and on the first page the withdrawn ones
  const childOf = new Map(open.map((a) => [a.id, (a as unknown as { childId: string }).childId]));
  const withdrawnChildren = (
    await t.db.query<{ child_id: string }>(
      `SELECT child_id FROM child_tracker_alerts WHERE partnership_id = 'staffordshire' AND withdrawn_at IS NOT NULL AND withdrawn_at > now() - interval '30 days'`,
    )
  ).map((r) => r.child_id);
  const auditedFor = async (page: number) => {
    await coord.agent.get(page === 1 ? '/tracker' : `/tracker?page=${page}`);
    const [row] = await t.db.query<{ details: { shown: number; open?: number; page?: number }; children_shown: string[] }>(
      `SELECT details, children_shown FROM audit_events WHERE action = 'tracker.alerts.read' AND partnership_id = 'staffordshire' ORDER BY id DESC LIMIT 1`,
    );
    return row!;
  };
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
  const one = await auditedFor(1);
  assert.deepEqual(one.details.shown, 50);
  assert.deepEqual(sorted(one.children_shown), sorted([...alertLinks(first.text).map((id) => childOf.get(id!)!), ...withdrawnChildren]));
  const two = await auditedFor(2);
  assert.deepEqual(two.details, { shown: open.length - 50, open: open.length, page: 2 });
  assert.deepEqual(sorted(two.children_shown), sorted(alertLinks(second.text).map((id) => childOf.get(id!)!)));
  // the API lists every open alert and audits those children, and no withdrawn one it does not show
  await api('get', '/api/v1/tracker/alerts', 'coordinator', 'staffordshire');
  const [viaApi] = await t.db.query<{ children_shown: string[] }>(
    `SELECT children_shown FROM audit_events WHERE action = 'tracker.alerts.read' AND partnership_id = 'staffordshire' ORDER BY id DESC LIMIT 1`,
  );
  assert.deepEqual(sorted(viaApi!.children_shown), sorted(childOf.values()));
});

/** A port nothing listens on (until the tracker starts on it). */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

test('children saved before the tracker was on are encoded by the administrator’s re-match, then matched', async () => {
  const priya = { firstName: 'Priyanka', lastName: 'Oduya', dateOfBirth: '2011-07-22', gender: 'Female', primaryRisk: 'CSE' };
  await createChild('staffordshire', 'stafford', priya);
  // An LLR child written before the tracker was switched on: never encoded, so nothing is raised yet.
  await t.db.query(
    `INSERT INTO children (partnership_id, reference, first_name, last_name, date_of_birth, gender) VALUES ('llr', 'BACKFILL-1', 'Priyanka', 'Oduya', '2011-07-22', 'Female')`,
  );
  await settle();
  const before = await api('get', '/api/v1/tracker/alerts', 'coordinator', 'llr');
  assert.equal(before.body.alerts.filter((a: { otherPartnership: string }) => a.otherPartnership === 'staffordshire').length, 0);

  assert.equal((await api('post', '/api/v1/tracker/match', 'admin', 'llr')).status, 200);
  await settle();
  const after = await api('get', '/api/v1/tracker/alerts', 'coordinator', 'llr');
  assert.equal(after.body.alerts.filter((a: { otherPartnership: string }) => a.otherPartnership === 'staffordshire').length, 1, JSON.stringify(after.body));
});

const alertsOf = async (partnership: string) =>
  (await api('get', '/api/v1/tracker/alerts', 'coordinator', partnership)).body.alerts as { id: string; childId: string; otherPartnership: string }[];

test('closing a child withdraws it from the tracker: the alert goes for both coordinators, the other sees only that it was withdrawn; reopening sends it again', async () => {
  const kezia = { firstName: 'Kezia', lastName: 'Marlowe', dateOfBirth: '2012-02-09', gender: 'Female', primaryRisk: 'CSE' };
  const staffs = await createChild('staffordshire', 'stafford', kezia);
  const roth = await createChild('rotherham', 'rotherham', kezia);
  await settle();
  const mine = (await alertsOf('staffordshire')).find((a) => a.childId === staffs)!;
  const theirs = (await alertsOf('rotherham')).find((a) => a.childId === roth)!;
  assert.ok(mine && theirs, 'raised on both sides');
  // Both confirm: each record says who else knows the child.
  assert.equal((await api('post', `/api/v1/tracker/alerts/${mine.id}/confirm`, 'coordinator', 'staffordshire')).status, 200);
  assert.equal((await api('post', `/api/v1/tracker/alerts/${theirs.id}/confirm`, 'coordinator', 'rotherham')).status, 200);
  const roCoord = await t.signIn('coordinator', 'rotherham');
  assert.match((await roCoord.agent.get(`/children/${roth}`)).text, /Also known to: Staffordshire/);

  // The Staffordshire coordinator closes the record: the page says what closing does; a reason is needed.
  const coord = await t.signIn('coordinator', 'staffordshire');
  const form = await coord.agent.get(`/children/${staffs}/close`);
  assert.equal(form.status, 200);
  assert.match(form.text, /What closing does/);
  assert.match(form.text, /withdrawn from the national tracker/);
  assert.match(form.text, /told only that the alert was withdrawn/);
  const none = await coord.post(`/children/${staffs}/close`, {});
  assert.equal(none.status, 400);
  assert.match(none.text, /<title>Error:/);
  assert.match(none.text, /href="#reason">Select why the record is being closed/);
  const other = await coord.post(`/children/${staffs}/close`, { reason: 'other' });
  assert.equal(other.status, 400);
  assert.match(other.text, /href="#details">Enter why the record is being closed/);
  assert.equal((await t.db.query(`SELECT 1 FROM children WHERE id = $1 AND closed_at IS NOT NULL`, [staffs])).length, 0, 'a refused close changes nothing');
  const closed = await coord.post(`/children/${staffs}/close`, { reason: 'moved-away', details: 'Moved to live with an aunt.' });
  assert.equal(closed.status, 303);
  const page = await coord.agent.get(closed.headers.location!);
  assert.match(page.text, /The record has been closed/);
  assert.match(page.text, /This record was closed on/);
  assert.match(page.text, /The child has moved out of the area\. Moved to live with an aunt\./);
  assert.match(page.text, /Record closed: the child has moved out of the area/, 'on the timeline');
  assert.doesNotMatch(page.text, /Also known to/);
  assert.doesNotMatch(page.text, /Refer to a MACE panel/, 'nothing is offered for a closed record');
  // This side's alert is gone at once, even before the tracker is told.
  assert.ok(!(await alertsOf('staffordshire')).some((a) => a.childId === staffs));

  await settle();
  assert.equal(
    (await t.db.query(`SELECT 1 FROM tracker_encodings WHERE partnership_id = 'staffordshire' AND ref = $1`, [staffs])).length,
    0,
    'encoding withdrawn',
  );
  // Rotherham: the alert is no longer open (API and page), and the page says it was withdrawn — nothing more.
  assert.ok(!(await alertsOf('rotherham')).some((a) => a.id === theirs.id));
  assert.equal((await api('post', `/api/v1/tracker/alerts/${theirs.id}/confirm`, 'coordinator', 'rotherham')).status, 404);
  const list = await roCoord.agent.get('/tracker');
  assert.match(list.text, /Withdrawn in the last 30 days \(1\)/);
  const gone = await roCoord.agent.get(`/tracker/alerts/${theirs.id}`);
  assert.equal(gone.status, 404);
  assert.match(gone.text, /This alert has been withdrawn/);
  assert.doesNotMatch(gone.text, /closed|moved|aunt|evolve@|ce-coordinators@/i, 'nothing of why, nor of the other record');
  assert.doesNotMatch((await roCoord.agent.get(`/children/${roth}`)).text, /Also known to/);
  const audited = await t.db.query<{ partnership_id: string; action: string; details: Record<string, unknown> | null }>(
    `SELECT partnership_id, action, details FROM audit_events WHERE action IN ('child.close', 'tracker.alert.withdrawn') AND child_id = ANY($1::uuid[]) ORDER BY id`,
    [[staffs, roth]],
  );
  assert.deepEqual(
    audited.map((a) => `${a.partnership_id} ${a.action}`),
    ['staffordshire child.close', 'staffordshire tracker.alert.withdrawn', 'rotherham tracker.alert.withdrawn'],
  );
  assert.deepEqual(audited[2]!.details, { otherPartnership: 'staffordshire' }, 'the other side learns that it was withdrawn, and nothing more');

  // Reopening: a reason is needed; the child is sent again and matched again.
  const reopen = await coord.agent.get(`/children/${staffs}/reopen`);
  assert.match(reopen.text, /The record was closed on/);
  assert.equal((await coord.post(`/children/${staffs}/reopen`, {})).status, 400);
  const reopened = await coord.post(`/children/${staffs}/reopen`, { reason: 'New concerns reported by the school.' });
  assert.equal(reopened.status, 303);
  await settle();
  assert.equal((await t.db.query(`SELECT 1 FROM tracker_encodings WHERE partnership_id = 'staffordshire' AND ref = $1`, [staffs])).length, 1, 'sent again');
  const again = (await alertsOf('staffordshire')).find((a) => a.childId === staffs);
  assert.ok(again, 'matched again');
  assert.notEqual(again.id, mine.id, 'a new alert, to decide afresh');
  assert.ok((await alertsOf('rotherham')).some((a) => a.childId === roth && a.id !== theirs.id));
});

test('closing and reopening through the API; a practitioner may not close', async () => {
  const id = await createChild('llr', 'rutland', { firstName: 'Oluwaseun', lastName: 'Hartley', dateOfBirth: '2010-12-01' });
  assert.equal((await api('post', `/api/v1/children/${id}/close`, 'practitioner', 'llr', { reason: 'adult' })).status, 403);
  const bad = await api('post', `/api/v1/children/${id}/close`, 'coordinator', 'llr', { reason: 'bored' });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.errors[0].field, 'reason');
  const closed = await api('post', `/api/v1/children/${id}/close`, 'coordinator', 'llr', { reason: 'adult' });
  assert.equal(closed.status, 200);
  assert.equal(closed.body.closed.reason, 'adult');
  assert.equal((await api('post', `/api/v1/children/${id}/close`, 'coordinator', 'llr', { reason: 'adult' })).status, 409);
  assert.equal(
    (await api('post', `/api/v1/children/${id}/close`, 'coordinator', 'staffordshire', { reason: 'adult' })).status,
    404,
    'another partnership’s child',
  );
  const [queued] = await t.db.query<{ op: string }>(`SELECT op FROM tracker_outbox WHERE ref = $1`, [id]);
  assert.ok(!queued || queued.op === 'withdraw', 'a withdrawal queued, or already sent');
  await settle();
  assert.equal((await t.db.query(`SELECT 1 FROM tracker_encodings WHERE ref = $1`, [id])).length, 0);
  const reopened = await api('post', `/api/v1/children/${id}/reopen`, 'coordinator', 'llr', { reason: 'Back in the area.' });
  assert.equal(reopened.status, 200);
  assert.equal(reopened.body.closed, null);
  await settle();
  assert.equal((await t.db.query(`SELECT 1 FROM tracker_encodings WHERE ref = $1`, [id])).length, 1);
});

test('the NHS number is encoded: two records with different names but the same NHS number and date of birth match strongly on it', async () => {
  const a = await createChild('staffordshire', 'stafford', {
    firstName: 'Tyrese',
    lastName: 'Okonjo',
    dateOfBirth: '2011-05-05',
    gender: 'Male',
    nhsNumber: '943 476 5919',
  });
  const b = await createChild('llr', 'rutland', {
    firstName: 'Ty',
    lastName: 'Barrington',
    dateOfBirth: '2011-05-05',
    gender: 'Male',
    nhsNumber: '9434765919',
  });
  await settle();
  const alert = (await api('get', '/api/v1/tracker/alerts', 'coordinator', 'staffordshire')).body.alerts.find((x: { childId: string }) => x.childId === a);
  assert.ok(alert, 'raised');
  assert.equal(alert.strength, 'strong');
  assert.ok(alert.fields.some((f: { field: string; level: string }) => f.field === 'nhs_number' && f.level === 'same'));
  assert.ok((await alertsOf('llr')).some((x) => x.childId === b));
});

test('the nightly job backfills every open child not yet sent, then re-matches; a closed child is not sent; children sent once are not sent again', async () => {
  const gideon = { firstName: 'Gideon', lastName: 'Ashworth', dateOfBirth: '2013-01-17', gender: 'Male' };
  await createChild('rotherham', 'rotherham', gideon);
  await settle();
  // A first night sends whatever is still unsent (the demo's children, written before the tracker was on).
  assert.ok(!(await t.services.tracker.rematchJob())?.unavailable);
  // Two LLR children written before the tracker was on: one open, one closed.
  const [open] = await t.db.query<{ id: string }>(
    `INSERT INTO children (partnership_id, reference, first_name, last_name, date_of_birth, gender) VALUES ('llr', 'BACKFILL-2', 'Gideon', 'Ashworth', '2013-01-17', 'Male') RETURNING id`,
  );
  const [shut] = await t.db.query<{ id: string }>(
    `INSERT INTO children (partnership_id, reference, first_name, last_name, date_of_birth, gender, closed_at, closed_reason)
     VALUES ('llr', 'BACKFILL-3', 'Gideon', 'Ashworth', '2013-01-17', 'Male', now(), 'risk-reduced') RETURNING id`,
  );
  assert.ok(!(await alertsOf('llr')).some((a) => a.childId === open!.id), 'not matched before the job');

  const out = await t.services.tracker.rematchJob();
  assert.ok(out && !out.unavailable, JSON.stringify(out));
  assert.equal(out.backfilled, 1, 'the open child not yet sent, and no other');
  const llr = await alertsOf('llr');
  assert.ok(
    llr.some((a) => a.childId === open!.id && a.otherPartnership === 'rotherham'),
    'raised after the backfill',
  );
  assert.ok(!llr.some((a) => a.childId === shut!.id), 'a closed record is never sent');
  assert.equal((await t.db.query(`SELECT 1 FROM tracker_encodings WHERE ref = $1`, [shut!.id])).length, 0);
  const [audited] = await t.db.query<{ details: { backfilled: number; by: string } }>(
    `SELECT details FROM audit_events WHERE action = 'tracker.match' ORDER BY id DESC LIMIT 1`,
  );
  assert.equal(audited!.details.by, 'job');
  assert.equal(audited!.details.backfilled, 1);
  const next = await t.services.tracker.rematchJob();
  assert.equal(next?.backfilled, 0, 'the next night sends nothing again');
});

test('the tracker down never blocks saving a child; the queued encoding goes when it is back', async () => {
  const port = await closedPort();
  const token = 'a-staffordshire-token-for-tests-0001';
  const down = await testApp({
    env: { TRACKER_MODE: 'http', TRACKER_URL: `http://127.0.0.1:${port}`, TRACKER_TOKEN: token, TRACKER_PARTNERSHIP: 'staffordshire' },
  });
  const bearerToken = await down.apiToken('practitioner', 'staffordshire');
  const started = Date.now();
  const res = await down
    .request()
    .post('/api/v1/children')
    .set('Authorization', `Bearer ${bearerToken}`)
    .send({ ...jordan, districtId: 'stafford' });
  assert.equal(res.status, 201);
  assert.ok(Date.now() - started < 3000, 'saving did not wait for the tracker');
  const drained = await down.services.tracker.drain();
  assert.equal(drained?.unavailable, true);
  const [queued] = await down.db.query<{ ref: string; attempts: number }>(`SELECT ref, attempts FROM tracker_outbox`);
  assert.equal(queued!.ref, res.body.id);
  assert.ok(queued!.attempts >= 1);

  // The Tracker page says so plainly.
  const coord = await down.signIn('coordinator', 'staffordshire');
  const page = await coord.agent.get('/tracker');
  assert.equal(page.status, 200);
  assert.match(page.text, /cannot be reached/);
  assert.equal(
    (
      await down
        .request()
        .get('/api/v1/tracker/alerts')
        .set('Authorization', `Bearer ${await down.apiToken('coordinator', 'staffordshire')}`)
    ).status,
    503,
  );

  // The tracker comes back on that port: the next drain (once the retry is due) sends the encoding.
  const trackerDb = await openDb({});
  await migrateTracker(trackerDb);
  const core = await createTrackerCore({ db: trackerDb, engine: linkageEngine(), thresholds: { strong: 0.99, possible: 0.5 } });
  const server = http.createServer(trackerHandler({ core, tokens: new Map([['staffordshire', tokenHash(token)]]) }));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await trackerDb.close();
  });
  await down.db.query(`UPDATE tracker_outbox SET next_attempt_at = now()`);
  const sent = await down.services.tracker.drain();
  assert.equal(sent?.sent, 1);
  assert.equal((await down.db.query(`SELECT 1 FROM tracker_outbox`)).length, 0);
  assert.equal(core.size, 1);
});

test('the tracker down never blocks closing a child either: the withdrawal waits in the queue, in place of the unsent encoding', async () => {
  const port = await closedPort();
  const down = await testApp({
    env: {
      TRACKER_MODE: 'http',
      TRACKER_URL: `http://127.0.0.1:${port}`,
      TRACKER_TOKEN: 'a-staffordshire-token-for-tests-0002',
      TRACKER_PARTNERSHIP: 'staffordshire',
    },
  });
  const as = async (role: string) => `Bearer ${await down.apiToken(role, 'staffordshire')}`;
  const created = await down
    .request()
    .post('/api/v1/children')
    .set('Authorization', await as('practitioner'))
    .send({ ...jordan, districtId: 'stafford' });
  assert.equal(created.status, 201);
  const started = Date.now();
  const closed = await down
    .request()
    .post(`/api/v1/children/${created.body.id}/close`)
    .set('Authorization', await as('coordinator'))
    .send({ reason: 'risk-reduced' });
  assert.equal(closed.status, 200);
  assert.ok(Date.now() - started < 3000, 'closing did not wait for the tracker');
  assert.equal((await down.services.tracker.drain())?.unavailable, true);
  const queued = await down.db.query<{ op: string }>(`SELECT op FROM tracker_outbox WHERE ref = $1`, [created.body.id]);
  assert.deepEqual(
    queued.map((r) => r.op),
    ['withdraw'],
  );
});

test('an alert says which fields agreed and, apart, which did not (a field at its last level never shows as agreeing)', async () => {
  const { comparedFields } = await import('./service.ts');
  const shown = comparedFields([
    { field: 'alias', level: 'none in common', weight: -0.4 },
    { field: 'date_of_birth', level: 'exact', weight: 9.1 },
    { field: 'name_order', level: 'as recorded', weight: 0 },
    { field: 'gender', level: 'same', weight: 0 },
    { field: 'postcode', level: 'different', weight: -1.2 },
    { field: 'last_name', level: 'exact', weight: 6.3 },
  ]);
  assert.deepEqual(shown.agreeing, ['Date of birth: exact', 'Last name: exact', 'Gender: same']);
  assert.deepEqual(shown.disagreeing, ['Postcode: different', 'Alias or street name: none in common']);
  const swapped = comparedFields([{ field: 'name_order', level: 'first and last names swapped', weight: 1 }]);
  assert.deepEqual(swapped.agreeing, ['Name order: first and last names swapped']);
});
