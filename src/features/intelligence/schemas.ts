import { z } from 'zod';
import type { FieldError } from '../../platform/problems.ts';
import { str, readDateInput, isRealDate, objectOf, formFields, formText, isUuid } from '../../platform/validation.ts';
import { todayIso } from '../../platform/dates.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { normalisePlate, normalisePhone, normalisePostcode, normaliseHandle, isPlatform, platforms } from '../../domain/intelligence/normalise.ts';
import { splitNames, searchTextOf, normaliseName } from '../../domain/intelligence/names.ts';
import {
  isReliability,
  personRoles,
  locationKinds,
  organisationKinds,
  isRelation,
  returnInterviews,
  type RecordKind,
} from '../../domain/intelligence/links.ts';
import type { RecordInput, RecordRow } from './repository.ts';
import { historyRules, type HistoryType } from './history.ts';
import { localToInstant, isLocalTime } from '../../domain/calendar/recurrence.ts';

const has = (o: Record<string, string>, k: string) => Object.hasOwn(o, k);

/** The form's fields as typed (strings), kept on screen when something is wrong. */
type RecordValues = Record<string, string>;

/** Which fields each kind's form has (besides source, agency, date, reliability, district and notes). */
const kindFields: Record<RecordKind, string[]> = {
  person: ['name', 'nicknames', 'role', 'addresses', 'features'],
  location: ['locationKind', 'name', 'address', 'postcode', 'latitude', 'longitude'],
  vehicle: ['plate', 'make', 'model', 'colour'],
  phone: ['number'],
  'online-account': ['platform', 'handle', 'displayName'],
  organisation: ['organisationKind', 'name', 'address', 'postcode'],
};
const common = ['notes', 'source', 'sourceAgencyId', 'reliability', 'districtId', 'storeUnverified'];

const limits: Record<string, number> = {
  name: 200,
  nicknames: 500,
  addresses: 2000,
  features: 2000,
  address: 500,
  make: 100,
  model: 100,
  colour: 50,
  displayName: 200,
  notes: 4000,
  source: 500,
  plate: 20,
  number: 40,
  handle: 120,
  postcode: 12,
  latitude: 20,
  longitude: 20,
};
export const recordAnchors = {
  informationDate: 'informationDate-day',
  dateOfBirth: 'dateOfBirth-day',
  role: 'role',
  locationKind: 'locationKind',
  reliability: 'reliability',
  organisationKind: 'organisationKind',
};

/** A record form read: its values and dates as typed (shown back, kept with a conflict), its errors, or the record to save. */
export type ReadRecord = {
  values: RecordValues;
  dates: { informationDate: { day: string; month: string; year: string }; dateOfBirth: { day: string; month: string; year: string } };
  errors: FieldError[];
  input?: RecordInput;
};

type DateRead = { value?: string; error?: string; parts: { day: string; month: string; year: string } };
/** A record form as typed: each field trimmed, the dates read (GOV.UK date inputs, or ISO strings in JSON). */
type RecordForm = Pick<ReadRecord, 'values' | 'dates'> & { info: DateRead; dob: DateRead };

/** Reads a record form (or JSON with the same names; dates as informationDate / dateOfBirth ISO strings) for a kind, as typed. */
export function recordForm(kind: RecordKind, body: Record<string, unknown>, json = false): RecordForm {
  const values: RecordValues = {};
  for (const f of [...kindFields[kind], ...common]) values[f] = str(body[f]).trim();
  if (json && body.storeUnverified === true) values.storeUnverified = 'yes';
  const readDate = (name: string, label: string): DateRead => {
    if (json) {
      const v = str(body[name]);
      return {
        value: v && isRealDate(v) ? v : undefined,
        error: v && !isRealDate(v) ? `${label} must be a real date like 2026-03-14` : undefined,
        parts: { day: '', month: '', year: '' },
      };
    }
    return readDateInput(body, name, label);
  };
  const info = readDate('informationDate', 'Date of the information');
  const dob: DateRead = kind === 'person' ? readDate('dateOfBirth', 'Date of birth') : { parts: { day: '', month: '', year: '' } };
  if (info.value) values.informationDate = info.value;
  if (dob.value) values.dateOfBirth = dob.value;
  return { values, dates: { informationDate: info.parts, dateOfBirth: dob.parts }, info, dob };
}

/**
 * A record of a kind, read with readBody (`every`: a field can be wrong in two ways, e.g. a postcode too long and not a
 * postcode): the record to save, or its errors, those that "Store as unverified" may set aside (a malformed plate, number,
 * postcode or handle) after the others. With the box ticked, a malformed one is kept as given, unverified and unmatched.
 */
