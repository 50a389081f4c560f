import type { cseService } from '../cse-service/service.ts';
import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { audit, auditRefusal } from '../../platform/audit.ts';
import { enqueueMail, mailLink, type MailContext } from '../../platform/mail.ts';
import { formatDate } from '../../platform/dates.ts';
import { paths } from '../../paths.ts';
import { maySeeChild } from '../children/access.ts';
import { childHeader } from '../reviews/service.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import { triageRepository, type TriageRow } from './repository.ts';
import { routeName, type DecisionInput, type InboxFilter } from './schemas.ts';
import { addTimelineEvent } from '../children/timeline.ts';

export const INBOX_PAGE_SIZE = 50;

export const kindNames: Record<string, string> = { assessment: 'Assessment', referral: 'Referral', concern: 'Concern' };

type ChangeResult =
  { ok: true; item: TriageRow; referrerTold?: boolean } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'conflict'; current: TriageRow };

/**
 * The coordinators' triage inbox. Every read that shows a child and every change is audited in the
 * same transaction; a decision also writes the child's timeline and queues the referrer's email.
 */
/** What triage needs of the CSE service offer: to open the programme when a decision accepts the child (issue 15 item 22). */
type CseOpener = { openFromTriage: ReturnType<typeof cseService>['openFromTriage'] };

