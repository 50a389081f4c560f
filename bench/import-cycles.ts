// Import cycles in src/: parses each module's `import … from './x.ts'` (and `export … from`) lines, including
// type-only imports, and prints the strongly connected components of more than one module (Tarjan).
// Run: node bench/import-cycles.ts [--types=false]
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', 'src');
const withTypes = !process.argv.includes('--types=false');
const files: string[] = [];
const walk = (dir: string) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) files.push(p);
  }
};
walk(root);

const edges = new Map<string, string[]>();
const importRe = /^\s*(import|export)\s+(type\s+)?([\s\S]*?)\s+from\s+'(\.[^']+\.ts)'/gm;
for (const f of files) {
  const text = fs.readFileSync(f, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(importRe)) {
    const typeOnly =
      Boolean(m[2]) ||
      (/^\{[^}]*\}$/.test(m[3].trim()) &&
        m[3]
          .replace(/[{}\s]/g, '')
          .split(',')
          .filter(Boolean)
          .every((s) => s.startsWith('type ')));
    if (typeOnly && !withTypes) continue;
    out.push(path.resolve(path.dirname(f), m[4]));
  }
  edges.set(f, out);
}

let index = 0;
const idx = new Map<string, number>(),
  low = new Map<string, number>(),
  on = new Set<string>(),
  stack: string[] = [];
const sccs: string[][] = [];
const strong = (v: string) => {
  idx.set(v, index);
  low.set(v, index);
  index++;
  stack.push(v);
  on.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!edges.has(w)) continue;
    if (!idx.has(w)) {
      strong(w);
      low.set(v, Math.min(low.get(v)!, low.get(w)!));
    } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
  }
  if (low.get(v) === idx.get(v)) {
    const c: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      on.delete(w);
      c.push(w);
    } while (w !== v);
    if (c.length > 1) sccs.push(c);
  }
};
for (const f of files) if (!idx.has(f)) strong(f);
sccs.sort((a, b) => b.length - a.length);
console.log(`${files.length} modules (tests excluded), ${withTypes ? 'type imports included' : 'value imports only'}`);
console.log(`${sccs.length} cycle(s) (strongly connected components); modules in cycles: ${sccs.reduce((n, c) => n + c.length, 0)}`);
for (const c of sccs)
  console.log(
    `  ${c.length}: ${c
      .map((f) => path.relative(root, f))
      .sort()
      .join(', ')}`,
  );
