import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { audit, auditRefusal } from '../../platform/audit.ts';
import { formatDate, todayIso } from '../../platform/dates.ts';
import { paths } from '../../paths.ts';
import { loadVisibleChild, maySeeChild } from '../children/access.ts';
import { childHeader } from '../reviews/service.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import { addCalendarMonths } from '../../domain/calendar/dates.ts';
import { NODE_CAP, periodStart, kindNames, recordKinds, type Period, type RecordKind } from '../../domain/network/filters.ts';
import { mostConnected } from '../../domain/network/most-connected.ts';
import { linkedChildGroups, groupsAmong, type GroupingLink, type LinkEnd, type ChildGroup } from '../../domain/network/grouping.ts';
import {
  notYetReferredReasons,
  concernRoles,
  concernLocationKinds,
  REPEATED_MISSING,
  WINDOW_MONTHS,
  type MissedReason,
} from '../../domain/network/not-yet-referred.ts';
import type { RiskLevel } from '../../domain/risk/levels.ts';
import { networkRepository, type LinkRow, type RecordRow, type ChildNodeRow, type WalkResult } from './repository.ts';

type NodeKind = 'child' | RecordKind;
/** A node of a network; a child's carries its current risk level (the judged level of its newest assessment or review), if assessed. */
type NetNode = {
  id: string;
  kind: NodeKind;
  label: string;
  detail: string;
  href: string | null;
  depth: number;
  seed: boolean;
  degree: number;
  riskLevel?: RiskLevel | null;
};
type NetLink = {
  id: string;
  from: string;
  to: string;
  relation: string;
  firstSeenOn: string | null;
  lastSeenOn: string | null;
  recordedOn: string;
  source: string;
  sourceAgency: string | null;
  reliability: string;
};
export type Network = { nodes: NetNode[]; links: NetLink[]; capped: boolean; reached: number; cap: number };
export type Filters = { depth: number; kinds: RecordKind[]; period: Period };

/** The intelligence record page (owned by features/intelligence). */
const recordHref = (id: string) => paths.intelligence.record(id);

// ---- Reading a record's kind-specific attributes (written by the intelligence forms) --------------------------------

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);
const first = (attrs: Record<string, unknown> | null | undefined, ...keys: string[]) => {
  for (const k of keys) {
    const v = text(attrs?.[k]);
    if (v) return v;
  }
  return undefined;
};
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(text).filter((x): x is string => !!x) : text(v) ? text(v)!.split(/\s*,\s*/) : []);
const words = (s: string) => s.replace(/-/g, ' ');

const personRole = (a: Record<string, unknown>) => first(a, 'role', 'personRole');
const nicknamesOf = (a: Record<string, unknown>) => list(a.nicknames ?? a.nickname ?? a.aliases);
const locationKindOf = (a: Record<string, unknown>) => first(a, 'locationKind', 'location_kind', 'type', 'category');
function coordinatesOf(a: Record<string, unknown>): [number, number] | undefined {
  const lat = Number(a.latitude ?? a.lat);
  const lng = Number(a.longitude ?? a.lng ?? a.lon);
  if (a.latitude === undefined && a.lat === undefined) return undefined;
  return Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? [lat, lng] : undefined;
}

/** One line that says what a record is, beyond its label: a person's role and nicknames, a location's kind, a vehicle's make. */
function recordDetail(r: Pick<RecordRow, 'kind' | 'attributes'>): string {
  const a = r.attributes ?? {};
  switch (r.kind) {
    case 'person': {
      const role = personRole(a);
      const nick = nicknamesOf(a);
      return [role && words(role), nick.length ? `known as ${nick.map((n) => `“${n}”`).join(', ')}` : undefined].filter(Boolean).join('; ');
    }
    case 'location':
      return [locationKindOf(a) && words(locationKindOf(a)!), first(a, 'postcode')].filter(Boolean).join(', ');
    case 'vehicle':
      return [first(a, 'colour', 'color'), first(a, 'make'), first(a, 'model')].filter(Boolean).join(' ');
    case 'online-account':
      return first(a, 'platform') ?? '';
    case 'organisation':
      return words(first(a, 'organisationKind') ?? '');
    default:
      return '';
  }
}