export function triageService(db: Db, links: MailContext, calendar: HolidayCalendar, cse?: CseOpener) {
  const repo = triageRepository();

  /** Loads an item the actor may see (and its child), or audits the refusal and returns undefined. */
  async function visible(q: Queryable, actor: Actor, id: string, action: string): Promise<TriageRow | undefined> {
    const item = await repo.find(q, actor.partnershipId, id);
    if (item && maySeeChild(actor, item)) return item;
    const owner = item ? undefined : await repo.partnershipOf(q, id);
    await auditRefusal(q, actor, { action, subjectType: 'triage_item', subjectId: id, found: !!item, owner, missing: 'no such item' });
    return undefined;
  }

  /** The page of an item's subject: assessments and concerns have their own; a referral shows its RFM. */
  async function subjectLink(q: Queryable, item: TriageRow): Promise<string | undefined> {
    if (item.kind === 'assessment') return paths.assessments.show(item.subject_id);
    if (item.kind === 'concern') return paths.llr.concern(item.subject_id);
    const assessmentId = await repo.referralAssessment(q, item.partnership_id, item.subject_id);
    return assessmentId ? paths.assessments.show(assessmentId) : undefined;
  }

  return {
    /** One page of the inbox; the list names children, so showing it is audited (without the names). */
    async inbox(actor: Actor, f: InboxFilter) {
      return db.tx(async (q) => {
        const total = await repo.count(q, actor.partnershipId, { districtId: f.district || undefined, status: f.status });
        const pages = Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE));
        const page = Math.min(f.page, pages);
        const rows = await repo.list(q, actor.partnershipId, {
          districtId: f.district || undefined,
          status: f.status,
          sort: f.sort,
          order: f.order,
          limit: INBOX_PAGE_SIZE,
          offset: (page - 1) * INBOX_PAGE_SIZE,
        });
        await audit(q, actor, {
          action: 'triage.inbox',
          subjectType: 'triage_item',
          details: { district: f.district || undefined, status: f.status, page, shown: rows.length, total },
          childrenShown: rows.length ? [...new Set(rows.map((r) => r.child_id))] : undefined,
        });
        return { rows, total, page, pages };
      });
    },

    /** An item and its child, the view audited against the child. */
    /** An item, its subject's page and its child's identity bar (the coordinator chooses between CSE and CCE routes). */
    async view(actor: Actor, p: PartnershipConfig, id: string) {
      return db.tx(async (q) => {
        const item = await visible(q, actor, id, 'triage.view');
        if (!item) return undefined;
        await audit(q, actor, { action: 'triage.view', subjectType: 'triage_item', subjectId: id, childId: item.child_id });
        return { item, subjectHref: await subjectLink(q, item), risk: await childHeader(q, p, item.child_id, calendar) };
      });
    },

    async pickUp(actor: Actor, id: string, version: number): Promise<ChangeResult> {
      return db.tx(async (q) => {
        const item = await visible(q, actor, id, 'triage.pick-up');
        if (!item) return { ok: false, reason: 'not-found' } as const;
        if (!(await repo.pickUp(q, actor.partnershipId, id, version, actor.userId))) {
          await audit(q, actor, {
            action: 'triage.pick-up',
            outcome: 'failed',
            subjectType: 'triage_item',
            subjectId: id,
            childId: item.child_id,
            details: { reason: item.status === 'decided' ? 'already decided' : 'stale version', readVersion: version, currentVersion: item.version },
          });
          return { ok: false, reason: 'conflict', current: item } as const;
        }
        await audit(q, actor, { action: 'triage.pick-up', subjectType: 'triage_item', subjectId: id, childId: item.child_id });
        return { ok: true, item: (await repo.find(q, actor.partnershipId, id))! } as const;
      });
    },

    /**
     * Records the triage decision against the version read. A stale or second decision is refused and
     * what was submitted kept in edit_conflicts. The referrer is told by email: the child's reference
     * and the routes only, never the child's name or the rationale.
     */
    async decide(actor: Actor, p: PartnershipConfig, id: string, version: number, input: DecisionInput): Promise<ChangeResult> {
      return db.tx(async (q) => {
        const item = await visible(q, actor, id, 'triage.decide');
        if (!item) return { ok: false, reason: 'not-found' } as const;
        if (!(await repo.decide(q, actor.partnershipId, id, version, actor.userId, input.routes, input.rationale))) {
          await repo.keepConflict(q, actor.partnershipId, id, actor.userId, version, input);
          await audit(q, actor, {
            action: 'triage.decide',
            outcome: 'failed',
            subjectType: 'triage_item',
            subjectId: id,
            childId: item.child_id,
            details: { reason: item.status === 'decided' ? 'already decided' : 'stale version', readVersion: version, currentVersion: item.version },
          });
          return { ok: false, reason: 'conflict', current: item } as const;
        }
        // DOMAIN §3.4: routing the child to the CE team accepts the referral and opens the CSE service's programme.
        await cse?.openFromTriage(q, actor, p, { childId: item.child_id, triageItemId: id, routes: input.routes });
        const names = input.routes.map((r) => routeName(p, r));
        await addTimelineEvent(q, {
          partnershipId: actor.partnershipId,
          childId: item.child_id,
          kind: 'triage',
          summary: `Triage decision: ${names.join(', ')}`,
          actorUserId: actor.userId,
        });
        await audit(q, actor, {
          action: 'triage.decide',
          subjectType: 'triage_item',
          subjectId: id,
          childId: item.child_id,
          details: { routes: input.routes, version: version + 1 },
        });
        const to = item.referrer_user_id ? await repo.referrerEmail(q, actor.partnershipId, item.referrer_user_id) : undefined;
        if (to) {
          await enqueueMail(q, {
            partnershipId: actor.partnershipId,
            to,
            subject: `Triage decision for child ${item.child_reference}`,
            body: [
              `The ${kindNames[item.kind]!.toLowerCase()} you sent on ${formatDate(item.received_at)} for child ${item.child_reference} has been triaged.`,
              '',
              'Decision:',
              ...names.map((n) => `- ${n}`),
              '',
              `Decided by ${actor.displayName} on ${formatDate(new Date())}.`,
              '',
              `Sign in to MACE to see the child's record: ${mailLink(links, paths.children.show(item.child_id))}`,
              `If you have questions about the decision, contact ${p.coordinatorsInbox}.`,
              '',
              p.marking.text,
            ].join('\n'),
          });
        }
        return { ok: true, item: (await repo.find(q, actor.partnershipId, id))!, referrerTold: !!to } as const;
      });
    },
  };
}
