import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDateInput, isRealDate } from './validation.ts';
import { formatDate, formatTime, ageOn } from './dates.ts';
import { loadConfig } from '../config.ts';

test('a date input with all parts empty is no date, not an error', () => {
  assert.deepEqual(readDateInput({}, 'd', 'Date'), { parts: { day: '', month: '', year: '' } });
});

test('a date input missing a part names the missing part', () => {
  assert.equal(readDateInput({ 'd-day': '1', 'd-year': '2020' }, 'd', 'Date of birth').error, 'Date of birth must include a month');
});

test('31 February and month 13 are not real dates; 29 February 2024 is', () => {
  assert.equal(readDateInput({ 'd-day': '31', 'd-month': '2', 'd-year': '2012' }, 'd', 'Date').error, 'Date must be a real date');
  assert.equal(isRealDate('2025-13-01'), false);
  assert.equal(isRealDate('2024-02-29'), true);
  assert.equal(isRealDate('2025-02-29'), false);
});

test('dates and times are shown the GOV.UK way in UK time', () => {
  assert.equal(formatDate('2026-03-14'), '14 March 2026');
  assert.equal(formatTime(new Date('2026-07-01T08:30:00Z')), '9:30am', 'British Summer Time');
  assert.equal(formatTime(new Date('2026-01-01T13:00:00Z')), '1pm', 'on the hour: no minutes');
});

test('age turns over on the birthday, not the day before', () => {
  assert.equal(ageOn('2010-03-27', '2026-03-26'), 15);
  assert.equal(ageOn('2010-03-27', '2026-03-27'), 16);
});

test('a bad configuration names the variable', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty' } as NodeJS.ProcessEnv), /PORT/);
  assert.equal(loadConfig({} as NodeJS.ProcessEnv).port, 3000);
  assert.equal(loadConfig({ PORT: '4000', DATA_DIR: '/tmp/x' } as NodeJS.ProcessEnv).dataDir, '/tmp/x');
});

test('an empty environment variable counts as unset (issue 16 item 10): DATABASE_URL= no longer stops the start', () => {
  const c = loadConfig({
    DATABASE_URL: '',
    PORT: '',
    PUBLIC_URL: '',
    DEMO_PASSWORD: '',
    TRACKER_MODE: '',
    NODE_ENV: '',
    OIDC_LLR_ISSUER: '',
  } as NodeJS.ProcessEnv);
  assert.equal(c.databaseUrl, undefined, 'the embedded database');
  assert.equal(c.port, 3000, 'the default port');
  assert.equal(c.publicUrl, 'http://localhost:3000');
  assert.equal(c.demoPassword, undefined);
  assert.equal(c.env, 'development');
  assert.deepEqual(c.oidc, {});
  assert.throws(() => loadConfig({ DATABASE_URL: 'not a url' } as NodeJS.ProcessEnv), /DATABASE_URL/, 'a value that is there is still checked');
});

test('links in emails: PUBLIC_URL, required in production once email is sent; localhost otherwise', () => {
  assert.equal(loadConfig({ PORT: '4000' } as NodeJS.ProcessEnv).publicUrl, 'http://localhost:4000');
  assert.equal(loadConfig({ PUBLIC_URL: 'https://mace.example.org' } as NodeJS.ProcessEnv).publicUrl, 'https://mace.example.org');
  assert.throws(() => loadConfig({ PUBLIC_URL: 'mace.example.org' } as NodeJS.ProcessEnv), /PUBLIC_URL/);
  assert.throws(() => loadConfig({ PUBLIC_URL: 'ftp://mace.example.org' } as NodeJS.ProcessEnv), /PUBLIC_URL: an http or https address/);
  assert.throws(
    () => loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example.org:25' } as NodeJS.ProcessEnv),
    /PUBLIC_URL: required when NODE_ENV is production and SMTP_URL is set/,
  );
  assert.equal(
    loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example.org:25', PUBLIC_URL: 'https://mace.example.org' } as NodeJS.ProcessEnv).publicUrl,
    'https://mace.example.org',
  );
  assert.equal(loadConfig({ NODE_ENV: 'production' } as NodeJS.ProcessEnv).publicUrl, 'http://localhost:3000', 'no email sent: nothing to link');
});
