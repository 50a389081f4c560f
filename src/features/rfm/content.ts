import { z } from 'zod';
import { CONSENT_QUESTIONS } from '../../domain/rfm/indicators.ts';
import { INDICATOR_NUMBERS, RFM_BANDS } from '../../domain/rfm/types.ts';
import { isRealDate, readDateInput, documentErrors, type DocumentRead } from '../../platform/validation.ts';
import type { FieldError } from '../../platform/problems.ts';
import { todayIso } from '../../platform/dates.ts';

/** The parts of the RFM task list (JOURNEYS.md: long forms), in order. */
export const PARTS = [
  { id: 'consent', title: 'Consent and information sharing' },
  { id: 'section-a', title: 'Section A: current risk and the child’s views' },
  { id: 'section-b', title: 'Section B: the child' },
  { id: 'section-c', title: 'Section C: professional completing' },
  { id: 'section-d', title: 'Section D: current concern' },
  { id: 'indicators-a', title: 'Indicators 1 to 7 (total A)' },
  { id: 'indicators-b', title: 'Indicators 8 to 14 (total B)' },
  { id: 'judgement', title: 'Professional judgement' },
] as const;
export type PartId = (typeof PARTS)[number]['id'];
export const isPart = (p: string): p is PartId => PARTS.some((x) => x.id === p);

const text = (max: number, label: string) => z.string().trim().max(max, `${label} must be ${max} characters or fewer`);
const required = (max: number, message: string, label: string) => text(max, label).min(1, message);
const pastDate = (label: string) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .min(1, `Enter the ${label.toLowerCase()}`)
    .refine(isRealDate, `${label} must be a real date`)
    .refine((v) => v <= todayIso(), `${label} must be today or in the past`);

const consentValues = (id: string) => CONSENT_QUESTIONS.find((q) => q.id === id)!.options.map((o) => o.value) as [string, ...string[]];

const consent = z
  .object({
    childConsent: z.enum(consentValues('childConsent'), { error: 'Select whether the child has given consent' }),
    childConsentComments: text(2000, 'Comments').optional(),
    supportReferral: z.enum(['no', 'yes'], { error: 'Select whether a referral to Catch22, YOS Prevention or other support services has been made' }),
    supportReferralDetails: text(500, 'Date of referral and name of service').optional(),
    parentsAware: z.enum(consentValues('parentsAware'), { error: 'Select whether the child’s parents or carers have been made aware' }),
    parentsAwareComments: text(2000, 'Comments').optional(),
  })
  .refine((c) => c.childConsent !== 'yes-other-professional' || !!c.childConsentComments, {
    path: ['childConsentComments'],
    message: 'Give details of the professional who made the child aware',
  })
  .refine((c) => c.supportReferral !== 'yes' || !!c.supportReferralDetails, {
    path: ['supportReferralDetails'],
    message: 'Enter the date of referral and the name of the service',
  })
  .refine((c) => c.parentsAware !== 'yes-other-professional' || !!c.parentsAwareComments, {
    path: ['parentsAwareComments'],
    message: 'Give details of the professional who made the parents or carers aware',
  });

const sectionA = z.object({
  completedOn: pastDate('Date of completion'),
  riskType: z.enum(['CSE', 'CCE', 'Dual'], { error: 'Select the type of risk' }),
  childViews: required(5000, 'Enter the child’s views, or say why they could not be sought', 'The child’s views'),
  childBelievesAtRisk: z.enum(['yes', 'no', 'not-known'], { error: 'Select whether the child believes they are at risk' }),
});

const sectionB = z.object({
  primaryRisk: z.enum(['CSE', 'CCE', 'Other'], { error: 'Select the primary risk' }),
  confirmed: z.literal('yes', { error: 'Confirm the child’s details are correct, or change them first' }),
});

const sectionC = z.object({
  name: required(200, 'Enter your name', 'Name'),
  telephone: required(50, 'Enter your telephone number', 'Telephone'),
  roleAgency: required(200, 'Enter your role and agency', 'Role and agency'),
  email: required(254, 'Enter your email address', 'Email').email('Enter an email address in the correct format, like name@example.org'),
  dateInitialCompleted: pastDate('Date initial form completed'),
  partnersConsulted: z.enum(['yes', 'no'], { error: 'Select whether partner agencies were consulted' }),
  agenciesInvolved: text(3000, 'Agencies involved').optional(),
  openToChildrensServices: z.enum(['yes', 'no'], { error: 'Select whether the child is open to children’s services' }),
  allocatedSocialWorker: z.enum(['yes', 'no'], { error: 'Select whether the child has an allocated social worker' }),
});

