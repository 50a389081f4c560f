import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { FieldError } from '../../platform/problems.ts';
import { str, readDateInput, isRealDate } from '../../platform/validation.ts';
import { todayIso } from '../../platform/dates.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { loadVisibleChild } from '../children/access.ts';
import { childHeader } from '../reviews/service.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import { localToInstant, localDateOf, isLocalTime } from '../../domain/calendar/recurrence.ts';
import {
  eventKinds,
  nrmStatuses,
  investigationKinds,
  investigationOutcomes,
  returnInterviews,
  reliabilities,
  nrmDatesError,
} from '../../domain/intelligence/links.ts';
import { addTimelineEvent } from '../children/timeline.ts';
import { historyRepository, type HistoryTable } from './repository.ts';

/**
 * What happened to a child (DOMAIN §6, "what to bring"): missing episodes, significant events with
 * date and time, trafficking concerns and the NRM, investigations (s47, criminal; NFA; disclosures).
 * Each kind is described once; one form, one list and one service serve them all.
 */
type Field =
  | { name: string; column: string; kind: 'text' | 'textarea'; label: string; hint?: string; required?: string; max: number }
  | { name: string; column: string; kind: 'date'; label: string; hint?: string; required?: string; notFuture?: boolean }
  | {
      name: string;
      column: string;
      dateColumn?: string;
      kind: 'datetime';
      label: string;
      hint?: string;
      required?: string;
      timeRequired?: boolean;
      notFuture?: boolean;
    }
  | { name: string; column: string; kind: 'radios' | 'select'; label: string; hint?: string; required?: string; options: Record<string, string> }
  | { name: string; column: string; kind: 'agency' | 'location'; label: string; hint?: string }
  | { name: string; column: string; kind: 'checkbox'; label: string; hint?: string };

export type HistoryType = {
  id: 'significant-events' | 'trafficking' | 'investigations' | 'missing';
  table: string;
  title: string;
  singular: string;
  /** 'a' or 'an', for "Add a …". */
  article: string;
  auditNoun: string;
  fields: Field[];
  orderBy: string;
  rule?: (v: Record<string, string | null>) => FieldError | undefined;
};

const reliabilityField: Field = {
  name: 'reliability',
  column: 'reliability',
  kind: 'radios',
  label: 'How reliable is the source?',
  required: 'Select how reliable the source is',
  options: reliabilities,
};