export const recordSchema = (kind: RecordKind, p: PartnershipConfig, json = false) =>
  z
    .preprocess((b) => recordForm(kind, objectOf(b), json), z.custom<RecordForm>())
    .transform((form, ctx) => {
      const r = checkRecord(kind, form, p);
      if (r.input) return r.input;
      for (const e of r.errors) ctx.addIssue({ code: 'custom', path: [e.field], message: e.message });
      return z.NEVER;
    });

/** The record's rules (DOMAIN §6): what each kind needs, the source and its grading; the record built as it is stored. */
function checkRecord(kind: RecordKind, { values, info, dob }: RecordForm, p: PartnershipConfig): { errors: FieldError[]; input?: RecordInput } {
  const errors: FieldError[] = [];
  const formatErrors: FieldError[] = [];
  for (const [f, max] of Object.entries(limits))
    if (values[f] !== undefined && values[f]!.length > max) errors.push({ field: f, message: `Must be ${max} characters or fewer` });

  const unverified = values.storeUnverified === 'yes';
  const attributes: Record<string, unknown> = {};
  let label = '';
  let matchKey: string | null = null;
  let verified = true;
  const searchParts: string[] = [];
  const format = (
    field: string,
    r: { ok: true; key: string; display: string } | { ok: false; error: string },
    raw: string,
  ): { key: string | null; display: string } => {
    if (r.ok) return { key: r.key, display: r.display };
    if (!raw) {
      errors.push({ field, message: r.error });
      return { key: null, display: '' };
    }
    formatErrors.push({ field, message: unverified ? r.error : `${r.error}, or tick “Store as unverified”` });
    verified = false;
    return { key: null, display: raw.toUpperCase() === raw ? raw : raw };
  };

  switch (kind) {
    case 'person': {
      if (!values.name) errors.push({ field: 'name', message: 'Enter the name the person is known by' });
      if (dob.error) errors.push({ field: 'dateOfBirth', message: dob.error });
      else if (dob.value && dob.value > todayIso()) errors.push({ field: 'dateOfBirth', message: 'Date of birth must be in the past' });
      if (!has(personRoles, values.role!)) errors.push({ field: 'role', message: 'Select the person’s role' });
      const nick = splitNames(values.nicknames!);
      Object.assign(attributes, {
        names: [values.name],
        nicknames: nick,
        dateOfBirth: dob.value ?? null,
        role: values.role,
        addresses: values.addresses || null,
        features: values.features || null,
      });
      label = values.name!;
      searchParts.push(values.name!, ...nick, values.addresses!);
      break;
    }
    case 'location': {
      if (!has(locationKinds, values.locationKind!)) errors.push({ field: 'locationKind', message: 'Select the kind of location' });
      if (!values.address) errors.push({ field: 'address', message: 'Enter the address or a description of where it is' });
      let postcode: string | null = null;
      if (values.postcode) postcode = format('postcode', normalisePostcode(values.postcode), values.postcode.toUpperCase()).display || null;
      const lat = values.latitude ? Number(values.latitude) : null;
      const lng = values.longitude ? Number(values.longitude) : null;
      if (values.latitude && (!Number.isFinite(lat) || lat! < 49 || lat! > 61))
        errors.push({ field: 'latitude', message: 'Latitude must be a number between 49 and 61 (in the UK), like 52.8072' });
      if (values.longitude && (!Number.isFinite(lng) || lng! < -9 || lng! > 2.5))
        errors.push({ field: 'longitude', message: 'Longitude must be a number between -9 and 2.5 (in the UK), like -2.1165' });
      if (!!values.latitude !== !!values.longitude)
        errors.push({ field: values.latitude ? 'longitude' : 'latitude', message: 'Enter both the latitude and the longitude, or neither' });
      Object.assign(attributes, {
        locationKind: values.locationKind,
        name: values.name || null,
        address: values.address,
        postcode,
        latitude: lat,
        longitude: lng,
      });
      label = [values.name, values.address].filter(Boolean).join(', ') + (postcode ? `, ${postcode}` : '');
      // Exact match: the same postcode and the same address (a postcode alone covers many doors).
      matchKey = verified && postcode ? `${postcode}|${normaliseName(values.address!)}` : null;
      searchParts.push(values.name!, values.address!, postcode ?? '');
      break;
    }
    case 'vehicle': {
      const r = format('plate', normalisePlate(values.plate!), values.plate!.toUpperCase());
      matchKey = r.key;
      label = r.display;
      Object.assign(attributes, { plate: r.display, make: values.make || null, model: values.model || null, colour: values.colour || null });
      searchParts.push(r.display, r.key ?? '', values.make!, values.model!);
      break;
    }
    case 'phone': {
      const r = format('number', normalisePhone(values.number!), values.number!);
      matchKey = r.key;
      label = r.display;
      Object.assign(attributes, { number: r.display, e164: r.key });
      searchParts.push(r.display.replace(/\s/g, ''), r.key ?? '');
      break;
    }
    case 'online-account': {
      if (!isPlatform(values.platform!)) {
        errors.push({ field: 'platform', message: 'Select the platform' });
        break;
      }
      const raw = values.handle!.trim().replace(/^@+/, '');
      const r = format('handle', normaliseHandle(values.platform!, values.handle!), raw ? `${platforms[values.platform]} @${raw}` : '');
      matchKey = r.key;
      label = r.display;
      Object.assign(attributes, {
        platform: values.platform,
        handle: r.key ? r.key.split(':').slice(1).join(':') : raw,
        displayName: values.displayName || null,
      });
      searchParts.push(raw, values.displayName!);
      break;
    }
    case 'organisation': {
      if (!values.name) errors.push({ field: 'name', message: 'Enter the name of the organisation or place of work' });
      if (!has(organisationKinds, values.organisationKind!)) errors.push({ field: 'organisationKind', message: 'Select the kind of organisation' });
      let postcode: string | null = null;
      if (values.postcode) postcode = format('postcode', normalisePostcode(values.postcode), values.postcode.toUpperCase()).display || null;
      Object.assign(attributes, { organisationKind: values.organisationKind, name: values.name, address: values.address || null, postcode });
      label = values.name!;
      searchParts.push(values.name!, values.address!, postcode ?? '');
      break;
    }
  }
  if (values.notes) attributes.notes = values.notes;

  if (!values.source) errors.push({ field: 'source', message: 'Enter where the information came from' });
  if (values.sourceAgencyId && !p.agencies.some((a) => a.id === values.sourceAgencyId))
    errors.push({ field: 'sourceAgencyId', message: 'Select an agency of your partnership' });
  if (info.error) errors.push({ field: 'informationDate', message: info.error });
  else if (!info.value) errors.push({ field: 'informationDate', message: 'Enter the date of the information' });
  else if (info.value > todayIso()) errors.push({ field: 'informationDate', message: 'Date of the information must be today or in the past' });
  if (!isReliability(values.reliability!)) errors.push({ field: 'reliability', message: 'Select how reliable the source is' });
  if (values.districtId && !p.districts.some((d) => d.id === values.districtId))
    errors.push({ field: 'districtId', message: 'Select a district of your partnership' });

  // Every kind's label has a required part (name, address, plate, number or handle): with no error it is never empty.
  if (errors.length || (formatErrors.length && !unverified)) return { errors: [...errors, ...formatErrors] };
  return {
    errors: [],
    input: {
      kind,
      label: label.trim().slice(0, 500),
      matchKey: verified ? matchKey : null,
      verified,
      attributes,
      districtId: values.districtId || null,
      source: values.source!,
      sourceAgencyId: values.sourceAgencyId || null,
      informationDate: info.value!,
      reliability: values.reliability!,
      searchText: searchTextOf(searchParts),
    },
  };
}

