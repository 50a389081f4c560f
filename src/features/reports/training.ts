import type { PartnershipConfig } from '../../partnerships/index.ts';
import type { FieldError } from '../../platform/problems.ts';
import { str, readDateInput } from '../../platform/validation.ts';
import { todayIso } from '../../platform/dates.ts';

export type TrainingNeed = { districtId: string | null; agencyId: string | null; recordedOn: string; need: string };
export type TrainingRow = {
  id: string;
  district_id: string | null;
  agency_id: string | null;
  recorded_on: string;
  need: string;
  recorded_by_name: string | null;
};

/** DOMAIN §6: a training need recorded for the bi-monthly data report: what, when, for which district and agency. */
export function readTrainingNeed(
  body: Record<string, unknown>,
  p: PartnershipConfig,
): { value?: TrainingNeed; errors: FieldError[]; values: Record<string, string> } {
  const need = str(body.need).trim();
  const districtId = str(body.districtId);
  const agencyId = str(body.agencyId);
  const date = readDateInput(body, 'recordedOn', 'The date the need was recorded');
  const values = { need, districtId, agencyId, 'recordedOn-day': date.parts.day, 'recordedOn-month': date.parts.month, 'recordedOn-year': date.parts.year };
  const errors: FieldError[] = [];
  if (!need) errors.push({ field: 'need', message: 'Enter the training need' });
  else if (need.length > 1000) errors.push({ field: 'need', message: 'The training need must be 1000 characters or fewer' });
  if (date.error) errors.push({ field: 'recordedOn', message: date.error });
  else if (!date.value) errors.push({ field: 'recordedOn', message: 'Enter the date the need was recorded' });
  else if (date.value > todayIso()) errors.push({ field: 'recordedOn', message: 'The date the need was recorded must be today or in the past' });
  if (districtId && !p.districts.some((d) => d.id === districtId)) errors.push({ field: 'districtId', message: `Choose one of ${p.shortName}’s districts` });
  if (agencyId && !p.agencies.some((a) => a.id === agencyId)) errors.push({ field: 'agencyId', message: `Choose one of ${p.shortName}’s agencies` });
  if (errors.length) return { errors, values };
  return { value: { need, districtId: districtId || null, agencyId: agencyId || null, recordedOn: date.value! }, errors, values };
}
