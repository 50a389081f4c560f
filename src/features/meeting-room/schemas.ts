import { z } from 'zod';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { str, readDateInput, isRealDate, formText, formFields, always } from '../../platform/validation.ts';
import { chooseReviewDate, validateAdjustment } from '../../domain/meeting/review.ts';
import { RISK_LEVELS_HIGHEST_FIRST as levels, instrumentNames, type Instrument, type RiskLevel } from '../../domain/risk/levels.ts';
import type { AttendeeInput, DecisionInput } from './service-context.ts';

// The meeting room's forms and API bodies. A route reads what was typed (the forms below never fail); the service
// reads it with readBody against the schemas below after the meeting's gates (not found, not accepted, not open or
// closed answer first), since some rules need the meeting (its members, the item's children, the decision's basis).

/** The chair's edit of draft minutes (line endings as \n), read with readBody by the service after the meeting's gates and the minutes are found. */
export const minutesEdit = z.object({
  body: z
    .string()
    .transform((s) => s.replace(/\r\n/g, '\n'))
    .refine((t) => t.trim() !== '', 'Enter the minutes')
    .refine((t) => t.length <= 200_000, 'The minutes must be 200,000 characters or fewer'),
});

/** The accept form's tick, before anything is read. */
export const agreeForm = formFields({ agree: formText.refine((v) => v === 'yes', 'Confirm that you accept the confidentiality agreement') });

/** The add-attendee form as typed; the service checks it with attendeeSchema. */
export const attendeeForm = formFields({ who: formText, role: formText, name: formText, agencyId: formText, email: formText, deputyFor: formText });

const attendanceRoles = ['chair', 'member', 'deputy', 'guest', 'minute-taker'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * An attendee: their role, and for someone without an account (who = 'other') their name, agency and email. The service then
 * finds a member, named deputy or user (who = 'member:id', 'deputy:id' or 'user:id') and the member a deputy stands in for.
 */
export const attendeeSchema = (p: PartnershipConfig) =>
  z
    .object({
      who: z.string(),
      role: z.string().refine((r) => attendanceRoles.includes(r), 'Choose the person’s role in the meeting'),
      name: z.string(),
      agencyId: z.string(),
      email: z.string(),
      deputyFor: z.string(),
    })
    .superRefine((a: AttendeeInput, ctx) => {
      if (a.who !== 'other') return;
      const issue = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
      const name = a.name.trim();
      const email = a.email.trim();
      if (!name) issue('name', 'Enter the person’s name');
      else if (name.length > 200) issue('name', 'Name must be 200 characters or fewer');
      if (!a.agencyId) issue('agencyId', 'Choose the person’s agency');
      else if (!p.agencies.some((ag) => ag.id === a.agencyId)) issue('agencyId', 'The agency must be an agency of the partnership');
      if (email && (!EMAIL.test(email) || email.length > 320)) issue('email', 'Enter an email address in the correct format, like name@example.org');
    }, always)
    .transform((a) => ({
      ...a,
      other: a.who === 'other' ? { userId: null, name: a.name.trim(), agencyId: a.agencyId as string | null, email: a.email.trim() || null } : undefined,
    }));

/** How a guest without an account accepted the agreement; the error is shown beside that guest (method-<attendance id>). */
export const agreementMethodSchema = (attendanceId: string, name: string) =>
  z.object({ [`method-${attendanceId}`]: z.enum(['verbal', 'written'], { error: `Choose how ${name} accepted the agreement` }) });

/** What one agency shared about an item. */
export const contributionSchema = (p: PartnershipConfig) =>
  z.object({
    agencyId: z.string().refine((v) => p.agencies.some((a) => a.id === v), 'Choose the agency that shared the information'),
    body: z.string().trim().min(1, 'Enter what the agency shared').max(10000, 'What was shared must be 10,000 characters or fewer'),
  });

/** An item's status from the room: discussed or deferred (or back in discussion). */
export const statusSchema = z.object({ status: z.enum(['discussed', 'deferred', 'in-discussion'], { error: 'Choose discussed or deferred' }) });

/** The child whose discussion a recording is of: an item of one child is that child's; of several, the one chosen. */
export const recordingChildSchema = (children: readonly { id: string }[]) =>
  z.object({ childId: z.string() }).transform((b, ctx) => {
    const child = children.length === 1 ? children[0]!.id : children.find((ch) => ch.id === b.childId)?.id;
    if (child) return child;
    ctx.addIssue({ code: 'custom', path: ['childId'], message: 'Choose the child whose discussion was recorded' });
    return z.NEVER;
  });

const decisionFields = { level: formText, assessmentId: formText, rationale: formText, decisions: formText, nextReviewReason: formText };

/** The decision form as typed (the next review a GOV.UK date input, its parts kept to show back); never fails. */
export const decisionForm = formFields({ ...decisionFields, adjustment: formText }).transform(
  (b): DecisionInput & { nextParts: ReturnType<typeof readDateInput>['parts'] } => {
    const next = readDateInput(b, 'nextReview', 'Next review date');
    return {
      level: b.level,
      assessmentId: b.assessmentId,
      adjustment: b.adjustment,
      rationale: b.rationale,
      decisions: b.decisions,
      nextReview: next.value,
      nextReviewError: next.error,
      nextReviewReason: b.nextReviewReason,
      nextParts: next.parts,
    };
  },
);

/** The decision as JSON (nextReviewOn an ISO date, the adjustment a number or its digits); never fails. */
export const decisionBody = formFields({
  ...decisionFields,
  adjustment: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'number' ? String(v) : str(v))),
  nextReviewOn: formText,
}).transform((b): DecisionInput => ({
  level: b.level,
  assessmentId: b.assessmentId,
  adjustment: b.adjustment,
  rationale: b.rationale,
  decisions: b.decisions,
  nextReview: isRealDate(b.nextReviewOn) ? b.nextReviewOn : undefined,
  nextReviewError: b.nextReviewOn && !isRealDate(b.nextReviewOn) ? 'nextReviewOn must be a real date like 2026-03-14' : undefined,
  nextReviewReason: b.nextReviewReason,
}));

