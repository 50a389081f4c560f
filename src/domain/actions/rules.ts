import { actionKinds, toolkitItem, type ActionKind } from './toolkit.ts';

export const actionStatuses = ['open', 'in-progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof actionStatuses)[number];
export const statusNames: Record<ActionStatus, string> = { open: 'Open', 'in-progress': 'In progress', done: 'Done', cancelled: 'Cancelled' };

const isOpen = (status: string) => status === 'open' || status === 'in-progress';

// DOMAIN §5: SMART actions are time-based; an open action is overdue from the day after its due date (due today is not overdue).
export function isOverdue(a: { status: string; due_on: string }, today: string): boolean {
  return isOpen(a.status) && a.due_on < today;
}

/** ISO date plus n days (UTC arithmetic on a bare date). */
export function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// DOMAIN §5: "my actions" are open ones that are overdue or due within the next fortnight.
export const DUE_SOON_DAYS = 14;
export function isDueSoon(a: { status: string; due_on: string }, today: string, days = DUE_SOON_DAYS): boolean {
  return isOpen(a.status) && a.due_on <= addDays(today, days);
}

export type SmartRaw = {
  what: string;
  kind: string;
  toolkitItem: string;
  ownerType: string;
  ownerUserId: string;
  ownerTeam: string;
  ownerAgencyId: string;
  measure: string;
  agreedBy: string;
  /** An ISO date, or '' when not given; dueOnError is a date-input error already found (e.g. not a real date). */
  dueOn: string;
  dueOnError?: string;
};

export type SmartAction = {
  what: string;
  kind: ActionKind;
  toolkitItem: string | null;
  ownerUserId: string | null;
  ownerTeam: string | null;
  ownerAgencyId: string;
  measure: string;
  agreedBy: string;
  dueOn: string;
};

type SmartContext = {
  today: string;
  /** The date of the meeting the action was agreed at, if any: the due date may not be before it. */
  meetingDate?: string;
  /** The partnership's active users and its agencies: an owner outside them is refused. */
  users: { id: string; agencyId: string }[];
  agencyIds: string[];
};

const MAX = 2000;

// DOMAIN §5: SMART = specific, allocated to a named person or team, measurable, agreed, realistic, time-based.
export function validateSmart(
  raw: SmartRaw,
  ctx: SmartContext,
): { ok: true; value: SmartAction } | { ok: false; errors: { field: string; message: string }[] } {
  const errors: { field: string; message: string }[] = [];
  const t = (s: string) => (s ?? '').trim();
  const what = t(raw.what);
  if (!what) errors.push({ field: 'what', message: 'Enter what will be done' });
  else if (what.length > MAX) errors.push({ field: 'what', message: `What will be done must be ${MAX} characters or fewer` });

  const item = t(raw.toolkitItem) ? toolkitItem(t(raw.toolkitItem)) : undefined;
  let kind = t(raw.kind) as ActionKind;
  if (t(raw.toolkitItem) && !item) errors.push({ field: 'toolkitItem', message: 'Choose an item from the toolkit' });
  if (item) kind = item.kind;
  else if (!(actionKinds as readonly string[]).includes(kind)) errors.push({ field: 'kind', message: 'Choose a toolkit item or the type of action' });

  let ownerUserId: string | null = null;
  let ownerTeam: string | null = null;
  let ownerAgencyId = '';
  if (raw.ownerType === 'person') {
    const u = ctx.users.find((x) => x.id === t(raw.ownerUserId));
    if (!t(raw.ownerUserId)) errors.push({ field: 'ownerUserId', message: 'Choose the person who owns the action' });
    else if (!u) errors.push({ field: 'ownerUserId', message: 'The owner must be a person in the partnership' });
    else {
      ownerUserId = u.id;
      ownerAgencyId = u.agencyId;
    }
  } else if (raw.ownerType === 'team') {
    ownerTeam = t(raw.ownerTeam);
    if (!ownerTeam) errors.push({ field: 'ownerTeam', message: 'Enter the name of the team that owns the action' });
    else if (ownerTeam.length > 200) errors.push({ field: 'ownerTeam', message: 'Team name must be 200 characters or fewer' });
    if (!t(raw.ownerAgencyId)) errors.push({ field: 'ownerAgencyId', message: 'Choose the team’s agency' });
    else if (!ctx.agencyIds.includes(t(raw.ownerAgencyId)))
      errors.push({ field: 'ownerAgencyId', message: 'The team’s agency must be an agency of the partnership' });
    else ownerAgencyId = t(raw.ownerAgencyId);
  } else errors.push({ field: 'ownerType', message: 'Choose whether a person or a team owns the action' });

  const measure = t(raw.measure);
  if (!measure) errors.push({ field: 'measure', message: 'Enter how completion will be measured' });
  else if (measure.length > MAX) errors.push({ field: 'measure', message: `How completion is measured must be ${MAX} characters or fewer` });
  const agreedBy = t(raw.agreedBy);
  if (!agreedBy) errors.push({ field: 'agreedBy', message: 'Enter who agreed the action' });
  else if (agreedBy.length > 500) errors.push({ field: 'agreedBy', message: 'Agreed by must be 500 characters or fewer' });

  const dueOn = t(raw.dueOn);
  if (raw.dueOnError) errors.push({ field: 'dueOn', message: raw.dueOnError });
  else if (!dueOn) errors.push({ field: 'dueOn', message: 'Enter the due date' });
  else if (ctx.meetingDate && dueOn < ctx.meetingDate) errors.push({ field: 'dueOn', message: 'Due date must be on or after the date of the meeting' });
  else if (dueOn < ctx.today) errors.push({ field: 'dueOn', message: 'Due date must be today or in the future' });

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: { what, kind, toolkitItem: item?.id ?? null, ownerUserId, ownerTeam: ownerUserId ? null : ownerTeam, ownerAgencyId, measure, agreedBy, dueOn },
  };
}

