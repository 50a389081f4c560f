import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf } from '../../platform/http.ts';
import { can } from '../../platform/roles.ts';
import { str, isUuid } from '../../platform/validation.ts';
import { paths } from '../../paths.ts';
import { formatDate } from '../../platform/dates.ts';
import { riskLevelNames } from '../../domain/risk/levels.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { kindNames, periods, recordKinds, readNetworkFilters, MAX_DEPTH, DEFAULT_DEPTH, type Period } from '../../domain/network/filters.ts';
import {
  relations,
  reliabilities,
  nrmStatuses,
  investigationKinds,
  investigationOutcomes,
  returnInterviews,
  eventKinds,
  locationKinds,
  personRoles,
} from '../../domain/intelligence/links.ts';
import { type Network, type Filters } from './service.ts';
import { networkApi } from './api.ts';

/**
 * The graph's data for the browser script: a JSON data block (not executed, so CSP allows it); `<` escaped. Only what
 * the graph draws: the table beside it carries each link's dates, source and reliability (the API has everything).
 */
const graphJson = (net: Network) =>
  JSON.stringify({
    nodes: net.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      label: n.label,
      href: n.href,
      depth: n.depth,
      degree: n.degree,
      seed: n.seed,
      risk: n.riskLevel ? riskLevelNames[n.riskLevel] : undefined,
    })),
    links: net.links.map((l) => ({ id: l.id, from: l.from, to: l.to, relation: l.relation })),
    capped: net.capped,
  }).replace(/</g, '\\u003c');

const relationName = (r: string) => (relations as Record<string, string>)[r] ?? r.replace(/-/g, ' ');

const escapeHtml = (v: string) => v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The rows of the links table, built here rather than in a template loop: a district's table has thousands of rows,
 * and this is ten times quicker. Every value is escaped.
 */
function linkRowsHtml(net: Network, agencyNames: Record<string, string>): string {
  // Each node's cell once: a district shows a thousand nodes in two thousand rows.
  const ends = new Map(
    net.nodes.map((n) => {
      const label = escapeHtml(n.label);
      return [n.id, `${kindNames[n.kind]}: ${n.href ? `<a class="govuk-link" href="${escapeHtml(n.href)}">${label}</a>` : label}`];
    }),
  );
  const end = (id: string) => ends.get(id)!;
  const cell = (html: string) => `<td class="govuk-table__cell">${html}</td>`;
  return net.links
    .map((l) => {
      const seen =
        l.firstSeenOn || l.lastSeenOn
          ? `${l.firstSeenOn ? formatDate(l.firstSeenOn) : 'Not known'} to ${l.lastSeenOn ? formatDate(l.lastSeenOn) : 'now'}`
          : `Recorded ${formatDate(l.recordedOn)}`;
      const source = escapeHtml(l.source) + (l.sourceAgency ? ` (${escapeHtml(agencyNames[l.sourceAgency] ?? l.sourceAgency)})` : '');
      const reliability = (reliabilities as Record<string, string>)[l.reliability] ?? l.reliability;
      return `<tr class="govuk-table__row" data-link="${escapeHtml(l.id)}">${cell(end(l.from))}${cell(escapeHtml(relationName(l.relation)))}${cell(end(l.to))}${cell(seen)}${cell(source)}${cell(escapeHtml(reliability))}</tr>`;
    })
    .join('\n');
}

/** The tile host a configured map needs in img-src (subdomain placeholders become a wildcard), or none. */
function tileOrigin(tileUrl: string | undefined): string | undefined {
  if (!tileUrl) return undefined;
  try {
    const u = new URL(tileUrl.replace(/\{s\}/g, 'a').replace(/\{[a-z]+\}/gi, '0'));
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    return tileUrl.includes('{s}.') ? `${u.protocol}//*.${u.host.split('.').slice(1).join('.')}` : u.origin;
  } catch {
    return undefined;
  }
}

