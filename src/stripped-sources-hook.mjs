// Loaded with `node --import` by `npm start` (src/start.ts; why: src/stripped-sources.ts). A TypeScript module of src/
// is loaded from its stripped copy in MACE_STRIPPED_DIR when one matches its text exactly; otherwise as node would.
// Plain JavaScript: a TypeScript file here would load the stripper this exists to avoid.
import fs from 'node:fs';
import { registerHooks } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { strippedName } from './stripped-name.mjs';

const srcDir = import.meta.dirname + path.sep;
const cacheDir = process.env.MACE_STRIPPED_DIR;

if (cacheDir && typeof registerHooks === 'function') {
  registerHooks({
    load(url, context, nextLoad) {
      if (url.startsWith('file:') && url.endsWith('.ts')) {
        const file = fileURLToPath(url);
        if (file.startsWith(srcDir)) {
          const source = fs.readFileSync(file);
          const name = strippedName(source);
          let stripped;
          try {
            stripped = fs.readFileSync(path.join(cacheDir, name), 'utf8');
          } catch {
            stripped = undefined;
          }
          if (stripped !== undefined) return { format: 'module', source: stripped, shortCircuit: true };
        }
      }
      return nextLoad(url, context);
    },
  });
}
