import type { Db } from '../../db/client.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import type { Actor } from '../../platform/actor.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import { addSeriesMemberIn, ensureSeries } from '../meetings/service.ts';
import { mailContext } from '../../platform/mail.ts';
import { agendaService } from './service.ts';
import type { ItemInput } from './schemas.ts';

/** Which meeting gets a demo agenda in each partnership: a Staffordshire district panel, Rotherham's MACE, an LLR DRMM. */
const demoTypes: Record<string, string> = { staffordshire: 'district-mace', rotherham: 'mace', llr: 'drmm' };

const item = (kind: ItemInput['kind'], o: Partial<ItemInput>): ItemInput => ({
  kind,
  childIds: [],
  references: [],
  discussion: 'auto',
  slotMinutes: null,
  fixedStart: null,
  title: null,
  location: null,
  ...o,
});

/**
 * Fictional demo agendas (drafts): the next meeting of one series per partnership gets two or three
 * demo children (one Rotherham pair as a group in one slot) and, for Staffordshire, a location; the
 * demo chair, administrator and agency responder become members of that series. Idempotent: a
 * meeting that already has items is left alone.
 */
export async function seedDemoAgendas(db: Db, partnerships: Map<string, PartnershipConfig>, calendar: HolidayCalendar): Promise<void> {
  // The seed runs before the app knows its address (PUBLIC_URL): its queued emails, never sent, carry paths.
  const agendas = agendaService(db, mailContext(''), calendar);
  for (const p of partnerships.values()) {
    const type = demoTypes[p.id];
    if (!type) continue;
    const users = await db.query<{ id: string; agency_id: string; roles: string[]; display_name: string; email: string }>(
      `SELECT id, agency_id, roles, display_name, email FROM users WHERE partnership_id = $1 AND email = ANY($2::text[])`,
      [p.id, ['coordinator', 'chair', 'administrator', 'responder'].map((r) => `${r}@${p.id}.example.org`)],
    );
    const coordinator = users.find((u) => u.email.startsWith('coordinator@'));
    if (!coordinator) continue;
    const kids = await db.query<{ id: string; district_id: string | null }>(
      `SELECT id, district_id FROM children WHERE partnership_id = $1 ORDER BY reference`,
      [p.id],
    );
    if (kids.length < 3) continue;
    const target = await db.tx(async (q) => {
      await ensureSeries(q, p, calendar);
      const district = type === 'district-mace' ? kids[0]!.district_id : null;
      const [occ] = await q.query<{ id: string; series_id: string; n: number }>(
        `SELECT o.id, o.series_id, (SELECT count(*)::int FROM agenda_items i WHERE i.partnership_id = o.partnership_id AND i.occurrence_id = o.id) AS n
           FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
          WHERE o.partnership_id = $1 AND s.type_id = $2 AND ($3::text IS NULL OR s.district_id = $3) AND s.config_key IS NOT NULL
            AND o.status = 'scheduled' AND o.starts_at > now()
          ORDER BY o.starts_at LIMIT 1`,
        [p.id, type, district],
      );
      if (!occ || occ.n > 0) return undefined;
      for (const u of users.filter((x) => !x.email.startsWith('coordinator@'))) {
        await addSeriesMemberIn(q, p.id, occ.series_id, u.id, u.agency_id, 'core', coordinator.id);
      }
      return occ;
    });
    if (!target) continue;
    const actor: Actor = {
      userId: coordinator.id,
      partnershipId: p.id,
      agencyId: coordinator.agency_id,
      roles: coordinator.roles,
      displayName: coordinator.display_name,
      email: coordinator.email,
      ip: 'demo-seed',
    };
    const sameDistrict = kids.filter((k) => k.district_id === kids[0]!.district_id);
    const plan: ItemInput[] =
      p.id === 'staffordshire'
        ? [
            item('child', { childIds: [sameDistrict[0]!.id] }),
            ...(sameDistrict[1] ? [item('child', { childIds: [sameDistrict[1].id], discussion: 'review' })] : []),
            item('location', {
              location: 'Bus station and the retail park next to it (demo)',
              title: 'Reports of older males meeting children after school (demo)',
            }),
          ]
        : p.id === 'rotherham'
          ? [
              item('child', { childIds: [kids[0]!.id] }),
              item('group', { childIds: [kids[1]!.id, kids[2]!.id], title: 'Peers seen together at the same address (demo)', discussion: 'review' }),
            ]
          : [item('child', { childIds: [kids[0]!.id] }), item('child', { childIds: [kids[1]!.id], discussion: 'review' })];
    for (const input of plan) await agendas.addItem(actor, p, target.id, input);
  }
}
