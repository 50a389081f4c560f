import type { PartnershipConfig } from '../../partnerships/index.ts';
import { str, readDateInput, isRealDate, isUuid } from '../../platform/validation.ts';
import type { SmartRaw } from '../../domain/actions/rules.ts';
import type { ActionFilter } from './repository.ts';
import type { ChangeInput } from './service.ts';

const statusFilters = ['open', 'in-progress', 'done', 'cancelled', 'all'] as const;
const sortKeys = ['due', 'what', 'owner', 'agency', 'status', 'child'] as const;

/** The list's filters from the query string; anything unknown falls back to the default rather than erring. */
export function readActionQuery(query: Record<string, unknown>, p: PartnershipConfig): ActionFilter {
  const s = (k: string) => (typeof query[k] === 'string' ? (query[k] as string) : '');
  return {
    owner: s('owner') === 'me' ? 'me' : 'anyone',
    agency: p.agencies.some((a) => a.id === s('agency')) ? s('agency') : '',
    status: (statusFilters as readonly string[]).includes(s('status')) ? (s('status') as ActionFilter['status']) : 'open',
    overdue: s('overdue') === '1' || s('overdue') === 'true',
    sort: (sortKeys as readonly string[]).includes(s('sort')) ? (s('sort') as ActionFilter['sort']) : 'due',
    order: s('order') === 'desc' ? 'desc' : 'asc',
    page: /^\d{1,6}$/.test(s('page')) && Number(s('page')) >= 1 ? Number(s('page')) : 1,
    // Ids only (never names): a series of the partnership, one owner (the overdue summary's links).
    seriesId: isUuid(s('series')) ? s('series') : undefined,
    ownerUserId: s('owner') !== 'me' && isUuid(s('ownerUser')) ? s('ownerUser') : undefined,
  };
}

/** The filter as query parameters, defaults left out. */
export function queryOf(f: ActionFilter, withSort = true) {
  return {
    owner: f.owner === 'me' ? 'me' : undefined,
    agency: f.agency || undefined,
    status: f.status === 'open' ? undefined : f.status,
    overdue: f.overdue ? '1' : undefined,
    series: f.seriesId,
    ownerUser: f.ownerUserId,
    sort: withSort && f.sort !== 'due' ? f.sort : undefined,
    order: withSort && f.order !== 'asc' ? f.order : undefined,
  };
}


/** The SMART form (page) or JSON body (API: dueOn as an ISO date). */
export function readSmartForm(body: Record<string, unknown>): { raw: SmartRaw; dueParts: { day: string; month: string; year: string } } {
  const due = readDateInput(body, 'dueOn', 'Due date');
  return {
    raw: {
      what: str(body.what), kind: str(body.kind), toolkitItem: str(body.toolkitItem), ownerType: str(body.ownerType), ownerUserId: str(body.ownerUserId),
      ownerTeam: str(body.ownerTeam), ownerAgencyId: str(body.ownerAgencyId), measure: str(body.measure), agreedBy: str(body.agreedBy),
      dueOn: due.value ?? '', dueOnError: due.error,
    },
    dueParts: due.parts,
  };
}

export function readSmartJson(body: Record<string, unknown>): SmartRaw {
  const dueOn = str(body.dueOn);
  return {
    what: str(body.what), kind: str(body.kind), toolkitItem: str(body.toolkitItem),
    ownerType: body.ownerUserId ? 'person' : body.ownerTeam !== undefined ? 'team' : '',
    ownerUserId: str(body.ownerUserId), ownerTeam: str(body.ownerTeam), ownerAgencyId: str(body.ownerAgencyId),
    measure: str(body.measure), agreedBy: str(body.agreedBy), dueOn: isRealDate(dueOn) ? dueOn : '',
    dueOnError: dueOn && !isRealDate(dueOn) ? 'Due date must be a real date like 2026-03-14' : undefined,
  };
}

export function readChangeForm(body: Record<string, unknown>): { input: ChangeInput; dueParts: { day: string; month: string; year: string } } {
  const due = readDateInput(body, 'dueOn', 'Due date');
  return { input: { status: str(body.status), completionEvidence: str(body.completionEvidence), dueOn: due.value ?? '', dueOnError: due.error }, dueParts: due.parts };
}