export const historyTypes: Record<HistoryType['id'], HistoryType> = {
  'significant-events': {
    id: 'significant-events',
    table: 'child_events',
    title: 'Significant events',
    singular: 'significant event',
    article: 'a',
    auditNoun: 'event',
    orderBy: 'occurred_at DESC',
    fields: [
      {
        name: 'occurredAt',
        column: 'occurred_at',
        kind: 'datetime',
        label: 'When did it happen?',
        required: 'Enter the date of the event',
        timeRequired: true,
        notFuture: true,
      },
      { name: 'kind', column: 'kind', kind: 'radios', label: 'What happened?', required: 'Select what happened', options: eventKinds },
      {
        name: 'summary',
        column: 'summary',
        kind: 'textarea',
        label: 'Summary',
        hint: 'What happened, who was there. Information from a source, not verified fact.',
        required: 'Enter a summary of the event',
        max: 4000,
      },
      { name: 'locationRecordId', column: 'location_record_id', kind: 'location', label: 'Where (a recorded location, optional)' },
      {
        name: 'source',
        column: 'source',
        kind: 'text',
        label: 'Source of the information',
        hint: 'For example, police log, school, the child',
        required: 'Enter where the information came from',
        max: 500,
      },
      { name: 'sourceAgencyId', column: 'source_agency_id', kind: 'agency', label: 'Agency of the source (optional)' },
      reliabilityField,
    ],
  },
  trafficking: {
    id: 'trafficking',
    table: 'trafficking_concerns',
    title: 'Trafficking concerns and NRM',
    singular: 'trafficking concern',
    article: 'a',
    auditNoun: 'trafficking',
    orderBy: 'recorded_on DESC',
    fields: [
      {
        name: 'recordedOn',
        column: 'recorded_on',
        kind: 'date',
        label: 'Date the concern was recorded',
        required: 'Enter the date the concern was recorded',
        notFuture: true,
      },
      {
        name: 'concern',
        column: 'concern',
        kind: 'textarea',
        label: 'The concern',
        hint: 'For example, moved between towns to sell drugs',
        required: 'Describe the trafficking concern',
        max: 4000,
      },
      {
        name: 'nrmStatus',
        column: 'nrm_status',
        kind: 'radios',
        label: 'National Referral Mechanism (NRM) status',
        required: 'Select the NRM status',
        options: nrmStatuses,
      },
      { name: 'nrmReferredOn', column: 'nrm_referred_on', kind: 'date', label: 'Date of the NRM referral (if referred)', notFuture: true },
      { name: 'nrmDecisionOn', column: 'nrm_decision_on', kind: 'date', label: 'Date of the NRM decision (if decided)', notFuture: true },
    ],
    rule: (v) => nrmDatesError(v.nrmStatus ?? '', v.nrmReferredOn ?? undefined, v.nrmDecisionOn ?? undefined),
  },
  investigations: {
    id: 'investigations',
    table: 'investigations',
    title: 'Investigations',
    singular: 'investigation',
    article: 'an',
    auditNoun: 'investigation',
    orderBy: 'started_on DESC',
    fields: [
      {
        name: 'kind',
        column: 'kind',
        kind: 'radios',
        label: 'Kind of investigation',
        required: 'Select the kind of investigation',
        options: investigationKinds,
      },
      {
        name: 'startedOn',
        column: 'started_on',
        kind: 'date',
        label: 'Date it started',
        required: 'Enter the date the investigation started',
        notFuture: true,
      },
      { name: 'agencyId', column: 'agency_id', kind: 'agency', label: 'Agency leading it (optional)' },
      { name: 'reference', column: 'reference', kind: 'text', label: 'Reference (optional)', hint: 'The agency’s own reference, not a name', max: 100 },
      { name: 'outcome', column: 'outcome', kind: 'select', label: 'Outcome', options: { '': 'Not yet known', ...investigationOutcomes } },
      { name: 'outcomeOn', column: 'outcome_on', kind: 'date', label: 'Date of the outcome (optional)', notFuture: true },
      { name: 'disclosure', column: 'disclosure', kind: 'textarea', label: 'Disclosures (optional)', max: 4000 },
      { name: 'notes', column: 'notes', kind: 'textarea', label: 'Notes (optional)', max: 4000 },
    ],
    rule: (v) =>
      v.outcomeOn && v.startedOn && v.outcomeOn < v.startedOn
        ? { field: 'outcomeOn', message: 'Date of the outcome must be the same as or after the date it started' }
        : v.outcomeOn && !v.outcome
          ? { field: 'outcome', message: 'Select the outcome, or remove its date' }
          : undefined,
  },
  missing: {
    id: 'missing',
    table: 'missing_episodes',
    title: 'Missing episodes',
    singular: 'missing episode',
    article: 'a',
    auditNoun: 'missing',
    orderBy: 'went_missing_on, created_at',
    fields: [
      {
        name: 'wentMissing',
        column: 'started_at',
        dateColumn: 'went_missing_on',
        kind: 'datetime',
        label: 'When did the child go missing?',
        required: 'Enter the date the child went missing',
        notFuture: true,
      },
      { name: 'returned', column: 'ended_at', dateColumn: 'returned_on', kind: 'datetime', label: 'When did the child return? (optional)', notFuture: true },
      { name: 'foundLocationRecordId', column: 'found_location_record_id', kind: 'location', label: 'Where found (a recorded location, optional)' },
      { name: 'foundAtText', column: 'found_at_text', kind: 'text', label: 'Where found (optional)', hint: 'If not a recorded location', max: 500 },
      { name: 'withWhom', column: 'with_whom', kind: 'text', label: 'Who the child was with (optional)', max: 500 },
      {
        name: 'reportedBy',
        column: 'reported_by',
        kind: 'text',
        label: 'Reported missing by (optional)',
        hint: 'For example, carer, children’s home, school',
        max: 200,
      },
      { name: 'returnInterview', column: 'return_interview', kind: 'select', label: 'Return interview', options: { '': 'Not recorded', ...returnInterviews } },
      { name: 'returnInterviewOn', column: 'return_interview_on', kind: 'date', label: 'Date of the return interview (optional)', notFuture: true },
      { name: 'exploitationConcern', column: 'exploitation_concern', kind: 'checkbox', label: 'There is an exploitation concern about this episode' },
      { name: 'notes', column: 'notes', kind: 'textarea', label: 'Notes (optional)', max: 3000 },
    ],
    rule: (v) => {
      if (v.returned && v.wentMissing && v.returned < v.wentMissing)
        return { field: 'returned', message: 'The child’s return must be the same as or after the time they went missing' };
      if (v.returnInterviewOn && !v.returnInterview) return { field: 'returnInterview', message: 'Select the return interview status, or remove its date' };
      return undefined;
    },
  },
};

