import fs from 'node:fs';
import path from 'node:path';

/** The node flags `npm start` gives the server (package.json), so that a benchmark measures the server as it runs. */
export function startFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return (pkg.scripts.start ?? '').split(/\s+/).filter((a) => a.startsWith('--'));
}
