import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../platform/sessions.ts';
import { todayIso } from '../../platform/dates.ts';
import { addDays, isOverdue, DUE_SOON_DAYS } from '../../domain/actions/rules.ts';
import { actionRepository } from './repository.ts';

/** "My actions" for the home page: the user's open actions that are overdue or due within a fortnight, soonest first. */
export async function actionsForHome(
  db: Db,
  user: SessionUser,
): Promise<{ id: string; what: string; due_on: string; overdue: boolean; child_id: string | null }[]> {
  const today = todayIso();
  const rows = await actionRepository().openForOwnerDueBy(db, user.partnershipId, user.userId, addDays(today, DUE_SOON_DAYS));
  return rows.map((r) => ({ id: r.id, what: r.what, due_on: r.due_on, overdue: isOverdue(r, today), child_id: r.child_id }));
}

/** How many of the user's open actions are due later than the home page's fortnight (so that a new owner knows they have them). */
export async function laterActionsForHome(db: Db, user: SessionUser): Promise<number> {
  return actionRepository().openForOwnerDueAfterCount(db, user.partnershipId, user.userId, addDays(todayIso(), DUE_SOON_DAYS));
}

/** Issue 15 §12: open actions allocated to the user's agency (its team, no named person), for its responders' home page. */
export async function agencyActionsForHome(
  db: Db,
  user: SessionUser,
): Promise<{ id: string; what: string; due_on: string; overdue: boolean; owner_team: string | null }[]> {
  const today = todayIso();
  const rows = await actionRepository().openForAgencyTeam(db, user.partnershipId, user.agencyId);
  return rows.map((r) => ({ id: r.id, what: r.what, due_on: r.due_on, overdue: isOverdue(r, today), owner_team: r.owner_team }));
}
