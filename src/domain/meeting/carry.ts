/** Where a closed meeting's open actions go. */
type Occurrence = { id: string; startsAt: Date; status: 'scheduled' | 'moved' | 'cancelled' };

// DOMAIN §5: open actions carry forward to the next meeting of the same series: the first one after this one that is not cancelled.
export function carryForwardTarget(current: { id: string; startsAt: Date }, later: readonly Occurrence[]): Occurrence | undefined {
  return [...later]
    .filter((o) => o.id !== current.id && o.status !== 'cancelled' && o.startsAt.getTime() > current.startsAt.getTime())
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id))[0];
}