export function networkRoutes(deps: AppDeps): RouteSpec[] {
  const { services } = deps;
  const network = services.network;
  const names = (p: PartnershipConfig) => ({
    district: Object.fromEntries(p.districts.map((d) => [d.id, d.name])),
    agency: Object.fromEntries(p.agencies.map((a) => [a.id, a.name])),
  });

  /** What every network page needs to draw the filters, the graph and the table. */
  const graphView = (req: Request, net: Network, f: Filters, action: string, withDepth: boolean) => {
    const p = partnershipOf(req);
    return {
      network: net,
      graphJson: graphJson(net),
      linkRows: linkRowsHtml(net, names(p).agency),
      filters: f,
      action,
      withDepth,
      depthItems: Array.from({ length: MAX_DEPTH }, (_, i) => ({
        value: String(i + 1),
        text: i === 0 ? '1: directly linked' : `${i + 1}: links of links${i === 2 ? ' of links' : ''}`,
        checked: f.depth === i + 1,
      })),
      kindItems: recordKinds.map((k) => ({ value: k, text: kindNames[k], checked: f.kinds.includes(k) })),
      periodItems: periods.map((x) => ({ value: x.value, text: x.text, selected: f.period === x.value })),
      kindNames,
      legend: (['child', ...recordKinds] as const).map((k) => ({ kind: k, name: kindNames[k] })),
      relationName,
      reliabilities,
      names: names(p),
      // What the collapsed filters say they show, so the graph can lead the page (issue 15 §11).
      filterSummary: [
        withDepth ? (f.depth === 1 ? 'directly linked' : `depth ${f.depth}`) : undefined,
        f.kinds.length === recordKinds.length ? 'every kind of record' : f.kinds.map((k) => kindNames[k].toLowerCase()).join(', '),
        periods.find((x) => x.value === f.period)?.text.toLowerCase(),
      ]
        .filter(Boolean)
        .join('; '),
      filtersChanged: (withDepth && f.depth !== DEFAULT_DEPTH) || f.kinds.length !== recordKinds.length || f.period !== 'all',
      counts: Object.fromEntries((['child', ...recordKinds] as const).map((k) => [k, net.nodes.filter((n) => n.kind === k).length])),
    };
  };

  return [
    {
      method: 'get',
      path: '/network',
      access: 'intel:read',
      audit: 'none: a list of districts and links, no personal data',
      handler: (req: Request, res: Response) => {
        const p = partnershipOf(req);
        res.render('network/views/index.njk', { districts: p.districts, canManage: can(req.user!.roles, 'intel:manage') });
      },
    },
    {
      method: 'get',
      path: '/children/:id/network',
      access: 'intel:read',
      audit: 'network.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const f = readNetworkFilters(req.query as Record<string, unknown>);
        const out = await network.childNetwork(actorOf(req), id, f, partnershipOf(req));
        if (!out) return notFound(res);
        res.render('network/views/child.njk', {
          ...graphView(req, out.network, f, paths.network.child(id), true),
          child: out.child,
          risk: out.risk,
          canAudit: can(req.user!.roles, 'audit:read'),
          centre: id,
        });
      },
    },
    {
      method: 'get',
      path: '/network/districts/:id',
      access: 'intel:read',
      audit: 'network.view',
      handler: async (req: Request, res: Response) => {
        const f = readNetworkFilters(req.query as Record<string, unknown>);
        const out = await network.districtNetwork(actorOf(req), partnershipOf(req), str(req.params.id), f);
        if (!out) return notFound(res);
        res.render('network/views/district.njk', { ...graphView(req, out.network, f, paths.network.district(out.district.id), false), district: out.district });
      },
    },
    {
      method: 'get',
      path: '/network/meetings/:id',
      access: 'intel:read',
      audit: 'network.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const f = readNetworkFilters(req.query as Record<string, unknown>);
        const out = await network.meetingNetwork(actorOf(req), id, { ...f, depth: Math.min(f.depth, 2) });
        if (!out) return notFound(res);
        res.render('network/views/meeting.njk', {
          ...graphView(req, out.network, { ...f, depth: Math.min(f.depth, 2) }, paths.network.meeting(id), false),
          occurrence: out.occurrence,
        });
      },
    },
    {
      method: 'get',
      path: '/network/linked-children',
      access: 'intel:read',
      audit: 'network.groups',
      handler: async (req: Request, res: Response) => {
        const period = readNetworkFilters(req.query as Record<string, unknown>).period;
        const groups = await network.linkedGroups(actorOf(req), period);
        res.render('network/views/groups.njk', {
          groups,
          period,
          periodItems: periods.map((x) => ({ value: x.value, text: x.text, selected: period === x.value })),
          names: names(partnershipOf(req)),
        });
      },
    },
    {
      method: 'get',
      path: '/network/locations',
      access: 'intel:read',
      audit: 'network.locations',
      handler: async (req: Request, res: Response) => {
        const p = partnershipOf(req);
        const districtId = p.districts.some((d) => d.id === str(req.query.district)) ? str(req.query.district) : undefined;
        const period = readNetworkFilters(req.query as Record<string, unknown>).period as Period;
        const rows = await network.locations(actorOf(req), districtId, period);
        const map = p.map;
        const origin = tileOrigin(map?.tileUrl);
        if (origin) {
          // The configured tile server may serve the map's images on this page only.
          const csp = String(res.getHeader('Content-Security-Policy') ?? '');
          res.setHeader('Content-Security-Policy', csp.replace(/img-src ([^;]*)/, `img-src $1 ${origin}`));
        }
        const mapJson = JSON.stringify({
          centre: map?.centre ?? [52.5, -1.5],
          zoom: map?.zoom ?? 9,
          tileUrl: origin ? map!.tileUrl : null,
          attribution: map?.attribution ?? null,
          locations: rows
            .filter((r) => r.coordinates)
            .map((r) => ({
              id: r.id,
              label: r.label,
              kind: r.kind,
              kindName: (locationKinds as Record<string, string>)[r.kind] ?? r.kind,
              coordinates: r.coordinates,
              href: r.href,
              children: r.children.length,
              persons: r.persons.length,
            })),
        }).replace(/</g, '\\u003c');
        // Without map tiles, markers on a blank background mean nothing (issue 15 §11): the locations are listed by district.
        const byDistrict = [...p.districts.map((d) => ({ id: d.id as string | null, name: d.name })), { id: null, name: 'District not recorded' }]
          .map((d) => ({
            ...d,
            rows: rows.filter((r) => (r.districtId ?? null) === d.id || (d.id === null && !p.districts.some((x) => x.id === r.districtId))),
          }))
          .filter((d) => d.rows.length);
        res.render('network/views/locations.njk', {
          rows,
          byDistrict,
          mapJson,
          tiles: !!origin,
          withoutCoordinates: rows.filter((r) => !r.coordinates).length,
          districtItems: [{ value: '', text: 'All districts' }, ...p.districts.map((d) => ({ value: d.id, text: d.name, selected: d.id === districtId }))],
          periodItems: periods.map((x) => ({ value: x.value, text: x.text, selected: period === x.value })),
          locationKinds,
          names: names(p),
        });
      },
    },
    {
      method: 'get',
      path: '/network/not-yet-referred',
      access: 'intel:manage',
      audit: 'network.not-yet-referred',
      handler: async (req: Request, res: Response) => {
        const rows = await network.notYetReferred(actorOf(req));
        res.render('network/views/not-yet-referred.njk', { rows, names: names(partnershipOf(req)), canRefer: can(req.user!.roles, 'panel:refer') });
      },
    },
    {
      method: 'get',
      path: '/children/:id/panel-pack',
      access: 'intel:read',
      audit: 'network.panel-pack',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const p = partnershipOf(req);
        const pack = await network.panelPack(actorOf(req), p, id);
        if (!pack) return notFound(res);
        res.render('network/views/pack.njk', {
          ...pack,
          canAudit: can(req.user!.roles, 'audit:read'),
          marking: p.marking,
          names: names(p),
          relationName,
          reliabilities,
          nrmStatuses,
          investigationKinds,
          investigationOutcomes,
          returnInterviews,
          eventKinds,
          locationKinds,
          personRoles,
          kindNames,
        });
      },
    },
    ...networkApi(deps),
  ];
}
