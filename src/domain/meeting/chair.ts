// Who chairs a meeting and who deputises (issue 15, item 20): the series' chair rota, turns taken in order one per
// meeting; the partnership's configuration gives the roles (the defaults of a new rota, and what a meeting shows when
// no one is named yet). Pure: the caller counts the meetings.

/** The chair roles of a meeting type, as configured (partnerships/*.ts `chairs`). */
export interface ChairRoles {
  /** The roles that take turns to chair, in order; one role chairs every meeting. */
  readonly roles: readonly string[];
  /** Who chairs in the chair's absence (002 §2.2: the YJS coordinator or a nominated Evolve social worker). */
  readonly deputy?: string;
  /** Who co-chairs every meeting (004: the LLR heads of service co-chair the Monthly). */
  readonly coChair?: string;
}

/** One turn of a series' rota: the role, the named user who chairs, and their named deputy. */
export interface ChairTurn<P> {
  readonly role: string;
  readonly chair: P;
  readonly deputy: P | null;
}

export interface ResolvedChair<P> {
  readonly role: string;
  /** The named chair; null when the rota names no one yet (the role is shown). */
  readonly chair: P | null;
  readonly deputy: P | null;
  readonly deputyRole: string | null;
  readonly coChair: string | null;
  /** Which turn of how many (1-based). */
  readonly turn: number;
  readonly of: number;
}

const mod = (i: number, n: number) => ((i % n) + n) % n;

// DOMAIN §4 (002 §2.2), §5 (004), §6 (003): the chair of the meeting `meetingIndex` meetings after the rota's first (negative before
// it): the series' named turns in order, one per meeting (so 002's Evolve team manager and detective sergeant alternate); the
// configured roles in the same order when no one is named; with no rota to count from (index undefined), the roles in turn
export function resolveChair<P>(roles: ChairRoles | undefined, turns: readonly ChairTurn<P>[], meetingIndex: number | undefined): ResolvedChair<P> | undefined {
  if (meetingIndex !== undefined && !Number.isInteger(meetingIndex)) throw new RangeError(`meetingIndex must be a whole number: ${meetingIndex}`);
  const extra = { deputyRole: roles?.deputy ?? null, coChair: roles?.coChair ?? null };
  if (meetingIndex === undefined) {
    if (!roles?.roles.length) return undefined;
    const role = roles.roles.length === 1 ? roles.roles[0]! : `${roles.roles.join(' or ')}, in turn`;
    return { role, chair: null, deputy: null, ...extra, turn: 0, of: roles.roles.length };
  }
  if (turns.length) {
    const i = mod(meetingIndex, turns.length);
    const t = turns[i]!;
    return { role: t.role, chair: t.chair, deputy: t.deputy, ...extra, turn: i + 1, of: turns.length };
  }
  if (roles?.roles.length) {
    const i = mod(meetingIndex, roles.roles.length);
    return { role: roles.roles[i]!, chair: null, deputy: null, ...extra, turn: i + 1, of: roles.roles.length };
  }
  return undefined;
}

// DOMAIN §4, §5, §6: a rota's turns, each with a role, a chair and a deputy who is someone else; at least one turn
export function rotaErrors(
  turns: readonly { role: string; chair: string; deputy: string | null }[],
): { turn: number; field: 'role' | 'chair' | 'deputy'; message: string }[] {
  const out: { turn: number; field: 'role' | 'chair' | 'deputy'; message: string }[] = [];
  turns.forEach((t, i) => {
    const turn = i + 1;
    if (!t.role.trim()) out.push({ turn, field: 'role', message: `Enter the role that chairs turn ${turn}` });
    else if (t.role.length > 200) out.push({ turn, field: 'role', message: `The role for turn ${turn} must be 200 characters or fewer` });
    if (!t.chair) out.push({ turn, field: 'chair', message: `Select who chairs turn ${turn}` });
    if (t.deputy && t.deputy === t.chair) out.push({ turn, field: 'deputy', message: `The deputy for turn ${turn} must be someone other than the chair` });
  });
  return out;
}

/** A one-off change for one meeting: who chairs and who deputises instead of the rota's (null keeps the rota's), and why. */
export interface ChairChange<P> {
  readonly chair: P | null;
  readonly deputy: P | null;
  readonly reason: string;
}

/** The meeting's chair after a one-off change, with what the rota gave (to show "in place of"). */
export type ChangedChair<P> = ResolvedChair<P> & {
  readonly change: {
    readonly reason: string;
    readonly chairChanged: boolean;
    readonly deputyChanged: boolean;
    readonly rotaChair: P | null;
    readonly rotaDeputy: P | null;
  };
};

// DOMAIN §4 (002 §2.2: a deputy chairs in the chair's absence), §5, §6: a one-off change names another chair and/or deputy for
// one meeting; the rota's turn (its role, and whatever the change leaves) stands, and the next meeting is the rota's again
export function applyChairChange<P>(rota: ResolvedChair<P> | undefined, change: ChairChange<P> | undefined): ResolvedChair<P> | ChangedChair<P> | undefined {
  if (!change || (!change.chair && !change.deputy)) return rota;
  const base: ResolvedChair<P> = rota ?? { role: 'Chair', chair: null, deputy: null, deputyRole: null, coChair: null, turn: 0, of: 0 };
  return {
    ...base,
    chair: change.chair ?? base.chair,
    deputy: change.deputy ?? base.deputy,
    change: { reason: change.reason, chairChanged: !!change.chair, deputyChanged: !!change.deputy, rotaChair: base.chair, rotaDeputy: base.deputy },
  };
}

// DOMAIN §4, §5, §6: a one-off change names a chair or a deputy (or both), gives the reason, and leaves the meeting's deputy someone other than its chair
export function chairChangeErrors(
  change: { chair: string | null; deputy: string | null; reason: string },
  rota: { chair: string | null; deputy: string | null },
): { field: 'chair' | 'deputy' | 'reason'; message: string }[] {
  const out: { field: 'chair' | 'deputy' | 'reason'; message: string }[] = [];
  if (!change.chair && !change.deputy) out.push({ field: 'chair', message: 'Select who chairs this meeting, or who deputises, instead of the rota’s' });
  const chair = change.chair ?? rota.chair;
  const deputy = change.deputy ?? rota.deputy;
  if ((change.chair || change.deputy) && chair && deputy && chair === deputy)
    out.push(
      change.deputy
        ? { field: 'deputy', message: 'The deputy must be someone other than the chair of this meeting' }
        : { field: 'chair', message: 'The chair must be someone other than the deputy of this meeting: name another deputy too' },
    );
  if (!change.reason.trim()) out.push({ field: 'reason', message: 'Enter why the chair changes for this meeting' });
  else if (change.reason.trim().length > 1000) out.push({ field: 'reason', message: 'The reason must be 1,000 characters or fewer' });
  return out;
}