type Parts = { day: string; month: string; year: string };
/** A history form as typed (values, dates) and as read: its columns, or its errors. */
export type HistoryForm = {
  values: Record<string, string>;
  dates: Record<string, Parts>;
  errors: FieldError[];
  columns?: Record<string, unknown>;
};

const timeOf = (d: Date) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Europe/London' }).format(d);

/**
 * The rules of a history form (GOV.UK date inputs; times as HH:MM), field by field as its type lists them, then the type's own
 * rule: the form as typed, its errors with the Design System's messages, and the columns it fills. Read with readBody through
 * historyForm (schemas.ts).
 */
export function historyRules(
  t: HistoryType,
  body: Record<string, unknown>,
  p: PartnershipConfig,
  locationIds: Set<string>,
): HistoryForm & { typed: Record<string, string | null> } {
  const values: Record<string, string> = {};
  const dates: Record<string, Parts> = {};
  const errors: FieldError[] = [];
  const columns: Record<string, unknown> = {};
  const typed: Record<string, string | null> = {};
  const today = todayIso();
  for (const f of t.fields) {
    if (f.kind === 'date' || f.kind === 'datetime') {
      const d = readDateInput(body, f.name, f.kind === 'datetime' ? 'Date' : f.label.replace(/ \(.*\)$/, ''));
      dates[f.name] = d.parts;
      const time = str(body[`${f.name}-time`]).trim();
      values[`${f.name}-time`] = time;
      if (d.error) {
        errors.push({ field: f.name, message: d.error });
        continue;
      }
      if (!d.value) {
        if (f.required) errors.push({ field: f.name, message: f.required });
        else if (time) errors.push({ field: f.name, message: 'Enter the date as well as the time' });
        columns[f.column] = null;
        if (f.kind === 'datetime' && f.dateColumn) columns[f.dateColumn] = null;
        typed[f.name] = null;
        continue;
      }
      if (f.notFuture && d.value > today) {
        errors.push({ field: f.name, message: `${f.kind === 'datetime' ? 'The date' : f.label.replace(/ \(.*\)$/, '')} must be today or in the past` });
        continue;
      }
      if (f.kind === 'date') {
        columns[f.column] = d.value;
        typed[f.name] = d.value;
        continue;
      }
      if (time && !isLocalTime(time.padStart(5, '0'))) {
        errors.push({ field: `${f.name}-time`, message: 'Enter the time using the 24-hour clock, like 21:30' });
        continue;
      }
      if (!time && f.timeRequired) {
        errors.push({ field: `${f.name}-time`, message: 'Enter the time, like 21:30' });
        continue;
      }
      const instant = time ? localToInstant(d.value, time.padStart(5, '0')) : null;
      if (instant && instant.getTime() > Date.now()) {
        errors.push({ field: `${f.name}-time`, message: 'The time must be now or in the past' });
        continue;
      }
      columns[f.column] = instant ? instant.toISOString() : null;
      if (f.dateColumn) columns[f.dateColumn] = d.value;
      typed[f.name] = instant ? instant.toISOString() : d.value;
      continue;
    }
    const v = str(body[f.name]).trim();
    values[f.name] = v;
    switch (f.kind) {
      case 'text':
      case 'textarea':
        if (!v && f.required) errors.push({ field: f.name, message: f.required });
        else if (v.length > f.max) errors.push({ field: f.name, message: `Must be ${f.max} characters or fewer` });
        columns[f.column] = v || null;
        break;
      case 'radios':
      case 'select':
        if (v && !Object.hasOwn(f.options, v)) errors.push({ field: f.name, message: f.required ?? `Select ${f.label.toLowerCase()}` });
        else if (!v && f.required) errors.push({ field: f.name, message: f.required });
        columns[f.column] = v || null;
        break;
      case 'agency':
        if (v && !p.agencies.some((a) => a.id === v)) errors.push({ field: f.name, message: 'Select an agency of your partnership' });
        columns[f.column] = v || null;
        break;
      case 'location':
        if (v && !locationIds.has(v)) errors.push({ field: f.name, message: 'Select a location recorded in your partnership' });
        columns[f.column] = v || null;
        break;
      case 'checkbox':
        columns[f.column] = v === 'yes';
        break;
    }
    typed[f.name] = v || null;
  }
  if (!errors.length && t.rule) {
    const e = t.rule(typed);
    if (e) errors.push(e);
  }
  return { values, dates, errors, columns: errors.length ? undefined : columns, typed };
}