const childLabel = (c: Pick<ChildNodeRow, 'first_name' | 'last_name'>) => `${c.first_name} ${c.last_name}`;

/**
 * The network (DOMAIN §6 mapping: children, persons of concern, locations, vehicles, phones), the locations map,
 * the linked children, the panel pack and the children who might be missed. Every child shown is audited.
 * Issue 17: the views read through `db.readTx` (the read replica when there is one, `q`), the access check, the
 * identity bar and the audit entry on the primary (`w`).
 */
export function networkService(db: Db, calendar: HolidayCalendar) {
  const repo = networkRepository();

  /** A child's or an agenda's network: one statement (repository walk), nearest first. */
  async function walkNearest(q: Queryable, actor: Actor, seedChildren: string[], depth: number, f: Filters): Promise<Network> {
    return toNetwork(q, actor, await repo.walk(q, actor.partnershipId, seedChildren, depth, f.kinds, periodStart(f.period, todayIso()), NODE_CAP));
  }

  /**
   * A district's network: its children and everything linked to them directly, and the records placed in the
   * district (in the period, of the kinds asked). More than NODE_CAP nodes: the most connected are kept (a district is
   * the county's busiest view): the records most children share (half the room at most), then the children most
   * linked to them. The district's links are sorted here, not in the database: the embedded database's SQL is ten
   * times slower than JavaScript at sorting fifteen thousand rows.
   */
  async function districtWalk(q: Queryable, actor: Actor, districtId: string, f: Filters): Promise<Network> {
    const pid = actor.partnershipId;
    const from = periodStart(f.period, todayIso());
    const seeds = await repo.districtSeeds(q, pid, districtId, f.kinds, from);
    const ends = await repo.linkEndsTouching(q, pid, seeds.children, from);
    // Records reached through the links, of kinds not asked for, are left out with their links (children always stay).
    const leftOut = new Set<string>();
    if (f.kinds.length < recordKinds.length) {
      const far = new Set<string>();
      for (let i = 0; i < ends.ids.length; i++) {
        if (ends.aIsChild[i] !== '1') far.add(ends.a[i]!);
        if (ends.bIsChild[i] !== '1') far.add(ends.b[i]!);
      }
      for (const id of seeds.records) far.delete(id);
      const kinds = await repo.kindsOf(q, pid, [...far]);
      for (const id of far) if (!(f.kinds as string[]).includes(kinds.get(id) ?? '')) leftOut.add(id);
    }
    // Every node reached, numbered: the seeds first (depth 0), then the far ends of the links (depth 1).
    const number = new Map<string, number>();
    const ids: string[] = [];
    const isChild: boolean[] = [];
    const add = (id: string, child: boolean) => {
      let n = number.get(id);
      if (n === undefined) {
        n = ids.length;
        number.set(id, n);
        ids.push(id);
        isChild.push(child);
      }
      return n;
    };
    for (const id of seeds.children) add(id, true);
    for (const id of seeds.records) add(id, false);
    const seedCount = ids.length;
    const links: number[] = [];
    const from_: number[] = [];
    const to: number[] = [];
    for (let i = 0; i < ends.ids.length; i++) {
      if (leftOut.has(ends.a[i]!) || leftOut.has(ends.b[i]!)) continue;
      links.push(i);
      from_.push(add(ends.a[i]!, ends.aIsChild[i] === '1'));
      to.push(add(ends.b[i]!, ends.bIsChild[i] === '1'));
    }
    // As many nodes as fit on a screen (domain/network/most-connected), and the links between them.
    const kept = mostConnected({ ids, isChild, from: Int32Array.from(from_), to: Int32Array.from(to) }, NODE_CAP);
    const isKept = new Uint8Array(ids.length);
    for (const n of kept) isKept[n] = 1;
    const nodes = await repo.nodes(
      q,
      pid,
      kept.map((n) => ({ id: ids[n]!, isChild: isChild[n]!, depth: n < seedCount ? 0 : 1 })),
    );
    const shown = links.filter((_, k) => isKept[from_[k]!] && isKept[to[k]!]).map((i) => ({ id: ends.ids[i]!, place: ends.places[i]! }));
    const reached = ids.length;
    return toNetwork(q, actor, { reached, nodes, links: await repo.linksAt(q, pid, shown) });
  }

  /** The nodes and links the page and the API show, from a walk or a district (its seeds are the nodes at depth 0). */
  async function toNetwork(q: Queryable, actor: Actor, out: WalkResult): Promise<Network> {
    const pid = actor.partnershipId;
    const risks = await repo.riskLevels(
      q,
      pid,
      out.nodes.filter((n) => n.is_child).map((n) => n.id),
    );
    const degree = new Map<string, number>();
    for (const l of out.links) {
      degree.set(l.a, (degree.get(l.a) ?? 0) + 1);
      degree.set(l.b, (degree.get(l.b) ?? 0) + 1);
    }
    const mayOpenChildren = maySeeChild(actor, { partnership_id: pid });
    const nodes: NetNode[] = [];
    for (const n of out.nodes) {
      const base = { id: n.id, depth: n.depth, seed: n.depth === 0, degree: degree.get(n.id) ?? 0 };
      if (n.is_child && n.first_name !== null)
        nodes.push({
          ...base,
          kind: 'child',
          label: `${n.first_name} ${n.last_name}`,
          detail: `Reference ${n.reference}`,
          href: mayOpenChildren ? paths.children.show(n.id) : null,
          riskLevel: risks.get(n.id) ?? null,
        });
      else if (!n.is_child && n.kind)
        nodes.push({
          ...base,
          kind: n.kind as RecordKind,
          label: n.label ?? '',
          detail: recordDetail({ kind: n.kind, attributes: n.attributes ?? {} }),
          href: recordHref(n.id),
        });
    }
    const known = new Set(nodes.map((n) => n.id));
    const links = out.links.filter((l) => known.has(l.a) && known.has(l.b)).map((l) => toNetLink({ ...l, a_is_child: false, b_is_child: false, notes: null }));
    return { nodes, links, capped: out.reached > nodes.length, reached: out.reached, cap: NODE_CAP };
  }

  const toNetLink = (l: LinkRow): NetLink => ({
    id: l.id,
    from: l.a,
    to: l.b,
    relation: l.relation,
    firstSeenOn: l.first_seen_on,
    lastSeenOn: l.last_seen_on,
    recordedOn: l.recorded_on,
    source: l.source,
    sourceAgency: l.source_agency_id,
    reliability: l.reliability,
  });

  /** Audits the view in one entry: the subject, every node shown, and the other children shown (found from their own audit trails). */
  async function auditNetwork(q: Queryable, actor: Actor, subject: { type: string; id: string; childId?: string }, f: Filters, net: Network) {
    const childIds = net.nodes.filter((n) => n.kind === 'child').map((n) => n.id);
    const details = {
      depth: f.depth,
      kinds: f.kinds,
      period: f.period,
      capped: net.capped,
      children: childIds,
      records: net.nodes.filter((n) => n.kind !== 'child').map((n) => n.id),
    };
    await repo.auditView(
      q,
      actor,
      'network.view',
      subject,
      details,
      childIds.filter((id) => id !== subject.childId),
    );
  }

  return {
    /** A child's network to depth 1–3 (DOMAIN §6): the centre child must be visible; every child shown is audited. */
    /** A child's network and, given the partnership (the page), its identity bar. */
    async childNetwork(actor: Actor, childId: string, f: Filters, p?: PartnershipConfig) {
      return db.readTx(async (q, w) => {
        const child = await loadVisibleChild(w, actor, childId, 'network.view');
        if (!child) return undefined;
        const net = await walkNearest(q, actor, [childId], f.depth, f);
        await auditNetwork(w, actor, { type: 'child', id: childId, childId }, f, net);
        return { child, network: net, risk: p ? await childHeader(w, p, childId, calendar) : undefined };
      });
    },

    /** A district's network: its children and records, and everything linked to them (depth 1). */
    async districtNetwork(actor: Actor, p: PartnershipConfig, districtId: string, f: Filters) {
      const district = p.districts.find((d) => d.id === districtId);
      if (!district) return undefined;
      return db.readTx(async (q, w) => {
        const net = await districtWalk(q, actor, districtId, f);
        await auditNetwork(w, actor, { type: 'district', id: districtId }, f, net);
        return { district, network: net };
      });
    },

    /** The network of a meeting's agenda: the children on it and what is linked to them, to depth 1 or 2. */
    async meetingNetwork(actor: Actor, occurrenceId: string, f: Filters) {
      return db.readTx(async (q, w) => {
        const occ = await repo.occurrence(q, actor.partnershipId, occurrenceId);
        if (!occ) {
          const owner = await repo.occurrenceOwner(q, occurrenceId);
          await auditRefusal(w, actor, {
            action: 'network.view',
            subjectType: 'meeting_occurrence',
            subjectId: occurrenceId,
            found: false,
            owner,
            missing: 'no such meeting',
          });
          return undefined;
        }
        const net = await walkNearest(q, actor, occ.childIds, Math.min(f.depth, 2), f);
        await auditNetwork(w, actor, { type: 'meeting_occurrence', id: occurrenceId }, f, net);
        return { occurrence: occ, network: net };
      });
    },

    /** Children mapped together (DOMAIN §6): groups of linked children with what they share, for coordinators. */
    async linkedGroups(actor: Actor, period: Period) {
      return db.readTx(async (q, w) => {
        const pid = actor.partnershipId;
        const rows = await repo.groupingLinks(q, pid, periodStart(period, todayIso()));
        const groups = linkedChildGroups(rows.map(toGroupingLink));
        const described = await describeGroups(q, pid, groups);
        const childIds = [...new Set(groups.flatMap((g) => g.childIds))];
        await repo.auditView(
          w,
          actor,
          'network.groups',
          { type: 'partnership', id: pid },
          { period, groups: groups.length, children: childIds.length },
          childIds,
        );
        return described;
      });
    },

    /** Locations with the children and persons linked to each, by district and period (DOMAIN §6: hotspots, safe spaces). */
    async locations(actor: Actor, districtId: string | undefined, period: Period) {
      return db.readTx(async (q, w) => {
        const pid = actor.partnershipId;
        const from = periodStart(period, todayIso());
        const { locations, links } = await repo.locations(q, pid, districtId, from);
        const locationIds = new Set(locations.map((x) => x.id));
        const byLocation = new Map<string, { other: string; isChild: boolean; relation: string; lastSeen: string | null }[]>();
        for (const l of links) {
          const pairs: [string, string, boolean][] = [
            [l.a, l.b, l.b_is_child],
            [l.b, l.a, l.a_is_child],
          ];
          for (const [loc, other, isChild] of pairs) {
            if (!locationIds.has(loc)) continue;
            const entries = byLocation.get(loc) ?? [];
            entries.push({ other, isChild, relation: l.relation, lastSeen: l.last_seen_on ?? l.first_seen_on });
            byLocation.set(loc, entries);
          }
        }
        const otherIds = [...new Set([...byLocation.values()].flat().map((x) => x.other))];
        const kids = new Map((await repo.children(q, pid, otherIds)).map((c) => [c.id, c]));
        const recs = new Map(
          (
            await repo.records(
              q,
              pid,
              otherIds.filter((id) => !kids.has(id)),
            )
          ).map((r) => [r.id, r]),
        );
        const mayOpen = maySeeChild(actor, { partnership_id: pid });
        const rows = locations
          .map((loc) => {
            const linked = byLocation.get(loc.id) ?? [];
            const childList = uniqueBy(
              linked.filter((x) => x.isChild && kids.has(x.other)),
              (x) => x.other,
            ).map((x) => ({ id: x.other, label: childLabel(kids.get(x.other)!), href: mayOpen ? paths.children.show(x.other) : null, relation: x.relation }));
            const persons = uniqueBy(
              linked.filter((x) => recs.get(x.other)?.kind === 'person'),
              (x) => x.other,
            ).map((x) => ({
              id: x.other,
              label: recs.get(x.other)!.label,
              detail: recordDetail(recs.get(x.other)!),
              href: recordHref(x.other),
              relation: x.relation,
            }));
            const lastSeen =
              linked
                .map((x) => x.lastSeen)
                .filter((d): d is string => !!d)
                .sort()
                .at(-1) ?? null;
            return {
              id: loc.id,
              label: loc.label,
              kind: locationKindOf(loc.attributes) ?? 'location',
              districtId: loc.district_id,
              coordinates: coordinatesOf(loc.attributes) ?? null,
              href: recordHref(loc.id),
              children: childList,
              persons,
              lastSeen,
              informationDate: loc.information_date,
              source: loc.source,
              reliability: loc.reliability,
            };
          })
          // In a period, only locations with something seen in it (or recorded in it).
          .filter((l) => !from || l.children.length || l.persons.length || l.informationDate >= from);
        const childIds = [...new Set(rows.flatMap((r) => r.children.map((c) => c.id)))];
        await repo.auditView(
          w,
          actor,
          'network.locations',
          { type: 'partnership', id: pid },
          { district: districtId ?? null, period, locations: rows.length, children: childIds.length },
          childIds,
        );
        return rows;
      });
    },

    /** The panel pack (DOMAIN §6, source 000 step 3): everything to bring to the meeting, on one page. Audited as a view of the child. */
    async panelPack(actor: Actor, p: PartnershipConfig, childId: string) {
      return db.tx(async (q) => {
        const pid = actor.partnershipId;
        const child = await loadVisibleChild(q, actor, childId, 'network.panel-pack');
        if (!child) return undefined;
        const [missing, events, trafficking, investigations, aliases] = [
          await repo.missingEpisodes(q, pid, childId),
          await repo.events(q, pid, childId),
          await repo.trafficking(q, pid, childId),
          await repo.investigations(q, pid, childId),
          await repo.aliases(q, pid, childId),
        ];
        // Direct links of the child, and the links of the persons of concern among them (their vehicles, phones, places).
        const direct = await repo.linksTouching(q, pid, [childId], undefined);
        const otherOf = (l: LinkRow) => (l.a === childId ? { id: l.b, isChild: l.b_is_child } : { id: l.a, isChild: l.a_is_child });
        const recordIds = direct
          .map(otherOf)
          .filter((o) => !o.isChild)
          .map((o) => o.id);
        const recs = new Map((await repo.records(q, pid, recordIds)).map((r) => [r.id, r]));
        const personIds = recordIds.filter((id) => recs.get(id)?.kind === 'person');
        const second = (await repo.linksTouching(q, pid, personIds, undefined)).filter((l) => !l.a_is_child && !l.b_is_child);
        const secondIds = second.flatMap((l) => [l.a, l.b]).filter((id) => !recs.has(id));
        for (const r of await repo.records(q, pid, [...new Set(secondIds)])) recs.set(r.id, r);
        const childIds = direct
          .map(otherOf)
          .filter((o) => o.isChild)
          .map((o) => o.id);
        const kids = new Map((await repo.children(q, pid, childIds)).map((c) => [c.id, c]));

        const item = (l: LinkRow, r: RecordRow) => ({ link: l, record: r, detail: recordDetail(r), href: recordHref(r.id) });
        const linked = direct.filter((l) => !otherOf(l).isChild && recs.has(otherOf(l).id)).map((l) => item(l, recs.get(otherOf(l).id)!));
        const ofKind = (k: string) => linked.filter((x) => x.record.kind === k);
        const persons = ofKind('person').map((x) => ({
          ...x,
          nicknames: nicknamesOf(x.record.attributes),
          dateOfBirth: first(x.record.attributes, 'dateOfBirth', 'date_of_birth', 'dob'),
          address: first(x.record.attributes, 'addresses', 'address'),
          role: personRole(x.record.attributes),
          features: first(x.record.attributes, 'features', 'description'),
          // What identifies them: their vehicles, phones, accounts and places of work.
          identifiers: second
            .filter((l) => l.a === x.record.id || l.b === x.record.id)
            .map((l) => ({ link: l, record: recs.get(l.a === x.record.id ? l.b : l.a)! }))
            .filter((y) => y.record && y.record.kind !== 'person'),
        }));
        const associations = [
          ...direct
            .filter((l) => otherOf(l).isChild && kids.has(otherOf(l).id))
            .map((l) => ({
              link: l,
              label: childLabel(kids.get(otherOf(l).id)!),
              kind: 'child',
              href: paths.children.show(otherOf(l).id),
              detail: `Reference ${kids.get(otherOf(l).id)!.reference}`,
            })),
          ...ofKind('person')
            .filter((x) => !concernRoles.includes(personRole(x.record.attributes) ?? '') && !concernRoles.includes(x.link.relation))
            .map((x) => ({ link: x.link, label: x.record.label, kind: 'person', href: x.href, detail: x.detail })),
        ];
        const identifying = [
          ...ofKind('vehicle'),
          ...ofKind('phone'),
          ...ofKind('online-account'),
          ...ofKind('organisation'),
          ...linked.filter((x) => x.link.relation === 'works-at' && x.record.kind === 'location'),
        ];
        const pack = {
          child,
          aliases,
          missing,
          locations: ofKind('location').map((x) => ({ ...x, locationKind: locationKindOf(x.record.attributes) })),
          events,
          trafficking,
          associations,
          investigations,
          persons: persons.filter((x) => concernRoles.includes(x.role ?? '') || concernRoles.includes(x.link.relation)),
          identifying,
        };
        const shownKids = [...new Set(direct.filter((l) => otherOf(l).isChild && kids.has(otherOf(l).id)).map((l) => otherOf(l).id))];
        await audit(q, actor, {
          action: 'network.panel-pack',
          subjectType: 'child',
          subjectId: childId,
          childId,
          details: { records: recordIds.length, missing: missing.length, events: events.length },
          // Issue 16 item 6: the children the pack names among the associations.
          childrenShown: shownKids.length ? shownKids : undefined,
        });
        return { ...pack, risk: await childHeader(q, p, childId, calendar) };
      });
    },

    /**
     * "Not yet referred" (DOMAIN §1, §6): children with repeated missing episodes, or linked to a person or a location
     * of concern, who have no current assessment and no open panel referral, each with the reasons in words.
     */
    async notYetReferred(actor: Actor) {
      return db.readTx(async (q, w) => {
        const pid = actor.partnershipId;
        const today = todayIso();
        const since = addCalendarMonths(today, -WINDOW_MONTHS);
        const candidates = await repo.notYetReferredCandidates(q, pid, since, REPEATED_MISSING, since);
        const links = await repo.concernLinks(
          q,
          pid,
          candidates.map((c) => c.id),
        );
        const out: { child: ChildNodeRow; reasons: MissedReason[]; lastAssessedOn: string | null }[] = [];
        for (const c of candidates) {
          const mine = links.filter((l) => l.child_id === c.id);
          const persons = uniqueBy(
            mine.filter((l) => l.kind === 'person' && (concernRoles.includes(personRole(l.attributes) ?? '') || concernRoles.includes(l.relation))),
            (l) => l.record_id,
          ).map((l) => ({ label: l.label, why: words(concernRoles.includes(personRole(l.attributes) ?? '') ? personRole(l.attributes)! : l.relation) }));
          const locations = uniqueBy(
            mine.filter((l) => l.kind === 'location' && concernLocationKinds.includes(locationKindOf(l.attributes) ?? '')),
            (l) => l.record_id,
          ).map((l) => ({ label: l.label, kind: words(locationKindOf(l.attributes)!) }));
          const reasons = notYetReferredReasons(
            {
              missingDates: c.missing_dates,
              personsOfConcern: persons,
              locationsOfConcern: locations,
              lastAssessedOn: c.last_assessed_on,
              openReferral: false,
            },
            today,
            formatDate,
          );
          if (reasons.length) out.push({ child: c, reasons, lastAssessedOn: c.last_assessed_on });
        }
        await repo.auditView(
          w,
          actor,
          'network.not-yet-referred',
          { type: 'partnership', id: pid },
          { children: out.length },
          out.map((o) => o.child.id),
        );
        return out;
      });
    },
  };

  /** Names the children and records of groups: "share the location X and the person Y". */
  async function describeGroups(q: Queryable, pid: string, groups: ChildGroup[]) {
    const childIds = [...new Set(groups.flatMap((g) => g.childIds))];
    const recordIds = [...new Set(groups.flatMap((g) => g.shared.map((s) => s.recordId)))];
    const kids = new Map((await repo.children(q, pid, childIds)).map((c) => [c.id, c]));
    const recs = new Map((await repo.records(q, pid, recordIds)).map((r) => [r.id, r]));
    return groups.map((g) => ({
      ...g,
      children: [...g.childIds]
        .sort((a, b) => (kids.get(a) ? childLabel(kids.get(a)!) : a).localeCompare(kids.get(b) ? childLabel(kids.get(b)!) : b))
        .map((id) => ({
          id,
          label: kids.get(id) ? childLabel(kids.get(id)!) : id,
          reference: kids.get(id)?.reference ?? '',
          districtId: kids.get(id)?.district_id ?? null,
          href: paths.children.show(id),
        })),
      sharedRecords: sortShared(g.shared, recs).map((s) => ({
        ...s,
        label: recs.get(s.recordId)?.label ?? s.recordId,
        kindName: kindNames[s.kind].toLowerCase(),
        href: recordHref(s.recordId),
      })),
      summary: sharedSummary(g, recs, kids),
    }));
  }
}

