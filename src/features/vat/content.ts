import { z } from 'zod';
import { scoreVat, validateAdjustment, vatBandFor, VAT_MAX_ADJUSTMENT, type VatFactor, type VatScore } from '../../domain/vat/vat.ts';
import { str, isRealDate, readDateInput } from '../../platform/validation.ts';
import { todayIso } from '../../platform/dates.ts';
import type { FieldError } from '../../platform/problems.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { RISK_TYPES, isRiskType, type RiskType } from '../../domain/risk/levels.ts';

/** What a VAT assessment holds in `assessments.content` (DOMAIN §4). */
type VatEvidenceItem = { factor: string; date: string; note?: string };
export type VatContent = {
  evidence: VatEvidenceItem[];
  adjustment: number;
  rationale: string;
  /** The assessment date: evidence in the six months before it counts. Required to submit. */
  asOf?: string;
  harmfulSexualBehaviour?: boolean;
  placingAuthority?: string | null;
  /** DOMAIN §4 (002 §4.7): the type of exploitation discussed, recorded with the decision when the outcome asks it. */
  riskType?: RiskType;
};

export type VatConfig = NonNullable<PartnershipConfig['vatFactors']>;

/** The partnership's VAT configuration, when it uses the VAT. */
export function vatConfigOf(p: PartnershipConfig | undefined): VatConfig | undefined {
  return p && p.assessmentTools.includes('vat') && p.vatFactors ? p.vatFactors : undefined;
}

const NOTE_MAX = 1000;
const RATIONALE_MAX = 2000;
export const PLACING_AUTHORITY_MAX = 200;
const EVIDENCE_MAX = 500;

/** Reads whatever is stored (drafts made by the API may be partial) into a well-formed content. */
export function contentOf(raw: Record<string, unknown> | null | undefined): VatContent {
  const c = (raw ?? {}) as Partial<VatContent>;
  return {
    evidence: Array.isArray(c.evidence) ? c.evidence.filter((e) => e && typeof e.factor === 'string' && typeof e.date === 'string') : [],
    adjustment: Number.isInteger(c.adjustment) ? (c.adjustment as number) : 0,
    rationale: typeof c.rationale === 'string' ? c.rationale : '',
    asOf: typeof c.asOf === 'string' && c.asOf ? c.asOf : undefined,
    harmfulSexualBehaviour: typeof c.harmfulSexualBehaviour === 'boolean' ? c.harmfulSexualBehaviour : undefined,
    placingAuthority: typeof c.placingAuthority === 'string' && c.placingAuthority ? c.placingAuthority : null,
    ...(isRiskType(c.riskType) ? { riskType: c.riskType } : {}),
  };
}

/** Scores saved content with the configured factors; undefined while it cannot be scored (no assessment date yet). */
export function scoreContent(c: VatContent, factors: readonly VatFactor[]): VatScore | undefined {
  if (!c.asOf) return undefined;
  const r = scoreVat({
    factors,
    evidence: c.evidence.map((e) => ({ factor: e.factor, date: e.date })),
    asOf: c.asOf,
    adjustment: { value: c.adjustment, rationale: c.rationale },
  });
  return r.ok ? r : undefined;
}

/** The level the factors alone indicate (the scored level) beside the adjusted total's band (the judged level). */
export function scoredBandOf(s: Pick<VatScore, 'factorScore'>) {
  return vatBandFor(Math.max(0, s.factorScore));
}

// ---------------------------------------------------------------------------
// Rules shared by the form, the API and submission
// ---------------------------------------------------------------------------

const adjustmentMessage = validateAdjustment({ value: VAT_MAX_ADJUSTMENT + 1 })[0]!.message;

/**
 * The rules every save and submission applies (DOMAIN §4): dates real and not in the future,
 * evidence not after the assessment date, the adjustment a whole number within ±20 with a rationale
 * whenever it is not 0. `requireAsOf` on submission.
 */
