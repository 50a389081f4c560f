import { formFields, formTrimmed } from '../../platform/validation.ts';

/** Issue 16 item 12: a hold on a record's erasure says why. */
export const holdSchema = formFields({
  reason: formTrimmed
    .refine((v) => v.length > 0, 'Enter why the record must be kept')
    .refine((v) => v.length <= 500, 'The reason must be 500 characters or fewer'),
});
