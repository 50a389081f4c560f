/**
 * Issue 17 item 7 (≤ 200 MB a process): node runs our TypeScript by stripping its types as each module loads, with a
 * WebAssembly build of swc that then stays in the process — about 19 MB of a server's 146 MB once ready. `npm start`
 * strips the sources once, before node starts again with the server's flags (src/start.ts), into
 * node_modules/.cache/mace-stripped/, one file a source named by a hash of its text and node's version; the server's
 * node loads them through src/stripped-sources-hook.mjs and never loads the stripper. A source whose stripped copy is
 * missing or out of date (its text changed) is loaded as node would anyway, so the cache can never run stale code.
 */
import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { strippedName } from './stripped-name.mjs';

/** Where `npm start` keeps the stripped sources (the browser tests' servers use them too). */
export const strippedSourcesDir = path.join(import.meta.dirname, '..', 'node_modules', '.cache', 'mace-stripped');
export const strippedSourcesHook = path.join(import.meta.dirname, 'stripped-sources-hook.mjs');

export { strippedName };

/**
 * Strips every source under `srcDir` (tests left out) into `cacheDir`, writing only what is not there yet and removing
 * copies of sources that no longer exist. Returns how many it wrote and kept; throws when it cannot (the caller starts
 * without the cache).
 */
export function stripSources(srcDir: string, cacheDir: string): { written: number; kept: number } {
  const strip = (module as unknown as { stripTypeScriptTypes?: (code: string, o: { mode: 'strip' }) => string }).stripTypeScriptTypes;
  if (typeof strip !== 'function') throw new Error('this node cannot strip types ahead of time');
  fs.mkdirSync(cacheDir, { recursive: true });
  const wanted = new Set<string>();
  let written = 0;
  // node says the stripper is experimental, once a process: not news to an operator starting the service.
  const emitWarning = process.emitWarning;
  process.emitWarning = ((w: string | Error, ...rest: unknown[]) => {
    if (!String(typeof w === 'string' ? w : w.message).includes('stripTypeScriptTypes')) (emitWarning as (...a: unknown[]) => void).call(process, w, ...rest);
  }) as typeof process.emitWarning;
  try {
    for (const file of fs.readdirSync(srcDir, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file.endsWith('.d.ts')) continue;
      const source = fs.readFileSync(path.join(srcDir, file));
      const name = strippedName(source);
      wanted.add(name);
      const target = path.join(cacheDir, name);
      if (fs.existsSync(target)) continue;
      const tmp = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, strip(source.toString('utf8'), { mode: 'strip' }));
      fs.renameSync(tmp, target);
      written++;
    }
  } finally {
    process.emitWarning = emitWarning;
  }
  // (another process's copy being written, a .tmp, is left to it: two starts may strip at once)
  for (const old of fs.readdirSync(cacheDir)) if (!wanted.has(old) && !old.endsWith('.tmp')) fs.rmSync(path.join(cacheDir, old), { force: true });
  return { written, kept: wanted.size - written };
}
