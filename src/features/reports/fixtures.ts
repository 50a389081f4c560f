/** Hand-built records for the report tests: each helper inserts one row and returns its id. */
import type { Db } from '../../db/client.ts';

let seq = 0;
export function fixtures(db: Db, partnershipId: string, userId: string, agencyId: string) {
  const one = async (sql: string, params: unknown[]) => (await db.query<{ id: string }>(sql, params))[0]!.id;
  return {
    async child(o: { district?: string | null; primaryRisk?: string | null; education?: string } = {}) {
      seq += 1;
      return one(
        `INSERT INTO children (partnership_id, reference, first_name, last_name, district_id, primary_risk, education_setting, created_by)
         VALUES ($1, $2, 'Test', $3, $4, $5, $6, $7) RETURNING id`,
        [partnershipId, `RT${String(seq).padStart(5, '0')}`, `Fixture${seq}`, o.district ?? null, o.primaryRisk ?? null, o.education ?? null, userId],
      );
    },
    async assessment(
      childId: string,
      o: { instrument: string; on: string; level: string; scored?: string; type?: string | null; content?: Record<string, unknown> },
    ) {
      return one(
        `INSERT INTO assessments (partnership_id, series_id, child_id, instrument, instrument_version, status, author_user_id, author_agency_id,
                                  completed_on, scored_level, judged_level, risk_type, content, submitted_at)
         VALUES ($1, gen_random_uuid(), $2, $3, 'test', 'submitted', $4, $5, $6, $7, $8, $9, $10, $6::date) RETURNING id`,
        [partnershipId, childId, o.instrument, userId, agencyId, o.on, o.scored ?? o.level, o.level, o.type ?? null, JSON.stringify(o.content ?? {})],
      );
    },
    async review(assessmentId: string, childId: string, o: { on: string; level: string; n?: number }) {
      return one(
        `INSERT INTO assessment_reviews (partnership_id, assessment_id, child_id, review_number, reviewed_on, reviewer_user_id, risk_level)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [partnershipId, assessmentId, childId, o.n ?? 1, o.on, userId, o.level],
      );
    },
    async meeting(o: { district?: string | null; at: string; type?: string }) {
      const series = await one(
        `INSERT INTO meeting_series (partnership_id, type_id, name, district_id, rrule, first_date, start_time, duration_minutes)
         VALUES ($1, $2, 'Test panel', $3, 'FREQ=WEEKLY', $4::date, '10:00', 60) RETURNING id`,
        [partnershipId, o.type ?? 'mace', o.district ?? null, o.at.slice(0, 10)],
      );
      const occ = await one(
        `INSERT INTO meeting_occurrences (partnership_id, series_id, original_starts_at, starts_at, ends_at)
         VALUES ($1, $2, $3::timestamptz, $3::timestamptz, $3::timestamptz + interval '1 hour') RETURNING id`,
        [partnershipId, series, o.at],
      );
      return { series, occ };
    },
    async item(
      occ: string,
      childIds: string[],
      o: { level?: string | null; status?: string; referralId?: string | null; kind?: string; location?: string } = {},
    ) {
      const id = await one(
        `INSERT INTO agenda_items (partnership_id, occurrence_id, kind, position, slot_minutes, status, risk_level, referral_id, location_text, created_by)
         VALUES ($1, $2, $3, 0, 30, $4, $5, $6, $7, $8) RETURNING id`,
        [partnershipId, occ, o.kind ?? 'child', o.status ?? 'discussed', o.level ?? null, o.referralId ?? null, o.location ?? null, userId],
      );
      for (const c of childIds)
        await db.query(`INSERT INTO agenda_item_children (partnership_id, item_id, child_id) VALUES ($1, $2, $3)`, [partnershipId, id, c]);
      return id;
    },
    async referral(childId: string, o: { category: number; level?: string | null; at: string; district?: string | null }) {
      return one(
        `INSERT INTO panel_referrals (partnership_id, child_id, district_id, source, risk_level, lead_professional_name, lead_professional_agency_id, status, category, thresholded_at, referred_by, referred_at)
         VALUES ($1, $2, $3, 'manual', $4, 'Lead Fixture', $5, 'closed', $6, $7::timestamptz, $8, $7::timestamptz) RETURNING id`,
        [partnershipId, childId, o.district ?? null, o.level ?? null, agencyId, o.category, o.at, userId],
      );
    },
    async action(o: {
      agency: string;
      childId?: string | null;
      created: string;
      due: string;
      status?: string;
      completed?: string | null;
      seriesId?: string | null;
    }) {
      return one(
        `INSERT INTO actions (partnership_id, child_id, meeting_series_id, what, kind, owner_team, owner_agency_id, measure, agreed_by, due_on, status, completion_evidence, completed_at, created_by, created_at)
         VALUES ($1, $2, $3, 'Fixture action', 'other', 'Team', $4, 'Measured', 'Panel', $5, $6, $7, $8::timestamptz, $9, $10::timestamptz) RETURNING id`,
        [
          partnershipId,
          o.childId ?? null,
          o.seriesId ?? null,
          o.agency,
          o.due,
          o.status ?? 'open',
          o.status === 'done' ? 'Done' : null,
          o.completed ?? null,
          userId,
          o.created,
        ],
      );
    },
    async concern(childId: string, o: { at: string; source?: string }) {
      return one(
        `INSERT INTO concerns (partnership_id, child_id, source, indicators_present, summary, created_by, created_at) VALUES ($1, $2, $3, true, 'Fixture concern', $4, $5::timestamptz) RETURNING id`,
        [partnershipId, childId, o.source ?? 'ppn', userId, o.at],
      );
    },
    async missing(childId: string, o: { went: string; returned?: string | null; concern?: boolean; foundAt?: string | null }) {
      return one(
        `INSERT INTO missing_episodes (partnership_id, child_id, went_missing_on, returned_on, exploitation_concern, found_location_record_id, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [partnershipId, childId, o.went, o.returned ?? null, o.concern ?? false, o.foundAt ?? null, userId],
      );
    },
    async record(kind: 'location' | 'person', label: string, attributes: Record<string, unknown>) {
      return one(
        `INSERT INTO intel_records (partnership_id, kind, label, attributes, source, information_date, reliability, created_by) VALUES ($1, $2, $3, $4, 'Fixture', '2025-01-01', 'reliable', $5) RETURNING id`,
        [partnershipId, kind, label, JSON.stringify(attributes), userId],
      );
    },
    async link(childId: string, recordId: string, relation: string, lastSeen?: string) {
      return one(
        `INSERT INTO intel_links (partnership_id, a_child_id, b_record_id, relation, last_seen_on, source, reliability, created_by, created_at) VALUES ($1, $2, $3, $4, $5, 'Fixture', 'reliable', $6, '2025-01-01') RETURNING id`,
        [partnershipId, childId, recordId, relation, lastSeen ?? null, userId],
      );
    },
    async investigation(childId: string, o: { kind: string; started: string; outcome?: string | null; outcomeOn?: string | null }) {
      return one(
        `INSERT INTO investigations (partnership_id, child_id, kind, started_on, outcome, outcome_on, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [partnershipId, childId, o.kind, o.started, o.outcome ?? null, o.outcomeOn ?? null, userId],
      );
    },
    /** A CE risk assessment recorded; `outcome` and `riskType` (002 §4.7) when given. */
    async ceRiskAssessment(childId: string, on: string, o: { outcome?: string; riskType?: string } = {}) {
      return one(
        `INSERT INTO ce_risk_assessment_updates (partnership_id, child_id, completed_on, meeting_kind, completed_by_agency_id, recorded_by, outcome, risk_type) VALUES ($1, $2, $3, 'mace', $4, $5, $6, $7) RETURNING id`,
        [partnershipId, childId, on, agencyId, userId, o.outcome ?? null, o.riskType ?? null],
      );
    },
    async trainingNeed(o: { on: string; need: string; agency?: string | null; district?: string | null }) {
      return one(
        `INSERT INTO training_needs (partnership_id, district_id, agency_id, recorded_on, need, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [partnershipId, o.district ?? null, o.agency ?? null, o.on, o.need, userId],
      );
    },
  };
}