/** What a decision is checked against: whether the item needs a level, the instrument, each level's review date, the child's assessments. */
export type DecisionBasis = {
  needsLevel: boolean;
  instrument: Instrument;
  byLevel: Record<string, { date: string | null } | undefined>;
  assessments: readonly { id: string }[];
  meetingDate: string;
};

/**
 * The risk decision (DOMAIN §4–§6), read with readBody (`every`: the level can be missing and a review date set without it,
 * both said): the level from the partnership's instrument, an assessment of the child's, the VAT adjustment with its rationale,
 * what was decided, and the next review date by the rule or changed with a reason.
 */
export const decisionSchema = (b: DecisionBasis) =>
  z.custom<DecisionInput>().transform((input, ctx) => {
    const issue = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
    const level = input.level as RiskLevel;
    if (input.level && !(levels as readonly string[]).includes(input.level)) issue('level', 'Choose the risk level');
    else if (b.needsLevel && !input.level) issue('level', 'Choose the risk level');
    let assessmentId: string | null = null;
    if (input.assessmentId) {
      if (!b.assessments.some((a) => a.id === input.assessmentId))
        issue('assessmentId', `Choose one of the child’s submitted ${instrumentNames[b.instrument]} assessments`);
      else assessmentId = input.assessmentId;
    }
    let adjustment: number | null = null;
    if (b.instrument === 'vat') {
      const adj = validateAdjustment(input.adjustment, input.rationale);
      if (!adj.ok) issue('adjustment', adj.message);
      else adjustment = adj.value;
    }
    const rationale = input.rationale.trim();
    const decisions = input.decisions.trim();
    if (input.level && !rationale) issue('rationale', 'Enter the rationale for the risk level');
    if (rationale.length > 5000) issue('rationale', 'Rationale must be 5,000 characters or fewer');
    if (!decisions) issue('decisions', 'Enter what the meeting decided');
    else if (decisions.length > 5000) issue('decisions', 'Decisions must be 5,000 characters or fewer');
    let next: { date: string | null; reason: string | null } = { date: null, reason: null };
    if (input.nextReviewError) issue('nextReview', input.nextReviewError);
    else if (input.level) {
      const choice = chooseReviewDate(b.byLevel[level]?.date ?? null, input.nextReview, input.nextReviewReason, b.meetingDate);
      if (!choice.ok) issue(choice.field, choice.message);
      else next = choice;
    } else if (input.nextReview) issue('level', 'Choose the risk level before setting a review date');
    if (ctx.issues.length) return z.NEVER;
    return { level: input.level ? level : null, assessmentId, adjustment, rationale, decisions, next };
  });