// DOMAIN §5: completing an action requires evidence of completion; closing it without completion requires the rationale (004).
export function validateStatusChange(status: string, evidence: string, notCompletedReason = ''): { field: string; message: string }[] {
  if (!(actionStatuses as readonly string[]).includes(status)) return [{ field: 'status', message: 'Choose a status' }];
  if (status === 'done' && !evidence.trim()) return [{ field: 'completionEvidence', message: 'Enter the evidence that the action is complete' }];
  if (evidence.length > MAX) return [{ field: 'completionEvidence', message: `Evidence must be ${MAX} characters or fewer` }];
  if (status === 'cancelled' && !notCompletedReason.trim())
    return [{ field: 'notCompletedReason', message: 'Enter why the action was not completed: why it was not proportionate or necessary' }];
  if (notCompletedReason.length > MAX) return [{ field: 'notCompletedReason', message: `The reason must be ${MAX} characters or fewer` }];
  return [];
}

// DOMAIN §5 (FORM): open actions carry forward to the next meeting of the same series.
export function carryForwardList<
  A extends {
    id: string;
    status: string;
    meeting_series_id: string | null;
    meeting_occurrence_id: string | null;
    carried_forward_to_occurrence_id: string | null;
  },
>(actions: A[], seriesId: string, nextOccurrenceId: string): A[] {
  return actions.filter(
    (a) =>
      a.meeting_series_id === seriesId &&
      isOpen(a.status) &&
      a.meeting_occurrence_id !== nextOccurrenceId &&
      a.carried_forward_to_occurrence_id !== nextOccurrenceId,
  );
}

/** Whose actions a reader sees: every action of the partnership, or only those of one agency and one person. */
export type ActionScope = { all: true } | { all: false; agencyId: string; userId: string };

// DOMAIN §5 (need to know, issue 16 item 7): a reader whose job does not cover every action reads those their agency owns or they are asked to do (own by name).
export function actionScope(seesAll: boolean, reader: { agencyId: string; userId: string }): ActionScope {
  return seesAll ? { all: true } : { all: false, agencyId: reader.agencyId, userId: reader.userId };
}