/** A saved record's values for its edit form. */
export function valuesOf(r: RecordRow): { values: RecordValues; dates: ReadRecord['dates'] } {
  const a = r.attributes as Record<string, unknown>;
  const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const values: RecordValues = {
    notes: s(a.notes),
    source: r.source,
    sourceAgencyId: s(r.source_agency_id),
    reliability: r.reliability,
    districtId: s(r.district_id),
    storeUnverified: r.verified ? '' : 'yes',
  };
  switch (r.kind) {
    case 'person':
      Object.assign(values, {
        name: s((a.names as string[] | undefined)?.[0] ?? r.label),
        nicknames: ((a.nicknames as string[] | undefined) ?? []).join(', '),
        role: s(a.role),
        addresses: s(a.addresses),
        features: s(a.features),
      });
      break;
    case 'location':
      Object.assign(values, {
        locationKind: s(a.locationKind),
        name: s(a.name),
        address: s(a.address),
        postcode: s(a.postcode),
        latitude: s(a.latitude),
        longitude: s(a.longitude),
      });
      break;
    case 'vehicle':
      Object.assign(values, { plate: s(a.plate ?? r.label), make: s(a.make), model: s(a.model), colour: s(a.colour) });
      break;
    case 'phone':
      Object.assign(values, { number: s(a.number ?? r.label) });
      break;
    case 'online-account':
      Object.assign(values, { platform: s(a.platform), handle: s(a.handle), displayName: s(a.displayName) });
      break;
    case 'organisation':
      Object.assign(values, { organisationKind: s(a.organisationKind), name: s(a.name ?? r.label), address: s(a.address), postcode: s(a.postcode) });
      break;
  }
  const parts = (iso: unknown) => {
    const m = typeof iso === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
    return m ? { day: String(+m[3]!), month: String(+m[2]!), year: m[1]! } : { day: '', month: '', year: '' };
  };
  return { values, dates: { informationDate: parts(r.information_date), dateOfBirth: parts(a.dateOfBirth) } };
}

