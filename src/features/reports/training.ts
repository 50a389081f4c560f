import type { Queryable } from '../../db/client.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import type { FieldError } from '../../platform/problems.ts';
import { str, readDateInput } from '../../platform/validation.ts';
import { todayIso } from '../../platform/dates.ts';

export type TrainingNeed = { districtId: string | null; agencyId: string | null; recordedOn: string; need: string };
export type TrainingRow = { id: string; district_id: string | null; agency_id: string | null; recorded_on: string; need: string; recorded_by_name: string | null };


/** DOMAIN §6: a training need recorded for the bi-monthly data report: what, when, for which district and agency. */
export function readTrainingNeed(body: Record<string, unknown>, p: PartnershipConfig): { value?: TrainingNeed; errors: FieldError[]; values: Record<string, string> } {
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

export function trainingRepository() {
  return {
    async list(q: Queryable, partnershipId: string): Promise<TrainingRow[]> {
      return q.query<TrainingRow>(
        `SELECT t.id, t.district_id, t.agency_id, t.recorded_on, t.need, u.display_name AS recorded_by_name
           FROM training_needs t LEFT JOIN users u ON u.partnership_id = t.partnership_id AND u.id = t.recorded_by
          WHERE t.partnership_id = $1 ORDER BY t.recorded_on DESC, t.created_at DESC LIMIT 200`,
        [partnershipId],
      );
    },
    async add(q: Queryable, partnershipId: string, t: TrainingNeed, userId: string): Promise<string> {
      const [r] = await q.query<{ id: string }>(
        `INSERT INTO training_needs (partnership_id, district_id, agency_id, recorded_on, need, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [partnershipId, t.districtId, t.agencyId, t.recordedOn, t.need, userId],
      );
      return r!.id;
    },
  };
}
