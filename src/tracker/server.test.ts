import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { httpTracker, TrackerError, TrackerUnavailableError, type TrackerClient } from './client.ts';
import { disclosureKey, openDisclosure, sealDisclosure } from './disclosure.ts';
import { tokenHash } from './http.ts';
import { createEncoder } from '../domain/linkage/encode.ts';

// The tracker as its own process (its own embedded database and tokens file, the product's engine and thresholds),
// driven over HTTP by two partnerships encoding under the key they share.
const tokens = { north: crypto.randomBytes(24).toString('base64url'), south: crypto.randomBytes(24).toString('base64url') };
const encoder = createEncoder('the partnerships share this key; the tracker never sees it 42');
const shared = disclosureKey('the partnerships share this key; the tracker never sees it 42');
let dir: string;
let child: ChildProcess;
let base: string;
let output = '';

function startTracker(): Promise<string> {
  output = '';
  child = spawn(process.execPath, [path.join(import.meta.dirname, 'server.ts')], {
    env: {
      PATH: process.env.PATH,
      TRACKER_PORT: '0',
      TRACKER_DATA_DIR: path.join(dir, 'db'),
      TRACKER_TOKENS_FILE: path.join(dir, 'tokens.json'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the tracker did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /tracker listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => reject(new Error(`the tracker exited (${code}):\n${output}`)));
  });
}

function stopTracker(): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mace-tracker-'));
  fs.writeFileSync(path.join(dir, 'tokens.json'), JSON.stringify({ north: tokenHash(tokens.north), south: tokenHash(tokens.south) }));
  base = await startTracker();
});
after(async () => {
  await stopTracker();
  fs.rmSync(dir, { recursive: true, force: true });
});

const jordan = encoder.encode({ firstName: 'Jordan', lastName: 'Whitfield', dateOfBirth: '2010-03-14', gender: 'male', postcodes: ['B15 2TT'] });
const client = (): TrackerClient => httpTracker(base, (p) => tokens[p as keyof typeof tokens] ?? 'no-such-token-0000000000');
const seal = (partnership: string) =>
  sealDisclosure(shared, { partnership, contact: { email: `exploitation@${partnership}.example.org` }, riskLevel: 'moderate', leadAgency: 'Police' });
const isCode = (code: string) => (e: unknown) => e instanceof TrackerError && e.code === code;

test('two partnerships over HTTP: each sees its own side of an alert, confirms, then sees the other’s contact', async () => {
  const t = client();
  assert.deepEqual(await (await fetch(`${base}/health`)).json(), { status: 'ok', records: 0 });
  await t.submit('north', 'child-1', jordan);
  const r = await t.submit(
    'south',
    'child-9',
    encoder.encode({ firstName: 'Jordan', lastName: 'Whitfield', dateOfBirth: '2010-03-14', gender: 'male', postcodes: ['M1 1AE'] }),
  );
  assert.equal(r.raised, 1);
  const [n] = await t.alerts('north');
  const [s] = await t.alerts('south');
  assert.equal(n!.ref, 'child-1');
  assert.equal(n!.otherPartnership, 'south');
  assert.equal(n!.level, 'strong');
  assert.equal(s!.ref, 'child-9');
  await assert.rejects(t.alert('north', s!.id), isCode('not-found'), "south's alert is not north's to read");
  await assert.rejects(t.confirm('south', n!.id, seal('south')), isCode('not-found'));
  await assert.rejects(t.disclosure('north', n!.id), isCode('conflict'));

  await t.confirm('north', n!.id, seal('north'));
  await t.confirm('north', n!.id, seal('north'));
  assert.equal((await t.confirm('south', s!.id, seal('south'))).mutual, true);
  const d = await t.disclosure('north', n!.id);
  assert.equal(openDisclosure(shared, d.disclosure).contact.email, 'exploitation@south.example.org');
  assert.equal(openDisclosure(shared, (await t.disclosure('south', s!.id)).disclosure).leadAgency, 'Police');

  const w = await t.withdraw('south', 'child-9');
  assert.equal(w.alertsWithdrawn, 2);
  await assert.rejects(t.alert('north', n!.id), isCode('not-found'), 'a withdrawn alert is not found');
  assert.equal((await t.rematch('north')).records, 1);
});

test('a wrong token is 401, a token acting for another partnership 403, bad input a JSON problem without a stack', async () => {
  await assert.rejects(httpTracker(base, 'a-wrong-token-of-some-length').alerts('north'), isCode('unauthorised'));
  await assert.rejects(httpTracker(base, tokens.north).alerts('south'), isCode('forbidden'));
  const bad = await fetch(`${base}/v1/encodings/child-2`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${tokens.north}`, 'content-type': 'application/json' },
    body: '{not json',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.headers.get('content-type')!, /problem\+json/);
  const problem = (await bad.json()) as Record<string, unknown>;
  assert.equal(problem.status, 400);
  assert.ok(!JSON.stringify(problem).includes('at '), 'no stack');
  await assert.rejects(
    client().submit('north', 'child-2', { v: 1, first: 'Jordan' }),
    (e) => isCode('invalid')(e) && Boolean((e as TrackerError).errors?.encoding),
  );
  await assert.rejects(client().reject('north', '00000000-0000-4000-8000-000000000000', 'no'), isCode('not-found'));
  const none = await fetch(`${base}/v1/nothing`, { headers: { authorization: `Bearer ${tokens.north}` } });
  assert.equal(none.status, 404);
  assert.ok(!output.includes('child-1') && !output.includes('child-9'), 'the log names routes, never references');
});

test('the tracker down is a typed, retryable error; restarted, it has what it held', async () => {
  await stopTracker();
  await assert.rejects(client().submit('north', 'child-3', jordan), (e) => e instanceof TrackerUnavailableError && e.retryable);
  base = await startTracker();
  assert.deepEqual(await (await fetch(`${base}/health`)).json(), { status: 'ok', records: 1 });
  assert.equal((await client().submit('north', 'child-1', jordan)).changed, false);
});
