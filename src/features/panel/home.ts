import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../platform/sessions.ts';

/** Lateral checks waiting for the user's agency, for the home page. Filled in by the panel feature. */
export async function lateralChecksForHome(_db: Db, _user: SessionUser): Promise<{ id: string; child_reference: string; requested_at: Date }[]> {
  return [];
}
