import { z } from 'zod';
import { formFields, formTrimmed } from '../../platform/validation.ts';

export const subjectAccessFormats = ['pdf', 'json'] as const;

/** Issue 16 item 13: a subject access request names the requester's reference and why, and the format of the copy. */
export const subjectAccessSchema = formFields({
  requesterReference: formTrimmed
    .refine((v) => v.length > 0, 'Enter the request’s reference')
    .refine((v) => v.length <= 100, 'The reference must be 100 characters or fewer'),
  reason: formTrimmed
    .refine((v) => v.length > 0, 'Enter who asked and on what basis')
    .refine((v) => v.length <= 500, 'The reason must be 500 characters or fewer'),
  format: z.unknown().refine((v): v is (typeof subjectAccessFormats)[number] => subjectAccessFormats.includes(v as 'pdf'), 'Select the format of the copy'),
});

export type SubjectAccessInput = { requesterReference: string; reason: string; format: (typeof subjectAccessFormats)[number] };
