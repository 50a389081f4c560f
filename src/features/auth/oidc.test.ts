// Issue 16 items 1–5: sign-in through the partnership's own OpenID Connect provider, against a real provider in process.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { testApp, csrfFrom, TEST_PASSWORD } from '../../test-support/app.ts';
import { startTestProvider, providerWalker } from '../../test-support/oidc-provider.ts';
import { loadPartnerships } from '../../partnerships/index.ts';
import { staffordshire } from '../../partnerships/staffordshire.ts';
import { rotherham } from '../../partnerships/rotherham.ts';
import { llr } from '../../partnerships/llr.ts';
import { loadConfig } from '../../config.ts';

const PUBLIC_URL = 'http://mace.example.org';
const cb = (p: string) => `${PUBLIC_URL}/auth/oidc/${p}/callback`;
const provider = await startTestProvider([
  {
    clientId: 'mace-staffordshire',
    clientSecret: 'staffordshire-secret-0001',
    redirectUris: [cb('staffordshire')],
    postLogoutRedirectUris: [`${PUBLIC_URL}/signed-out`],
  },
  { clientId: 'mace-rotherham', clientSecret: 'rotherham-secret-0001', redirectUris: [cb('rotherham')] },
  { clientId: 'mace-llr', clientSecret: 'llr-secret-0001', redirectUris: [cb('llr')] },
  // Another service registered at the same provider: its codes are not for MACE (the wrong audience).
  { clientId: 'another-service', clientSecret: 'another-secret-0001', redirectUris: [cb('staffordshire')] },
]);
after(() => provider.close());

const partnerships = loadPartnerships([
  // Staffordshire: every user through the provider, a second factor required, matched by verified email.
  { ...staffordshire, requireSecondFactor: true, signIn: { passwords: false, oidc: { label: 'Staffordshire Council account' } } },
  // Rotherham: unknown users created with roles mapped from the provider's roles claim.
  {
    ...rotherham,
    signIn: {
      oidc: { label: 'Rotherham account', createUsers: { agencyId: 'evolve', rolesClaim: 'roles', roleMap: { 'MACE.Practitioner': ['practitioner'] } } },
    },
  },
  // LLR: matched by the provider's own id (Entra ID's oid).
  { ...llr, signIn: { oidc: { label: 'LLR account', matchClaim: 'oid' } } },
]);
const env: Record<string, string> = { PUBLIC_URL };
for (const [p, secret] of [
  ['STAFFORDSHIRE', 'staffordshire-secret-0001'],
  ['ROTHERHAM', 'rotherham-secret-0001'],
  ['LLR', 'llr-secret-0001'],
]) {
  env[`OIDC_${p}_ISSUER`] = provider.issuer;
  env[`OIDC_${p}_CLIENT_ID`] = `mace-${p!.toLowerCase()}`;
  env[`OIDC_${p}_CLIENT_SECRET`] = secret!;
}
const t = await testApp({ partnerships, env });

provider.accounts.set('kim', { email: 'chair@staffordshire.example.org', email_verified: true, name: 'Kim Chair', amr: ['pwd', 'mfa'] });
provider.accounts.set('kim-no-mfa', { email: 'chair@staffordshire.example.org', email_verified: true, amr: ['pwd'] });
provider.accounts.set('unverified', { email: 'coordinator@staffordshire.example.org', email_verified: false, amr: ['mfa'] });
provider.accounts.set('stranger', { email: 'stranger@staffordshire.example.org', email_verified: true, amr: ['mfa'] });
provider.accounts.set('analyst', { email: 'analyst@staffordshire.example.org', email_verified: true, amr: ['mfa'] });

