import { UndirectedGraph } from 'graphology';
import { connectedComponents } from 'graphology-components';
import louvainModule from 'graphology-communities-louvain';

// A CommonJS module: Node gives its exports as the default import, TypeScript (nodenext) types them under .default.
const louvain = ((louvainModule as unknown as { default?: unknown }).default ?? louvainModule) as unknown as typeof louvainModule.default;

/** One end of a link: a child, or an intelligence record of a kind. */
export type LinkEnd = { id: string; kind: 'child' | 'person' | 'location' | 'vehicle' | 'phone' | 'online-account' | 'organisation' };
export type GroupingLink = { a: LinkEnd; b: LinkEnd; relation: string };

/** What a group's children have in common: a record two or more of them are linked to, or a direct link. */
type SharedRecord = { recordId: string; kind: LinkEnd['kind']; childIds: string[] };
type DirectLink = { a: string; b: string; relation: string };
export type ChildGroup = {
  childIds: string[];
  shared: SharedRecord[];
  direct: DirectLink[];
  /** True when the group is a community found inside a larger connected set (Louvain). */
  fromCommunity: boolean;
};

/**
 * DOMAIN §6: the kinds of record through which children are "mapped together" (shared persons, locations,
 * vehicles or phones). Organisations (a school) and online accounts are not: a school would join hundreds.
 */
const sharedKinds: readonly LinkEnd['kind'][] = ['person', 'location', 'vehicle', 'phone'];

type GroupingOptions = {
  /** Groups larger than this are split into Louvain communities (a panel slot holds a handful of children). */
  maxGroupSize?: number;
  /** Record kinds that connect children (default: sharedKinds). */
  kinds?: readonly LinkEnd['kind'][];
  /** Also connect children linked to each other directly (friend, associate). Default true. */
  direct?: boolean;
  /**
   * A record linked to more children than this (a busy station, a large takeaway) says little about who is mapped
   * together and would join everyone: it does not connect children on its own. Default 25.
   */
  maxSharedBy?: number;
};

/** A seeded generator, so that the same links always give the same communities. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * DOMAIN §6: children mapped together are discussed in one slot. Children are connected when they share a
 * person, location, vehicle or phone (a record linked to both), or are linked to each other directly; each
 * connected component of two or more children is a group, and a component larger than maxGroupSize is split
 * into its Louvain communities (those of one child are dropped). Pure: the same links give the same groups,
 * largest first, children and shared records in a stable order.
 */
export function linkedChildGroups(links: readonly GroupingLink[], opts: GroupingOptions = {}): ChildGroup[] {
  const maxGroupSize = opts.maxGroupSize ?? 8;
  const kinds = new Set(opts.kinds ?? sharedKinds);
  const direct = opts.direct ?? true;
  const maxSharedBy = opts.maxSharedBy ?? 25;

  // Which children each record of a connecting kind is linked to.
  const childrenOf = new Map<string, { kind: LinkEnd['kind']; children: Set<string> }>();
  const directLinks: DirectLink[] = [];
  for (const l of links) {
    if (l.a.kind === 'child' && l.b.kind === 'child') {
      if (direct && l.a.id !== l.b.id) directLinks.push({ a: l.a.id, b: l.b.id, relation: l.relation });
      continue;
    }
    const [child, rec] = l.a.kind === 'child' ? [l.a, l.b] : l.b.kind === 'child' ? [l.b, l.a] : [undefined, undefined];
    if (!child || !rec || !kinds.has(rec.kind)) continue;
    const entry = childrenOf.get(rec.id) ?? { kind: rec.kind, children: new Set<string>() };
    entry.children.add(child.id);
    childrenOf.set(rec.id, entry);
  }

  // The graph of children and the records that two or more of them share.
  const g = new UndirectedGraph();
  const node = (id: string, kind: string) => {
    if (!g.hasNode(id)) g.addNode(id, { kind });
  };
  const edge = (a: string, b: string, weight = 1) => {
    if (a === b) return;
    if (g.hasEdge(a, b)) g.updateEdgeAttribute(a, b, 'weight', (w: number | undefined) => (w ?? 1) + weight);
    else g.addEdge(a, b, { weight });
  };
  const shared = [...childrenOf.entries()]
    .filter(([, v]) => v.children.size >= 2 && v.children.size <= maxSharedBy)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [recordId, v] of shared) {
    node(recordId, v.kind);
    for (const c of [...v.children].sort()) {
      node(c, 'child');
      edge(c, recordId);
    }
  }
  for (const d of directLinks) {
    node(d.a, 'child');
    node(d.b, 'child');
    edge(d.a, d.b);
  }

  const isChild = (id: string) => g.getNodeAttribute(id, 'kind') === 'child';
  const groups: ChildGroup[] = [];
  const describe = (childIds: string[], fromCommunity: boolean): ChildGroup => {
    const members = new Set(childIds);
    return {
      childIds: [...childIds].sort(),
      shared: shared
        .map(([recordId, v]) => ({ recordId, kind: v.kind, childIds: [...v.children].filter((c) => members.has(c)).sort() }))
        .filter((s) => s.childIds.length >= 2),
      direct: directLinks.filter((d) => members.has(d.a) && members.has(d.b)),
      fromCommunity,
    };
  };

  for (const component of connectedComponents(g)) {
    const children = component.filter(isChild);
    if (children.length < 2) continue;
    if (children.length <= maxGroupSize) {
      groups.push(describe(children, false));
      continue;
    }
    // Too many for one slot: the communities (Louvain, seeded so that it is repeatable) of the children's own
    // graph, in which two children are joined as often as they share a record or are linked directly.
    const members = new Set(children);
    const sub = new UndirectedGraph();
    for (const c of [...children].sort()) sub.addNode(c);
    const join = (a: string, b: string) => {
      if (a === b || !members.has(a) || !members.has(b)) return;
      if (sub.hasEdge(a, b)) sub.updateEdgeAttribute(a, b, 'weight', (w: number | undefined) => (w ?? 0) + 1);
      else sub.addEdge(a, b, { weight: 1 });
    };
    for (const [, v] of shared) {
      const cs = [...v.children].filter((c) => members.has(c)).sort();
      for (let i = 0; i < cs.length; i++) for (let j = i + 1; j < cs.length; j++) join(cs[i]!, cs[j]!);
    }
    for (const d of directLinks) join(d.a, d.b);
    const community = louvain(sub, { rng: seeded(42), getEdgeWeight: 'weight' });
    const byCommunity = new Map<number, string[]>();
    for (const c of children) byCommunity.set(community[c]!, [...(byCommunity.get(community[c]!) ?? []), c]);
    for (const members of byCommunity.values()) if (members.length >= 2) groups.push(describe(members, true));
  }
  return groups.sort((x, y) => y.childIds.length - x.childIds.length || (x.childIds[0]! < y.childIds[0]! ? -1 : 1));
}

/**
 * DOMAIN §6: the groups that children of one agenda form among themselves: only links of those children count,
 * so that two of them are grouped only through a record both are linked to (or a direct link between them).
 */
export function groupsAmong(links: readonly GroupingLink[], childIds: readonly string[], opts: GroupingOptions = {}): ChildGroup[] {
  const wanted = new Set(childIds);
  const inScope = (e: LinkEnd) => e.kind !== 'child' || wanted.has(e.id);
  return linkedChildGroups(
    links.filter((l) => inScope(l.a) && inScope(l.b)),
    opts,
  );
}
