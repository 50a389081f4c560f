/**
 * A large network cut down to what fits on one screen (DOMAIN §6 mapping: a district is the county's busiest view).
 * Nodes are numbered 0..n-1; links are pairs of node numbers. Pure: the service reads and numbers them.
 */
export type NumberedNetwork = {
  /** Each node's id (ties are broken by id, so the same network always gives the same answer). */
  ids: readonly string[];
  isChild: readonly boolean[];
  /** The two ends of each link, by node number. */
  from: Int32Array;
  to: Int32Array;
};

/**
 * DOMAIN §6: with more than `cap` nodes, the records most linked (half the room at most), then the children most
 * linked to those records, then the most linked children; all of them when they fit. Returns node numbers.
 */
export function mostConnected(net: NumberedNetwork, cap: number): number[] {
  const n = net.ids.length;
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= cap) return all;
  const degree = new Int32Array(n);
  for (let i = 0; i < net.from.length; i++) {
    degree[net.from[i]!]!++;
    degree[net.to[i]!]!++;
  }
  const byDegree = (x: number, y: number) => degree[y]! - degree[x]! || (net.ids[x]! < net.ids[y]! ? -1 : net.ids[x]! > net.ids[y]! ? 1 : 0);
  const records = all
    .filter((i) => !net.isChild[i])
    .sort(byDegree)
    .slice(0, Math.floor(cap / 2));
  const isKeptRecord = new Uint8Array(n);
  for (const i of records) isKeptRecord[i] = 1;
  const toRecords = new Int32Array(n);
  for (let i = 0; i < net.from.length; i++) {
    const a = net.from[i]!;
    const b = net.to[i]!;
    if (isKeptRecord[a] && net.isChild[b]) toRecords[b]!++;
    if (isKeptRecord[b] && net.isChild[a]) toRecords[a]!++;
  }
  const children = all.filter((i) => net.isChild[i]).sort((x, y) => toRecords[y]! - toRecords[x]! || byDegree(x, y));
  return [...records, ...children].slice(0, cap);
}
