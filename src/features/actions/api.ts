import type { Services } from '../../app.ts';
import type { RouteSpec } from '../../platform/http.ts';

export function actionApi(_services: Services): RouteSpec[] {
  return [];
}