/** A saved row's values for its edit form. */
export function historyValues(t: HistoryType, row: Record<string, unknown>): { values: Record<string, string>; dates: Record<string, Parts> } {
  const values: Record<string, string> = {};
  const dates: Record<string, Parts> = {};
  const parts = (iso: string): Parts => {
    const [y, m, d] = iso.split('-');
    return { day: String(Number(d)), month: String(Number(m)), year: y! };
  };
  for (const f of t.fields) {
    const v = row[f.column];
    if (f.kind === 'date') dates[f.name] = typeof v === 'string' && isRealDate(v) ? parts(v) : { day: '', month: '', year: '' };
    else if (f.kind === 'datetime') {
      const instant = v ? new Date(v as string) : null;
      const date = instant ? localDateOf(instant) : f.dateColumn && typeof row[f.dateColumn] === 'string' ? (row[f.dateColumn] as string) : null;
      dates[f.name] = date ? parts(date) : { day: '', month: '', year: '' };
      values[`${f.name}-time`] = instant ? timeOf(instant) : '';
    } else if (f.kind === 'checkbox') values[f.name] = v ? 'yes' : '';
    else values[f.name] = v === null || v === undefined ? '' : String(v);
  }
  return { values, dates };
}

type HistoryResult =
  | { ok: true; id: string; episode?: number; prompt?: string | null }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'invalid'; form: HistoryForm }
  | { ok: false; reason: 'conflict'; form: HistoryForm; current: Record<string, unknown> };

