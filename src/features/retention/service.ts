import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { audit } from '../../platform/audit.ts';
import { todayIso } from '../../platform/dates.ts';
import { addCalendarMonths } from '../../domain/calendar/dates.ts';
import { eraseByDate, fallsDueBy, isDueForErasure, type RetentionRule } from '../../domain/retention/erase-by.ts';
import { loadVisibleChild } from '../children/access.ts';
import { retentionRepository as repo, type RetentionCandidate } from './repository.ts';

type Eraser = (
  by: { partnershipId: string },
  childId: string,
  why: string,
) => Promise<{ ok: true; erased: Record<string, number> } | { ok: false; reason: string; table?: string }>;

/** The rule in words, for the erasure's audit entry and the page (no personal data). */
export function ruleText(r: RetentionRule): string {
  const parts = [];
  if (r.untilAge !== undefined) parts.push(`until the ${r.untilAge}th birthday`);
  if (r.yearsAfterLastActivity !== undefined) parts.push(`${r.yearsAfterLastActivity} years after the last activity`);
  return parts.join(' and ');
}

export type DueChild = { id: string; reference: string; name: string; eraseBy: string; held?: { reason: string; at: Date } };

const withDates = (rows: RetentionCandidate[], rule: RetentionRule) =>
  rows.map((c) => ({ c, eraseBy: eraseByDate({ dateOfBirth: c.date_of_birth, lastActivity: c.last_activity }, rule) }));

/**
 * Retention (issue 16 item 12; DOMAIN §7): what falls due for erasure under the partnership's rule, holds placed by a
 * coordinator with a reason (audited), and the nightly run that erases each due child in a transaction of its own
 * through the children service's erase (its feature erasers in foreign-key order, the erasure audited in counts).
 */
export function retentionService(db: Db, partnerships: Map<string, PartnershipConfig>, erase: Eraser) {
  return {
    /** Children due for erasure by a month from today (or already due), with any hold; the list audited naming them. */
    async dueNextMonth(actor: Actor, p: PartnershipConfig, today = todayIso()): Promise<{ until: string; children: DueChild[] }> {
      const until = addCalendarMonths(today, 1);
      return db.tx(async (q) => {
        const due = withDates(await repo.candidates(q, p.id), p.retention)
          .filter((d) => fallsDueBy(d.eraseBy, until))
          .sort((a, b) => a.eraseBy!.localeCompare(b.eraseBy!) || a.c.reference.localeCompare(b.c.reference));
        const children = due.map(({ c, eraseBy }) => ({
          id: c.id,
          reference: c.reference,
          name: `${c.first_name} ${c.last_name}`,
          eraseBy: eraseBy!,
          held: c.hold_reason ? { reason: c.hold_reason, at: c.held_at! } : undefined,
        }));
        await audit(q, actor, { action: 'retention.view', details: { until, count: children.length }, childrenShown: children.map((c) => c.id) });
        return { until, children };
      });
    },

    /** Places a hold with a reason (audited on the child); 'not-found' through loadVisibleChild (refusal audited). */
    async placeHold(actor: Actor, childId: string, reason: string): Promise<'placed' | 'already' | 'not-found'> {
      return db.tx(async (q) => {
        if (!(await loadVisibleChild(q, actor, childId, 'retention.hold'))) return 'not-found';
        const placed = await repo.placeHold(q, actor.partnershipId, childId, reason, actor.userId);
        await audit(q, actor, {
          action: 'retention.hold',
          outcome: placed ? 'allowed' : 'failed',
          subjectType: 'child',
          subjectId: childId,
          childId,
          details: placed ? { reason } : { reason: 'already held' },
        });
        return placed ? 'placed' : 'already';
      });
    },

    async releaseHold(actor: Actor, childId: string): Promise<'released' | 'none' | 'not-found'> {
      return db.tx(async (q) => {
        if (!(await loadVisibleChild(q, actor, childId, 'retention.release'))) return 'not-found';
        const released = await repo.releaseHold(q, actor.partnershipId, childId, actor.userId);
        await audit(q, actor, { action: 'retention.release', outcome: released ? 'allowed' : 'failed', subjectType: 'child', subjectId: childId, childId });
        return released ? 'released' : 'none';
      });
    },

    /**
     * The nightly run (features/jobs/retention.ts): for each partnership, each child due on `today` and not held is
     * erased in its own transaction. Returns counts only (no personal data): due, erased, held, refused (another
     * feature's rows stopped it: nothing of that child erased).
     */
    async run(today = todayIso()): Promise<Record<string, number>> {
      const out = { due: 0, erased: 0, held: 0, refused: 0 };
      for (const p of partnerships.values()) {
        const due = withDates(await db.tx((q) => repo.candidates(q, p.id)), p.retention).filter((d) => isDueForErasure(d.eraseBy, today));
        for (const { c } of due) {
          out.due++;
          if (c.hold_reason) {
            out.held++;
            continue;
          }
          const r = await erase({ partnershipId: p.id }, c.id, `retention: ${ruleText(p.retention)}`);
          if (r.ok) out.erased++;
          else out.refused++;
        }
      }
      return out;
    },
  };
}

export type RetentionService = ReturnType<typeof retentionService>;