const sectionD = z.object({
  strengths: required(5000, 'Enter the strengths and protective factors', 'Strengths and protective factors'),
  worries: required(5000, 'Enter what you are worried about', 'What you are worried about'),
});

const indicator = (n: number) =>
  z.object({
    score: z.enum(['0', '1', '2', '3', '4'], { error: `Select a score for indicator ${n}` }),
    evidence: text(5000, `Evidence for indicator ${n}`).optional(),
    observed: z.enum(['suspected', 'observed', '']).optional(),
    recency: z.enum(['recent', 'non-recent', '']).optional(),
  });

// A missing indicator is validated as an empty one, so that its error names the score.
const indicatorsSchema = (numbers: readonly number[]) =>
  z.object(Object.fromEntries(numbers.map((n) => [String(n), z.preprocess((v) => v ?? {}, indicator(n))])));

const judgement = z
  .object({
    decision: z.enum(['agree', 'override'], { error: 'Select whether you agree with the level the scores indicate' }),
    band: z
      .enum(RFM_BANDS as [string, ...string[]])
      .optional()
      .or(z.literal('')),
    reason: text(3000, 'Reason').optional(),
  })
  .refine((j) => j.decision !== 'override' || !!j.band, { path: ['band'], message: 'Select the level you judge the risk to be' })
  .refine((j) => j.decision !== 'override' || !!j.reason, { path: ['reason'], message: 'Give the reason for overriding the level indicated by the scores' });

export const partSchemas = {
  consent,
  'section-a': sectionA,
  'section-b': sectionB,
  'section-c': sectionC,
  'section-d': sectionD,
  'indicators-a': indicatorsSchema(INDICATOR_NUMBERS.slice(0, 7)),
  'indicators-b': indicatorsSchema(INDICATOR_NUMBERS.slice(7)),
  judgement,
} satisfies Record<PartId, z.ZodType>;

/** Where each part is kept in the assessment's content. */
export function partContent(content: Record<string, unknown>, part: PartId): Record<string, unknown> {
  if (part === 'indicators-a' || part === 'indicators-b') {
    const all = (content.indicators ?? {}) as Record<string, unknown>;
    const numbers = part === 'indicators-a' ? INDICATOR_NUMBERS.slice(0, 7) : INDICATOR_NUMBERS.slice(7);
    return Object.fromEntries(numbers.filter((n) => all[n] !== undefined).map((n) => [String(n), all[n]]));
  }
  return (content[part] ?? {}) as Record<string, unknown>;
}

export function withPart(content: Record<string, unknown>, part: PartId, value: Record<string, unknown>): Record<string, unknown> {
  if (part === 'indicators-a' || part === 'indicators-b') {
    return { ...content, indicators: { ...((content.indicators ?? {}) as Record<string, unknown>), ...value } };
  }
  return { ...content, [part]: value };
}

type PartStatus = 'not-started' | 'in-progress' | 'completed';

export function partStatus(content: Record<string, unknown>, part: PartId): PartStatus {
  const value = partContent(content, part);
  if (!Object.keys(value).length) return 'not-started';
  return partSchemas[part].safeParse(value).success ? 'completed' : 'in-progress';
}

export function allComplete(content: Record<string, unknown>): boolean {
  return PARTS.every((p) => partStatus(content, p.id) === 'completed');
}

/** The fields of a part other than the indicators (zod 4 keeps an object's shape through .refine()). */
const partFields = (part: Exclude<PartId, 'indicators-a' | 'indicators-b'>) =>
  Object.keys((partSchemas[part] as unknown as { shape: Record<string, unknown> }).shape);

