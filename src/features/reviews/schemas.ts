import { z } from 'zod';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { formText, dateInput, withDateInputs, readDateInput, str } from '../../platform/validation.ts';
import { compareIsoDates } from '../../domain/calendar/dates.ts';
import { ceMeetingKinds } from './service.ts';

/** The CE risk assessment form's field names, to the GOV.UK error summary's anchors. */
export const ceAnchors = { completedOn: 'completedOn-day', meetingKind: 'meetingKind' };

/** A CE risk assessment completed or updated (DOMAIN §4): the date (today or before, from 2000), the meeting, the worker's agency. */
export const ceForm = (p: PartnershipConfig, today: string) =>
  z.preprocess(
    withDateInputs({ completedOn: 'The date it was completed' }),
    z.object({
      completedOn: dateInput.pipe(
        z
          .string()
          .min(1, 'Enter the date the CE risk assessment was completed or updated')
          .refine((v) => !v || compareIsoDates(v, today) <= 0, 'The date it was completed must be today or in the past')
          .refine((v) => !v || compareIsoDates(v, '2000-01-01') >= 0, 'The date it was completed must be after 1 January 2000'),
      ),
      meetingKind: formText.refine((v) => ceMeetingKinds.some((k) => k.value === v), 'Select the meeting where it was completed or updated'),
      agencyId: formText.refine((v) => p.agencies.some((a) => a.id === v), 'Select the agency of the worker who completed it'),
    }),
  );

/** The CE risk assessment form as typed, to show back. */
export const ceValues = (b: Record<string, unknown>) => ({
  completedOn: readDateInput(b, 'completedOn', 'The date it was completed').parts,
  meetingKind: str(b.meetingKind),
  agencyId: str(b.agencyId),
});
