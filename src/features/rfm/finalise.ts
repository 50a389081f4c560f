import { validateScores, bandFor, applyProfessionalJudgement, riskLevelForBand } from '../../domain/rfm/scoring.ts';
import type { RfmBand } from '../../domain/rfm/types.ts';
import { addCalendarMonths } from '../../domain/calendar/dates.ts';
import type { AssessmentRow, Finalised } from '../assessments/repository.ts';
import type { ChildRow } from '../children/repository.ts';
import { allComplete } from './content.ts';

export class RfmIncomplete extends Error {}

/** Scores the RFM totals from whatever indicator scores are saved (for the running totals). */
export function runningTotals(content: Record<string, unknown>) {
  const ind = (content.indicators ?? {}) as Record<string, { score?: string }>;
  let totalA = 0;
  let totalB = 0;
  let scored = 0;
  for (let n = 1; n <= 14; n++) {
    const v = Number(ind[n]?.score);
    if (ind[n]?.score === undefined || ind[n]?.score === '' || !Number.isInteger(v) || v < 0 || v > 4) continue;
    scored++;
    if (n <= 7) totalA += v;
    else totalB += v;
  }
  const total = totalA + totalB;
  return { totalA, totalB, total, scored, band: bandFor(total) };
}

/**
 * The submitted RFM's result, computed on the server from the saved content (DOMAIN §3.2): totals A,
 * B and A+B, the band (overlaps resolve upwards), and the judged level (agree or override with reason).
 * The period covered is the six months up to the date of completion; renewal falls due six months after.
 */
export function finaliseRfm(a: AssessmentRow, child: ChildRow): Finalised {
  const c = a.content as Record<string, Record<string, string>> & { indicators: Record<string, { score: string }> };
  if (!allComplete(a.content)) throw new RfmIncomplete('Complete every part of the RFM before submitting it');
  const scores = validateScores(Object.fromEntries(Object.entries(c.indicators).map(([n, v]) => [n, Number(v.score)])));
  if (!scores.ok) throw new RfmIncomplete(scores.errors[0]!.message);
  const band = bandFor(scores.total);
  const j = c.judgement!;
  const judged = applyProfessionalJudgement(
    band,
    j.decision === 'agree' ? { decision: 'agree', reason: j.reason } : { decision: 'override', band: j.band as RfmBand, reason: j.reason },
  );
  if (!judged.ok) throw new RfmIncomplete(judged.errors[0]!.message);
  const completedOn = c['section-a']!.completedOn!;
  return {
    completedOn,
    periodStart: addCalendarMonths(completedOn, -6),
    periodEnd: completedOn,
    scoredResult: {
      totalA: scores.totalA,
      totalB: scores.totalB,
      total: scores.total,
      band,
      judgedBand: judged.judgedBand,
      direction: judged.direction,
      reason: judged.reason,
    },
    scoredLevel: riskLevelForBand(band),
    judgedLevel: judged.judgedLevel,
    riskType: c['section-a']!.riskType as 'CSE' | 'CCE' | 'Dual',
    primaryRisk: (c['section-b']!.primaryRisk ?? child.primary_risk) as 'CSE' | 'CCE' | 'Other',
    content: { ...a.content, childSnapshot: snapshot(child) },
  };
}

/** Section B as it stood when the RFM was submitted: the record may change later, the RFM does not. */
function snapshot(child: ChildRow) {
  return {
    name: `${child.first_name} ${child.last_name}`,
    dateOfBirth: child.date_of_birth,
    ethnicity: child.ethnicity,
    gender: child.gender,
    sexualIdentity: child.sexual_identity,
    nationality: child.nationality,
    disability: child.disability,
    livingSituation: child.living_situation,
    eetStatus: child.eet_status,
    educationSetting: child.education_setting,
    legalStatus: child.legal_status,
    specialEducationalNeeds: child.special_educational_needs,
    childContact: child.child_contact,
    parentContact: child.parent_contact,
    districtId: child.district_id,
  };
}
