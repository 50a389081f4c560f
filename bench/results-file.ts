import fs from 'node:fs';

/** Sets `key` in the JSON results file, keeping its other keys (`npm run bench`, the national bench and the load test share it). */
export function writeMerged(file: string, key: string, value: unknown) {
  fs.writeFileSync(file, `${JSON.stringify({ ...readResults(file), [key]: value }, null, 2)}\n`);
}

/** The results file's keys, or none when it is missing or unreadable. */
export function readResults(file: string): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}