const kindOrder = ['person', 'location', 'vehicle', 'phone'];
/** What a group shares, persons first, then locations, vehicles and phones, each by name. */
function sortShared<T extends { kind: string; recordId: string }>(shared: T[], recs: Map<string, { label: string }>): T[] {
  const label = (s: T) => recs.get(s.recordId)?.label ?? '';
  return [...shared].sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || label(a).localeCompare(label(b)));
}

function uniqueBy<T>(xs: T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(key(x)) ? false : (seen.add(key(x)), true)));
}

/** "Share the location Canal towpath and the person Dean Vickers; Kayla and Ruby are linked directly (friend)." */
function sharedSummary(g: ChildGroup, recs: Map<string, { label: string }>, kids: Map<string, { first_name: string }>): string {
  const parts = sortShared(g.shared, recs).map((s) => `the ${kindNames[s.kind].toLowerCase()} ${recs.get(s.recordId)?.label ?? 'not named'}`);
  const sentences: string[] = [];
  if (parts.length) sentences.push(`Share ${parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]}`);
  for (const d of g.direct)
    sentences.push(`${kids.get(d.a)?.first_name ?? 'One'} and ${kids.get(d.b)?.first_name ?? 'another'} are linked directly (${words(d.relation)})`);
  return `${sentences.join('; ')}.`;
}

