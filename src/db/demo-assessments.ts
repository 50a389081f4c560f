import type { Db } from './client.ts';
import type { PartnershipConfig } from '../partnerships/index.ts';
import type { Actor } from '../platform/actor.ts';
import { mailContext } from '../platform/mail.ts';
import { rfmService } from '../features/rfm/service.ts';
import { assessmentService } from '../features/assessments/service.ts';
import type { HolidayCalendar } from '../domain/calendar/working-days.ts';
import { todayIso } from '../platform/dates.ts';
import { addCalendarMonths } from '../domain/calendar/dates.ts';

/** A complete fictional RFM whose scores add up to `total`, for a child whose primary risk is `risk` (CSE unless said). */
export function rfmContent(total: number, allocatedSocialWorker: 'yes' | 'no', completedOn: string, risk: 'CSE' | 'CCE' = 'CSE') {
  const indicators: Record<string, { score: string; evidence?: string }> = {};
  let left = total;
  for (let n = 1; n <= 14; n++) {
    const v = Math.min(4, left);
    left -= v;
    indicators[n] = { score: String(v), ...(v >= 3 ? { evidence: 'Demo evidence: reported by school and police (observed, recent).' } : {}) };
  }
  return {
    consent: { childConsent: 'yes-self', supportReferral: 'no', parentsAware: 'yes-self' },
    'section-a': { completedOn, riskType: risk, childViews: 'Demo: says the older friends are “just mates”.', childBelievesAtRisk: 'no' },
    'section-b': { primaryRisk: risk, confirmed: 'yes' },
    'section-c': {
      name: 'Priya Fairweather',
      telephone: '01632 960001',
      roleAgency: 'Social worker, Children’s Services',
      email: 'practitioner@staffordshire.example.org',
      dateInitialCompleted: completedOn,
      partnersConsulted: 'yes',
      openToChildrensServices: allocatedSocialWorker,
      allocatedSocialWorker,
    },
    'section-d': {
      strengths: 'Demo: close to her grandmother; enjoys football.',
      worries: 'Demo: seen with older males (not relatives) near the bus station.',
    },
    indicators,
    judgement: { decision: 'agree' },
  };
}

/**
 * Three submitted Risk Factor Matrices in Staffordshire, so that risk levels, routes and the triage inbox have something to
 * show; the third was completed seven months ago, so *Reviews* has a review and an RFM renewal overdue (DOMAIN §4).
 */
export async function seedDemoAssessments(db: Db, partnerships: Map<string, PartnershipConfig>, calendar: HolidayCalendar): Promise<void> {
  if (!partnerships.has('staffordshire')) return;
  const [user] = await db.query<{ id: string; agency_id: string; roles: string[]; display_name: string; email: string }>(
    `SELECT id, agency_id, roles, display_name, email FROM users WHERE partnership_id = 'staffordshire' AND email_key = 'practitioner@staffordshire.example.org'`,
  );
  if (!user) return;
  const actor: Actor = {
    userId: user.id,
    partnershipId: 'staffordshire',
    agencyId: user.agency_id,
    roles: user.roles,
    displayName: user.display_name,
    email: user.email,
    ip: 'demo-seed',
  };
  // The seed runs before the app knows its address (PUBLIC_URL): its queued emails, never sent, carry paths.
  const rfm = rfmService(db, partnerships, mailContext(''), assessmentService(db, calendar));
  const kids = await db.query<{ id: string; primary_risk: string | null }>(
    `SELECT id, primary_risk FROM children WHERE partnership_id = 'staffordshire' ORDER BY reference LIMIT 3`,
  );
  const plan = [
    { total: 30, sw: 'yes' as const, on: addCalendarMonths(todayIso(), -1) },
    { total: 44, sw: 'no' as const, on: todayIso() },
    { total: 24, sw: 'yes' as const, on: addCalendarMonths(todayIso(), -7) },
  ];
  for (const [i, child] of kids.entries()) {
    const p = plan[i]!;
    const draft = await rfm.assessments.createDraft(
      actor,
      child.id,
      'rfm',
      '2023',
      rfmContent(p.total, p.sw, p.on, child.primary_risk === 'CCE' ? 'CCE' : 'CSE'),
    );
    if (draft) await rfm.submit(actor, draft.id, draft.version);
  }
}
