import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { ChildRow } from '../children/repository.ts';
import { childOfRecord } from '../children/lookups.ts';
import { loadVisibleChild, maySeeChild } from '../children/access.ts';
import { assessmentRepository, type AssessmentRow, type Finalised, type RiskHistoryRow } from './repository.ts';
import { assessmentNames } from '../../domain/risk/levels.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { childHeader } from '../reviews/service.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import { addTimelineEvent } from '../children/timeline.ts';

export type DraftSave =
  { ok: true; assessment: AssessmentRow } | { ok: false; reason: 'not-found' | 'not-draft' } | { ok: false; reason: 'conflict'; current: AssessmentRow };

/**
 * One model, several instruments: drafts saved part by part, submitted once, then read-only; an
 * amendment is a new version in the same series. Every read and change is audited with it.
 */
export function assessmentService(db: Db, calendar: HolidayCalendar) {
  const repo = assessmentRepository();

  async function assessmentFor(q: Queryable, actor: Actor, id: string, action: string): Promise<{ a: AssessmentRow; child: ChildRow } | undefined> {
    const a = await repo.find(q, actor.partnershipId, id);
    const child = a ? await childOfRecord(q, actor.partnershipId, a.child_id) : undefined;
    if (a && child && maySeeChild(actor, child)) return { a, child };
    await audit(q, actor, { action, outcome: 'denied', subjectType: 'assessment', subjectId: id });
    return undefined;
  }

  return {
    /** An assessment as stored, unaudited: to choose its instrument's rules before the audited change. */
    find: (partnershipId: string, id: string) => db.tx((q) => repo.find(q, partnershipId, id)),
    /** The same, inside the caller's transaction (another service's audited read). */
    findIn: (q: Queryable, partnershipId: string, id: string) => repo.find(q, partnershipId, id),
    childFor: (actor: Actor, childId: string, action = 'child.view') =>
      db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, childId, action);
        if (child) await audit(q, actor, { action, subjectType: 'child', subjectId: childId, childId });
        return child;
      }),

    /** A child page of assessments (the list, missing episodes): the child and its identity bar, the read audited. */
    childPage: (actor: Actor, p: PartnershipConfig, childId: string, action = 'child.view') =>
      db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, childId, action);
        if (!child) return undefined;
        await audit(q, actor, { action, subjectType: 'child', subjectId: childId, childId });
        return { child, risk: await childHeader(q, p, childId, calendar) };
      }),

    async createDraft(actor: Actor, childId: string, instrument: string, instrumentVersion: string, content: Record<string, unknown> = {}) {
      return db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, childId, 'assessment.create');
        if (!child) return undefined;
        const a = await repo.insert(q, {
          partnershipId: actor.partnershipId,
          childId,
          instrument,
          instrumentVersion,
          userId: actor.userId,
          agencyId: actor.agencyId,
          content,
        });
        await audit(q, actor, { action: 'assessment.create', subjectType: 'assessment', subjectId: a.id, childId, details: { instrument } });
        return a;
      });
    },

    /** An assessment with its child, the read audited. */
    async get(actor: Actor, id: string, action = 'assessment.view') {
      return db.tx(async (q) => {
        const found = await assessmentFor(q, actor, id, action);
        if (found) await audit(q, actor, { action, subjectType: 'assessment', subjectId: id, childId: found.child.id });
        return found;
      });
    },

    async saveDraft(
      actor: Actor,
      id: string,
      version: number,
      content: Record<string, unknown>,
      fields: { completedOn?: string | null; riskType?: string | null; primaryRisk?: string | null } = {},
    ): Promise<DraftSave> {
      return db.tx(async (q) => {
        const found = await assessmentFor(q, actor, id, 'assessment.save');
        if (!found) return { ok: false, reason: 'not-found' } as const;
        if (found.a.status !== 'draft') return { ok: false, reason: 'not-draft' } as const;
        const saved = await repo.saveDraft(q, actor.partnershipId, id, version, content, fields);
        if (!saved) {
          await repo.keepConflict(q, actor.partnershipId, id, actor.userId, version, content);
          await audit(q, actor, {
            action: 'assessment.save',
            outcome: 'failed',
            subjectType: 'assessment',
            subjectId: id,
            childId: found.child.id,
            details: { reason: 'stale version' },
          });
          return { ok: false, reason: 'conflict', current: found.a } as const;
        }
        await audit(q, actor, { action: 'assessment.save', subjectType: 'assessment', subjectId: id, childId: found.child.id });
        return { ok: true, assessment: saved } as const;
      });
    },

    /**
     * Submits a draft. `finalise` computes the scored and judged result from the saved content (on the
     * server, whatever the browser showed); `after` runs in the same transaction (pathway, triage, mail).
     */
    async submit(
      actor: Actor,
      id: string,
      version: number,
      finalise: (a: AssessmentRow, child: ChildRow) => Finalised,
      after?: (q: Queryable, a: AssessmentRow, child: ChildRow) => Promise<void>,
    ): Promise<DraftSave> {
      return db.tx(async (q) => {
        const found = await assessmentFor(q, actor, id, 'assessment.submit');
        if (!found) return { ok: false, reason: 'not-found' } as const;
        if (found.a.status !== 'draft') return { ok: false, reason: 'not-draft' } as const;
        if (found.a.version !== version) return { ok: false, reason: 'conflict', current: found.a } as const;
        const f = finalise(found.a, found.child);
        const a = await repo.submit(q, actor.partnershipId, id, version, f);
        if (!a) return { ok: false, reason: 'conflict', current: found.a } as const;
        const name = (assessmentNames as Readonly<Record<string, string>>)[a.instrument] ?? a.instrument;
        await addTimelineEvent(q, {
          partnershipId: actor.partnershipId,
          childId: a.child_id,
          kind: 'assessment',
          summary: `${name}${a.amends_id ? ' (amended)' : ''} submitted: ${a.judged_level} risk${a.scored_level && a.scored_level !== a.judged_level ? ` (scored ${a.scored_level})` : ''}`,
          actorUserId: actor.userId,
          link: `/assessments/${a.id}`,
        });
        await audit(q, actor, {
          action: 'assessment.submit',
          subjectType: 'assessment',
          subjectId: id,
          childId: a.child_id,
          details: { instrument: a.instrument, judged: a.judged_level, scored: a.scored_level },
        });
        if (after) await after(q, a, found.child);
        return { ok: true, assessment: a } as const;
      });
    },

    /** Starts an amendment: a new draft version of a submitted assessment, carrying its content. */
    async amend(actor: Actor, id: string) {
      return db.tx(async (q) => {
        const found = await assessmentFor(q, actor, id, 'assessment.amend');
        if (!found || found.a.status !== 'submitted' || found.a.superseded_at) return undefined;
        const existing = await repo.draftInSeries(q, actor.partnershipId, found.a.series_id);
        if (existing) return existing;
        const max = await repo.maxSeriesVersion(q, actor.partnershipId, found.a.series_id);
        const a = await repo.insert(q, {
          partnershipId: actor.partnershipId,
          childId: found.a.child_id,
          instrument: found.a.instrument,
          instrumentVersion: found.a.instrument_version,
          userId: actor.userId,
          agencyId: actor.agencyId,
          content: found.a.content,
          seriesId: found.a.series_id,
          seriesVersion: max + 1,
          amendsId: found.a.id,
        });
        await audit(q, actor, { action: 'assessment.amend', subjectType: 'assessment', subjectId: a.id, childId: a.child_id, details: { amends: id } });
        return a;
      });
    },

    async versions(actor: Actor, a: AssessmentRow): Promise<AssessmentRow[]> {
      return repo.versions(db, actor.partnershipId, a.series_id);
    },

    forChild: (actor: Actor, childId: string, instrument?: string) => repo.forChild(db, actor.partnershipId, childId, instrument),
    riskHistory: (partnershipId: string, childId: string): Promise<RiskHistoryRow[]> => repo.riskHistory(db, partnershipId, childId),
  };
}

/** Risk over time across instruments and reviews, newest first, read in the caller's transaction. */
export function riskHistoryIn(q: Queryable, partnershipId: string, childId: string): Promise<RiskHistoryRow[]> {
  return assessmentRepository().riskHistory(q, partnershipId, childId);
}

/** The child's current risk: the newest judgement across instruments and reviews. */
export function currentRisk(history: RiskHistoryRow[]) {
  const latest = history[0];
  if (!latest) return undefined;
  return {
    level: latest.judged_level,
    scored: latest.scored_level,
    type: latest.risk_type,
    instrument: latest.instrument,
    on: latest.on_date,
    overridden: !!latest.scored_level && latest.scored_level !== latest.judged_level,
  };
}
