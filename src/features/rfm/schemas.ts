import { z } from 'zod';
import { str, objectOf, readDateInput, dateInput, withDateInputs, always } from '../../platform/validation.ts';
import { REVIEW_FIELDS } from '../../domain/rfm/indicators.ts';
import { isRiskLevel } from '../../domain/risk/levels.ts';
import { missingExtrasValues, missingExtrasRules } from '../intelligence/schemas.ts';

// The RFM's forms besides its parts (whose content schemas are partSchemas in content.ts): a review, a step of the pathway,
// a missing episode and the CE referral's consent. Each is read with readBody; a values function gives the form back as typed.

type DateRead = ReturnType<typeof readDateInput>;
const issue = (ctx: z.RefinementCtx, field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
const RISK_TYPES = ['CSE', 'CCE', 'Dual'];

/** A review's answers as typed (trimmed, at most 5,000 characters each), to show back and to keep as its content. */
export const reviewValues = (b: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(REVIEW_FIELDS.filter((f) => f.kind !== 'date').map((f) => [f.id, str(b[f.id]).trim().slice(0, 5000)]));

/** A review of a submitted RFM (DOMAIN §3.2): its date (today or before, not before the RFM was completed), who, what changed, the level and type now. */
export const reviewForm = (completedOn: string, today: string) =>
  z.preprocess(
    (b) => ({ ...reviewValues(objectOf(b)), dateOfReview: readDateInput(objectOf(b), 'dateOfReview', 'Date of this review') }),
    z
      .object({
        dateOfReview: dateInput.pipe(
          z
            .string()
            .min(1, 'Enter the date of this review')
            .refine((v) => !v || v <= today, 'Date of this review must be today or in the past')
            .refine((v) => !v || v > today || v >= completedOn, 'Date of this review must be on or after the date the RFM was completed'),
        ),
        reviewerName: z.string().min(1, 'Enter the name of the person completing the review'),
        howRisksHaveChanged: z.string().min(1, 'Enter how the risks have changed since the RFM was last completed'),
        currentRiskLevel: z.string().refine(isRiskLevel, 'Select the current level of risk of exploitation'),
        currentRiskType: z.string().refine((v) => RISK_TYPES.includes(v), 'Select the type of risk'),
      })
      .catchall(z.string())
      .transform((v) => ({ reviewedOn: v.dateOfReview, riskLevel: v.currentRiskLevel, riskType: v.currentRiskType, content: reviewValues(v) })),
  );

/** A step of the pathway as typed, to show back: its status, service and note, and the date's parts. */
export const stepValues = (b: Record<string, unknown>, stepId: string) => ({
  values: { status: str(b.status), service: str(b.service), note: str(b.note) },
  dates: readDateInput(b, `takenOn-${stepId}`, 'Date').parts,
});

/** A step of the pathway (DOMAIN §3.3) taken or not; taken, with the date (today or before) and the service. Its fields end in the step's id. */
export const stepForm = (stepId: string, today: string) =>
  z.preprocess(
    (b) => {
      const o = objectOf(b);
      return { status: str(o.status), takenOn: readDateInput(o, `takenOn-${stepId}`, 'Date'), service: str(o.service), note: str(o.note) };
    },
    z
      .object({ status: z.string(), takenOn: z.custom<DateRead>(), service: z.string(), note: z.string() })
      .superRefine((v, ctx) => {
        if (v.status !== 'taken' && v.status !== 'not-taken') issue(ctx, `status-${stepId}`, 'Select whether this route was taken');
        if (v.status !== 'taken') return;
        const date = v.takenOn;
        if (date.error) issue(ctx, `takenOn-${stepId}`, date.error);
        else if (!date.value) issue(ctx, `takenOn-${stepId}`, 'Enter the date the referral or route was taken');
        else if (date.value > today) issue(ctx, `takenOn-${stepId}`, 'Date must be today or in the past');
        if (!v.service.trim()) issue(ctx, `service-${stepId}`, 'Enter the name of the service');
      })
      .transform((v) => ({
        status: v.status as 'taken' | 'not-taken',
        takenOn: v.takenOn.value,
        service: v.service.trim().slice(0, 200) || undefined,
        note: v.note.trim().slice(0, 2000) || undefined,
      })),
  );

/** The missing episode form's dates, as the GOV.UK date inputs name them. */
const missingDates = { wentMissingOn: 'Date the child went missing', returnedOn: 'Date the child returned' };
/** The missing episode form's anchors in the error summary. */
export const missingAnchors = { wentMissingOn: 'wentMissingOn-day', returnedOn: 'returnedOn-day' };

/** A missing episode as typed, to show back: the notes and the details, and the dates' parts. */
export const missingValues = (b: Record<string, unknown>) => ({
  values: { notes: str(b.notes).trim().slice(0, 3000), ...missingExtrasValues(b) },
  dates: { from: readDateInput(b, 'wentMissingOn', missingDates.wentMissingOn).parts, to: readDateInput(b, 'returnedOn', missingDates.returnedOn).parts },
});

/**
 * A missing episode (DOMAIN §3.1): when the child went missing (required, today or before) and returned (not before, today or
 * before); only when the dates are right, the details beside them (times, where found, with whom, who reported, return interview).
 */
export const missingEpisodeForm = (today: string) =>
  z.preprocess(
    withDateInputs(missingDates),
    z.looseObject({ wentMissingOn: z.custom<DateRead>(), returnedOn: z.custom<DateRead>() }).transform((v, ctx) => {
      const from = v.wentMissingOn;
      const to = v.returnedOn;
      let wrong = false;
      const fail = (field: string, message: string) => ((wrong = true), issue(ctx, field, message));
      if (from.error) fail('wentMissingOn', from.error);
      else if (!from.value) fail('wentMissingOn', 'Enter the date the child went missing');
      else if (from.value > today) fail('wentMissingOn', 'Date the child went missing must be today or in the past');
      if (to.error) fail('returnedOn', to.error);
      else if (to.value && from.value && to.value < from.value)
        fail('returnedOn', 'Date the child returned must be the same as or after the date they went missing');
      else if (to.value && to.value > today) fail('returnedOn', 'Date the child returned must be today or in the past');
      if (wrong) return z.NEVER;
      const extras = missingExtrasRules(v, from.value, to.value);
      for (const e of extras.errors) issue(ctx, e.field, e.message);
      if (extras.errors.length) return z.NEVER;
      const notes = str(v.notes).trim().slice(0, 3000);
      return { episode: { wentMissingOn: from.value!, returnedOn: to.value, notes: notes || undefined }, columns: extras.columns };
    }),
  );

const referralFields = {
  referrerName: z.string().trim().min(1, 'Enter your name').max(200),
  jobTitle: z.string().trim().min(1, 'Enter your job title').max(200),
  referrerPhone: z.string().trim().min(1, 'Enter your telephone number').max(50),
  referrerEmail: z.string().trim().min(1, 'Enter your email address').email('Enter an email address in the correct format, like name@example.org'),
  childConsent: z.enum(['yes', 'no'], { error: 'Select whether the child has given consent for support' }),
  parents: z.string().trim().max(2000).optional(),
  professionals: z.string().trim().max(3000).optional(),
  reason: z.string().trim().min(1, 'Enter the reason for referral and the work requested').max(5000),
  workCompleted: z.string().trim().max(5000).optional(),
};

/** The CE referral form as typed, to show back: each field's text, and the consent date's parts. */
export const referralValues = (b: Record<string, unknown>) => ({
  values: Object.fromEntries(Object.keys(referralFields).map((k) => [k, str(b[k])])),
  dates: readDateInput(b, 'consentDate', 'Date consent was obtained').parts,
});

/** A CE referral (DOMAIN §3.4): the referrer, the child's consent and, given, its date (today or before), the reason and the work done. */
export const referralForm = (today: string) =>
  z.preprocess(
    (b) => ({ ...referralValues(objectOf(b)).values, consentDate: readDateInput(objectOf(b), 'consentDate', 'Date consent was obtained') }),
    z
      .object({
        ...referralFields,
        consentDate: dateInput.pipe(z.string().refine((v) => !v || v <= today, 'Date consent was obtained must be today or in the past')),
      })
      .superRefine((v, ctx) => {
        if (v.childConsent === 'yes' && v.consentDate === '') issue(ctx, 'consentDate', 'Enter the date consent was obtained');
      }, always)
      .transform(({ consentDate, ...r }) => ({ ...r, consentDate: consentDate || undefined })),
  );