/** Starts a sign-in at MACE, signs in at the provider as `login`, and returns MACE's answer to the provider's redirect. */
async function viaProvider(
  partnership: string,
  login: string,
  o: { agent?: ReturnType<typeof request.agent>; tamper?: (authUrl: URL) => void; beforeCallback?: () => Promise<void> } = {},
) {
  const agent = o.agent ?? request.agent(t.app);
  const start = await agent.get(`/auth/oidc/${partnership}`);
  assert.equal(start.status, 303, 'the sign-in starts at the provider');
  const authUrl = new URL(start.headers.location!);
  o.tamper?.(authUrl);
  const w = providerWalker();
  const shown = await w.follow(authUrl.href);
  assert.ok(shown.location, `the provider shows its sign-in page (${shown.status} ${shown.text.slice(0, 200)})`);
  const back = await w.follow(`${shown.location}/login`, { method: 'POST', body: new URLSearchParams({ login }).toString() });
  assert.ok(back.location?.startsWith(cb(partnership)), `the provider sends the browser back to MACE (${back.location})`);
  await o.beforeCallback?.();
  const callback = new URL(back.location!);
  const res = await agent.get(callback.pathname + callback.search);
  return { agent, res, callback };
}

const lastSignIn = async () =>
  (
    await t.db.query<{ outcome: string; details: Record<string, unknown>; actor_user_id: string | null }>(
      `SELECT outcome, details, actor_user_id FROM audit_events WHERE action = 'auth.sign-in' ORDER BY id DESC LIMIT 1`,
    )
  )[0]!;

