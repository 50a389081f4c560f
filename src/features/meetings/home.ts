import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../platform/sessions.ts';

/** Meetings the user is invited to, for the home page. Filled in by the meetings feature. */
export async function meetingsForHome(_db: Db, _user: SessionUser): Promise<{ id: string; name: string; starts_at: Date }[]> {
  return [];
}
