import { z } from 'zod';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { readDateInput, isRealDate, isUuid, objectOf, formText, formFields } from '../../platform/validation.ts';
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

const text = formText;
const fields = formFields;
/** A JSON due date: an ISO date, '' when absent or not a real date (then with its error). */
const dueOnJson = text.transform((d) => ({
  dueOn: isRealDate(d) ? d : '',
  dueOnError: d && !isRealDate(d) ? 'Due date must be a real date like 2026-03-14' : undefined,
}));
const smartFields = {
  what: text,
  kind: text,
  toolkitItem: text,
  ownerType: text,
  ownerUserId: text,
  ownerTeam: text,
  ownerAgencyId: text,
  measure: text,
  agreedBy: text,
};

/**
 * The SMART form (page; the due date a GOV.UK date input), read with readBody: its fields as typed and the date's
 * parts to show back. It never fails: what is missing or wrong is found by validateSmart (DOMAIN) in the service.
 */
export const smartForm = fields(smartFields).transform((b) => {
  const due = readDateInput(b, 'dueOn', 'Due date');
  const raw: SmartRaw = {
    what: b.what,
    kind: b.kind,
    toolkitItem: b.toolkitItem,
    ownerType: b.ownerType,
    ownerUserId: b.ownerUserId,
    ownerTeam: b.ownerTeam,
    ownerAgencyId: b.ownerAgencyId,
    measure: b.measure,
    agreedBy: b.agreedBy,
    dueOn: due.value ?? '',
    dueOnError: due.error,
  };
  return { raw, dueParts: due.parts };
});

/** The API's SMART body (dueOn as an ISO date; the owner's type from which owner is given), read with readBody; never fails. */
export const smartJson = z
  .preprocess(
    (v) => {
      const o = objectOf(v);
      return { ...o, ownerType: o.ownerUserId ? 'person' : o.ownerTeam !== undefined ? 'team' : '' };
    },
    fields({ ...smartFields, dueOn: dueOnJson }),
  )
  .transform((b): SmartRaw => ({
    what: b.what,
    kind: b.kind,
    toolkitItem: b.toolkitItem,
    ownerType: b.ownerType,
    ownerUserId: b.ownerUserId,
    ownerTeam: b.ownerTeam,
    ownerAgencyId: b.ownerAgencyId,
    measure: b.measure,
    agreedBy: b.agreedBy,
    dueOn: b.dueOn.dueOn,
    dueOnError: b.dueOn.dueOnError,
  }));

/** A change to an action from its page (status, evidence, the due date a date input), read with readBody; never fails (the service checks it). */
export const changeForm = fields({ status: text, completionEvidence: text, notCompletedReason: text }).transform((b) => {
  const due = readDateInput(b, 'dueOn', 'Due date');
  const input: ChangeInput = {
    status: b.status,
    completionEvidence: b.completionEvidence,
    notCompletedReason: b.notCompletedReason,
    dueOn: due.value ?? '',
    dueOnError: due.error,
  };
  return { input, dueParts: due.parts };
});

/** A change to an action from the API (dueOn as an ISO date), read with readBody; never fails (the service checks it). */
export const changeJson = fields({ status: text, dueOn: dueOnJson, completionEvidence: text, notCompletedReason: text }).transform((b): ChangeInput => ({
  status: b.status,
  dueOn: b.dueOn.dueOn,
  completionEvidence: b.completionEvidence,
  notCompletedReason: b.notCompletedReason,
  dueOnError: b.dueOn.dueOnError,
}));

/** An update added to an action: its text, trimmed, at most 2,000 characters. */
export const noteForm = formFields({
  note: formText.transform((v) => v.trim()).pipe(z.string().min(1, 'Enter the update').max(2000, 'The update must be 2000 characters or fewer')),
});
