import { z } from 'zod';
import { objectOf } from '../../platform/validation.ts';
import { recordKinds, periods, MAX_DEPTH, readNetworkFilters } from '../../domain/network/filters.ts';

/**
 * The API's network filters (its query string), read with readBody. The API is strict where the pages are forgiving: a depth,
 * kind or period it does not know is named, not ignored; the pages read theirs with readNetworkFilters.
 */
export const apiFilters = (maxDepth = MAX_DEPTH) =>
  z
    .preprocess(
      objectOf,
      z.looseObject({
        depth: z
          .unknown()
          .optional()
          .refine(
            (v) => v === undefined || (typeof v === 'string' && /^[1-9]$/.test(v) && Number(v) <= maxDepth),
            `depth must be a whole number from 1 to ${maxDepth}`,
          ),
        kind: z
          .unknown()
          .optional()
          .refine(
            (v) => ([] as unknown[]).concat(v ?? []).every((k) => typeof k === 'string' && (recordKinds as readonly string[]).includes(k)),
            `kind must be one of ${recordKinds.join(', ')}`,
          ),
        period: z
          .unknown()
          .optional()
          .refine((v) => v === undefined || periods.some((p) => p.value === v), `period must be one of ${periods.map((p) => p.value).join(', ')}`),
      }),
    )
    .transform((q) => readNetworkFilters(q));
