import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../platform/sessions.ts';
import { can } from '../../platform/roles.ts';
import { loadPartnerships, type PartnershipConfig } from '../../partnerships/index.ts';
import { ensureSeries } from './service.ts';
import { meetingRepository } from './repository.ts';

let configs: Map<string, PartnershipConfig> | undefined;

/**
 * The next meetings for the home page: of the series the user is a member of, or all of the
 * partnership's for those who run meetings (coordinators, chairs, administrators).
 */
export async function meetingsForHome(db: Db, user: SessionUser): Promise<{ id: string; name: string; starts_at: Date; status: string }[]> {
  configs ??= loadPartnerships();
  const p = configs.get(user.partnershipId);
  const repo = meetingRepository();
  const now = new Date();
  const rows = await db.tx(async (q) => {
    if (p) await ensureSeries(q, p, now);
    return repo.occurrencesBetween(q, user.partnershipId, now, new Date(now.getTime() + 28 * 86_400_000), {
      memberUserId: can(user.roles, 'meeting:manage') ? undefined : user.userId,
      limit: 5,
    });
  });
  return rows.map((r) => ({ id: r.id, name: r.series_name, starts_at: r.starts_at, status: r.status }));
}