test('the sign-in page offers each configured provider; the redirect carries PKCE (S256), state and nonce to the issuer', async () => {
  const page = await request(t.app).get('/sign-in');
  assert.match(page.text, /Sign in with Staffordshire Council account \(Staffordshire\)/);
  assert.match(page.text, /href="\/auth\/oidc\/llr"/);
  const agent = request.agent(t.app);
  const start = await agent.get('/auth/oidc/staffordshire');
  const u = new URL(start.headers.location!);
  assert.equal(u.origin, provider.issuer);
  assert.equal(u.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(u.searchParams.get('state') && u.searchParams.get('nonce') && u.searchParams.get('code_challenge'));
  assert.equal(u.searchParams.get('redirect_uri'), cb('staffordshire'));
  assert.match(String(start.headers['set-cookie']), /mace_oidc=.*HttpOnly.*SameSite=Lax/);
  assert.equal((await agent.get('/auth/oidc/nowhere')).status, 404);
});

test('issue 16 item 2–3: a known user (verified email) signs in, and the provider’s amr "mfa" satisfies the required second factor', async () => {
  const { agent, res } = await viaProvider('staffordshire', 'kim');
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/');
  assert.equal((await agent.get('/account')).status, 200, 'signed in, no code asked');
  const a = await lastSignIn();
  assert.equal(a.outcome, 'allowed');
  assert.deepEqual(a.details, { via: 'oidc', secondFactor: 'provider' });
  assert.equal(a.actor_user_id, await t.userId('chair'));
});

test('issue 16 item 3: without the provider’s second factor, a partnership that requires one asks for the product’s own code', async () => {
  const { agent, res } = await viaProvider('staffordshire', 'kim-no-mfa');
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/account/two-factor');
  const home = await agent.get('/');
  assert.equal(home.status, 303, 'nothing else opens before the code');
  assert.equal((await lastSignIn()).details.secondFactor, 'own-code');
});

test('issue 16 item 2: an email the provider has not verified, an unknown user and a disabled user are refused with a clear page', async () => {
  const unverified = await viaProvider('staffordshire', 'unverified');
  assert.equal(unverified.res.status, 403);
  assert.match(unverified.res.text, /did not give a verified email address/);
  const stranger = await viaProvider('staffordshire', 'stranger');
  assert.equal(stranger.res.status, 403);
  assert.match(stranger.res.text, /There is no MACE account for you in this partnership/);
  assert.equal((await lastSignIn()).details.reason, 'unknown');
  await t.db.query(`UPDATE users SET disabled_at = now() WHERE email = 'analyst@staffordshire.example.org'`);
  const disabled = await viaProvider('staffordshire', 'analyst');
  assert.equal(disabled.res.status, 403);
  assert.match(disabled.res.text, /turned off/);
  assert.equal((await disabled.agent.get('/account')).status, 303, 'no session');
});

test('issue 16 item 2: a user of another partnership is not matched (the email is looked up within the partnership only)', async () => {
  provider.accounts.set('rotherham-chair', { email: 'chair@rotherham.example.org', email_verified: true, amr: ['mfa'] });
  const other = await viaProvider('staffordshire', 'rotherham-chair');
  assert.equal(other.res.status, 403);
});

test('issue 16 item 2: where configured, an unknown user is created with the roles mapped from the provider; none mapped, refused', async () => {
  provider.accounts.set('new-worker', {
    email: 'new.worker@rotherham.example.org',
    email_verified: true,
    name: 'Ren Worker',
    roles: ['MACE.Practitioner', 'Unrelated'],
  });
  provider.accounts.set('no-role', { email: 'no.role@rotherham.example.org', email_verified: true, roles: ['Unrelated'] });
  const made = await viaProvider('rotherham', 'new-worker');
  assert.equal(made.res.status, 303);
  const [u] = await t.db.query<{ roles: string[]; agency_id: string; display_name: string; password_hash: string | null }>(
    `SELECT roles, agency_id, display_name, password_hash FROM users WHERE email = 'new.worker@rotherham.example.org'`,
  );
  assert.deepEqual(u, { roles: ['practitioner'], agency_id: 'evolve', display_name: 'Ren Worker', password_hash: null });
  const none = await viaProvider('rotherham', 'no-role');
  assert.equal(none.res.status, 403);
  assert.match(none.res.text, /has not given you a role that MACE uses/);
  assert.equal((await t.db.query(`SELECT 1 FROM users WHERE email = 'no.role@rotherham.example.org'`)).length, 0);
});

test('issue 16 item 2: matched by a configured claim (oid): the first sign-in by verified email keeps the id; later the id alone', async () => {
  provider.accounts.set('llr-first', { email: 'chair@llr.example.org', email_verified: true, oid: 'oid-llr-chair-0001' });
  assert.equal((await viaProvider('llr', 'llr-first')).res.status, 303);
  provider.accounts.set('llr-renamed', { email: 'renamed@elsewhere.example.org', email_verified: false, oid: 'oid-llr-chair-0001' });
  const again = await viaProvider('llr', 'llr-renamed');
  assert.equal(again.res.status, 303);
  assert.equal((await lastSignIn()).actor_user_id, await t.userId('chair', 'llr'));
  provider.accounts.set('llr-no-oid', { email: 'coordinator@llr.example.org', email_verified: true });
  assert.equal((await viaProvider('llr', 'llr-no-oid')).res.status, 403, 'no oid: not identified');
});

test('issue 16 item 5: a replayed answer, a code replayed in another sign-in, an answer without its browser and a late answer are refused', async () => {
  const first = await viaProvider('staffordshire', 'kim');
  assert.equal(first.res.status, 303);
  const path = first.callback.pathname + first.callback.search;
  const replay = await first.agent.get(path);
  assert.equal(replay.status, 400, 'the same answer twice');
  assert.match(replay.text, /was used already/);
  // The code again, in a sign-in of its own (its state copied in): the provider refuses it (used, and another PKCE verifier).
  const fresh = request.agent(t.app);
  const start = await fresh.get('/auth/oidc/staffordshire');
  const u = new URL(first.callback);
  u.searchParams.set('state', new URL(start.headers.location!).searchParams.get('state')!);
  const reused = await fresh.get(u.pathname + u.search);
  assert.equal(reused.status, 401);
  assert.equal((await lastSignIn()).outcome, 'failed');
  // Login CSRF: an answer arriving in a browser that did not start the sign-in.
  const elsewhere = await viaProvider('staffordshire', 'kim', {
    beforeCallback: async () => undefined,
  });
  const stranger = await request(t.app).get(elsewhere.callback.pathname + elsewhere.callback.search);
  assert.equal(stranger.status, 400);
  // Taking longer than ten minutes at the provider.
  const late = await viaProvider('staffordshire', 'kim', {
    beforeCallback: () => t.db.query(`UPDATE oidc_flows SET created_at = now() - interval '11 minutes'`).then(() => undefined),
  });
  assert.equal(late.res.status, 400);
});

test('issue 16 item 5: a wrong nonce and a code issued to another service (the wrong audience) are refused', async () => {
  const nonce = await viaProvider('staffordshire', 'kim', {
    beforeCallback: () => t.db.query(`UPDATE oidc_flows SET nonce = 'not-the-nonce-sent'`).then(() => undefined),
  });
  assert.equal(nonce.res.status, 401);
  assert.match(nonce.res.text, /did not confirm who you are/);
  const audience = await viaProvider('staffordshire', 'kim', { tamper: (u) => u.searchParams.set('client_id', 'another-service') });
  assert.equal(audience.res.status, 401);
  assert.equal((await audience.agent.get('/account')).status, 303, 'no session');
});

test('issue 16 item 4: a partnership can turn passwords off; signing out ends the session and offers the provider’s sign-out', async () => {
  const agent = request.agent(t.app);
  const pwToken = csrfFrom((await agent.get('/sign-in')).text);
  const res = await agent.post('/sign-in').type('form').send({ _csrf: pwToken, email: 'coordinator@staffordshire.example.org', password: TEST_PASSWORD });
  assert.equal(res.status, 401);
  assert.match(res.text, /signs you in through Staffordshire Council account/);
  assert.equal((await t.signIn('coordinator', 'rotherham')).agent !== undefined, true, 'other partnerships keep passwords');

  const { agent: signedIn } = await viaProvider('staffordshire', 'kim');
  const csrf = csrfFrom((await signedIn.get('/account')).text);
  const out = await signedIn.post('/sign-out').type('form').send({ _csrf: csrf });
  assert.equal(out.headers.location, '/signed-out?provider=staffordshire');
  assert.equal((await signedIn.get('/account')).status, 303, 'the session has ended');
  const page = await signedIn.get(out.headers.location!);
  const link = /href="([^"]+)"[^>]*>\s*Sign out of Staffordshire Council account/.exec(page.text)?.[1]?.replace(/&amp;/g, '&');
  assert.ok(link, 'the provider’s sign-out is offered');
  const end = new URL(link!);
  assert.equal(end.origin, provider.issuer);
  assert.equal(end.searchParams.get('client_id'), 'mace-staffordshire');
  assert.equal(end.searchParams.get('post_logout_redirect_uri'), `${PUBLIC_URL}/signed-out`);
});

