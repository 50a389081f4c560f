import { z } from 'zod';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { always, formText, dateInput, withDateInputs, readDateInput, str } from '../../platform/validation.ts';
import { compareIsoDates } from '../../domain/calendar/dates.ts';
import { ceMeetingKinds } from './service.ts';
import { asksRiskType, isRiskType } from '../../domain/risk/levels.ts';

/** The CE risk assessment's outcomes, highest first (DOMAIN §4: high, medium, low). */
export const CE_OUTCOMES = ['high', 'medium', 'low'] as const;
type CeOutcome = (typeof CE_OUTCOMES)[number];

/** The CE risk assessment form's field names, to the GOV.UK error summary's anchors. */
export const ceAnchors = { completedOn: 'completedOn-day', meetingKind: 'meetingKind', outcome: 'outcome', riskType: 'riskType' };

/**
 * A CE risk assessment completed or updated (DOMAIN §4): the date (today or before, from 2000), the meeting, the worker's agency,
 * its outcome and, at the outcomes the partnership lists (002 §4.7: medium or high), the type of exploitation discussed.
 */
export const ceForm = (p: PartnershipConfig, today: string) =>
  z.preprocess(
    withDateInputs({ completedOn: 'The date it was completed' }),
    z
      .looseObject({
        completedOn: dateInput.pipe(
          z
            .string()
            .min(1, 'Enter the date the CE risk assessment was completed or updated')
            .refine((v) => !v || compareIsoDates(v, today) <= 0, 'The date it was completed must be today or in the past')
            .refine((v) => !v || compareIsoDates(v, '2000-01-01') >= 0, 'The date it was completed must be after 1 January 2000'),
        ),
        meetingKind: formText.refine((v) => ceMeetingKinds.some((k) => k.value === v), 'Select the meeting where it was completed or updated'),
        agencyId: formText.refine((v) => p.agencies.some((a) => a.id === v), 'Select the agency of the worker who completed it'),
        outcome: formText.refine((v) => (CE_OUTCOMES as readonly string[]).includes(v), 'Select the outcome of the CE risk assessment'),
      })
      .superRefine((v, ctx) => {
        const outcome = v.outcome as CeOutcome;
        if (!asksRiskType(outcome, p.riskTypeLevels)) return;
        if (!isRiskType(str(v.riskType))) ctx.addIssue({ code: 'custom', path: ['riskType'], message: 'Select the type of exploitation discussed' });
      }, always)
      .transform((v) => {
        const outcome = v.outcome as CeOutcome;
        const type = str(v.riskType);
        return {
          completedOn: v.completedOn,
          meetingKind: v.meetingKind,
          agencyId: v.agencyId,
          outcome,
          riskType: asksRiskType(outcome, p.riskTypeLevels) && isRiskType(type) ? type : null,
        };
      }),
  );

/** The CE risk assessment form as typed, to show back. */
export const ceValues = (b: Record<string, unknown>) => ({
  completedOn: readDateInput(b, 'completedOn', 'The date it was completed').parts,
  meetingKind: str(b.meetingKind),
  agencyId: str(b.agencyId),
  outcome: str(b.outcome),
  riskType: str(b.riskType),
});
