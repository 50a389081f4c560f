import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { testApp, csrfFrom, TEST_PASSWORD } from '../../test-support/app.ts';
import { loadPartnerships } from '../../partnerships/index.ts';
import { currentTotp } from './totp.ts';
import { THROTTLE } from '../../platform/throttle.ts';

// Addresses come from X-Forwarded-For (as behind the partnership's proxy), so that the throttle's rules per address can be tested.
const t = await testApp({ env: { TRUST_PROXY: 'loopback' } });

async function attempt(email: string, password: string, ip = '10.1.1.1') {
  const agent = request.agent(t.app);
  const page = await agent.get('/sign-in');
  return agent
    .post('/sign-in')
    .set('X-Forwarded-For', ip)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email, password });
}

test('sign-in with the right password starts a session and lands on home', async () => {
  const res = await attempt('chair@staffordshire.example.org', TEST_PASSWORD);
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/');
  const cookie = String(res.headers['set-cookie']);
  assert.match(cookie, /mace_session=/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
});

test('a wrong password and an unknown account get the same answer, and nothing says which', async () => {
  const wrong = await attempt('chair@staffordshire.example.org', 'not-the-password');
  const unknown = await attempt('nobody@staffordshire.example.org', 'not-the-password');
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, 401);
  const message = (html: string) => /govuk-error-summary__list[\s\S]*?<a[^>]*>([^<]+)</.exec(html)?.[1];
  assert.equal(message(wrong.text), 'Enter a correct email address and password');
  assert.equal(message(unknown.text), message(wrong.text));
  assert.match(wrong.text, /<title>Error: /);
  assert.match(wrong.text, /value="chair@staffordshire.example.org"/, 'the email typed is kept');
});

test(`no targeted lock-out (issue 16 item 8): after ${THROTTLE.perAccountAndAddress} failures from one address, that address is slowed for the account, even with the right password; the owner on another address signs in`, async () => {
  for (const email of ['coordinator@llr.example.org', 'ghost@llr.example.org']) {
    for (let i = 0; i < THROTTLE.perAccountAndAddress; i++) assert.equal((await attempt(email, `wrong-${i}`, '10.3.0.1')).status, 401);
    const blocked = await attempt(email, TEST_PASSWORD, '10.3.0.1');
    assert.equal(blocked.status, 429, email);
    assert.match(blocked.text, /Too many attempts to sign in/);
  }
  const owner = await attempt('coordinator@llr.example.org', TEST_PASSWORD, '10.3.0.2');
  assert.equal(owner.status, 303, 'the owner on their own device is not locked out by someone else’s guesses');
  const stillSlowed = await attempt('coordinator@llr.example.org', TEST_PASSWORD, '10.3.0.1');
  assert.equal(stillSlowed.status, 429, 'the owner’s sign-in elsewhere does not clear the guesser’s address');
});

test(`one address guessing at many accounts is slowed after ${THROTTLE.perAddress} failures, for every account; other addresses are not`, async () => {
  for (let i = 0; i < THROTTLE.perAddress; i++) assert.equal((await attempt(`nobody-${i}@llr.example.org`, 'wrong', '10.6.0.1')).status, 401);
  assert.equal((await attempt('chair@llr.example.org', TEST_PASSWORD, '10.6.0.1')).status, 429);
  assert.equal((await attempt('chair@llr.example.org', TEST_PASSWORD, '10.6.0.2')).status, 303);
});

test(`the per-account ceiling: after ${THROTTLE.perAccount} failures from many addresses an account is throttled, even with the right password; an unknown account likewise`, async () => {
  for (const email of ['analyst@rotherham.example.org', 'ghost@rotherham.example.org']) {
    for (let i = 0; i < THROTTLE.perAccount; i++)
      assert.equal((await attempt(email, `wrong-${i}`, `10.2.${Math.floor(i / 4)}.${i % 4}`)).status, 401, 'fewer than the pair’s limit from each address');
    const blocked = await attempt(email, TEST_PASSWORD, '10.2.200.1');
    assert.equal(blocked.status, 429, email);
    assert.match(blocked.text, /Too many attempts to sign in/);
  }
  const other = await attempt('analyst@llr.example.org', TEST_PASSWORD, '10.2.200.1');
  assert.equal(other.status, 303, 'other accounts are not affected');
});

