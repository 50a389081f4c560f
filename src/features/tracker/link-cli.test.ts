import { levelLabels } from '../../domain/linkage/compare.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { decodeRecordsFile, linkFile, readRecordsCsv } from './link-file.ts';

const csv = [
  '\ufeffRef,Partnership,First_Name,Last_Name,Date_of_Birth,Gender,Postcode,Aliases,NHS_Number',
  'a1,north,Jordan,Whitfield,2010-03-14,M,B15 2TT,JJ|Jay,',
  'b1,south,JORDAN,whitfield,14/03/2010,male,"ST4 7QB|B15 2TT",,',
  'a2,north,William,Okafor,2009-07-02,M,LS6 1AB,,',
  'b2,south,Bill,Okafor,2009-07-02,M,,,',
  'a3,north,Priya,Begum,2011-11-05,F,WS1 1AA,,',
  'b3,south,Ava,Begum,2011-11-05,F,WS1 1AA,,',
  'a4,north,Elsie,Marsh,2012-01-20,F,DE1 1AA,,',
  'c4,west,Elsie,Marsh,2012-01-20,F,,,',
  'a5,north,,,,,,,',
  ',north,Nobody,,,,,,',
].join('\r\n');

test('reading the CSV: BOM, CRLF, quotes, odd case, extra columns and |-separated postcodes; rows without ref or partnership are skipped', () => {
  const { records, skipped } = readRecordsCsv(csv);
  assert.equal(records.length, 9);
  assert.deepEqual(skipped, [{ row: 11, reason: 'ref and partnership are required' }]);
  assert.deepEqual(records[1]!.identity.postcodes, ['ST4 7QB', 'B15 2TT']);
  assert.deepEqual(records[0]!.identity.aliases, ['JJ', 'Jay']);
});

test('npm run tracker:link: pairs across partnerships with probability and level, time and memory printed, no network', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mace-link-'));
  try {
    writeFileSync(join(dir, 'records.csv'), csv);
    writeFileSync(join(dir, 'key'), 'a-shared-key-for-this-test-only');
    const out = execFileSync(
      process.execPath,
      [
        'src/features/tracker/link-cli.ts',
        '--input',
        join(dir, 'records.csv'),
        '--output',
        join(dir, 'pairs.csv'),
        '--key-file',
        join(dir, 'key'),
        '--model-out',
        join(dir, 'model.json'),
      ],
      { encoding: 'utf8', env: { ...process.env, TRACKER_KEY: '' } },
    );
    assert.match(out, /time taken [\d.]+ s; peak memory \d+ MB/);
    const lines = readFileSync(join(dir, 'pairs.csv'), 'utf8').trim().split('\n');
    assert.equal(lines[0], 'ref_a,ref_b,match_probability,level');
    const pairs = new Map(
      lines
        .slice(1)
        .map((l) => l.split(','))
        .map(([a, b, p, level]) => [[a, b].sort().join(' '), { p: Number(p), level }]),
    );
    assert.ok(pairs.has('a1 b1') && pairs.get('a1 b1')!.level === 'strong');
    assert.ok(pairs.has('a2 b2'));
    assert.ok(pairs.has('a4 c4'));
    assert.ok(!pairs.has('a3 b3'), 'twins are not a match');
    for (const { p, level } of pairs.values()) assert.ok(p > 0 && p <= 1 && (level === 'strong' || level === 'possible'));
    const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    assert.equal(model.version, 1);
    assert.equal(model.fields.first_name.m.length, levelLabels.first_name.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the CLI refuses a missing input and a threshold that is not a probability', () => {
  assert.throws(() => execFileSync(process.execPath, ['src/features/tracker/link-cli.ts'], { stdio: 'pipe' }), /Usage/);
  assert.throws(
    () => execFileSync(process.execPath, ['src/features/tracker/link-cli.ts', '--input', 'x', '--output', 'y', '--strong', '2'], { stdio: 'pipe' }),
    /probability/,
  );
});

test('reading the CSV: a quote never closed makes only its row unreadable, reported by line; reading goes on at the next line', () => {
  const text = ['ref,partnership,first_name,last_name', 'a1,north,Jo,"Smith', 'b1,south,Jo,Smith', 'c1,west,"Ann ""Nan"", Lee",Reid'].join('\n');
  const { records, skipped } = readRecordsCsv(text);
  assert.deepEqual(skipped, [{ row: 2, reason: 'a quote is never closed' }]);
  assert.deepEqual(
    records.map((r) => r.ref),
    ['b1', 'c1'],
  );
  assert.equal(records[1]!.identity.firstName, 'Ann "Nan", Lee');
});

test('reading the CSV: a quoted field over two lines is one field, and later rows keep their line numbers', () => {
  const text = ['ref,partnership,first_name,notes', 'a1,north,Jo,"two', 'lines"', ',south,Jo,', 'b2,south,Jo,'].join('\r\n');
  const { records, skipped } = readRecordsCsv(text);
  assert.deepEqual(
    records.map((r) => r.ref),
    ['a1', 'b2'],
  );
  assert.deepEqual(skipped, [{ row: 4, reason: 'ref and partnership are required' }]);
});

test('reading the CSV: the header decides the columns (another order, other common names, a ; separator, rows short or long)', () => {
  const text = [
    'Surname;Forename;DOB;Sex;Post Code;Partnership;Ref;Extra',
    'Whitfield;Jordan;14/03/2010;1;b152tt;north;a1;x;y;z',
    'Whitfield;Jordan',
    'Okafor;Ada;2009-07-02;girl;;south;b1',
  ].join('\n');
  const { records, skipped } = readRecordsCsv(text);
  assert.deepEqual(skipped, [{ row: 3, reason: 'ref and partnership are required' }]);
  assert.deepEqual(records[0]!, {
    ref: 'a1',
    partnership: 'north',
    identity: {
      firstName: 'Jordan',
      lastName: 'Whitfield',
      aliases: [],
      dateOfBirth: '14/03/2010',
      gender: '1',
      postcodes: ['b152tt'],
      nhsNumber: null,
      upn: null,
    },
  });
  assert.equal(records[1]!.identity.gender, 'girl');
});

test('reading the file: UTF-8 with a BOM, Windows-1252 (a spreadsheet saved on Windows) and UTF-16 with its BOM give the same text', () => {
  const text = 'ref,partnership,first_name\na1,north,Zoë\n';
  const cp1252 = Uint8Array.from([...'ref,partnership,first_name\na1,north,Zo'].map((c) => c.charCodeAt(0)).concat([0xeb, 0x0a]));
  assert.equal(decodeRecordsFile(new TextEncoder().encode('\ufeff' + text)).replace(/^\ufeff/, ''), text);
  assert.equal(decodeRecordsFile(cp1252), text);
  assert.equal(decodeRecordsFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), text);
});

