import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { intelligenceRecordRoutes } from './routes-records.ts';
import { intelligenceLinkRoutes } from './routes-links.ts';
import { intelligenceMergeRoutes } from './routes-merge.ts';
import { intelligenceHistoryRoutes } from './routes-history.ts';

/**
 * Persons, locations, vehicles, phones, accounts, organisations and their links (DOMAIN §3.2, §6): records
 * (routes-records.ts), links (routes-links.ts), merging (routes-merge.ts), a child's events and history (routes-history.ts).
 */
export function intelligenceRoutes(deps: AppDeps): RouteSpec[] {
  return [...intelligenceRecordRoutes(deps), ...intelligenceLinkRoutes(deps), ...intelligenceMergeRoutes(deps), ...intelligenceHistoryRoutes(deps)];
}
