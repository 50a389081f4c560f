import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD, startServer, type RunningServer } from './support/server.ts';
import { tokenHash } from '../src/tracker/http.ts';
import { cookieJar } from './support/cookies.ts';

// Issue 14, "Done when": two separate MACE deployments (each `node src/server.ts` with its own embedded database and
// port, TRACKER_MODE=http) and the tracker as its own process (its own data directory and tokens file). A child both
// hold raises an alert in each; each coordinator sees it, confirms, and sees the other's contact. No browser.
const root = path.resolve(import.meta.dirname, '..');
const sharedKey = crypto.randomBytes(32).toString('base64url');
const tokens = { staffordshire: crypto.randomBytes(24).toString('base64url'), rotherham: crypto.randomBytes(24).toString('base64url') };
let dir: string;
let tracker: ChildProcess;
let trackerUrl: string;
let staffs: RunningServer;
let roth: RunningServer;

function startTracker(): Promise<string> {
  let out = '';
  tracker = spawn(process.execPath, [path.join(root, 'src', 'tracker', 'server.ts')], {
    env: {
      PATH: process.env.PATH,
      TRACKER_PORT: '0',
      TRACKER_DATA_DIR: path.join(dir, 'tracker-db'),
      TRACKER_TOKENS_FILE: path.join(dir, 'tokens.json'),
      TRACKER_LOG: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the tracker did not start:\n${out}`)), 60_000);
    tracker.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /tracker listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    tracker.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    tracker.once('exit', (code) => reject(new Error(`the tracker exited (${code}):\n${out}`)));
  });
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mace-tracker-processes-'));
  fs.writeFileSync(path.join(dir, 'tokens.json'), JSON.stringify({ staffordshire: tokenHash(tokens.staffordshire), rotherham: tokenHash(tokens.rotherham) }));
  trackerUrl = await startTracker();
  const app = (p: keyof typeof tokens) => ({
    TRACKER_MODE: 'http',
    TRACKER_URL: trackerUrl,
    TRACKER_TOKEN: tokens[p],
    TRACKER_PARTNERSHIP: p,
    TRACKER_KEY: sharedKey,
    JOBS_ENABLED: 'false',
  });
  // One after the other: each seeds its demo data on first start.
  staffs = await startServer(180_000, app('staffordshire'));
  roth = await startServer(180_000, app('rotherham'));
});

after(async () => {
  await staffs?.stop();
  await roth?.stop();
  if (tracker && tracker.exitCode === null) {
    await new Promise<void>((resolve) => {
      tracker.once('exit', () => resolve());
      tracker.kill('SIGTERM');
    });
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

async function token(server: RunningServer, role: string, partnership: string): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${role}@${partnership}.example.org`, password: DEMO_PASSWORD }),
  });
  assert.equal(res.status, 200, `token for ${role}@${partnership}`);
  return ((await res.json()) as { token: string }).token;
}

async function call(server: RunningServer, bearer: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`${server.baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A signed-in browser session without a browser: the sign-in form with its CSRF token, cookies kept. */
async function signIn(server: RunningServer, role: string, partnership: string) {
  const jar = cookieJar();
  const keep = (res: Response) => jar.keep(res);
  const cookie = () => jar.header();
  const get = async (url: string) => {
    const res = await fetch(`${server.baseUrl}${url}`, { headers: { cookie: cookie() }, redirect: 'manual' });
    keep(res);
    return { status: res.status, text: await res.text() };
  };
  const form = await get('/sign-in');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
  const res = await fetch(`${server.baseUrl}/sign-in`, {
    method: 'POST',
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email: `${role}@${partnership}.example.org`, password: DEMO_PASSWORD }).toString(),
    redirect: 'manual',
  });
  keep(res);
  assert.equal(res.status, 303, `sign-in as ${role}@${partnership}`);
  return { get };
}

async function eventually<T>(fn: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('two deployments and a tracker process: each coordinator sees the alert for a child both hold, confirms, and sees the other’s contact', async () => {
  const child = { firstName: 'Jordan', lastName: 'Whitfield', dateOfBirth: '2010-03-14', gender: 'Male' };
  const a = await call(staffs, await token(staffs, 'practitioner', 'staffordshire'), 'POST', '/api/v1/children', { ...child, districtId: 'stafford' });
  assert.equal(a.status, 201);
  const b = await call(roth, await token(roth, 'practitioner', 'rotherham'), 'POST', '/api/v1/children', { ...child, districtId: 'rotherham' });
  assert.equal(b.status, 201);

  const sCoord = await token(staffs, 'coordinator', 'staffordshire');
  const rCoord = await token(roth, 'coordinator', 'rotherham');
  // The encodings go after each save's commit: wait until both sides see their alert.
  const sAlert = await eventually(async () => (await call(staffs, sCoord, 'GET', '/api/v1/tracker/alerts')).body.alerts?.[0], 'Staffordshire’s alert');
  const rAlert = await eventually(async () => (await call(roth, rCoord, 'GET', '/api/v1/tracker/alerts')).body.alerts?.[0], 'Rotherham’s alert');
  assert.equal(sAlert.childId, a.body.id);
  assert.equal(sAlert.otherPartnership, 'rotherham');
  assert.equal(rAlert.childId, b.body.id);
  assert.equal(rAlert.otherPartnership, 'staffordshire');

  // Each coordinator sees it on their Tracker page, confirms on the alert's page (Staffordshire) or the API (Rotherham).
  const sPage = await signIn(staffs, 'coordinator', 'staffordshire');
  assert.match((await sPage.get('/tracker')).text, /Jordan Whitfield/);
  assert.equal((await call(staffs, sCoord, 'POST', `/api/v1/tracker/alerts/${sAlert.id}/confirm`)).status, 200);
  const rPage = await signIn(roth, 'coordinator', 'rotherham');
  assert.match((await rPage.get('/tracker')).text, /Jordan Whitfield/);
  const confirmed = await call(roth, rCoord, 'POST', `/api/v1/tracker/alerts/${rAlert.id}/confirm`);
  assert.equal(confirmed.status, 200);
  assert.equal(confirmed.body.mutual, true);

  // Each now sees the other's contact (disclosed sealed under the shared key, relayed unread by the tracker).
  const sees = await sPage.get(`/tracker/alerts/${sAlert.id}`);
  assert.equal(sees.status, 200);
  assert.match(sees.text, /evolve@rotherham\.example\.org/);
  const seen = await rPage.get(`/tracker/alerts/${rAlert.id}`);
  assert.match(seen.text, /ce-coordinators@staffordshire\.example\.org/);
  assert.match((await sPage.get(`/children/${a.body.id}`)).text, /Also known to: Rotherham/);
});
