import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { readRecordsCsv } from './link-file.ts';

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
    assert.ok(model.fields.first_name.m.length === 8);
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
