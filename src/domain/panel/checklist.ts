// DOMAIN §6 (source 000 step 2): what the lead professional makes sure of before the panel.

type ChecklistItem = { id: string; text: string; hint?: string };

/** The step 2 items, in the source's order. */
export const panelChecklist: readonly ChecklistItem[] = [
  { id: 'rfm-sent', text: 'An updated Risk Factor Matrix has been sent to all involved agencies' },
  { id: 'prior-actions', text: 'Actions from prior panels are completed' },
  { id: 'invite-answered', text: 'The panel invitation has been accepted or declined', hint: 'If the lead professional cannot attend, their manager attends.' },
  { id: 'professionals-represented', text: 'Other key professionals involved will be represented and can share an update' },
  { id: 'agencies-told', text: 'All agencies, including education, have been told the child was referred to MACE' },
];

/** Keeps only known item ids, in the checklist's order (unknown ids are dropped, duplicates once). */
export function normaliseChecklist(ids: readonly string[]): string[] {
  return panelChecklist.map((i) => i.id).filter((id) => ids.includes(id));
}

/** How much of the checklist is done. */
export function checklistProgress(done: readonly string[]): { done: number; total: number; complete: boolean } {
  const n = normaliseChecklist(done).length;
  return { done: n, total: panelChecklist.length, complete: n === panelChecklist.length };
}
