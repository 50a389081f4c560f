import { z } from 'zod';
import type { PartnershipConfig } from '../../partnerships/index.ts';

const TEXT_MAX = 5000;
const text = (empty: string, label: string) => z.string().trim().min(1, empty).max(TEXT_MAX, `${label} must be ${TEXT_MAX} characters or fewer`);
const optional = (label: string, max = 500) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .transform((s) => s || null);

export function referralSchema(p: PartnershipConfig) {
  return z.object({
    leadName: text('Enter the lead professional’s name', 'Name').pipe(z.string().max(200, 'Name must be 200 characters or fewer')),
    leadAgencyId: z.string().refine((a) => p.agencies.some((x) => x.id === a), 'Select the lead professional’s agency'),
    leadContact: optional('Contact details'),
    overrideReason: optional('The reason', TEXT_MAX),
    triage: z
      .string()
      .regex(/^[0-9a-f-]{36}$/i)
      .or(z.literal(''))
      .transform((s) => s || null),
  });
}
export type ReferralInput = z.infer<ReturnType<typeof referralSchema>>;

export const answerSchema = z
  .object({
    kind: z.enum(['shared', 'nothing-known'], { message: 'Select whether information is shared or nothing is known' }),
    text: z.string().trim().max(TEXT_MAX, `The information must be ${TEXT_MAX} characters or fewer`),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'shared' && !v.text) ctx.addIssue({ code: 'custom', path: ['text'], message: 'Enter the information your agency holds' });
  })
  .transform((v) => ({ kind: v.kind, text: v.kind === 'shared' ? v.text : null }));
export type AnswerInput = z.infer<typeof answerSchema>;

export const fileCheckSchema = z.object({ note: text('Enter the file-check note', 'The note') });

const removalReasons = ['risk-reduced', 'moved-away', 'low-risk'] as const;
const yesNo = (v: string) => (v === 'yes' ? true : v === 'no' ? false : undefined);

/** Panel thresholding: the agenda category and its rationale; category 4 (removal) says why, and a move away where to and what next. */
export const thresholdSchema = z
  .object({
    category: z.enum(['1', '2', '3', '4'], { message: 'Select the agenda category' }).transform(Number),
    rationale: text('Enter the rationale for the decision', 'The rationale'),
    removalReason: z.string(),
    hostAuthority: z.string().trim().max(200, 'The host authority must be 200 characters or fewer'),
    concernsContinue: z.string(),
    requestInclusion: z.string(),
  })
  .transform((v, ctx) => {
    const out = {
      category: v.category as 1 | 2 | 3 | 4,
      rationale: v.rationale,
      removalReason: null as null | (typeof removalReasons)[number],
      hostAuthority: null as string | null,
      concernsContinue: null as boolean | null,
      requestInclusion: null as boolean | null,
    };
    if (v.category !== 4) return out;
    const reason = removalReasons.find((r) => r === v.removalReason);
    if (!reason) {
      ctx.addIssue({ code: 'custom', path: ['removalReason'], message: 'Select why the child is removed from MACE' });
      return z.NEVER;
    }
    out.removalReason = reason;
    if (reason !== 'moved-away') return out;
    const concernsContinue = yesNo(v.concernsContinue);
    const requestInclusion = yesNo(v.requestInclusion);
    if (!v.hostAuthority) ctx.addIssue({ code: 'custom', path: ['hostAuthority'], message: 'Enter the host authority the child has moved to' });
    if (concernsContinue === undefined) ctx.addIssue({ code: 'custom', path: ['concernsContinue'], message: 'Select whether concerns continue' });
    if (requestInclusion === undefined)
      ctx.addIssue({ code: 'custom', path: ['requestInclusion'], message: 'Select whether to ask the host authority to include the child in its MACE' });
    if (!v.hostAuthority || concernsContinue === undefined || requestInclusion === undefined) return z.NEVER;
    return { ...out, hostAuthority: v.hostAuthority, concernsContinue, requestInclusion };
  });
export type ThresholdInput = z.infer<typeof thresholdSchema>;