/** Reads a part's fields from a posted form, keeping only known string fields (a draft keeps anything typed). */
export function readPart(part: PartId, body: Record<string, unknown>, dates: Record<string, string | undefined>): Record<string, unknown> {
  const s = (v: unknown) => (typeof v === 'string' ? v.slice(0, 10000) : undefined);
  if (part === 'indicators-a' || part === 'indicators-b') {
    const numbers = part === 'indicators-a' ? INDICATOR_NUMBERS.slice(0, 7) : INDICATOR_NUMBERS.slice(7);
    const out: Record<string, unknown> = {};
    for (const n of numbers) {
      const entry = { score: s(body[`score-${n}`]), evidence: s(body[`evidence-${n}`]), observed: s(body[`observed-${n}`]), recency: s(body[`recency-${n}`]) };
      if (Object.values(entry).some((v) => v !== undefined && v !== ''))
        out[String(n)] = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const k of partFields(part)) {
    if (k in dates) {
      if (dates[k] !== undefined) out[k] = dates[k];
    } else if (s(body[k]) !== undefined && s(body[k]) !== '') out[k] = s(body[k]);
  }
  return out;
}

/**
 * A part's form read into its content, to save as a draft before it is checked (so nothing typed is lost): each date
 * input read by readDateInput (its own error, to list first, and its parts, to show back), the rest by readPart.
 * partSchemas[part] then checks the content, as it does for the task list's statuses.
 */
export function readPartForm(part: PartId, body: Record<string, unknown>) {
  const dateErrors: FieldError[] = [];
  const dates: Record<string, string | undefined> = {};
  const dateParts: Record<string, unknown> = {};
  for (const d of DATE_FIELDS[part] ?? []) {
    const r = readDateInput(body, d.field, d.label);
    dates[d.field] = r.value;
    dateParts[`${d.field}Parts`] = r.parts;
    if (r.error) dateErrors.push({ field: d.field, message: r.error });
  }
  return { values: readPart(part, body, dates), dateParts, dateErrors };
}

export const DATE_FIELDS: Partial<Record<PartId, { field: string; label: string }[]>> = {
  'section-a': [{ field: 'completedOn', label: 'Date of completion' }],
  'section-c': [{ field: 'dateInitialCompleted', label: 'Date initial form completed' }],
};

// ---- A draft through the API (PUT /api/v1/assessments/{id}) -------------------------------------------------------

const draftText = z.string({ error: 'must be text' }).max(10000, 'must be 10,000 characters or fewer');
const draftPart = (part: Exclude<PartId, 'indicators-a' | 'indicators-b'>) =>
  z.strictObject(Object.fromEntries(partFields(part).map((k) => [k, draftText.optional()])), { error: 'must be an object of the part’s fields' });
const draftIndicator = z.strictObject(
  { score: draftText.optional(), evidence: draftText.optional(), observed: draftText.optional(), recency: draftText.optional() },
  { error: 'must be an object with score, evidence, observed and recency' },
);
/** What the task list's forms can save (readPart): the parts' own fields as text, the indicators by number. */
const rfmDraftSchema = z.strictObject(
  {
    consent: draftPart('consent').optional(),
    'section-a': draftPart('section-a').optional(),
    'section-b': draftPart('section-b').optional(),
    'section-c': draftPart('section-c').optional(),
    'section-d': draftPart('section-d').optional(),
    judgement: draftPart('judgement').optional(),
    indicators: z
      .strictObject(Object.fromEntries(INDICATOR_NUMBERS.map((n) => [String(n), draftIndicator.optional()])), {
        error: 'must be an object of indicators 1 to 14',
      })
      .optional(),
    // Set at submission and carried into an amendment: accepted back from a read, never kept (submission sets it again).
    childSnapshot: z.unknown().optional(),
  },
  { error: 'must be an object' },
);

/**
 * An RFM draft sent through the API: incomplete is fine (the task list shows what is left; submitting checks it
 * all), malformed is not: unknown parts or fields, or anything but text in a field, are refused naming each.
 */
export function readRfmApiDraft(content: unknown): DocumentRead<Record<string, unknown>> {
  const parsed = rfmDraftSchema.safeParse(content);
  if (!parsed.success) {
    return { content: undefined, errors: documentErrors(parsed.error, 'content', 'part or field of the RFM') };
  }
  const { childSnapshot: _dropped, ...kept } = parsed.data;
  return { content: kept as Record<string, unknown> };
}