export function checkContent(
  c: VatContent,
  factors: readonly VatFactor[],
  opts: {
    requireAsOf: boolean;
    today?: string;
    field?: (e: {
      kind: 'asOf' | 'adjustment' | 'rationale' | 'evidence-date' | 'evidence-factor' | 'evidence-note' | 'placingAuthority';
      index?: number;
      factor?: string;
    }) => string;
  },
): FieldError[] {
  const today = opts.today ?? todayIso();
  const field = opts.field ?? ((e) => (e.kind.startsWith('evidence') ? `evidence.${e.index}.${e.kind.slice('evidence-'.length)}` : e.kind));
  const name = (id: string) => factors.find((f) => f.id === id)?.name ?? id;
  const errors: FieldError[] = [];
  if (!c.asOf) {
    if (opts.requireAsOf) errors.push({ field: field({ kind: 'asOf' }), message: 'Enter the assessment date' });
  } else if (!isRealDate(c.asOf)) errors.push({ field: field({ kind: 'asOf' }), message: 'Assessment date must be a real date' });
  else if (c.asOf > today) errors.push({ field: field({ kind: 'asOf' }), message: 'Assessment date must be today or in the past' });
  c.evidence.forEach((e, index) => {
    const known = factors.some((f) => f.id === e.factor);
    if (!known)
      errors.push({
        field: field({ kind: 'evidence-factor', index, factor: e.factor }),
        message: `There is no factor “${e.factor}” in your partnership’s VAT`,
      });
    const label = `Date of evidence for “${name(e.factor)}”`;
    if (!isRealDate(e.date)) errors.push({ field: field({ kind: 'evidence-date', index, factor: e.factor }), message: `${label} must be a real date` });
    else if (e.date > today)
      errors.push({ field: field({ kind: 'evidence-date', index, factor: e.factor }), message: `${label} must be today or in the past` });
    else if (c.asOf && isRealDate(c.asOf) && e.date > c.asOf)
      errors.push({ field: field({ kind: 'evidence-date', index, factor: e.factor }), message: `${label} must be on or before the assessment date` });
    if (e.note && e.note.length > NOTE_MAX)
      errors.push({
        field: field({ kind: 'evidence-note', index, factor: e.factor }),
        message: `Note for “${name(e.factor)}” must be ${NOTE_MAX} characters or fewer`,
      });
  });
  if (!Number.isInteger(c.adjustment) || Math.abs(c.adjustment) > VAT_MAX_ADJUSTMENT)
    errors.push({ field: field({ kind: 'adjustment' }), message: adjustmentMessage });
  if (c.rationale.length > RATIONALE_MAX)
    errors.push({ field: field({ kind: 'rationale' }), message: `Rationale must be ${RATIONALE_MAX} characters or fewer` });
  else if (c.adjustment !== 0 && !c.rationale.trim())
    errors.push({ field: field({ kind: 'rationale' }), message: 'Record the rationale for the manual adjustment' });
  if (c.placingAuthority && c.placingAuthority.length > PLACING_AUTHORITY_MAX)
    errors.push({ field: field({ kind: 'placingAuthority' }), message: `Placing authority must be ${PLACING_AUTHORITY_MAX} characters or fewer` });
  return errors;
}

// ---------------------------------------------------------------------------
// The API's JSON
// ---------------------------------------------------------------------------

const isoDate = (label: string) =>
  z.string({ error: `${label} must be a date written YYYY-MM-DD` }).refine(isRealDate, `${label} must be a real date written YYYY-MM-DD`);

/** The shape of VAT content sent to the API, field by field (the rules that need the factors and today's date follow in checkContent). */
const vatContentFields = {
  asOf: isoDate('The assessment date').optional(),
  evidence: z
    .array(z.unknown(), { error: 'Evidence must be a list of {factor, date}' })
    .max(EVIDENCE_MAX, `No more than ${EVIDENCE_MAX} pieces of evidence`)
    .default([]),
  evidenceItem: z.object(
    {
      factor: z.string({ error: 'Name the factor (its id)' }).min(1, 'Name the factor (its id)'),
      date: isoDate('The date of the evidence'),
      note: z.string({ error: 'Note must be text' }).max(NOTE_MAX, `Note must be ${NOTE_MAX} characters or fewer`).optional(),
    },
    { error: 'Each piece of evidence must be an object {factor, date}' },
  ),
  adjustment: z.number({ error: adjustmentMessage }).default(0),
  rationale: z.string({ error: 'Rationale must be text' }).default(''),
  harmfulSexualBehaviour: z.boolean({ error: 'harmfulSexualBehaviour must be true or false' }).optional(),
  placingAuthority: z.string({ error: 'Placing authority must be text' }).trim().nullable().optional(),
  riskType: z.enum(RISK_TYPES, { error: `The type of exploitation must be one of ${RISK_TYPES.join(', ')}` }).optional(),
};

/**
 * Parses and checks API content, every field at once; errors are named by field (asOf,
 * evidence.0.date, adjustment, rationale, …) in that order.
 */
