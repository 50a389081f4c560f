import { z } from 'zod';

/** The chair's edit of draft minutes (line endings as \n), read with readBody by the service after the meeting's gates and the minutes are found. */
export const minutesEdit = z.object({
  body: z
    .string()
    .transform((s) => s.replace(/\r\n/g, '\n'))
    .refine((t) => t.trim() !== '', 'Enter the minutes')
    .refine((t) => t.length <= 200_000, 'The minutes must be 200,000 characters or fewer'),
});
