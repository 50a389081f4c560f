import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// sass is loaded only when the stylesheet must be built (it costs ~50 MB of memory for the life of the process): the
// server builds in a separate process (buildAssetsApart).
const require = createRequire(import.meta.url);

const root = path.resolve(import.meta.dirname, '..', '..');
const out = path.join(root, 'public', 'build', 'app.css');
const src = path.join(root, 'src', 'assets', 'scss', 'app.scss');

/** Whether the stylesheet is missing or older than its source. */
const assetsStale = () => !fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(src).mtimeMs;

/** Compiles the stylesheet (a few seconds), in this process: `npm run build:assets`, and the process buildAssetsApart starts. */
function buildAssets(): void {
  const sass = require('sass') as typeof import('sass');
  const result = sass.compile(src, {
    loadPaths: [root, path.join(root, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    logger: sass.Logger.silent,
    silenceDeprecations: ['import', 'global-builtin'] as never,
  });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // Issue 17: written whole then renamed, so a server starting meanwhile (another host on the same files) never serves half a file.
  const tmp = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, result.css);
  fs.renameSync(tmp, out);
}

/**
 * The server's way: a stale stylesheet is compiled by a separate node process, so sass (about 50 MB of heap, kept for
 * the life of a process that loads it, and marked by every garbage collection) never enters the server.
 */
export function buildAssetsApart(): void {
  if (!assetsStale()) return;
  execFileSync(process.execPath, [fileURLToPath(import.meta.url)], { stdio: ['ignore', 'ignore', 'inherit'] });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildAssets();
  console.log(`Wrote ${path.relative(root, out)}`);
}
