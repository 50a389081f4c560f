import type { PartnershipConfig } from '../../partnerships/index.ts';
import { z } from 'zod';
import { str, readDateInput, formText, dateInput, withDateInputs } from '../../platform/validation.ts';

export type TrainingNeed = { districtId: string | null; agencyId: string | null; recordedOn: string; need: string };
export type TrainingRow = {
  id: string;
  district_id: string | null;
  agency_id: string | null;
  recorded_on: string;
  need: string;
  recorded_by_name: string | null;
};

/** The training need form as typed, to show back. */
export const trainingNeedValues = (b: Record<string, unknown>): Record<string, string> => {
  const parts = readDateInput(b, 'recordedOn', recordedOnLabel).parts;
  return {
    need: str(b.need).trim(),
    districtId: str(b.districtId),
    agencyId: str(b.agencyId),
    'recordedOn-day': parts.day,
    'recordedOn-month': parts.month,
    'recordedOn-year': parts.year,
  };
};
const recordedOnLabel = 'The date the need was recorded';

/** DOMAIN §6: a training need recorded for the bi-monthly data report: what, when (today or before), for which district and agency. */
export const trainingNeedForm = (p: PartnershipConfig, today: string) =>
  z.preprocess(
    withDateInputs({ recordedOn: recordedOnLabel }),
    z
      .looseObject({
        need: formText
          .transform((v) => v.trim())
          .pipe(z.string().min(1, 'Enter the training need').max(1000, 'The training need must be 1000 characters or fewer')),
        recordedOn: dateInput.pipe(
          z
            .string()
            .min(1, 'Enter the date the need was recorded')
            .refine((v) => !v || v <= today, 'The date the need was recorded must be today or in the past'),
        ),
        districtId: formText.refine((v) => !v || p.districts.some((d) => d.id === v), `Choose one of ${p.shortName}’s districts`),
        agencyId: formText.refine((v) => !v || p.agencies.some((a) => a.id === v), `Choose one of ${p.shortName}’s agencies`),
      })
      .transform((v): TrainingNeed => ({ need: v.need, districtId: v.districtId || null, agencyId: v.agencyId || null, recordedOn: v.recordedOn })),
  );