/** Keys a search text may be: a plate, a phone number, a postcode or a handle, normalised. */
export function searchKeys(text: string): string[] {
  const keys: string[] = [];
  const plate = normalisePlate(text);
  if (plate.ok) keys.push(plate.key);
  const phone = normalisePhone(text);
  if (phone.ok) keys.push(phone.key);
  const pc = normalisePostcode(text);
  if (pc.ok) keys.push(pc.key);
  const handle = text.trim().replace(/^@+/, '').toLowerCase();
  if (/^[a-z0-9._-]+$/.test(handle)) for (const pl of Object.keys(platforms)) keys.push(`${pl}:${handle}`);
  return keys;
}

type LinkValues = { relation: string; source: string; sourceAgencyId: string; reliability: string; notes: string };
type LinkForm = { values: LinkValues; dates: { firstSeenOn: DateRead['parts']; lastSeenOn: DateRead['parts'] }; first: DateRead; last: DateRead };

/** A link's details as typed: relation, dates (GOV.UK date inputs, or ISO strings in JSON), source, agency, reliability, notes. */
export function linkForm(body: Record<string, unknown>, json = false): LinkForm {
  const values: LinkValues = {
    relation: str(body.relation),
    source: str(body.source).trim(),
    sourceAgencyId: str(body.sourceAgencyId),
    reliability: str(body.reliability),
    notes: str(body.notes).trim(),
  };
  const date = (name: string, label: string): DateRead => {
    if (json) {
      const v = str(body[name]);
      return {
        value: v && isRealDate(v) ? v : undefined,
        error: v && !isRealDate(v) ? `${label} must be a real date like 2026-03-14` : undefined,
        parts: { day: '', month: '', year: '' },
      };
    }
    return readDateInput(body, name, label);
  };
  const first = date('firstSeenOn', 'Date first known');
  const last = date('lastSeenOn', 'Date last known');
  return { values, dates: { firstSeenOn: first.parts, lastSeenOn: last.parts }, first, last };
}

/** A date read from its input (its own error first), today or before, and not before `notBefore` when that is given. */
const knownOn = (label: string) =>
  z.custom<DateRead & { notBefore?: string }>().transform((d, ctx): string | null => {
    const error =
      d.error ??
      (d.value && d.value > todayIso()
        ? `${label} must be today or in the past`
        : d.value && d.notBefore && d.value < d.notBefore
          ? 'Date last known must be the same as or after the date first known'
          : undefined);
    if (!error) return d.value ?? null;
    ctx.addIssue({ code: 'custom', message: error });
    return z.NEVER;
  });

/** A link's details, read with readBody (the service then checks the relation against the two ends). */
export const linkSchema = (p: PartnershipConfig, json = false) =>
  z.preprocess(
    (b) => {
      const f = linkForm(objectOf(b), json);
      return { ...f.values, firstSeenOn: f.first, lastSeenOn: { ...f.last, notBefore: f.first.value } };
    },
    z.object({
      relation: z.string().refine(isRelation, 'Select how they are linked'),
      firstSeenOn: knownOn('Date first known'),
      lastSeenOn: knownOn('Date last known'),
      source: z.string().min(1, 'Enter where the information came from').max(500, 'Source must be 500 characters or fewer'),
      sourceAgencyId: z.string().refine((v) => !v || p.agencies.some((a) => a.id === v), 'Select an agency of your partnership'),
      reliability: z.string().refine(isReliability, 'Select how reliable the source is'),
      notes: z.string().max(2000, 'Notes must be 2000 characters or fewer'),
    }),
  );

/** A record chosen as the same as `id` (not itself); the page's message names the record, which the route reads after. */
export const duplicateChoice = (id: string) =>
  formFields({ duplicateId: formText.refine((dup) => isUuid(dup) && dup.toLowerCase() !== id.toLowerCase()).transform((dup) => dup.toLowerCase()) });

