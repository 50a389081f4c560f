import { z } from 'zod';

/** POST /api/v1/assessments/score: which tool, with whose configuration (the rest of the body is the tool's own). */
export const scoreRequest = z.object({
  tool: z.enum(['rfm', 'vat'], { error: 'tool must be "rfm" or "vat"' }),
  partnership: z.string({ error: 'Name your partnership (its id)' }).min(1, 'Name your partnership (its id)'),
});
