// DOMAIN §4, §6: planning an agenda's slots: their lengths, the running order and whether it fits the meeting.

export type ItemKind = 'child' | 'group' | 'location';
type Discussion = 'initial' | 'review';
type AgendaSlots = { initial: number; review: number; location: number };

/** The shortest and longest slot a user may set (the partnership's configuration has the same bounds). */
export const SLOT_MIN = 5;
export const SLOT_MAX = 240;

// DOMAIN §4: a slot's length follows from the discussion (Rotherham: initial 45 minutes, review 15); a location has its own.
export function slotMinutes(slots: AgendaSlots, kind: ItemKind, discussion: Discussion): number {
  if (kind === 'location') return slots.location;
  return discussion === 'review' ? slots.review : slots.initial;
}

// DOMAIN §4, §6: a child (or every child of a group) discussed at an earlier meeting of the series comes back for review.
export function defaultDiscussion(discussedBefore: readonly boolean[]): Discussion {
  return discussedBefore.length > 0 && discussedBefore.every(Boolean) ? 'review' : 'initial';
}

export type PlanItem = { id: string; slotMinutes: number; /** minutes after the meeting's start, when the item must start then */ fixedAt?: number | null };
type PlannedItem = { id: string; startMinute: number; endMinute: number; gapBefore: number; fixed: boolean };
type Overlap = { id: string; position: number; previousId: string; previousPosition: number; startMinute: number; previousEndMinute: number };
export type Fit = { status: 'fits' | 'over' | 'under'; minutes: number };

// DOMAIN §6: items follow each other in order; one with a fixed start waits for it (leaving a gap).
export function runningOrder(items: readonly PlanItem[]): PlannedItem[] {
  let cursor = 0;
  return items.map((it) => {
    const fixed = it.fixedAt !== undefined && it.fixedAt !== null;
    const start = fixed ? (it.fixedAt as number) : cursor;
    const gapBefore = Math.max(0, start - cursor);
    cursor = start + it.slotMinutes;
    return { id: it.id, startMinute: start, endMinute: cursor, gapBefore, fixed };
  });
}

// DOMAIN §6: no slot may overlap another: a fixed start before the previous item ends (or before the meeting starts) is refused.
export function overlaps(items: readonly PlanItem[]): Overlap[] {
  const planned = runningOrder(items);
  const out: Overlap[] = [];
  planned.forEach((p, i) => {
    if (!p.fixed) return;
    if (p.startMinute < 0) {
      out.push({ id: p.id, position: i + 1, previousId: '', previousPosition: 0, startMinute: p.startMinute, previousEndMinute: 0 });
      return;
    }
    const prev = planned[i - 1];
    if (prev && p.startMinute < prev.endMinute) {
      out.push({ id: p.id, position: i + 1, previousId: prev.id, previousPosition: i, startMinute: p.startMinute, previousEndMinute: prev.endMinute });
    }
  });
  return out;
}

/** How long the agenda runs: to the end of its last item (gaps included). */
export function agendaMinutes(items: readonly PlanItem[]): number {
  const planned = runningOrder(items);
  return planned.length ? Math.max(0, ...planned.map((p) => p.endMinute)) : 0;
}

// DOMAIN §4: the agenda fits the meeting's length, or runs over (or under) it by so many minutes.
export function fit(agendaLength: number, meetingLength: number): Fit {
  if (agendaLength === meetingLength) return { status: 'fits', minutes: 0 };
  return agendaLength > meetingLength ? { status: 'over', minutes: agendaLength - meetingLength } : { status: 'under', minutes: meetingLength - agendaLength };
}

/** "3 hours 30 minutes", "1 hour", "45 minutes", "1 minute". */
export function formatMinutes(total: number): string {
  const h = Math.floor(total / 60);
  const m = total % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (!h) return part(m, 'minute');
  return m ? `${part(h, 'hour')} ${part(m, 'minute')}` : part(h, 'hour');
}

/** The sentence the agenda page shows about its length. */
export function fitMessage(f: Fit, meetingLength: number, itemCount: number): string {
  const meeting = formatMinutes(meetingLength);
  if (!itemCount) return `The agenda has no items yet: the meeting lasts ${meeting}.`;
  if (f.status === 'over') return `The agenda runs ${formatMinutes(f.minutes)} over the meeting’s ${meeting}`;
  if (f.status === 'under') return `The agenda fits the meeting’s ${meeting} with ${formatMinutes(f.minutes)} to spare`;
  return `The agenda fills the meeting’s ${meeting} exactly`;
}