test('a missing email or password is named in the error summary', async () => {
  const res = await attempt('', '');
  assert.equal(res.status, 400);
  assert.match(res.text, /href="#email">Enter your email address/);
  assert.match(res.text, /href="#password">Enter your password/);
});

test('a form posted without its CSRF token is refused and changes nothing', async () => {
  const s = await t.signIn('practitioner');
  const before = (await t.db.query(`SELECT count(*) FROM children`))[0];
  const res = await s.agent.post('/children').type('form').send({ firstName: 'Forged', lastName: 'Request', districtId: 'stafford' });
  assert.equal(res.status, 403);
  assert.deepEqual((await t.db.query(`SELECT count(*) FROM children`))[0], before);
  const bad = await s.agent
    .post('/children')
    .type('form')
    .send({ _csrf: 'x'.repeat(43), firstName: 'Forged', lastName: 'Request', districtId: 'stafford' });
  assert.equal(bad.status, 403);
});

test('pages carry security headers: CSP without inline script, HSTS, no-store when signed in', async () => {
  const s = await t.signIn('practitioner');
  const res = await s.agent.get('/');
  const csp = String(res.headers['content-security-policy']);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(String(res.headers['strict-transport-security']), /max-age=\d+/);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.doesNotMatch(res.text, /<script>(?!<\/script>)/, 'no inline script');
});

test('a session idle beyond the limit has ended; activity within it keeps it alive', async () => {
  const s = await t.signIn('coordinator');
  await t.db.query(`UPDATE sessions SET last_seen_at = now() - make_interval(mins => $1) WHERE user_id = $2`, [
    t.config.sessionIdleMinutes - 1,
    await t.userId('coordinator'),
  ]);
  assert.equal((await s.agent.get('/')).status, 200);
  await t.db.query(`UPDATE sessions SET last_seen_at = now() - make_interval(mins => $1) WHERE user_id = $2`, [
    t.config.sessionIdleMinutes + 1,
    await t.userId('coordinator'),
  ]);
  const res = await s.agent.get('/');
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/sign-in');
});

test('the page tells the browser when to warn about the idle timeout, and keep-alive extends the session', async () => {
  const s = await t.signIn('coordinator', 'llr');
  const home = await s.agent.get('/');
  assert.match(home.text, new RegExp(`data-idle-seconds="${t.config.sessionIdleMinutes * 60}"`));
  assert.match(home.text, /id="timeout-dialog"/);
  assert.match(home.text, /Stay signed in/);
  const ping = await s.agent.post('/session/keep-alive').set('x-csrf-token', s.csrf);
  assert.equal(ping.status, 200);
});

test('signing out ends the session on the server', async () => {
  const s = await t.signIn('chair', 'rotherham');
  const out = await s.post('/sign-out');
  assert.equal(out.headers.location, '/signed-out');
  const after = await s.agent.get('/');
  assert.equal(after.headers.location, '/sign-in');
});

