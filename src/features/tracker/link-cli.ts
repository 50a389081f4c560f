// `npm run tracker:link -- --input records.csv --output pairs.csv [--key-file key] [--strong 0.99]
// [--possible 0.35] [--model model.json] [--model-out model.json]` (issue 14, "A command-line linkage run").
// Never uses the network. The key: --key-file, else TRACKER_KEY, else a random key for this run only.
import { readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { linkFile } from './link-file.ts';
import type { LinkageModel } from '../../domain/linkage/model.ts';

const started = performance.now();
const { values } = parseArgs({
  options: {
    input: { type: 'string' },
    output: { type: 'string' },
    'key-file': { type: 'string' },
    strong: { type: 'string' },
    possible: { type: 'string' },
    model: { type: 'string' },
    'model-out': { type: 'string' },
  },
});
const fail = (msg: string): never => {
  console.error(msg);
  process.exit(2);
};
if (!values.input || !values.output)
  fail(
    'Usage: npm run tracker:link -- --input records.csv --output pairs.csv [--key-file file] [--strong p] [--possible p] [--model model.json] [--model-out model.json]',
  );
const prob = (s: string | undefined, name: string) => {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!(n > 0 && n < 1)) fail(`--${name} must be a probability between 0 and 1`);
  return n;
};
const thresholds = { strong: prob(values.strong, 'strong'), possible: prob(values.possible, 'possible') };
const clean = Object.fromEntries(Object.entries(thresholds).filter(([, v]) => v !== undefined));
const key = values['key-file'] ? readFileSync(values['key-file']) : process.env.TRACKER_KEY ? process.env.TRACKER_KEY : randomBytes(32);
const model = values.model ? (JSON.parse(readFileSync(values.model, 'utf8')) as LinkageModel) : undefined;
const run = (): ReturnType<typeof linkFile> => {
  try {
    return linkFile(readFileSync(values.input!), { key, thresholds: clean, model });
  } catch (e) {
    // a file that cannot be read at all (missing, or no header naming ref and partnership): said plainly, without the file's contents
    return fail(`${values.input}: ${(e as Error).message}`);
  }
};
const result = run();
if (result.model.thresholds.possible > result.model.thresholds.strong) fail('--possible must not be above --strong');
writeFileSync(values.output!, result.csv);
if (values['model-out']) writeFileSync(values['model-out'], JSON.stringify(result.model, null, 2) + '\n');
const s = result.stats;
const strong = result.candidates.filter((c) => c.level === 'strong').length;
// rows skipped, and values counted as missing, by row number (the file's line) and reason only: never a value
for (const k of result.skipped.slice(0, 20)) console.error(`Row ${k.row} skipped: ${k.reason}`);
if (result.skipped.length > 20) console.error(`… ${result.skipped.length - 20} more rows skipped`);
for (const k of result.warnings.slice(0, 20)) console.error(`Row ${k.row}: ${k.reason}`);
if (result.warnings.length > 20) console.error(`… ${result.warnings.length - 20} more rows with a value counted as missing`);
console.log(
  `Records: ${s.records} (${result.skipped.length} skipped, ${result.warnings.length} with a value counted as missing); blocked pairs compared: ${s.blockedPairs}; candidates: ${s.candidates} (${strong} strong, ${s.candidates - strong} possible)`,
);
console.log(
  `Encoding ${(result.encodeMs / 1000).toFixed(2)} s, linking ${(result.linkMs / 1000).toFixed(2)} s; time taken ${((performance.now() - started) / 1000).toFixed(2)} s; peak memory ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
