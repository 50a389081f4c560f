import { z } from 'zod';

/** A coordinator's decision on their side of a tracker alert: confirm, or reject with a reason. */
export const decisionSchema = z
  .object({
    decision: z.enum(['confirm', 'reject'], { error: 'Select whether this is the same child' }),
    reason: z.string().trim().max(1000, 'Reason must be 1,000 characters or fewer').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'reject' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Enter why this is not the same child' });
  });

export const rejectSchema = z.object({
  reason: z.string({ error: 'Enter a reason' }).trim().min(1, 'Enter a reason').max(1000, 'Reason must be 1,000 characters or fewer'),
});

export const transferSchema = z.object({ note: z.string().trim().max(1000, 'Note must be 1,000 characters or fewer').optional() });

/** The tracker's alert ids are UUIDs; anything else is not found. */
export const alertIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
