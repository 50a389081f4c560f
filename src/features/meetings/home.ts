import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../platform/sessions.ts';
import { can } from '../../platform/roles.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import { ensureSeries } from './service.ts';
import { meetingRepository } from './repository.ts';

/**
 * The next meetings for the home page: of the series the user is a member of, or all of the
 * partnership's for those who run meetings (coordinators, chairs, administrators). `p` is the
 * user's partnership (its series written first when it has one), `calendar` the bank holidays.
 */
export async function meetingsForHome(
  db: Db,
  user: SessionUser,
  p: PartnershipConfig | undefined,
  calendar: HolidayCalendar,
): Promise<{ id: string; name: string; starts_at: Date; status: string }[]> {
  const repo = meetingRepository();
  const now = new Date();
  const rows = await db.tx(async (q) => {
    if (p) await ensureSeries(q, p, calendar, now);
    return repo.occurrencesBetween(q, user.partnershipId, now, new Date(now.getTime() + 28 * 86_400_000), {
      memberUserId: can(user.roles, 'meeting:manage') ? undefined : user.userId,
      limit: 5,
    });
  });
  return rows.map((r) => ({ id: r.id, name: r.series_name, starts_at: r.starts_at, status: r.status }));
}
