import { z } from 'zod';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { statusFilters, sortKeys, type StatusFilter, type SortKey } from './repository.ts';

/** The route a coordinator may choose instead of any configured route. */
export const NO_FURTHER_ACTION = 'no-further-action';
const RATIONALE_MAX = 5000;

/** The routes a decision may choose: the partnership's configured routes, then 'No further action'. */
export function decisionRoutes(p: PartnershipConfig) {
  return [
    ...p.routes.map((r) => ({ id: r.id, name: r.name, description: r.description })),
    { id: NO_FURTHER_ACTION, name: 'No further action', description: '' },
  ];
}

export function routeName(p: PartnershipConfig, id: string): string {
  return decisionRoutes(p).find((r) => r.id === id)?.name ?? id;
}

/** The triage decision: one or more routes, or no further action alone; a rationale always. */
export function decisionSchema(p: PartnershipConfig) {
  const ids = decisionRoutes(p).map((r) => r.id);
  return z.object({
    routes: z
      .array(z.string())
      .min(1, 'Select the routes chosen, or select no further action')
      .refine((rs) => rs.every((r) => ids.includes(r)), 'Select routes from the list')
      .refine((rs) => !rs.includes(NO_FURTHER_ACTION) || rs.length === 1, 'Select routes or no further action, not both')
      .transform((rs) => ids.filter((id) => rs.includes(id))),
    rationale: z.string().trim().min(1, 'Enter the rationale for the decision').max(RATIONALE_MAX, `Rationale must be ${RATIONALE_MAX} characters or fewer`),
  });
}
export type DecisionInput = z.infer<ReturnType<typeof decisionSchema>>;

/** Reads the inbox's query: unknown values fall back to the defaults (open items, all districts, oldest first). */
export function readInboxQuery(query: Record<string, unknown>, p: PartnershipConfig) {
  const s = (k: string) => (typeof query[k] === 'string' ? (query[k] as string) : '');
  const district = p.districts.some((d) => d.id === s('district')) ? s('district') : '';
  const status: StatusFilter = (statusFilters as readonly string[]).includes(s('status')) ? (s('status') as StatusFilter) : 'open';
  const sort: SortKey = (sortKeys as readonly string[]).includes(s('sort')) ? (s('sort') as SortKey) : 'received';
  const order: 'asc' | 'desc' = s('order') === 'desc' ? 'desc' : 'asc';
  const page = /^\d{1,6}$/.test(s('page')) && Number(s('page')) >= 1 ? Number(s('page')) : 1;
  return { district, status, sort, order, page };
}
export type InboxFilter = ReturnType<typeof readInboxQuery>;
