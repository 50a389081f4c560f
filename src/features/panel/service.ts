import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { audit } from '../../platform/audit.ts';
import { can } from '../../platform/roles.ts';
import { paths } from '../../paths.ts';
import { loadVisibleChild, maySeeChild } from '../children/access.ts';
import { currentRisk, riskHistoryIn } from '../assessments/service.ts';
import { riskAllowsReferral, statusAfter, timelineSummary, categoryName } from '../../domain/panel/thresholding.ts';
import { normaliseChecklist } from '../../domain/panel/checklist.ts';
import { panelRepository, type ReferralRow, type CheckRow } from './repository.ts';
import type { ReferralInput, AnswerInput, ThresholdInput } from './schemas.ts';
import { addTimelineEvent } from '../children/timeline.ts';
import { adultRefusal, isChildOn } from '../../domain/eligibility/age.ts';
import { todayIso } from '../../platform/dates.ts';

type Change<T> = { ok: true; value: T } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'conflict'; current: T };
type ReferResult =
  | { ok: true; id: string }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'already'; open: ReferralRow }
  | { ok: false; reason: 'risk'; level: string | null; mayOverride: boolean }
  | { ok: false; reason: 'adult'; message: string };

/** The agencies asked for lateral checks: the partnership's configured list, agencies it knows only. */
export function lateralCheckAgencies(p: PartnershipConfig): string[] {
  return p.lateralCheckAgencies.filter((id) => p.agencies.some((a) => a.id === id));
}

/**
 * Before the meeting (DOMAIN §6): referral to a district panel, lateral checks, the coordinator's file
 * check, the lead professional's checklist and the thresholding decision. Every read that shows a
 * child and every change is audited in the same transaction.
 */
