import { z } from 'zod';
import { formText, dateInput, withDateInputs, readDateInput, str } from '../../platform/validation.ts';
import { isCseTopic, EXTENSION_REASONS, PROGRAMME_OUTCOMES } from '../../domain/cse/programme.ts';

const MAX = 5000;
/** A checkbox group's values: one value or many, each a string. */
const list = z
  .unknown()
  .optional()
  .transform((v) => ([] as unknown[]).concat(v ?? []).filter((x): x is string => typeof x === 'string'));

/** The error summary's anchors for the date inputs. */
export const cseAnchors = { heldOn: 'heldOn-day', endedOn: 'endedOn-day', topics: 'topics' };

/** A session of direct work (DOMAIN §3.4): its date, the topics covered (at least one), whether parents or carers took part, notes. */
export const sessionForm = (today: string) =>
  z.preprocess(
    withDateInputs({ heldOn: 'The date of the session' }),
    z.object({
      heldOn: dateInput.pipe(
        z
          .string()
          .min(1, 'Enter the date of the session')
          .refine((v) => !v || v <= today, 'The date of the session must be today or in the past'),
      ),
      topics: list.refine((t) => t.length > 0, 'Select the topics the session covered').refine((t) => t.every(isCseTopic), 'Select topics from the list'),
      withParents: formText.transform((v) => v === 'yes'),
      notes: formText
        .transform((v) => v.trim())
        .pipe(z.string().min(1, 'Enter what was done in the session').max(MAX, `Notes must be ${MAX} characters or fewer`)),
    }),
  );

/** The one 4-week extension: the source's reason, and notes. */
export const extendForm = z.object({
  version: formText.transform((v) => Number.parseInt(v, 10)).pipe(z.number().int().min(1, 'Reload the page and try again')),
  reason: formText.refine((v) => EXTENSION_REASONS.some((r) => r.id === v), 'Select why the programme is extended'),
  notes: formText.transform((v) => v.trim()).pipe(z.string().max(MAX, `Notes must be ${MAX} characters or fewer`)),
});

/** The programme's end: the date, the outcome and notes. */
export const endForm = z.preprocess(
  withDateInputs({ endedOn: 'The date the programme ended' }),
  z.object({
    version: formText.transform((v) => Number.parseInt(v, 10)).pipe(z.number().int().min(1, 'Reload the page and try again')),
    endedOn: dateInput.pipe(z.string().min(1, 'Enter the date the programme ended')),
    outcome: formText.refine((v) => PROGRAMME_OUTCOMES.some((o) => o.id === v), 'Select how the programme ended'),
    notes: formText.transform((v) => v.trim()).pipe(z.string().max(MAX, `Notes must be ${MAX} characters or fewer`)),
  }),
);

/** What was typed, to show back with the errors. */
export const cseValues = (b: Record<string, unknown>) => ({
  heldOn: readDateInput(b, 'heldOn', 'The date of the session').parts,
  endedOn: readDateInput(b, 'endedOn', 'The date the programme ended').parts,
  topics: ([] as unknown[]).concat(b.topics ?? []).filter((x): x is string => typeof x === 'string'),
  withParents: str(b.withParents),
  notes: str(b.notes),
  reason: str(b.reason),
  outcome: str(b.outcome),
});
