import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mostConnected, type NumberedNetwork } from './most-connected.ts';

/** A network from names: children c…, records r…; links as "a-b". */
function net(nodes: string[], links: string[]): NumberedNetwork {
  const at = new Map(nodes.map((id, i) => [id, i]));
  return {
    ids: nodes,
    isChild: nodes.map((id) => id.startsWith('c')),
    from: Int32Array.from(links.map((l) => at.get(l.split('-')[0]!)!)),
    to: Int32Array.from(links.map((l) => at.get(l.split('-')[1]!)!)),
  };
}
const names = (n: NumberedNetwork, kept: number[]) => kept.map((i) => n.ids[i]);

test('DOMAIN §6 a network that fits is kept whole, in its own order (at the cap exactly too)', () => {
  const n = net(['c1', 'r1', 'c2', 'r2'], ['c1-r1', 'c2-r1']);
  assert.deepEqual(names(n, mostConnected(n, 4)), ['c1', 'r1', 'c2', 'r2']);
  assert.deepEqual(names(n, mostConnected(n, 10)), ['c1', 'r1', 'c2', 'r2']);
});

test('DOMAIN §6 one node over the cap: the most linked records fill half the room, then the children linked to them', () => {
  // r1 is shared by three children, r2 by two, r3 by one; c4 is linked to r3 only, c5 to nothing.
  const n = net(['c1', 'c2', 'c3', 'c4', 'c5', 'r1', 'r2', 'r3'], ['c1-r1', 'c2-r1', 'c3-r1', 'c1-r2', 'c2-r2', 'c4-r3']);
  const kept = names(n, mostConnected(n, 7));
  assert.equal(kept.length, 7);
  assert.deepEqual(kept.slice(0, 3), ['r1', 'r2', 'r3'], 'records by links, at most half of 7 (3)');
  assert.deepEqual(kept.slice(3), ['c1', 'c2', 'c3', 'c4'], 'children by links to the kept records; c5 (no links) is left off');
});

test('DOMAIN §6 children linked equally to the kept records are ordered by all their links, then by id', () => {
  const n = net(['c2', 'c1', 'c3', 'r1', 'r2', 'x9'], ['c1-r1', 'c2-r1', 'c3-r2', 'c1-c3', 'c2-x9']);
  // Cap 4: records r1 (2 links), then r2 and x9 tie on one link each: r2 comes first by id; room for two records.
  const kept = names(n, mostConnected(n, 4));
  assert.deepEqual(kept.slice(0, 2), ['r1', 'r2']);
  // c1: 1 link to kept records, 2 links in all; c2: 1 and 2; c3: 1 and 2: all tie, so by id.
  assert.deepEqual(kept.slice(2), ['c1', 'c2']);
});

test('DOMAIN §6 records never take more than half the room, even when there are few children', () => {
  const n = net(['c1', 'r1', 'r2', 'r3', 'r4', 'r5'], ['c1-r1', 'r1-r2', 'r2-r3', 'r3-r4', 'r4-r5']);
  const kept = names(n, mostConnected(n, 4));
  assert.deepEqual(kept, ['r1', 'r2', 'c1'], 'two records (r1–r4 tie on two links: by id), then the only child');
});