export function parseApiContent(body: unknown, factors: readonly VatFactor[], requireAsOf: boolean): { content?: VatContent; errors: FieldError[] } {
  const raw = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  const take = <T>(field: string, schema: z.ZodType<T>, value: unknown): T | undefined => {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    errors.push({ field, message: r.error.issues[0]!.message });
    return undefined;
  };
  const asOf = take('asOf', vatContentFields.asOf, raw.asOf);
  const list = take('evidence', vatContentFields.evidence, raw.evidence) ?? [];
  const evidence: VatEvidenceItem[] = [];
  const badItems = new Set<number>();
  list.forEach((item, i) => {
    const r = vatContentFields.evidenceItem.safeParse(item);
    if (r.success) evidence.push({ factor: r.data.factor, date: r.data.date, ...(r.data.note ? { note: r.data.note } : {}) });
    else {
      badItems.add(i);
      const issue = r.error.issues[0]!;
      errors.push({ field: ['evidence', i, ...issue.path.slice(0, 1)].map(String).join('.'), message: issue.message });
      evidence.push({ factor: '', date: '' });
    }
  });
  const adjustment = take('adjustment', vatContentFields.adjustment, raw.adjustment);
  const rationale = take('rationale', vatContentFields.rationale, raw.rationale);
  const hsb = take('harmfulSexualBehaviour', vatContentFields.harmfulSexualBehaviour, raw.harmfulSexualBehaviour);
  const placingAuthority = take('placingAuthority', vatContentFields.placingAuthority, raw.placingAuthority);
  const riskType = take('riskType', vatContentFields.riskType, raw.riskType);
  const content: VatContent = {
    evidence,
    adjustment: adjustment ?? 0,
    rationale: (rationale ?? '').trim(),
    asOf: errors.some((e) => e.field === 'asOf') ? undefined : asOf,
    ...(hsb !== undefined ? { harmfulSexualBehaviour: hsb } : {}),
    ...(placingAuthority !== undefined ? { placingAuthority: placingAuthority || null } : {}),
    ...(riskType ? { riskType } : {}),
  };
  // The rules that need the factors and today's date, on what could be read.
  const rules = checkContent(
    { ...content, evidence: evidence.map((e, i) => (badItems.has(i) ? { factor: factors[0]?.id ?? '', date: '2000-01-01' } : e)) },
    factors,
    {
      requireAsOf: requireAsOf && !errors.some((e) => e.field === 'asOf'),
    },
  ).filter((e) => !(e.field === 'adjustment' && adjustment === undefined) && !(e.field.startsWith('evidence.') && badItems.has(Number(e.field.split('.')[1]))));
  const all = [...errors, ...rules];
  const rank = (f: string) => (f === 'asOf' ? 0 : f.startsWith('evidence') ? 1 : f === 'adjustment' ? 2 : f === 'rationale' ? 3 : 4);
  const seen = new Set<string>();
  const out = all
    .map((e, i) => ({ e, i }))
    .sort(
      (a, b) =>
        rank(a.e.field) - rank(b.e.field) ||
        (a.e.field.startsWith('evidence.') && b.e.field.startsWith('evidence.') ? Number(a.e.field.split('.')[1]) - Number(b.e.field.split('.')[1]) : 0) ||
        a.i - b.i,
    )
    .map((x) => x.e)
    .filter((e) => !seen.has(e.field) && seen.add(e.field));
  return out.length ? { errors: out } : { content: { ...content, evidence }, errors: [] };
}

// ---------------------------------------------------------------------------
// The form
// ---------------------------------------------------------------------------

/** What the form shows: one row per configured factor, the adjustment and the assessment date. */
export type VatFormValues = {
  present: Record<string, boolean>;
  dates: Record<string, { day: string; month: string; year: string }>;
  notes: Record<string, string>;
  adjustment: string;
  rationale: string;
  asOf: { day: string; month: string; year: string };
};

const partsOf = (iso: string | undefined) => {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? { day: String(+m[3]!), month: String(+m[2]!), year: m[1]! } : { day: '', month: '', year: '' };
};

/** Saved content as form values: the most recent evidence per factor. */
export function formValuesOf(c: VatContent, factors: readonly VatFactor[]): VatFormValues {
  const v: VatFormValues = {
    present: {},
    dates: {},
    notes: {},
    adjustment: c.adjustment ? String(c.adjustment) : '',
    rationale: c.rationale,
    asOf: partsOf(c.asOf),
  };
  for (const f of factors) {
    const latest = c.evidence.filter((e) => e.factor === f.id).sort((a, b) => (a.date < b.date ? 1 : -1))[0];
    v.present[f.id] = !!latest;
    v.dates[f.id] = partsOf(latest?.date);
    v.notes[f.id] = latest?.note ?? '';
  }
  return v;
}

/** Form field ids, for the error summary's links. */
export const formAnchor = (field: string) => (field === 'asOf' || field.startsWith('date-') ? `${field}-day` : field);

/**
 * Reads the posted form. A factor's date and note count only when its box is ticked (the hidden
 * conditional fields still post what was typed). Errors are listed in the order of the form.
 */