test('issue 16 item 1: the provider comes from OIDC_<PARTNERSHIP>_*: all three or none, an empty one unset, http only outside production', () => {
  const base = { NODE_ENV: 'development' } as NodeJS.ProcessEnv;
  assert.deepEqual(loadConfig({ ...base, OIDC_LLR_ISSUER: '', OIDC_LLR_CLIENT_ID: '', OIDC_LLR_CLIENT_SECRET: '' }).oidc, {});
  assert.throws(() => loadConfig({ ...base, OIDC_LLR_ISSUER: 'https://login.example.org/tenant/v2.0' }), /OIDC_LLR_\*: CLIENT_ID and CLIENT_SECRET missing/);
  const three = { OIDC_STOKE_CITY_ISSUER: 'http://127.0.0.1:9/', OIDC_STOKE_CITY_CLIENT_ID: 'c', OIDC_STOKE_CITY_CLIENT_SECRET: 's' };
  assert.deepEqual(loadConfig({ ...base, ...three }).oidc, { 'stoke-city': { issuer: 'http://127.0.0.1:9/', clientId: 'c', clientSecret: 's' } });
  assert.throws(
    () => loadConfig({ ...three, NODE_ENV: 'production' } as NodeJS.ProcessEnv),
    /OIDC_STOKE_CITY_ISSUER: must be an https:\/\/ address in production/,
  );
});
