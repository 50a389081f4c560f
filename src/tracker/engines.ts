import type { LinkageEngine } from './engine.ts';
import { exactEngine } from './exact-engine.ts';
import { linkageEngine } from './linkage-engine.ts';

/** The engine the tracker runs: the product's linkage engine, or the exact placeholder (tests, trying it out). */
export function engineNamed(name: 'linkage' | 'exact'): LinkageEngine {
  return name === 'exact' ? exactEngine() : linkageEngine();
}