/** A child's events, trafficking concerns, investigations and missing episodes: listed, added and changed, each audited. */
export function historyService(db: Db, calendar: HolidayCalendar) {
  const repo = historyRepository();
  const tableOf = (t: HistoryType): HistoryTable => ({
    table: t.table,
    locationColumn: t.fields.find((f) => f.kind === 'location')?.column,
    orderBy: t.orderBy,
  });

  return {
    /** Everything of the three kinds on the child's events page, the view audited against the child. */
    async forChild(actor: Actor, p: PartnershipConfig, childId: string, types: HistoryType[]) {
      return db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, childId, 'child.view');
        if (!child) return undefined;
        const out: Record<string, Record<string, unknown>[]> = {};
        for (const t of types) out[t.id] = await repo.rows(q, tableOf(t), actor.partnershipId, childId);
        await audit(q, actor, { action: 'child.view', subjectType: 'child', subjectId: childId, childId, details: { page: 'events' } });
        return { child, risk: await childHeader(q, p, childId, calendar), rows: out };
      });
    },

    /** The child and its identity bar (for a new form) and, for a change, the row; audited as a view of the child. */
    async get(actor: Actor, p: PartnershipConfig, t: HistoryType, childId: string, id?: string) {
      return db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, childId, 'child.view');
        if (!child) return undefined;
        let row: Record<string, unknown> | undefined;
        if (id) {
          row = await repo.find(q, tableOf(t), actor.partnershipId, childId, id);
          if (!row) return undefined;
        }
        await audit(q, actor, { action: 'child.view', subjectType: 'child', subjectId: childId, childId });
        return { child, risk: await childHeader(q, p, childId, calendar), row };
      });
    },

    async locationIds(partnershipId: string) {
      return new Set(await repo.locationIds(db, partnershipId));
    },

    async create(actor: Actor, t: HistoryType, childId: string, form: HistoryForm): Promise<HistoryResult> {
      return db.tx(async (q) => {
        if (!(await loadVisibleChild(q, actor, childId, `${t.auditNoun}.create`))) return { ok: false, reason: 'not-found' } as const;
        if (!form.columns) return { ok: false, reason: 'invalid', form } as const;
        const id = await repo.insert(q, tableOf(t), actor.partnershipId, childId, actor.userId, form.columns);
        await addTimelineEvent(q, {
          partnershipId: actor.partnershipId,
          childId,
          kind: 'record',
          summary: `${t.singular[0]!.toUpperCase()}${t.singular.slice(1)} recorded`,
          actorUserId: actor.userId,
        });
        await audit(q, actor, { action: `${t.auditNoun}.create`, subjectType: t.auditNoun, subjectId: id, childId });
        return { ok: true, id } as const;
      });
    },

    /** Saves a change naming the version read: a stale save is refused and kept in edit_conflicts. */
    async update(actor: Actor, t: HistoryType, childId: string, id: string, version: number, form: HistoryForm): Promise<HistoryResult> {
      return db.tx(async (q) => {
        if (!(await loadVisibleChild(q, actor, childId, `${t.auditNoun}.update`))) return { ok: false, reason: 'not-found' } as const;
        const current = await repo.find(q, tableOf(t), actor.partnershipId, childId, id);
        if (!current) return { ok: false, reason: 'not-found' } as const;
        if (!form.columns) return { ok: false, reason: 'invalid', form } as const;
        if (!(await repo.update(q, tableOf(t), actor.partnershipId, childId, id, version, form.columns))) {
          await repo.keepConflict(q, actor.partnershipId, t.table, id, actor.userId, version, {
            ...form.values,
            ...Object.fromEntries(Object.entries(form.dates).map(([k, v]) => [k, `${v.year}-${v.month}-${v.day}`])),
          });
          await audit(q, actor, {
            action: `${t.auditNoun}.update`,
            outcome: 'failed',
            subjectType: t.auditNoun,
            subjectId: id,
            childId,
            details: { reason: 'stale version', readVersion: version, currentVersion: current.version },
          });
          return { ok: false, reason: 'conflict', form, current } as const;
        }
        await audit(q, actor, {
          action: `${t.auditNoun}.update`,
          subjectType: t.auditNoun,
          subjectId: id,
          childId,
          details: { version: Number(current.version) + 1 },
        });
        return { ok: true, id } as const;
      });
    },
  };
}
