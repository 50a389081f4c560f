import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

// sass is loaded only when the stylesheet must be built (it costs ~50 MB of memory for the life of the process).
const require = createRequire(import.meta.url);

const root = path.resolve(import.meta.dirname, '..', '..');
const out = path.join(root, 'public', 'build', 'app.css');
const src = path.join(root, 'src', 'assets', 'scss', 'app.scss');

/** Compiles the stylesheet when it is missing or older than its source (a few seconds, once). */
export function buildAssets(force = false): void {
  const stale = force || !fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(src).mtimeMs;
  if (!stale) return;
  const sass = require('sass') as typeof import('sass');
  const result = sass.compile(src, {
    loadPaths: [root, path.join(root, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    logger: sass.Logger.silent,
    silenceDeprecations: ['import', 'global-builtin'] as never,
  });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, result.css);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildAssets(true);
  console.log(`Wrote ${path.relative(root, out)}`);
}
