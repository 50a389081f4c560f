import { z } from 'zod';
import type { FieldError } from './problems.ts';

export type FormErrors = { list: { text: string; href: string }[]; byField: Record<string, { text: string }> };

/** The first message for each field, in the order the fields were checked (or every message, with `every`). */
export function fieldErrors(error: z.ZodError, every = false): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'body';
    if (seen.has(field) && !every) continue;
    seen.add(field);
    out.push({ field, message: issue.message });
  }
  return out;
}

/** A JSON document read against its schema: its content, or the errors naming each field (documentErrors). */
export type DocumentRead<T> = { content: T; errors?: undefined } | { content: undefined; errors: FieldError[] };

/**
 * The errors of a JSON document checked by a strict schema, each field named from `root` (e.g. content.section-a.completedOn):
 * a field of the wrong shape says what it must be; an unknown field says it is not one of `what`.
 */
export function documentErrors(error: z.ZodError, root: string, what: string): FieldError[] {
  return error.issues.map((i) => {
    const keys = i.code === 'unrecognized_keys' ? (i as { keys: string[] }).keys : [];
    const field = [root, ...i.path.map(String), ...keys.slice(0, 1)].join('.');
    return { field, message: keys.length ? `${keys.join(', ')}: not a ${what}` : `${field} ${i.message}` };
  });
}

/** Shapes errors for the GOV.UK error summary (links to #field) and each field's error message. */
export function formErrors(errors: FieldError[], anchors: Record<string, string> = {}): FormErrors {
  const byField: Record<string, { text: string }> = {};
  for (const e of errors) byField[e.field] = { text: e.message };
  return { list: errors.map((e) => ({ text: e.message, href: `#${anchors[e.field] ?? e.field}` })), byField };
}

/** A form or JSON field as a string: anything else (absent, a number, repeated) is the empty string. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A form or JSON field as trimmed text, a JSON number as its digits: anything else is the empty string. */
export const trimmedText = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** A form or API body read against its zod schema: the typed data, or the first error of each field. */
type BodyRead<T> = { ok: true; data: T; errors?: undefined } | { ok: false; data?: undefined; errors: FieldError[] };

/**
 * How readBody lists the errors: `every` keeps each message of a field (a form whose field can be wrong in two ways
 * at once, both shown); `order` sorts them by the form's fields (stable; a field not named comes first).
 */
export type ReadOptions = { every?: boolean; order?: readonly string[] };

/**
 * The one way to read a form or an API body: `readBody(schema, req.body)`. A page shows `formErrors(r.errors, anchors)`
 * (the GOV.UK error summary linking to #field); the API answers 422 with `r.errors`, each naming its field.
 * The schema lives in the feature's schemas.ts; rules that need the database stay in the service, after the read.
 */
export function readBody<S extends z.ZodType>(schema: S, body: unknown, o: ReadOptions = {}): BodyRead<z.output<S>> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return { ok: true, data: r.data };
  const errors = fieldErrors(r.error, o.every);
  if (o.order) errors.sort((a, b) => o.order!.indexOf(a.field) - o.order!.indexOf(b.field));
  return { ok: false, errors };
}

/** A body as an object whose every field is kept: an array, a scalar or nothing is an empty one. */
export const objectOf = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** A form or JSON field as a string, for a schema: anything else (absent, a number, repeated) is the empty string. */
export const formText = z.unknown().optional().transform(str);

/** A form or JSON field as trimmed text (a JSON number as its digits), for a schema. */
export const formTrimmed = z.unknown().optional().transform(trimmedText);

/** A refinement's option: it runs even after a field's own check failed, so that a form lists every error at once. */
export const always = { when: () => true };

/** A form's body with each named GOV.UK date input (name-day, name-month, name-year) read into its field, for `dateInput`. */
export const withDateInputs =
  (labels: Record<string, string>) =>
  (v: unknown): Record<string, unknown> => {
    const o = objectOf(v);
    return { ...o, ...Object.fromEntries(Object.entries(labels).map(([name, label]) => [name, readDateInput(o, name, label)])) };
  };

/** A date input read by withDateInputs, as a field: its own error (a part missing, not a real date) first; else its ISO date ('' when empty), to pipe on. */
export const dateInput = z.custom<ReturnType<typeof readDateInput>>().transform((d, ctx) => {
  if (!d.error) return d.value ?? '';
  ctx.addIssue({ code: 'custom', message: d.error });
  return z.NEVER;
});

/** A schema of a form's fields over any body (an array, a scalar or nothing read as an empty form), other fields kept. */
export const formFields = <T extends z.ZodRawShape>(shape: T) => z.preprocess(objectOf, z.looseObject(shape));

/** A JSON request's body as an object: an array, a scalar or nothing is an empty object. */
export const bodyOf = (req: { body?: unknown }): Record<string, unknown> => objectOf(req.body);

/** Record ids in paths are UUIDs; anything else is answered as not found without a query. */
export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isRealDate(iso: string): boolean {
  const m = isoDate.exec(iso);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

/**
 * Reads a GOV.UK date input (name-day, name-month, name-year) into an ISO date, with the Design
 * System's error messages. Returns undefined when all three parts are empty.
 */
export function readDateInput(
  body: Record<string, unknown>,
  name: string,
  label: string,
): { value?: string; error?: string; parts: { day: string; month: string; year: string } } {
  const part = (p: string) => String(body[`${name}-${p}`] ?? '').trim();
  const parts = { day: part('day'), month: part('month'), year: part('year') };
  if (!parts.day && !parts.month && !parts.year) return { parts };
  const missing = (['day', 'month', 'year'] as const).filter((p) => !parts[p]);
  if (missing.length) return { parts, error: `${label} must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(parts.day) || !/^\d{1,2}$/.test(parts.month) || !/^\d{4}$/.test(parts.year)) {
    return { parts, error: `${label} must be a real date` };
  }
  const iso = `${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}`;
  if (!isRealDate(iso)) return { parts, error: `${label} must be a real date` };
  return { parts, value: iso };
}

export function datePartsOf(iso: string | null | undefined) {
  const m = iso ? isoDate.exec(iso) : null;
  return m ? { day: String(+m[3]!), month: String(+m[2]!), year: m[1]! } : { day: '', month: '', year: '' };
}
