import { z } from 'zod';
import { isUuid, trimmedText, objectOf, formTrimmed, formFields, always } from '../../platform/validation.ts';
import { SLOT_MIN, SLOT_MAX, type ItemKind } from '../../domain/agenda/slots.ts';
import { readTime } from '../meetings/schemas.ts';

const TITLE_MAX = 120;
const LOCATION_MAX = 200;
const GROUP_MAX = 12;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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
const isReference = (r: string) => /^[A-Z0-9-]{2,20}$/.test(r);
const badReference = 'A child’s reference has letters and numbers only, like MC000012';

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

/** An error of one field, for a schema's transform: the field's value is then not used. */
const fail = (ctx: z.RefinementCtx, message: string) => {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
};

/** Discussion, slot length and fixed start: a new item may leave the first two to the agenda ('auto'), a change may not. */
const timing = (autoAllowed: boolean) => ({
  discussion: formTrimmed.transform((raw, ctx): ItemInput['discussion'] => {
    const v = raw || (autoAllowed ? 'auto' : '');
    if (v === 'initial' || v === 'review' || (autoAllowed && v === 'auto')) return v;
    return fail(ctx, 'Select whether this is an initial discussion or a review');
  }),
  slotMinutes: formTrimmed.transform((raw, ctx): number | null => {
    if (!raw) return autoAllowed ? null : fail(ctx, 'Enter the slot length in minutes');
    if (!/^\d{1,3}$/.test(raw) || Number(raw) < SLOT_MIN || Number(raw) > SLOT_MAX)
      return fail(ctx, `Slot length must be a whole number of minutes from ${SLOT_MIN} to ${SLOT_MAX}`);
    return Number(raw);
  }),
  fixedStart: formTrimmed.transform((raw, ctx): string | null => {
    if (!raw) return null;
    return readTime(raw) ?? fail(ctx, 'Enter the start time like 10:30am or 14:00, or leave it blank');
  }),
});
const limited = (max: number, label: string) => formTrimmed.pipe(z.string().max(max, `${label} must be ${max} characters or fewer`));
const timingValues = (b: Record<string, unknown>, autoAllowed: boolean) => ({
  discussion: trimmedText(b.discussion) || (autoAllowed ? 'auto' : ''),
  slotMinutes: trimmedText(b.slotMinutes),
  fixedStart: trimmedText(b.fixedStart),
});
const issue = (ctx: z.RefinementCtx, field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });

/** Who a new child item names: one picked from the list, "other" with a reference, or (JSON) childIds or childReferences. */
const childPicked = (b: Record<string, unknown>) => {
  const picked = trimmedText(b.childId);
  const reference = trimmedText(b.reference);
  const apiIds = list(b.childIds);
  const childIds = apiIds.length ? apiIds : picked && picked !== 'other' ? [picked] : [];
  const references = childIds.length ? [] : reference && (picked === 'other' || !picked) ? [reference.toUpperCase()] : refsOf(b.childReferences);
  return { picked, childIds, references };
};
const groupPicked = (b: Record<string, unknown>) => ({ childIds: [...new Set(list(b.childIds))], references: refsOf(b.references ?? b.childReferences) });

/**
 * A new item from a form or JSON, read with readBody (`every`: a field can be wrong in two ways, e.g. too few children and one
 * not from the list): a child (one picked, or "other" with a reference), a group (several picked and/or references), or a
 * location (its description, no child). The values to show back are newItemValues.
 */
export function newItemSchema(kind: ItemKind) {
  const shape =
    kind === 'group'
      ? { ...timing(true), title: limited(TITLE_MAX, 'The group’s name') }
      : kind === 'location'
        ? { ...timing(true), location: limited(LOCATION_MAX, 'The location'), title: limited(TITLE_MAX, 'Why it is discussed') }
        : timing(true);
  return formFields(shape)
    .superRefine((b, ctx) => {
      if (kind === 'child') {
        const { picked, childIds, references } = childPicked(b);
        if (!childIds.length && !references.length)
          issue(
            ctx,
            picked === 'other' ? 'reference' : 'childId',
            picked === 'other' ? 'Enter the child’s reference, like MC000012' : 'Select the child to discuss',
          );
        else if (childIds.length + references.length > 1) issue(ctx, 'childId', 'Select one child: add several children as a group');
        if (childIds.some((id) => !isUuid(id))) issue(ctx, 'childId', 'Select the child from the list');
        if (references.some((r) => !isReference(r))) issue(ctx, 'reference', badReference);
      } else if (kind === 'group') {
        const { childIds, references } = groupPicked(b);
        if (childIds.length + references.length < 2) issue(ctx, 'childIds', 'Select or enter at least two children: a group is discussed in one slot');
        else if (childIds.length + references.length > GROUP_MAX) issue(ctx, 'childIds', `A group may have up to ${GROUP_MAX} children`);
        if (childIds.some((id) => !isUuid(id))) issue(ctx, 'childIds', 'Select the child from the list');
        if (references.some((r) => !isReference(r))) issue(ctx, 'references', badReference);
      } else if (!trimmedText(b.location)) issue(ctx, 'location', 'Enter the location to discuss, like a street, a park or a venue');
    }, always)
    .transform((b): ItemInput => {
      const who = kind === 'child' ? childPicked(b) : kind === 'group' ? groupPicked(b) : { childIds: [], references: [] };
      return {
        kind,
        childIds: who.childIds,
        references: who.references,
        discussion: b.discussion,
        slotMinutes: b.slotMinutes,
        fixedStart: b.fixedStart,
        title: kind === 'child' ? null : (b.title as string) || null,
        location: kind === 'location' ? (b.location as string) || null : null,
      };
    });
}