export function readVatForm(
  body: Record<string, unknown>,
  factors: readonly VatFactor[],
  base: VatContent,
): { content: VatContent; values: VatFormValues; errors: FieldError[] } {
  const ticked = new Set(([] as unknown[]).concat(body.factors ?? []).map(str));
  const values: VatFormValues = {
    present: {},
    dates: {},
    notes: {},
    adjustment: str(body.adjustment).trim(),
    rationale: str(body.rationale),
    asOf: { day: '', month: '', year: '' },
  };
  const errors: FieldError[] = [];
  const asOf = readDateInput(body, 'asOf', 'Assessment date');
  values.asOf = asOf.parts;
  const asOfErrors: FieldError[] = asOf.error ? [{ field: 'asOf', message: asOf.error }] : [];
  const evidence: VatEvidenceItem[] = [];
  const evidenceErrors: FieldError[] = [];
  for (const f of factors) {
    const present = ticked.has(f.id);
    const date = readDateInput(body, `date-${f.id}`, `Date of evidence for “${f.name}”`);
    values.present[f.id] = present;
    values.dates[f.id] = date.parts;
    values.notes[f.id] = str(body[`note-${f.id}`]);
    if (!present) continue;
    const note = values.notes[f.id]!.trim();
    if (date.error) evidenceErrors.push({ field: `date-${f.id}`, message: date.error });
    else if (!date.value) evidenceErrors.push({ field: `date-${f.id}`, message: `Enter the date of the most recent evidence for “${f.name}”` });
    else evidence.push({ factor: f.id, date: date.value, ...(note ? { note } : {}) });
    if (note.length > NOTE_MAX) evidenceErrors.push({ field: `note-${f.id}`, message: `Note for “${f.name}” must be ${NOTE_MAX} characters or fewer` });
  }
  const adjustmentText = values.adjustment.replace(/^[−–]/, '-').replace(/^\+/, '');
  let adjustment = 0;
  const adjustmentErrors: FieldError[] = [];
  if (adjustmentText !== '') {
    if (/^-?\d{1,4}$/.test(adjustmentText)) adjustment = Number(adjustmentText);
    else adjustmentErrors.push({ field: 'adjustment', message: adjustmentMessage });
  }
  const content: VatContent = { ...base, evidence, adjustment, rationale: values.rationale.trim(), asOf: asOf.value };
  // The shared rules, on what could be read (an unreadable date is already explained above).
  const byFactor = (e: { kind: string; factor?: string }) =>
    e.kind === 'evidence-date' ? `date-${e.factor}` : e.kind === 'evidence-note' ? `note-${e.factor}` : e.kind;
  const shared = checkContent(content, factors, { requireAsOf: !asOf.error, field: byFactor }).filter(
    (e) => !(adjustmentErrors.length && e.field === 'adjustment'),
  );
  const all = [...asOfErrors, ...evidenceErrors, ...adjustmentErrors, ...shared];
  // One message per field, in the order of the form.
  const order = ['asOf', ...factors.flatMap((f) => [`date-${f.id}`, `note-${f.id}`]), 'adjustment', 'rationale'];
  const seen = new Set<string>();
  for (const e of all.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field))) {
    if (seen.has(e.field)) continue;
    seen.add(e.field);
    errors.push(e);
  }
  return { content, values, errors };
}

/** Factors grouped by category, in configuration order, for the form and the check page. */
export function groupFactors(factors: readonly VatFactor[]) {
  const groups: { category: string; slug: string; factors: VatFactor[] }[] = [];
  for (const f of factors) {
    let g = groups.find((x) => x.category === f.category);
    if (!g) groups.push((g = { category: f.category, slug: f.category.toLowerCase().replace(/[^a-z0-9]+/g, '-'), factors: [] }));
    g.factors.push(f);
  }
  return groups;
}

/**
 * The re-scoring note (DOMAIN §4: only the six months before the assessment date count): compared
 * with the previous VAT, the evidence that counted then and has now aged out.
 */
export function rescoreNote(
  current: VatScore,
  previous: { completed_on: string | null; scored_result: Record<string, unknown> | null; content: Record<string, unknown> },
  factors: readonly VatFactor[],
) {
  const stored = previous.scored_result as { factorScore?: number; total?: number; band?: string; counted?: { factor: string }[] } | null;
  const recomputed = stored?.counted ? undefined : scoreContent(contentOf(previous.content), factors);
  const countedThen = new Set(stored?.counted ? stored.counted.map((c) => c.factor) : (recomputed?.counted.map((c) => c.factor.id) ?? []));
  const countedNow = new Set(current.counted.map((c) => c.factor.id));
  const name = (id: string) => factors.find((f) => f.id === id)?.name ?? id;
  const agedOut = current.excluded
    .filter((e) => e.reason === 'before-window' && countedThen.has(e.evidence.factor) && !countedNow.has(e.evidence.factor))
    .map((e) => ({ factor: e.evidence.factor, name: name(e.evidence.factor), date: e.evidence.date }));
  return {
    on: previous.completed_on,
    factorScore: stored?.factorScore ?? recomputed?.factorScore,
    total: stored?.total ?? recomputed?.total,
    band: stored?.band ?? recomputed?.band,
    agedOut,
  };
}
