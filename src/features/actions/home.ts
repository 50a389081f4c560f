import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../platform/sessions.ts';

/** "My actions" for the home page (due and overdue). Filled in by the actions feature. */
export async function actionsForHome(_db: Db, _user: SessionUser): Promise<{ id: string; what: string; due_on: string; overdue: boolean; child_id: string | null }[]> {
  return [];
}