/** A new item's form as typed, to show back. */
export function newItemValues(kind: ItemKind, b: Record<string, unknown>): ItemValues {
  const values: ItemValues = timingValues(b, true);
  if (kind === 'child') Object.assign(values, { childId: trimmedText(b.childId), reference: trimmedText(b.reference) });
  else if (kind === 'group') Object.assign(values, { childIds: list(b.childIds), references: trimmedText(b.references), title: trimmedText(b.title) });
  else Object.assign(values, { location: trimmedText(b.location), title: trimmedText(b.title) });
  return values;
}

/** A group's children on a change: the form marks that it lists them (members=1); the API sends childIds and/or childReferences. */
const changesMembers = (b: Record<string, unknown>) => trimmedText(b.members) === '1' || b.childIds !== undefined || b.childReferences !== undefined;

/**
 * A change to an item, read with readBody (`every`): discussion, slot length, fixed start, and its name (group) or place and
 * reason (location). Which of the last apply depends on the item's kind: the service decides (a location needs its place).
 */
export const itemChangeSchema = formFields({
  ...timing(false),
  title: limited(TITLE_MAX, 'The name or reason'),
  location: limited(LOCATION_MAX, 'The location'),
})
  .superRefine((b, ctx) => {
    if (!changesMembers(b)) return;
    const { childIds, references } = groupPicked(b);
    if (childIds.some((id) => !isUuid(id))) issue(ctx, 'childIds', 'Select the children from the list');
    if (references.some((r) => !isReference(r))) issue(ctx, 'references', badReference);
    if (childIds.length + references.length > GROUP_MAX) issue(ctx, 'childIds', `A group may have up to ${GROUP_MAX} children`);
  }, always)
  .transform((b): ItemInput => {
    const membership = changesMembers(b);
    const { childIds, references } = groupPicked(b);
    return {
      kind: 'group',
      childIds,
      references,
      discussion: b.discussion,
      slotMinutes: b.slotMinutes,
      fixedStart: b.fixedStart,
      title: b.title || null,
      location: b.location || null,
      membership,
    };
  });

/** A change's form as typed, to show back. */
export function itemChangeValues(b: Record<string, unknown>): ItemValues {
  const values: ItemValues = { ...timingValues(b, false), title: trimmedText(b.title), location: trimmedText(b.location) };
  if (changesMembers(b)) Object.assign(values, { childIds: groupPicked(b).childIds, references: trimmedText(b.references) });
  return values;
}

export type ResponseInput = { response: 'accepted' | 'declined'; deputyName: string | null; deputyEmail: string | null };

const emailFormat = 'Enter an email address in the correct format, like name@example.org';

/** The answer to an invitation as the form shows it back, as typed. */
export const responseValues = (body: unknown): Record<string, string> => {
  const b = objectOf(body);
  return { response: trimmedText(b.response), deputyName: trimmedText(b.deputyName), deputyEmail: trimmedText(b.deputyEmail) };
};

// DOMAIN §6 (000 step 2): an invitee accepts, or declines and names who attends instead (their manager).
/** The answer to an invitation, read with readBody: accepted, or declined with the deputy's name and email. */
export const responseSchema = z
  .preprocess(
    (v) => ({ ...objectOf(v), response: trimmedText(objectOf(v).response) }),
    z.discriminatedUnion(
      'response',
      [
        z.object({ response: z.literal('accepted') }),
        z.object({
          response: z.literal('declined'),
          deputyName: formTrimmed.pipe(
            z.string().min(1, 'Enter the name of the manager or colleague who will attend instead').max(200, 'Name must be 200 characters or fewer'),
          ),
          deputyEmail: formTrimmed.pipe(
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