export function panelService(db: Db) {
  const repo = panelRepository();

  async function visibleReferral(q: Queryable, actor: Actor, id: string, action: string): Promise<ReferralRow | undefined> {
    const r = await repo.find(q, actor.partnershipId, id);
    if (r && maySeeChild(actor, r)) return r;
    const owner = r ? undefined : await repo.ownerOf(q, 'panel_referrals', id);
    await audit(q, actor, {
      action,
      outcome: 'denied',
      subjectType: 'panel_referral',
      subjectId: id,
      details: { reason: r || owner ? 'not permitted' : 'no such referral', otherPartnership: owner && owner !== actor.partnershipId ? owner : undefined },
    });
    return undefined;
  }

  /** A responder sees only checks asked of their own agency. */
  async function visibleCheck(q: Queryable, actor: Actor, id: string, action: string): Promise<CheckRow | undefined> {
    const c = await repo.findCheck(q, actor.partnershipId, id);
    if (c && c.agency_id === actor.agencyId) return c;
    const owner = c ? undefined : await repo.ownerOf(q, 'lateral_checks', id);
    await audit(q, actor, {
      action,
      outcome: 'denied',
      subjectType: 'lateral_check',
      subjectId: id,
      details: {
        reason: c ? 'another agency' : owner ? 'not permitted' : 'no such check',
        otherPartnership: owner && owner !== actor.partnershipId ? owner : undefined,
      },
    });
    return undefined;
  }

  async function riskOf(q: Queryable, partnershipId: string, childId: string) {
    const history = await riskHistoryIn(q, partnershipId, childId);
    const risk = currentRisk(history);
    return risk ? { ...risk, assessmentId: history[0]!.assessment_id } : undefined;
  }

  /** A stale or refused save: what was submitted is kept, the attempt audited. */
  async function conflict(
    q: Queryable,
    actor: Actor,
    type: string,
    action: string,
    id: string,
    childId: string,
    version: number,
    current: number,
    submitted: unknown,
  ) {
    await repo.keepConflict(q, actor.partnershipId, type, id, actor.userId, version, submitted);
    await audit(q, actor, {
      action,
      outcome: 'failed',
      subjectType: type,
      subjectId: id,
      childId,
      details: { reason: 'stale version or closed', readVersion: version, currentVersion: current },
    });
  }

  return {
    /** The id of the child's open panel referral, if any: the child page offers to open it rather than refer again. */
    openReferralId: (partnershipId: string, childId: string): Promise<string | undefined> => repo.openReferralId(db, partnershipId, childId),

    /** The referral form: the child, their current judged risk and any open referral. */
    async referralForm(actor: Actor, childId: string) {
      return db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, childId, 'panel.refer-form');
        if (!child) return undefined;
        await audit(q, actor, { action: 'panel.refer-form', subjectType: 'child', subjectId: childId, childId });
        return { child, risk: await riskOf(q, actor.partnershipId, childId), open: await repo.openForChild(q, actor.partnershipId, childId) };
      });
    },

    /**
     * Refers a child to their district panel and asks each configured agency for a lateral check.
     * Refused when the child's current judged risk is not medium or high, unless a coordinator
     * (panel:threshold) gives a reason to override.
     */
    async refer(actor: Actor, p: PartnershipConfig, childId: string, input: ReferralInput): Promise<ReferResult> {
      return db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, childId, 'panel.refer');
        if (!child) return { ok: false, reason: 'not-found' } as const;
        // DOMAIN §6 (003): panels discuss children under 18.
        if (!isChildOn(child.date_of_birth, todayIso())) {
          await audit(q, actor, {
            action: 'panel.refer',
            outcome: 'failed',
            subjectType: 'child',
            subjectId: childId,
            childId,
            details: { reason: '18 or over' },
          });
          return { ok: false, reason: 'adult', message: adultRefusal('a panel referral', p.adultSupportText) } as const;
        }
        const open = await repo.openForChild(q, actor.partnershipId, childId);
        if (open) {
          await audit(q, actor, {
            action: 'panel.refer',
            outcome: 'failed',
            subjectType: 'child',
            subjectId: childId,
            childId,
            details: { reason: 'already referred', referral: open.id },
          });
          return { ok: false, reason: 'already', open } as const;
        }
        const risk = await riskOf(q, actor.partnershipId, childId);
        const allowed = riskAllowsReferral(risk?.level);
        const mayOverride = can(actor.roles, 'panel:threshold');
        if (!allowed && !(mayOverride && input.overrideReason)) {
          await audit(q, actor, {
            action: 'panel.refer',
            outcome: 'failed',
            subjectType: 'child',
            subjectId: childId,
            childId,
            details: { reason: 'risk not medium or high', level: risk?.level ?? null },
          });
          return { ok: false, reason: 'risk', level: risk?.level ?? null, mayOverride } as const;
        }
        const fromTriage = input.triage && (await repo.triageItemFor(q, actor.partnershipId, childId, input.triage)) ? input.triage : null;
        const source = fromTriage ? 'triage' : allowed && risk ? 'assessment' : 'manual';
        const sourceId = fromTriage ?? (source === 'assessment' ? risk!.assessmentId : null);
        const id = await repo.insert(q, actor.partnershipId, {
          childId,
          districtId: child.district_id,
          source,
          sourceId,
          riskLevel: risk?.level ?? null,
          overrideReason: allowed ? null : input.overrideReason,
          leadName: input.leadName,
          leadAgencyId: input.leadAgencyId,
          leadContact: input.leadContact,
          referredBy: actor.userId,
        });
        const agencies = lateralCheckAgencies(p);
        await repo.requestChecks(q, actor.partnershipId, id, childId, agencies);
        const agencyName = p.agencies.find((a) => a.id === input.leadAgencyId)?.name ?? input.leadAgencyId;
        await addTimelineEvent(q, {
          partnershipId: actor.partnershipId,
          childId,
          kind: 'panel',
          summary: `Referred to the district MACE panel (lead professional ${input.leadName}, ${agencyName})`,
          actorUserId: actor.userId,
          link: paths.panel.referral(id),
        });
        await audit(q, actor, {
          action: 'panel.refer',
          subjectType: 'panel_referral',
          subjectId: id,
          childId,
          details: { source, level: risk?.level ?? null, overridden: !allowed, lateralChecks: agencies },
        });
        return { ok: true, id } as const;
      });
    },

    /** A referral with its lateral checks, the view audited against the child. */
    async view(actor: Actor, id: string) {
      return db.tx(async (q) => {
        const referral = await visibleReferral(q, actor, id, 'panel.referral.view');
        if (!referral) return undefined;
        await audit(q, actor, { action: 'panel.referral.view', subjectType: 'panel_referral', subjectId: id, childId: referral.child_id });
        return { referral, checks: await repo.checksFor(q, actor.partnershipId, id), risk: await riskOf(q, actor.partnershipId, referral.child_id) };
      });
    },

    async fileCheck(actor: Actor, id: string, version: number, note: string): Promise<Change<ReferralRow>> {
      return db.tx(async (q) => {
        const r = await visibleReferral(q, actor, id, 'panel.file-check');
        if (!r) return { ok: false, reason: 'not-found' } as const;
        if (!(await repo.fileCheck(q, actor.partnershipId, id, version, actor.userId, note))) {
          await conflict(q, actor, 'panel_referral', 'panel.file-check', id, r.child_id, version, r.version, { note });
          return { ok: false, reason: 'conflict', current: r } as const;
        }
        await audit(q, actor, { action: 'panel.file-check', subjectType: 'panel_referral', subjectId: id, childId: r.child_id });
        return { ok: true, value: (await repo.find(q, actor.partnershipId, id))! } as const;
      });
    },

    async checklist(actor: Actor, id: string, version: number, done: string[]): Promise<Change<ReferralRow>> {
      return db.tx(async (q) => {
        const r = await visibleReferral(q, actor, id, 'panel.checklist');
        if (!r) return { ok: false, reason: 'not-found' } as const;
        const items = normaliseChecklist(done);
        if (!(await repo.checklist(q, actor.partnershipId, id, version, actor.userId, items))) {
          await conflict(q, actor, 'panel_referral', 'panel.checklist', id, r.child_id, version, r.version, { done: items });
          return { ok: false, reason: 'conflict', current: r } as const;
        }
        await audit(q, actor, { action: 'panel.checklist', subjectType: 'panel_referral', subjectId: id, childId: r.child_id, details: { done: items } });
        return { ok: true, value: (await repo.find(q, actor.partnershipId, id))! } as const;
      });
    },

    /**
     * The pre-MACE thresholding decision. Categories 2–4 write the key decision and its rationale to
     * the child's timeline; category 4 closes the referral (with the transfer record when moved away).
     */
    async threshold(actor: Actor, id: string, version: number, input: ThresholdInput): Promise<Change<ReferralRow>> {
      return db.tx(async (q) => {
        const r = await visibleReferral(q, actor, id, 'panel.threshold');
        if (!r) return { ok: false, reason: 'not-found' } as const;
        const status = statusAfter(input.category);
        if (!(await repo.threshold(q, actor.partnershipId, id, version, actor.userId, { ...input, status }))) {
          await conflict(q, actor, 'panel_referral', 'panel.threshold', id, r.child_id, version, r.version, input);
          return { ok: false, reason: 'conflict', current: r } as const;
        }
        await addTimelineEvent(q, {
          partnershipId: actor.partnershipId,
          childId: r.child_id,
          kind: 'panel',
          summary: timelineSummary(input.category, input.rationale, input.removalReason ?? undefined),
          actorUserId: actor.userId,
          link: paths.panel.referral(id),
        });
        await audit(q, actor, {
          action: 'panel.threshold',
          subjectType: 'panel_referral',
          subjectId: id,
          childId: r.child_id,
          details: {
            category: input.category,
            name: categoryName(input.category),
            removalReason: input.removalReason,
            transfer: !!input.hostAuthority,
            status,
          },
        });
        return { ok: true, value: (await repo.find(q, actor.partnershipId, id))! } as const;
      });
    },

    /** Checks waiting for the user's agency, oldest first. The list names children: one audit entry per child shown. */
    async waiting(actor: Actor) {
      return db.tx(async (q) => {
        const rows = await repo.waiting(q, actor.partnershipId, actor.agencyId);
        for (const childId of new Set(rows.map((r) => r.child_id))) {
          await audit(q, actor, {
            action: 'lateral-check.list',
            subjectType: 'child',
            subjectId: childId,
            childId,
            details: { checks: rows.filter((r) => r.child_id === childId).map((r) => r.id) },
          });
        }
        if (!rows.length) await audit(q, actor, { action: 'lateral-check.list', subjectType: 'lateral_check', details: { shown: 0 } });
        return rows;
      });
    },

    async check(actor: Actor, id: string) {
      return db.tx(async (q) => {
        const c = await visibleCheck(q, actor, id, 'lateral-check.view');
        if (c) await audit(q, actor, { action: 'lateral-check.view', subjectType: 'lateral_check', subjectId: id, childId: c.child_id });
        return c;
      });
    },

    /** Answers a check asked of the user's agency, against the version read (an answer may be corrected). */
    async answer(actor: Actor, id: string, version: number, input: AnswerInput): Promise<Change<CheckRow>> {
      return db.tx(async (q) => {
        const c = await visibleCheck(q, actor, id, 'lateral-check.answer');
        if (!c) return { ok: false, reason: 'not-found' } as const;
        if (c.referral_status === 'closed' || !(await repo.answer(q, actor.partnershipId, id, version, actor.userId, input.kind, input.text))) {
          await conflict(q, actor, 'lateral_check', 'lateral-check.answer', id, c.child_id, version, c.version, input);
          return { ok: false, reason: 'conflict', current: c } as const;
        }
        await audit(q, actor, {
          action: 'lateral-check.answer',
          subjectType: 'lateral_check',
          subjectId: id,
          childId: c.child_id,
          details: { kind: input.kind, agency: c.agency_id },
        });
        return { ok: true, value: (await repo.findCheck(q, actor.partnershipId, id))! } as const;
      });
    },
  };
}
