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