const toGroupingLink = (r: { a: string; a_kind: string; b: string; b_kind: string; relation: string }): GroupingLink => ({
  a: { id: r.a, kind: r.a_kind as LinkEnd['kind'] },
  b: { id: r.b, kind: r.b_kind as LinkEnd['kind'] },
  relation: r.relation,
});

/**
 * For the agenda builder (DOMAIN §6: children mapped together are discussed in one slot): the groups the given
 * children form through shared persons, locations, vehicles or phones, or direct links, each with the reason in
 * words. Ids in, nothing shown here: the caller shows and audits.
 */
export async function groupsForChildren(q: Queryable, partnershipId: string, childIds: readonly string[]): Promise<{ childIds: string[]; reason: string }[]> {
  if (childIds.length < 2) return [];
  const repo = networkRepository();
  const rows = await repo.groupingLinks(q, partnershipId, undefined, [...childIds]);
  const groups = groupsAmong(rows.map(toGroupingLink), childIds);
  if (!groups.length) return [];
  const recs = new Map((await repo.records(q, partnershipId, [...new Set(groups.flatMap((g) => g.shared.map((s) => s.recordId)))])).map((r) => [r.id, r]));
  const kids = new Map((await repo.children(q, partnershipId, [...new Set(groups.flatMap((g) => g.childIds))])).map((c) => [c.id, c]));
  return groups.map((g) => ({ childIds: g.childIds, reason: sharedSummary(g, recs, kids) }));
}
