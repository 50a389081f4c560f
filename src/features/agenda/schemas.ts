import { z } from 'zod';
import type { FieldError } from '../../platform/problems.ts';
import { isUuid, trimmedText } from '../../platform/validation.ts';
import { SLOT_MIN, SLOT_MAX, type ItemKind } from '../../domain/agenda/slots.ts';
import { readTime } from '../meetings/schemas.ts';

const TITLE_MAX = 120;
const LOCATION_MAX = 200;
const GROUP_MAX = 12;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const str = trimmedText;
const list = (v: unknown) =>
  ([] as unknown[])
    .concat(v ?? [])
    .filter((x): x is string => typeof x === 'string')
    .map((s) => s.trim())
    .filter(Boolean);
/** References typed one per line, or separated by commas or spaces. */
const refsOf = (v: unknown) => [
  ...new Set(
    list(v)
      .flatMap((s) => s.split(/[\s,;]+/))
      .map((s) => s.toUpperCase())
      .filter(Boolean),
  ),
];

/** What a new item or a change says: checked here for shape; the service checks it against the agenda. */
export type ItemInput = {
  kind: ItemKind;
  childIds: string[];
  references: string[];
  discussion: 'initial' | 'review' | 'auto';
  slotMinutes: number | null;
  fixedStart: string | null;
  title: string | null;
  location: string | null;
  /** On a change to a group: its children are replaced by childIds and references. */
  membership?: boolean;
};

/** The values a form shows back, as typed. */
export type ItemValues = Record<string, string | string[]>;

function common(body: Record<string, unknown>, errors: FieldError[], autoAllowed: boolean) {
  const discussionRaw = str(body.discussion) || (autoAllowed ? 'auto' : '');
  let discussion: ItemInput['discussion'] = 'auto';
  if (discussionRaw === 'initial' || discussionRaw === 'review' || (autoAllowed && discussionRaw === 'auto')) discussion = discussionRaw;
  else errors.push({ field: 'discussion', message: 'Select whether this is an initial discussion or a review' });
  const slotRaw = str(body.slotMinutes);
  let slotMinutes: number | null = null;
  if (slotRaw) {
    if (!/^\d{1,3}$/.test(slotRaw) || Number(slotRaw) < SLOT_MIN || Number(slotRaw) > SLOT_MAX)
      errors.push({ field: 'slotMinutes', message: `Slot length must be a whole number of minutes from ${SLOT_MIN} to ${SLOT_MAX}` });
    else slotMinutes = Number(slotRaw);
  } else if (!autoAllowed) errors.push({ field: 'slotMinutes', message: 'Enter the slot length in minutes' });
  const fixedRaw = str(body.fixedStart);
  let fixedStart: string | null = null;
  if (fixedRaw) {
    fixedStart = readTime(fixedRaw) ?? null;
    if (!fixedStart) errors.push({ field: 'fixedStart', message: 'Enter the start time like 10:30am or 14:00, or leave it blank' });
  }
  return { discussion, slotMinutes, fixedStart, values: { discussion: discussionRaw, slotMinutes: slotRaw, fixedStart: fixedRaw } };
}

function textOf(body: Record<string, unknown>, field: 'title' | 'location', max: number, label: string, errors: FieldError[]) {
  const v = str(body[field]);
  if (v.length > max) errors.push({ field, message: `${label} must be ${max} characters or fewer` });
  return v;
}

/**
 * A new item from a form or JSON: a child (one picked, or "other" with a reference), a group (several
 * picked and/or references), or a location (its description, no child).
 */