test('a file with no header naming ref and partnership is refused with a message, not a crash', () => {
  assert.throws(() => readRecordsCsv('name,dob\nJo,2010-01-01\n'), /must name the ref and partnership/);
  assert.throws(() => readRecordsCsv(''), /no header/);
});

// the same children written as different systems write them (fictional)
const messy = [
  '\ufeffaliases,Postcode,Gender, Date_Of_Birth ,last_name,first_name,partnership,ref,extra_col',
  '"JJ, ""Jay""",b152tt,M,2010-03-14,O\'Brien,Zoë,north,a1,x',
  ',B15 2TT,boy,14/03/2010,OBRIEN,zoe,south,b1,y',
  ',  b15  2tt ,1,2010/03/14,  o brien  ,  ZOE  ,west,c1',
  ',LS6 1AB,girl,31/02/2010,Smith-Jones,José,north,a2',
  ',ls61ab,female,not a date,Smith Jones,JOSE,south,b2',
  ',LS6 1AB,2,,SmithJones,jose,west,c2',
  'x,"unclosed,F,2011-11-05,Begum,Priya,south,b9',
  ',WS1 1AA,,2011-11-05,"Begum, Jr",Priya,north,a4,z,too,many',
  ',ws1 1aa,F,05/11/11,BEGUM,priya,south,b4',
].join('\r\n');

test('a messy file links: case, diacritics, punctuation in surnames, gender and date forms, postcodes without spaces; a bad row and unreadable dates are reported by row without values', () => {
  const r = linkFile(Buffer.from(messy), { key: 'a-shared-key-for-this-test-only' });
  assert.deepEqual(r.skipped, [{ row: 8, reason: 'a quote is never closed' }]);
  assert.deepEqual(r.warnings, [
    { row: 5, reason: 'date of birth not read (counted as missing)' },
    { row: 6, reason: 'date of birth not read (counted as missing)' },
  ]);
  const pairs = new Set(r.candidates.map((c) => [c.a, c.b].sort().join(' ')));
  for (const p of ['a1 b1', 'a1 c1', 'b1 c1', 'a2 b2', 'a2 c2', 'b2 c2', 'a4 b4']) assert.ok(pairs.has(p), p);
  assert.equal(r.candidates.find((c) => [c.a, c.b].sort().join(' ') === 'a1 b1')!.level, 'strong');
});

test('the CLI on a messy file: exit 0, bad rows on stderr by row number and reason, no names or dates in the messages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mace-link-'));
  try {
    writeFileSync(join(dir, 'records.csv'), messy);
    const res = spawnSync(process.execPath, ['src/features/tracker/link-cli.ts', '--input', join(dir, 'records.csv'), '--output', join(dir, 'pairs.csv')], {
      encoding: 'utf8',
    });
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stderr, /^Row 8 skipped: a quote is never closed$/m);
    assert.match(res.stderr, /^Row 5: date of birth not read \(counted as missing\)$/m);
    assert.doesNotMatch(res.stderr, /Priya|Begum|Zo|Brien|2010|31\/02/i);
    assert.ok(readFileSync(join(dir, 'pairs.csv'), 'utf8').split('\n').length > 5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
