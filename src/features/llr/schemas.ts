import { z } from 'zod';
import { str, objectOf, readDateInput, dateInput, always, isRealDate, documentErrors, type DocumentRead } from '../../platform/validation.ts';
import { todayIso } from '../../platform/dates.ts';
import { THRIVE_ELEMENTS, THRIVE_GRADES, validateThriveGrading, type ThriveGrade, type NpaReferralDecision } from '../../domain/thrive/thrive.ts';

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));

// ---------------------------------------------------------------------------
// Child concern (DOMAIN §5 intake)
// ---------------------------------------------------------------------------

/** How a child concern reaches the Child Referral Team (source 004 §3 "Child Concern"). */
export const concernSources = [
  { value: 'ppn', text: 'Police crime or safeguarding report, including a Public Protection Notice (PPN)' },
  { value: 'intelligence', text: 'Intelligence, after assessment by the Force Intelligence Bureau' },
  { value: 'screening-tool', text: 'Child Exploitation Screening Tool from a partner agency' },
  { value: 'partner-referral', text: 'Referral from a partner agency' },
] as const;
export const concernSourceNames: Record<string, string> = {
  ppn: 'Police report or PPN',
  intelligence: 'Intelligence',
  'screening-tool': 'Child Exploitation Screening Tool',
  'partner-referral': 'Partner agency referral',
};

const concernSchema = z
  .object({
    source: z.enum(['ppn', 'intelligence', 'screening-tool', 'partner-referral'], { error: 'Select where the concern came from' }),
    riskChanged: z
      .string()
      .optional()
      .transform((v) => (v === 'yes' ? true : v === 'no' ? false : undefined)),
    indicatorsPresent: z.enum(['yes', 'no'], { error: 'Select whether exploitation indicators are present' }).transform((v) => v === 'yes'),
    summary: z.string().trim().min(1, 'Enter a summary of the concern').max(5000, 'Summary must be 5000 characters or fewer'),
  })
  .superRefine((c, ctx) => {
    if (c.source !== 'screening-tool') return;
    if (c.riskChanged === undefined) ctx.addIssue({ code: 'custom', path: ['riskChanged'], message: 'Select whether the child’s risk assessment has changed' });
    else if (!c.riskChanged) {
      ctx.addIssue({
        code: 'custom',
        path: ['riskChanged'],
        message:
          'A screening tool is taken as a child concern only when there is a change in the risk assessment: the risk has not changed, so do not record it as a new concern',
      });
    }
  })
  .transform((c) => ({ ...c, riskChanged: c.source === 'screening-tool' ? (c.riskChanged ?? null) : null }));
export type ConcernInput = z.infer<typeof concernSchema>;

/** The concern form's fields in their order on the page: readBody lists errors in it (`order`). */
export const concernOrder = ['source', 'riskChanged', 'indicatorsPresent', 'summary'];
/** The concern form as typed, to show back. */
export const concernValues = (b: Record<string, unknown>) => ({
  source: str(b.source),
  riskChanged: str(b.riskChanged),
  indicatorsPresent: str(b.indicatorsPresent),
  summary: str(b.summary),
});

/** A child concern from its form, read with readBody (`order: concernOrder`). */
export const concernForm = z.preprocess((b) => concernValues(objectOf(b)), concernSchema);

// ---------------------------------------------------------------------------
// THRIVE record (DOMAIN §5 DRMM)
// ---------------------------------------------------------------------------

export type ThriveContent = {
  drmmDate?: string;
  threat?: string;
  harm?: string;
  risk?: string;
  investigation?: string;
  vulnerability?: string;
  engagement?: string;
  grade?: ThriveGrade;
  investigationReference?: string;
  multiAgencyTeam?: string;
  allocatedProfessional?: string;
  significantNewRisk?: boolean;
  npaManagedAs?: string;
  crimeReference?: string;
  /** Set at submission: the NPA referral rule that applied. */
  npaDecision?: NpaReferralDecision;
};

const elementText = (label: string) => optionalText(5000, label);

const thriveSchema = z.object({
  threat: elementText('Threat'),
  harm: elementText('Harm'),
  risk: elementText('Risk'),
  investigation: elementText('Investigation'),
  vulnerability: elementText('Vulnerabilities'),
  engagement: elementText('Engagement'),
  grade: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || (THRIVE_GRADES as readonly string[]).includes(v), 'Select a risk grading: high, medium or low')
    .transform((v) => v as ThriveGrade | undefined),
  investigationReference: optionalText(100, 'Investigation reference'),
  multiAgencyTeam: optionalText(200, 'Multi-agency team'),
  allocatedProfessional: optionalText(200, 'Allocated professional'),
  significantNewRisk: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
  npaManagedAs: optionalText(100, 'How the NPA manages the child'),
  crimeReference: optionalText(100, 'Crime reference'),
});

/** The THRIVE form's fields in their order on the page: readBody lists errors in it. */
export const thriveFieldOrder = [
  'drmmDate',
  ...THRIVE_ELEMENTS.map((e) => e.key),
  'grade',
  'investigationReference',
  'multiAgencyTeam',
  'allocatedProfessional',
  'significantNewRisk',
  'npaManagedAs',
  'crimeReference',
  'version',
];
export const thriveAnchors = { drmmDate: 'drmmDate-day' };

