import type { Request } from 'express';
import { partnershipOf } from '../../platform/http.ts';
import { str, isUuid } from '../../platform/validation.ts';
import { can } from '../../platform/roles.ts';
import { paths } from '../../paths.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import {
  recordKinds,
  recordKindPlurals,
  recordKindArticles,
  reliabilities,
  relations,
  personRoles,
  locationKinds,
  organisationKinds,
  eventKinds,
  nrmStatuses,
  investigationKinds,
  investigationOutcomes,
  returnInterviews,
} from '../../domain/intelligence/links.ts';
import { platforms } from '../../domain/intelligence/normalise.ts';
import type { EndRef } from './service.ts';

export const emptyDate = { day: '', month: '', year: '' };
export const dateParts = (iso: string | null) => {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? { day: String(+m[3]!), month: String(+m[2]!), year: m[1]! } : { ...emptyDate };
};

/** "child:<uuid>" or "record:<uuid>", the end a new record is to be linked to; anything else is ignored. */
export function readEnd(s: string): EndRef | undefined {
  const m = /^(child|record):([0-9a-f-]{36})$/i.exec(s);
  return m && isUuid(m[2]!) ? { type: m[1] as 'child' | 'record', id: m[2]!.toLowerCase() } : undefined;
}

const labels = {
  recordKinds,
  recordKindPlurals,
  recordKindArticles,
  reliabilities,
  relations,
  personRoles,
  locationKinds,
  organisationKinds,
  platforms,
  eventKinds,
  nrmStatuses,
  investigationKinds,
  investigationOutcomes,
  returnInterviews,
};

/** The partnership's district and agency names by id. */
const names = (p: PartnershipConfig) => ({
  district: Object.fromEntries(p.districts.map((d) => [d.id, d.name])),
  agency: Object.fromEntries(p.agencies.map((a) => [a.id, a.name])),
});
export const linkNotice = (req: Request) => (req.query.link === 'changed' ? 'Link changed' : req.query.link === 'removed' ? 'Link removed' : undefined);
/** What every intelligence page shows: the labels, the names, what the user may do. */
export const common = (req: Request) => ({
  labels,
  names: names(partnershipOf(req)),
  canManage: can(req.user!.roles, 'intel:manage'),
  canSeeChildren: can(req.user!.roles, 'child:read'),
  canAudit: can(req.user!.roles, 'audit:read'),
});
export const options = (p: PartnershipConfig) => ({
  agencies: (sel?: string) => [
    { value: '', text: 'Not known or not an agency' },
    ...p.agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === sel })),
  ],
  districts: (sel?: string) => [{ value: '', text: 'Not known' }, ...p.districts.map((d) => ({ value: d.id, text: d.name, selected: d.id === sel }))],
});
export const endHref = (e: EndRef) => (e.type === 'child' ? paths.intelligence.associations(e.id) : paths.intelligence.record(e.id));
/** Where to go after a change: the page the user came from (one of the link's ends), or its first end. */
export const backEnd = (
  fromRaw: unknown,
  link: { a_child_id: string | null; a_record_id: string | null; b_child_id: string | null; b_record_id: string | null },
): EndRef => {
  const from = readEnd(str(fromRaw));
  const ends = [link.a_child_id ?? link.a_record_id, link.b_child_id ?? link.b_record_id];
  if (from && ends.includes(from.id)) return from;
  return link.a_child_id ? { type: 'child', id: link.a_child_id } : { type: 'record', id: link.a_record_id! };
};
