import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf } from '../../platform/http.ts';
import { audit } from '../../platform/audit.ts';
import { can } from '../../platform/roles.ts';
import { isUuid } from '../../platform/validation.ts';
import { loadVisibleChild } from '../children/access.ts';
import { childHeader } from '../reviews/service.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { instrumentNames } from '../../domain/risk/levels.ts';
import { agendaRepository, type ChildMeetingRow } from './repository.ts';

/** Still to come: the meeting is not cancelled, not closed, and the item was not deferred or discussed. */
export const isUpcoming = (r: Pick<ChildMeetingRow, 'occurrence_status' | 'closed_at' | 'item_status'>) =>
  r.occurrence_status !== 'cancelled' && !r.closed_at && (r.item_status === 'planned' || r.item_status === 'in-discussion');

/** The child's meetings (audited as a view of the child), or undefined when the child is not theirs to see. */
export async function childMeetings(db: Db, actor: Actor, p: PartnershipConfig, childId: string) {
  return db.tx(async (q) => {
    const child = await loadVisibleChild(q, actor, childId, 'agenda.child-meetings');
    if (!child) return undefined;
    const rows = await agendaRepository().itemsForChild(q, actor.partnershipId, childId);
    await audit(q, actor, { action: 'agenda.child-meetings', subjectType: 'child', subjectId: childId, childId, details: { items: rows.length } });
    return { child, risk: await childHeader(q, p, childId), upcoming: rows.filter(isUpcoming).reverse(), past: rows.filter((r) => !isUpcoming(r)) };
  });
}

/**
 * The next meeting of each series a referred child may go to (for "add to the agenda" from the referral):
 * series of the child's district where panels are per district, otherwise every series; never a meeting held
 * before another (Staffordshire's pre-MACE thresholding), never one cancelled, already open or closed.
 */
export async function nextMeetingsFor(q: Queryable, p: PartnershipConfig, districtId: string | null) {
  const panelTypes = p.meetingTypes.filter((t) => !t.rule.startsWith('BEFORE:')).map((t) => t.id);
  const rows = await agendaRepository().nextOccurrencesOfTypes(q, p.id, panelTypes);
  // Where panels are per district (Staffordshire), only the child's district's; elsewhere every series.
  const perDistrict = p.meetingTypes.some((t) => t.perDistrict && panelTypes.includes(t.id));
  return (perDistrict ? rows.filter((r) => districtId && r.district_id === districtId) : rows).sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime()).slice(0, 3);
}

/** The child record's "Meetings" tab: upcoming agenda items and what past meetings decided. */
export function childMeetingRoutes({ db }: Pick<AppDeps, 'db'>): RouteSpec[] {
  return [
    {
      method: 'get', path: '/children/:id/meetings', access: 'child:read', audit: 'agenda.child-meetings',
      handler: async (req: Request, res: Response) => {
        const id = typeof req.params.id === 'string' ? req.params.id : '';
        const p = partnershipOf(req);
        const view = isUuid(id) ? await childMeetings(db, actorOf(req), p, id) : undefined;
        if (!view) return notFound(res);
        res.render('agenda/views/child-meetings.njk', {
          ...view,
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
  const upcoming = (await agendaRepository().itemsForChild(db, p.id, childId)).filter(isUpcoming).reverse();
  const next = (await nextMeetingsFor(db, p, districtId)).filter((m) => !upcoming.some((u) => u.occurrence_id === m.id));
  return { upcoming, next };
}