test('disabling a user ends their sessions and API tokens at once', async () => {
  const victim = await t.signIn('responder', 'llr');
  const token = await t.apiToken('administrator', 'llr');
  assert.equal((await victim.agent.get('/')).status, 200);
  const admin = await t.signIn('admin', 'llr');
  for (const role of ['responder', 'administrator']) {
    const res = await admin.post(`/admin/users/${await t.userId(role, 'llr')}/disable`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Account disabled/);
  }
  assert.equal((await victim.agent.get('/')).headers.location, '/sign-in');
  assert.equal((await t.request().get('/api/v1/children').set('Authorization', `Bearer ${token}`)).status, 401);
  assert.equal((await attempt('responder@llr.example.org', TEST_PASSWORD, '10.3.0.1')).status, 401, 'a disabled user cannot sign in');
  const audit = await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'user.disable' AND subject_id = $1`, [await t.userId('responder', 'llr')]);
  assert.equal(audit.length, 1);
});

test('an admin adds a user, who signs in with the one-off password', async () => {
  const admin = await t.signIn('admin', 'rotherham');
  const bad = await admin.post('/admin/users', { displayName: '', email: 'not-an-email', agencyId: 'evolve' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Enter the person’s full name/);
  assert.match(bad.text, /Select at least one role/);
  const res = await admin.post('/admin/users', {
    displayName: 'Nadia Newcombe',
    email: 'nadia.newcombe@rotherham.example.org',
    agencyId: 'evolve',
    roles: ['practitioner', 'chair'],
  });
  assert.equal(res.status, 201);
  const password = /class="app-code">([^<]+)</.exec(res.text)![1]!;
  const signIn = await attempt('nadia.newcombe@rotherham.example.org', password, '10.4.0.1');
  assert.equal(signIn.status, 303);
  const dup = await admin.post('/admin/users', {
    displayName: 'Nadia Again',
    email: 'NADIA.newcombe@rotherham.example.org',
    agencyId: 'evolve',
    roles: ['practitioner'],
  });
  assert.match(dup.text, /already exists/);
});

test('a user turns on a security code; sign-in then asks for it and refuses a wrong one', async () => {
  const s = await t.signIn('analyst', 'staffordshire');
  const setUp = await s.agent.get('/account/two-factor');
  const key = /id="key">([^<]+)</.exec(setUp.text)![1]!.replace(/\s/g, '');
  const wrongSetup = await s.post('/account/two-factor', { code: '000000' === currentTotp(key) ? '111111' : '000000' });
  assert.equal(wrongSetup.status, 400);
  const setupCode = currentTotp(key);
  assert.equal((await s.post('/account/two-factor', { code: setupCode })).status, 303);

  const agent = request.agent(t.app);
  const page = await agent.get('/sign-in');
  const res = await agent
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email: 'analyst@staffordshire.example.org', password: TEST_PASSWORD });
  assert.equal(res.headers.location, '/sign-in/two-factor');
  assert.equal((await agent.get('/')).headers.location, '/sign-in/two-factor', 'nothing else is reachable before the code');
  const form = await agent.get('/sign-in/two-factor');
  const csrf = csrfFrom(form.text);
  const wrong = await agent
    .post('/sign-in/two-factor')
    .type('form')
    .send({ _csrf: csrf, code: currentTotp(key) === '123456' ? '654321' : '123456' });
  assert.equal(wrong.status, 401);
  const replay = await agent.post('/sign-in/two-factor').type('form').send({ _csrf: csrf, code: setupCode });
  assert.equal(replay.status, 401, 'the code that turned security codes on cannot be used again');
  assert.match(replay.text, /That code has been used already: wait for your app to show a new code/);
  // The app's next code (accepted up to one step early, as clocks drift).
  const next = currentTotp(key, Date.now() + 30_000);
  const ok = await agent.post('/sign-in/two-factor').type('form').send({ _csrf: csrf, code: next });
  assert.equal(ok.headers.location, '/');
  const again = request.agent(t.app);
  const page2 = await again.get('/sign-in');
  await again
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfFrom(page2.text), email: 'analyst@staffordshire.example.org', password: TEST_PASSWORD });
  const csrf2 = csrfFrom((await again.get('/sign-in/two-factor')).text);
  const reused = await again.post('/sign-in/two-factor').type('form').send({ _csrf: csrf2, code: next });
  assert.equal(reused.status, 401, 'a code that completed one sign-in cannot complete another');
  const failures = await t.db.query<{ details: { reason?: string } | null }>(
    `SELECT details FROM audit_events WHERE action = 'auth.second-factor' AND outcome = 'failed' AND actor_user_id = $1 ORDER BY id`,
    [await t.userId('analyst', 'staffordshire')],
  );
  assert.deepEqual(failures.map((f) => f.details?.reason ?? null).slice(-2), ['code already used', 'code already used']);
  assert.equal((await agent.get('/')).status, 200);
  const token = await t.request().post('/api/v1/auth/token').send({ email: 'analyst@staffordshire.example.org', password: TEST_PASSWORD });
  assert.equal(token.status, 401, 'the API cannot bypass the second factor');
});

test(`second factor (issue 16 item 8): ${THROTTLE.perAccountAndAddress} wrong codes slow that address; the owner elsewhere gets in; ${THROTTLE.secondFactorPerAccount} from any addresses slow the account`, async () => {
  const email = 'chair@rotherham.example.org';
  const s = await t.signIn('chair', 'rotherham');
  const key = /id="key">([^<]+)</.exec((await s.agent.get('/account/two-factor')).text)![1]!.replace(/\s/g, '');
  assert.equal((await s.post('/account/two-factor', { code: currentTotp(key) })).status, 303);
  const wrongCode = () => (currentTotp(key) === '123456' || currentTotp(key, Date.now() + 30_000) === '123456' ? '654321' : '123456');
  /** A password sign-in from an address, then codes from it. */
  async function from(ip: string) {
    const agent = request.agent(t.app);
    const page = await agent.get('/sign-in').set('X-Forwarded-For', ip);
    const res = await agent
      .post('/sign-in')
      .set('X-Forwarded-For', ip)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email, password: TEST_PASSWORD });
    assert.equal(res.headers.location, '/sign-in/two-factor');
    const csrf = csrfFrom((await agent.get('/sign-in/two-factor').set('X-Forwarded-For', ip)).text);
    return (code: string) => agent.post('/sign-in/two-factor').set('X-Forwarded-For', ip).type('form').send({ _csrf: csrf, code });
  }
  const guesser = await from('10.5.0.1');
  for (let i = 0; i < THROTTLE.perAccountAndAddress; i++) assert.equal((await guesser(wrongCode())).status, 401);
  assert.equal((await guesser(currentTotp(key))).status, 429, 'that address is slowed, even with the right code');
  const owner = await from('10.5.0.2');
  assert.equal((await owner(currentTotp(key, Date.now() + 30_000))).headers.location, '/', 'the owner on their own device gets in');
  for (let i = THROTTLE.perAccountAndAddress; i < THROTTLE.secondFactorPerAccount; i++)
    assert.equal((await (await from(`10.5.1.${i}`))(wrongCode())).status, 401);
  assert.equal((await (await from('10.5.2.1'))(wrongCode())).status, 429, 'the account’s codes are slowed from any address once the ceiling is reached');
});

test('a partnership that requires a second factor sends a new user to set one up first', async () => {
  const partnerships = loadPartnerships();
  partnerships.get('llr')!.requireSecondFactor = true;
  const t2 = await testApp({ partnerships });
  const agent = request.agent(t2.app);
  const page = await agent.get('/sign-in');
  const res = await agent
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), email: 'practitioner@llr.example.org', password: TEST_PASSWORD });
  assert.equal(res.headers.location, '/account/two-factor');
  assert.equal((await agent.get('/children')).headers.location, '/sign-in/two-factor');
  const setUp = await agent.get('/account/two-factor');
  assert.match(setUp.text, /Your partnership asks everyone/);
});

test('POST /api/v1/auth/token returns a token, 401 on a wrong password, 422 naming missing fields', async () => {
  const ok = await t.request().post('/api/v1/auth/token').send({ email: 'practitioner@llr.example.org', password: TEST_PASSWORD });
  assert.equal(ok.status, 200);
  assert.equal(typeof ok.body.token, 'string');
  const wrong = await t.request().post('/api/v1/auth/token').send({ email: 'practitioner@llr.example.org', password: 'nope' });
  assert.equal(wrong.status, 401);
  assert.match(wrong.headers['content-type']!, /application\/problem\+json/);
  const missing = await t.request().post('/api/v1/auth/token').send({});
  assert.equal(missing.status, 422);
  assert.deepEqual(missing.body.errors.map((e: { field: string }) => e.field).sort(), ['email', 'password']);
  const malformed = await t.request().post('/api/v1/auth/token').set('content-type', 'application/json').send('{"email": ');
  assert.equal(malformed.status, 400);
  assert.match(malformed.headers['content-type']!, /application\/problem\+json/);
  assert.doesNotMatch(malformed.text, /at .*\.ts/);
});