/** A version as the merge form sent it: not a whole number is -1, which no record has (a conflict, never a 400). */
const mergeVersion = formText.transform((v) => {
  const n = Number.parseInt(v, 10);
  return Number.isInteger(n) ? n : -1;
});

/** The merge of two records (`id` and `otherId`, lower case): which to keep, the confirmation, and the versions read. */
export const mergeSchema = (id: string, otherId: string) =>
  formFields({
    keep: formText.transform((k) => k.toLowerCase()).refine((k) => k === id || k === otherId, 'Select the record to keep'),
    confirm: formText.refine((c) => c === 'yes', 'Confirm that these are the same person'),
    thisVersion: mergeVersion,
    otherVersion: mergeVersion,
  });

/** The record the merge form chose to keep, as typed (lower case), to show back. */
export const mergeKeep = (b: Record<string, unknown>) => str(b.keep).toLowerCase();

/**
 * The details the missing episodes page asks for beside the dates (times, where found, with whom, who
 * reported, return interview, exploitation concern), for the RFM's missing episode form (missingEpisodeForm in rfm/schemas.ts): their rules,
 * given the dates when those are right, and the columns they fill.
 */

export function missingExtrasRules(
  body: Record<string, unknown>,
  wentMissingOn?: string,
  returnedOn?: string,
): { errors: FieldError[]; values: Record<string, string>; columns: Record<string, unknown> } {
  const values = missingExtrasValues(body);
  const errors: FieldError[] = [];
  const columns: Record<string, unknown> = {};
  const instant = (field: string, date: string | undefined, time: string) => {
    if (!time) return null;
    const t = time.padStart(5, '0');
    if (!isLocalTime(t)) {
      errors.push({ field, message: 'Enter the time using the 24-hour clock, like 21:30' });
      return null;
    }
    if (!date) {
      errors.push({ field, message: 'Enter the date as well as the time' });
      return null;
    }
    const at = localToInstant(date, t);
    if (at.getTime() > Date.now()) {
      errors.push({ field, message: 'The time must be now or in the past' });
      return null;
    }
    return at;
  };
  const started = instant('wentMissingTime', wentMissingOn, values.wentMissingTime!);
  const ended = instant('returnedTime', returnedOn, values.returnedTime!);
  if (started && ended && ended < started) errors.push({ field: 'returnedTime', message: 'The child’s return must be after the time they went missing' });
  for (const [f, max] of [
    ['foundAtText', 500],
    ['withWhom', 500],
    ['reportedBy', 200],
  ] as const)
    if (values[f]!.length > max) errors.push({ field: f, message: `Must be ${max} characters or fewer` });
  if (values.returnInterview && !Object.hasOwn(returnInterviews, values.returnInterview))
    errors.push({ field: 'returnInterview', message: 'Select the return interview status' });
  Object.assign(columns, {
    started_at: started ? started.toISOString() : null,
    ended_at: ended ? ended.toISOString() : null,
    found_at_text: values.foundAtText || null,
    with_whom: values.withWhom || null,
    reported_by: values.reportedBy || null,
    return_interview: values.returnInterview || null,
    exploitation_concern: values.exploitationConcern === 'yes',
  });
  return { errors, values, columns };
}

/** The missing episode's details as typed (trimmed), to show back. */
export const missingExtrasValues = (body: Record<string, unknown>): Record<string, string> => {
  const v = (n: string) => str(body[n]).trim();
  return {
    wentMissingTime: v('wentMissingTime'),
    returnedTime: v('returnedTime'),
    foundAtText: v('foundAtText'),
    withWhom: v('withWhom'),
    reportedBy: v('reportedBy'),
    returnInterview: v('returnInterview'),
    exploitationConcern: v('exploitationConcern'),
  };
};

/** A child's event, trafficking concern, investigation or missing episode (its type's fields and rule, historyRules): the columns it fills. */
export const historyForm = (t: HistoryType, p: PartnershipConfig, locationIds: Set<string>) =>
  z.preprocess(
    objectOf,
    z.record(z.string(), z.unknown()).transform((b, ctx) => {
      const r = historyRules(t, b, p, locationIds);
      for (const e of r.errors) ctx.addIssue({ code: 'custom', path: [e.field], message: e.message });
      return r.columns ?? z.NEVER;
    }),
  );

/** A history form as typed (its text and the dates' parts), to show back. */
export const historyFormValues = (t: HistoryType, b: Record<string, unknown>, p: PartnershipConfig, locationIds: Set<string>) => {
  const { values, dates } = historyRules(t, b, p, locationIds);
  return { values, dates };
};
