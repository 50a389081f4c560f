import type { Request, Response } from 'express';
import type { Services } from '../../app.ts';
import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf } from '../../platform/http.ts';
import { audit } from '../../platform/audit.ts';
import { can } from '../../platform/roles.ts';
import { isUuid } from '../../platform/validation.ts';
import { loadVisibleChild } from '../children/access.ts';
import { riskSummary } from '../assessments/service.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { instrumentNames, type RiskLevel, type Instrument } from '../../domain/risk/levels.ts';

/** One agenda item naming the child: the meeting, whether it is still to come, and what the meeting decided. */
export type ChildMeetingRow = {
  item_id: string;
  occurrence_id: string;
  series_name: string;
  starts_at: Date;
  occurrence_status: 'scheduled' | 'moved' | 'cancelled';
  agenda_status: 'draft' | 'published' | null;
  opened_at: Date | null;
  closed_at: Date | null;
  kind: 'child' | 'group' | 'location';
  title: string | null;
  discussion: 'initial' | 'review';
  item_status: 'planned' | 'in-discussion' | 'discussed' | 'deferred';
  risk_instrument: Instrument | null;
  risk_level: RiskLevel | null;
  decisions: string | null;
  rationale: string | null;
  next_review_on: string | null;
  decided_at: Date | null;
  decided_by_name: string | null;
  actions: number;
};

/** Every agenda item naming the child (latest meeting first), with its meeting and decision. */
function itemsForChild(q: Queryable, partnershipId: string, childId: string) {
  return q.query<ChildMeetingRow>(
    `SELECT i.id AS item_id, o.id AS occurrence_id, s.name AS series_name, o.starts_at, o.status AS occurrence_status,
            a.status AS agenda_status, a.opened_at, a.closed_at, i.kind, i.title, i.discussion, i.status AS item_status,
            i.risk_instrument, i.risk_level, i.decisions, i.rationale, to_char(i.next_review_on, 'YYYY-MM-DD') AS next_review_on,
            i.decided_at, u.display_name AS decided_by_name,
            (SELECT count(*)::int FROM actions x WHERE x.partnership_id = i.partnership_id AND x.agenda_item_id = i.id AND x.child_id = ic.child_id) AS actions
       FROM agenda_item_children ic
       JOIN agenda_items i ON i.partnership_id = ic.partnership_id AND i.id = ic.item_id
       JOIN meeting_occurrences o ON o.partnership_id = i.partnership_id AND o.id = i.occurrence_id
       JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
       LEFT JOIN agendas a ON a.partnership_id = o.partnership_id AND a.occurrence_id = o.id
       LEFT JOIN users u ON u.partnership_id = i.partnership_id AND u.id = i.decided_by
      WHERE ic.partnership_id = $1 AND ic.child_id = $2
      ORDER BY o.starts_at DESC, i.position, i.id
      LIMIT 200`,
    [partnershipId, childId],
  );
}

/** Still to come: the meeting is not cancelled, not closed, and the item was not deferred or discussed. */
export const isUpcoming = (r: Pick<ChildMeetingRow, 'occurrence_status' | 'closed_at' | 'item_status'>) =>
  r.occurrence_status !== 'cancelled' && !r.closed_at && (r.item_status === 'planned' || r.item_status === 'in-discussion');

/** The child's meetings (audited as a view of the child), or undefined when the child is not theirs to see. */
export async function childMeetings(db: Db, actor: Actor, childId: string) {
  return db.tx(async (q) => {
    const child = await loadVisibleChild(q, actor, childId, 'agenda.child-meetings');
    if (!child) return undefined;
    const rows = await itemsForChild(q, actor.partnershipId, childId);
    await audit(q, actor, { action: 'agenda.child-meetings', subjectType: 'child', subjectId: childId, childId, details: { items: rows.length } });
    return { child, upcoming: rows.filter(isUpcoming).reverse(), past: rows.filter((r) => !isUpcoming(r)) };
  });
}

/**
 * The next meeting of each series a referred child may go to (for "add to the agenda" from the referral):
 * series of the child's district where panels are per district, otherwise every series; never a meeting held
 * before another (Staffordshire's pre-MACE thresholding), never one cancelled, already open or closed.
 */
export async function nextMeetingsFor(q: Queryable, p: PartnershipConfig, districtId: string | null) {
  const panelTypes = p.meetingTypes.filter((t) => !t.rule.startsWith('BEFORE:')).map((t) => t.id);
  const rows = await q.query<{ id: string; series_name: string; starts_at: Date; district_id: string | null }>(
    `SELECT DISTINCT ON (s.id) o.id, s.name AS series_name, o.starts_at, s.district_id
       FROM meeting_occurrences o
       JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
       LEFT JOIN agendas a ON a.partnership_id = o.partnership_id AND a.occurrence_id = o.id
      WHERE o.partnership_id = $1 AND s.type_id = ANY($2::text[]) AND o.status <> 'cancelled' AND o.starts_at > now()
        AND a.closed_at IS NULL AND a.opened_at IS NULL
      ORDER BY s.id, o.starts_at`,
    [p.id, panelTypes],
  );
  // Where panels are per district (Staffordshire), only the child's district's; elsewhere every series.
  const perDistrict = p.meetingTypes.some((t) => t.perDistrict && panelTypes.includes(t.id));
  return (perDistrict ? rows.filter((r) => districtId && r.district_id === districtId) : rows).sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime()).slice(0, 3);
}

/** The child record's "Meetings" tab: upcoming agenda items and what past meetings decided. */
export function childMeetingRoutes({ db, partnerships }: Pick<Services, 'db' | 'partnerships'>): RouteSpec[] {
  return [
    {
      method: 'get', path: '/children/:id/meetings', access: 'child:read', audit: 'agenda.child-meetings',
      handler: async (req: Request, res: Response) => {
        const id = typeof req.params.id === 'string' ? req.params.id : '';
        const view = isUuid(id) ? await childMeetings(db, actorOf(req), id) : undefined;
        if (!view) return res.status(404).render('errors/not-found.njk');
        const p = partnerships.get(req.user!.partnershipId)!;
        res.render('agenda/views/child-meetings.njk', {
          ...view,
          risk: await riskSummary(db, p, id),
          instrumentNames,
          names: { district: Object.fromEntries(p.districts.map((d) => [d.id, d.name])) },
          canAudit: can(req.user!.roles, 'audit:read'),
          canReadMeetings: can(req.user!.roles, 'meeting:read'),
        });
      },
    },
  ];
}

/**
 * For a referral's page: the meetings still to come with the child on the agenda, and the next meetings the
 * child could be added to (none that already has the child). The referral's own view is the audited read.
 */
export async function agendaForReferral(db: Db, p: PartnershipConfig, childId: string, districtId: string | null) {
  const upcoming = (await itemsForChild(db, p.id, childId)).filter(isUpcoming).reverse();
  const next = (await nextMeetingsFor(db, p, districtId)).filter((m) => !upcoming.some((u) => u.occurrence_id === m.id));
  return { upcoming, next };
}