/**
 * The THRIVE form, read with readBody (`order: thriveFieldOrder`). A draft may be incomplete; `forSubmit` adds what a grading
 * needs: the DRMM date, a grade, and for high risk an investigation reference (or team) and an allocated professional.
 */
export const thriveForm = (forSubmit: boolean) =>
  z.preprocess(
    (b) => {
      const o = objectOf(b);
      return { ...thriveText(o), drmmDate: readDateInput(o, 'drmmDate', 'Date of the DRMM') };
    },
    thriveSchema
      .extend({
        drmmDate: dateInput.pipe(
          z
            .string()
            .refine((v) => !v || v <= todayIso(), 'Date of the DRMM must be today or in the past')
            .refine((v) => v || !forSubmit, 'Enter the date of the DRMM')
            .transform((v) => v || undefined),
        ),
      })
      .superRefine((c, ctx) => {
        // The grading is checked once the record's fields read (a wrong date alone does not stop it).
        if (!forSubmit || ctx.issues.some((i) => i.path?.[0] !== 'drmmDate')) return;
        if (!c.grade) ctx.addIssue({ code: 'custom', path: ['grade'], message: 'Select a risk grading: high, medium or low' });
        else
          for (const e of validateThriveGrading({
            grade: c.grade,
            investigationReference: c.investigationReference,
            managingTeam: c.multiAgencyTeam,
            allocatedProfessional: c.allocatedProfessional,
          }))
            ctx.addIssue({ code: 'custom', path: [e.field], message: e.message });
      }, always)
      .transform((c): ThriveContent => c),
  );
const thriveText = (b: Record<string, unknown>) => Object.fromEntries(Object.keys(thriveSchema.shape).map((k) => [k, str(b[k])])) as Record<string, string>;
/** The THRIVE form as typed, to show back. */
export function thriveFormValues(b: Record<string, unknown>) {
  const raw = thriveText(b);
  return { ...raw, significantNewRisk: raw.significantNewRisk === 'yes', drmm: readDateInput(b, 'drmmDate', 'Date of the DRMM').parts };
}

// ---------------------------------------------------------------------------
// NPA outcome
// ---------------------------------------------------------------------------

const outcomeSchema = z
  .object({
    outcome: z.enum(['work-done', 'work-not-done'], { error: 'Select whether the NPA did the work' }),
    workDone: optionalText(5000, 'Work done'),
    rationale: optionalText(5000, 'Rationale'),
  })
  .superRefine((o, ctx) => {
    if (o.outcome === 'work-not-done' && !o.rationale) {
      ctx.addIssue({ code: 'custom', path: ['rationale'], message: 'Enter the rationale: why the work was not considered proportionate or necessary' });
    }
  });

/** The NPA outcome form as typed, to show back. */
export const outcomeValues = (b: Record<string, unknown>) => ({ outcome: str(b.outcome), workDone: str(b.workDone), rationale: str(b.rationale) });
/** The NPA's outcome from its form, read with readBody. */
export const outcomeForm = z.preprocess((b) => outcomeValues(objectOf(b)), outcomeSchema);

// ---------------------------------------------------------------------------
// A THRIVE draft through the API (PUT /api/v1/assessments/{id})
// ---------------------------------------------------------------------------

const apiText = (max: number) => z.string({ error: 'must be text' }).max(max, `must be ${max} characters or fewer`).optional();
/** What the THRIVE form saves, as JSON: incomplete is fine, malformed is refused (submitting checks the grading). */
const thriveApiDraftSchema = z.strictObject(
  {
    drmmDate: z
      .string({ error: 'must be a date like 2026-11-24' })
      .refine(isRealDate, 'must be a real date like 2026-11-24')
      .refine((v) => v <= todayIso(), 'must be today or in the past')
      .optional(),
    ...Object.fromEntries(THRIVE_ELEMENTS.map((e) => [e.key, apiText(5000)])),
    grade: z.enum(THRIVE_GRADES as unknown as [string, ...string[]], { error: `must be one of ${THRIVE_GRADES.join(', ')}` }).optional(),
    investigationReference: apiText(100),
    multiAgencyTeam: apiText(200),
    allocatedProfessional: apiText(200),
    significantNewRisk: z.boolean({ error: 'must be true or false' }).optional(),
    npaManagedAs: apiText(100),
    crimeReference: apiText(100),
    // Set at submission and carried into an amendment: accepted back from a read, never kept.
    npaDecision: z.unknown().optional(),
  },
  { error: 'must be an object' },
);

export function readThriveApiDraft(content: unknown): DocumentRead<ThriveContent> {
  const parsed = thriveApiDraftSchema.safeParse(content);
  if (!parsed.success) {
    return { content: undefined, errors: documentErrors(parsed.error, 'content', 'field of the THRIVE record') };
  }
  const { npaDecision: _dropped, ...kept } = parsed.data;
  return { content: kept as ThriveContent };
}
