import type { LinkageEngine } from './engine.ts';
import { exactEngine } from './exact-engine.ts';

/** The engine the tracker runs: the product's linkage engine, or the exact placeholder (tests, trying it out). */
export async function engineNamed(name: 'linkage' | 'exact'): Promise<LinkageEngine> {
  if (name === 'exact') return exactEngine();
  throw new Error('The linkage engine (src/domain/linkage) is not wired in yet: run with TRACKER_ENGINE=exact');
}