export function readNewItem(kind: ItemKind, body: Record<string, unknown>): { input?: ItemInput; values: ItemValues; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const c = common(body, errors, true);
  const values: ItemValues = { ...c.values };
  let childIds: string[] = [];
  let references: string[] = [];
  let title: string | null = null;
  let location: string | null = null;
  if (kind === 'child') {
    const picked = str(body.childId);
    const reference = str(body.reference);
    values.childId = picked;
    values.reference = reference;
    const apiIds = list(body.childIds);
    childIds = apiIds.length ? apiIds : picked && picked !== 'other' ? [picked] : [];
    if (!childIds.length) references = reference && (picked === 'other' || !picked) ? [reference.toUpperCase()] : refsOf(body.childReferences);
    if (!childIds.length && !references.length)
      errors.push({
        field: picked === 'other' ? 'reference' : 'childId',
        message: picked === 'other' ? 'Enter the child’s reference, like MC000012' : 'Select the child to discuss',
      });
    else if (childIds.length + references.length > 1) errors.push({ field: 'childId', message: 'Select one child: add several children as a group' });
  } else if (kind === 'group') {
    const picked = list(body.childIds);
    const typed = refsOf(body.references ?? body.childReferences);
    values.childIds = picked;
    values.references = str(body.references);
    title = textOf(body, 'title', TITLE_MAX, 'The group’s name', errors) || null;
    values.title = title ?? '';
    childIds = [...new Set(picked)];
    references = typed;
    if (childIds.length + references.length < 2)
      errors.push({ field: 'childIds', message: 'Select or enter at least two children: a group is discussed in one slot' });
    else if (childIds.length + references.length > GROUP_MAX) errors.push({ field: 'childIds', message: `A group may have up to ${GROUP_MAX} children` });
  } else {
    location = textOf(body, 'location', LOCATION_MAX, 'The location', errors) || null;
    title = textOf(body, 'title', TITLE_MAX, 'Why it is discussed', errors) || null;
    values.location = location ?? '';
    values.title = title ?? '';
    if (!location) errors.push({ field: 'location', message: 'Enter the location to discuss, like a street, a park or a venue' });
  }
  if (childIds.some((id) => !isUuid(id))) errors.push({ field: kind === 'group' ? 'childIds' : 'childId', message: 'Select the child from the list' });
  if (references.some((r) => !/^[A-Z0-9-]{2,20}$/.test(r)))
    errors.push({ field: kind === 'group' ? 'references' : 'reference', message: 'A child’s reference has letters and numbers only, like MC000012' });
  if (errors.length) return { values, errors };
  return {
    values,
    errors,
    input: { kind, childIds, references, discussion: c.discussion, slotMinutes: c.slotMinutes, fixedStart: c.fixedStart, title, location },
  };
}

/**
 * A change to an item: discussion, slot length, fixed start, and its name (group) or place and reason
 * (location). Which of the last apply depends on the item's kind: the service decides (a location needs its place).
 */
export function readItemChange(body: Record<string, unknown>): { input?: ItemInput; values: ItemValues; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const c = common(body, errors, false);
  const title = textOf(body, 'title', TITLE_MAX, 'The name or reason', errors) || null;
  const location = textOf(body, 'location', LOCATION_MAX, 'The location', errors) || null;
  const values: ItemValues = { ...c.values, title: title ?? '', location: location ?? '' };
  // A group's children: the form marks that it lists them (members=1); the API sends childIds and/or childReferences.
  const membership = str(body.members) === '1' || body.childIds !== undefined || body.childReferences !== undefined;
  const childIds = [...new Set(list(body.childIds))];
  const references = refsOf(body.references ?? body.childReferences);
  if (membership) {
    values.childIds = childIds;
    values.references = str(body.references);
    if (childIds.some((id) => !isUuid(id))) errors.push({ field: 'childIds', message: 'Select the children from the list' });
    if (references.some((r) => !/^[A-Z0-9-]{2,20}$/.test(r)))
      errors.push({ field: 'references', message: 'A child’s reference has letters and numbers only, like MC000012' });
    if (childIds.length + references.length > GROUP_MAX) errors.push({ field: 'childIds', message: `A group may have up to ${GROUP_MAX} children` });
  }
  if (errors.length) return { values, errors };
  return {
    values,
    errors,
    input: { kind: 'group', childIds, references, discussion: c.discussion, slotMinutes: c.slotMinutes, fixedStart: c.fixedStart, title, location, membership },
  };
}

export type ResponseInput = { response: 'accepted' | 'declined'; deputyName: string | null; deputyEmail: string | null };

const trimmed = z.unknown().optional().transform(trimmedText);
const objectOf = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const emailFormat = 'Enter an email address in the correct format, like name@example.org';

/** The answer to an invitation as the form shows it back, as typed. */
export const responseValues = (body: unknown): Record<string, string> => {
  const b = objectOf(body);
  return { response: str(b.response), deputyName: str(b.deputyName), deputyEmail: str(b.deputyEmail) };
};

// DOMAIN §6 (000 step 2): an invitee accepts, or declines and names who attends instead (their manager).
/** The answer to an invitation, read with readBody: accepted, or declined with the deputy's name and email. */
export const responseSchema = z
  .preprocess(
    (v) => ({ ...objectOf(v), response: str(objectOf(v).response) }),
    z.discriminatedUnion(
      'response',
      [
        z.object({ response: z.literal('accepted') }),
        z.object({
          response: z.literal('declined'),
          deputyName: trimmed.pipe(
            z.string().min(1, 'Enter the name of the manager or colleague who will attend instead').max(200, 'Name must be 200 characters or fewer'),
          ),
          deputyEmail: trimmed.pipe(
            z.string().min(1, 'Enter their email address, so that they are sent the invitation').max(254, emailFormat).regex(EMAIL, emailFormat),
          ),
        }),
      ],
      { error: 'Select whether you will attend' },
    ),
  )
  .transform((b): ResponseInput =>
    b.response === 'declined'
      ? { response: b.response, deputyName: b.deputyName, deputyEmail: b.deputyEmail }
      : { response: b.response, deputyName: null, deputyEmail: null },
  );
