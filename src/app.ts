import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { AppDeps } from './services.ts';
import { configureViews } from './views/env.ts';
import { buildRouter, type RouteSpec } from './platform/http.ts';
import { loadSession, csrfProtection } from './platform/web-session.ts';
import { problem } from './platform/problems.ts';
import { navigationFor } from './platform/navigation.ts';
import { requestSignals, routeLabel, stackFrames } from './platform/log.ts';
import { authRoutes } from './features/auth/routes.ts';
import { homeRoutes } from './features/home/routes.ts';
import { childRoutes } from './features/children/routes.ts';
import { childApi } from './features/children/api.ts';
import { childImportRoutes } from './features/children/import/routes.ts';
import { childImportApi } from './features/children/import/api.ts';
import { adminRoutes } from './features/admin/routes.ts';
import { authApi } from './features/auth/api.ts';
import { platformRoutes } from './features/platform/routes.ts';
import { openApiRoute } from './features/platform/openapi.ts';
import { assessmentRoutes } from './features/assessments/routes.ts';
import { assessmentApi } from './features/assessments/api.ts';
import { rfmRoutes } from './features/rfm/routes.ts';
import { vatRoutes } from './features/vat/routes.ts';
import { llrRoutes } from './features/llr/routes.ts';
import { cseRoutes } from './features/cse-service/routes.ts';
import { triageRoutes } from './features/triage/routes.ts';
import { mailRoutes } from './features/mail/routes.ts';
import { meetingRoutes } from './features/meetings/routes.ts';
import { meetingApi } from './features/meetings/api.ts';
import { actionRoutes } from './features/actions/routes.ts';
import { actionApi } from './features/actions/api.ts';
import { panelRoutes } from './features/panel/routes.ts';
import { agendaRoutes } from './features/agenda/routes.ts';
import { agendaApi } from './features/agenda/api.ts';
import { meetingRoomRoutes } from './features/meeting-room/routes.ts';
import { meetingRoomApi } from './features/meeting-room/api.ts';
import { reviewRoutes } from './features/reviews/routes.ts';
import { intelligenceRoutes } from './features/intelligence/routes.ts';
import { intelligenceApi } from './features/intelligence/api.ts';
import { networkRoutes } from './features/network/routes.ts';
import { reportRoutes } from './features/reports/routes.ts';
import { packRoutes } from './features/packs/routes.ts';
import { trackerRoutes } from './features/tracker/routes.ts';
import { trackerApi } from './features/tracker/api.ts';
import { subjectAccessRoutes } from './features/subject-access/routes.ts';
import { retentionRoutes } from './features/retention/routes.ts';

const root = path.resolve(import.meta.dirname, '..');

/** The middleware order, then the feature routers. Every route is declared with its access and audit. */
export function createApp(deps: AppDeps) {
  const { config, services } = deps;
  const app = express();
  const registry: RouteSpec[] = [];
  app.locals.routes = registry;
  app.disable('x-powered-by');
  // Pages carry personal data and are never cached (Cache-Control: no-store): an ETag would hash every page for nothing.
  // Static assets keep theirs (express.static sets its own).
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy ?? false);
  configureViews(app);

  // Issue 17 item 6: each request's id, its log line and its metrics (by route pattern).
  app.use(requestSignals(services.log, services.metrics));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );

  const staticOpts = { maxAge: config.env === 'production' ? '7d' : 0, index: false as const };
  app.use('/assets/build', express.static(path.join(root, 'public', 'build'), staticOpts));
  app.use('/assets/js', express.static(path.join(root, 'src', 'assets', 'js'), staticOpts));
  app.use('/assets/images', express.static(path.join(root, 'src', 'assets', 'images'), staticOpts));
  app.use('/assets/govuk', express.static(path.join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk'), staticOpts));
  app.use('/assets/moj', express.static(path.join(root, 'node_modules', '@ministryofjustice', 'frontend', 'moj'), staticOpts));
  // The network graph and the locations map (features/network): libraries served by the app itself, no CDN.
  app.use('/assets/cytoscape', express.static(path.join(root, 'node_modules', 'cytoscape', 'dist'), staticOpts));
  // fCoSE, the graph's layout, and the two libraries it is built on: just their browser bundles.
  const fcoseFiles: Record<string, string> = {
    'layout-base.js': path.join(root, 'node_modules', 'layout-base', 'layout-base.js'),
    'cose-base.js': path.join(root, 'node_modules', 'cose-base', 'cose-base.js'),
    'cytoscape-fcose.js': path.join(root, 'node_modules', 'cytoscape-fcose', 'cytoscape-fcose.js'),
  };
  app.get('/assets/fcose/:file', (req, res, next) => {
    const file = fcoseFiles[String(req.params.file)];
    if (!file) return next();
    res.sendFile(file, { maxAge: staticOpts.maxAge });
  });
  app.use('/assets/leaflet', express.static(path.join(root, 'node_modules', 'leaflet', 'dist'), staticOpts));
  app.use('/assets/network', express.static(path.join(root, 'src', 'features', 'network', 'assets'), staticOpts));

  app.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 500 }));
  app.use(express.json({ limit: '200kb', type: ['application/json', 'application/*+json'] }));
  app.use(loadSession(deps));
  app.use(csrfProtection(deps));

  // Locals for every page: who is signed in, their partnership, the navigation, the marking.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const user = req.user;
    const partnership = user ? deps.partnerships.get(user.partnershipId) : undefined;
    req.partnership = partnership;
    res.locals.user = user;
    res.locals.partnership = partnership;
    res.locals.agencyName = partnership?.agencies.find((a) => a.id === user?.agencyId)?.name;
    res.locals.navigation = user && user.secondFactorDone ? navigationFor(user.roles, req.path) : [];
    res.locals.idleSeconds = config.sessionIdleMinutes * 60;
    res.locals.warnSeconds = config.sessionWarningMinutes * 60;
    if (user) res.set('Cache-Control', 'no-store');
    next();
  });

  const features = [
    ...platformRoutes(deps),
    ...authRoutes(deps),
    ...homeRoutes(deps),
    ...childImportRoutes(deps), // before childRoutes: /children/import is not a child's id
    ...childRoutes(deps),
    ...assessmentRoutes(deps),
    ...rfmRoutes(deps),
    ...vatRoutes(deps),
    ...llrRoutes(deps),
    ...cseRoutes(deps),
    ...triageRoutes(deps),
    ...mailRoutes(deps),
    ...meetingRoutes(deps),
    ...actionRoutes(deps),
    ...panelRoutes(deps),
    ...agendaRoutes(deps),
    ...meetingRoomRoutes(deps),
    ...reviewRoutes(deps),
    ...intelligenceRoutes(deps),
    ...networkRoutes(deps),
    ...reportRoutes(deps),
    ...packRoutes(deps),
    ...trackerRoutes(deps),
    ...adminRoutes(deps),
    ...subjectAccessRoutes(deps),
    ...retentionRoutes(deps),
    ...authApi(deps),
    ...childImportApi(deps),
    ...childApi(deps),
    ...assessmentApi(deps),
    ...meetingApi(deps),
    ...actionApi(deps),
    ...agendaApi(deps),
    ...meetingRoomApi(deps),
    ...intelligenceApi(deps),
    ...trackerApi(deps),
  ];
  app.use(buildRouter(services.audit, features, registry));
  app.use(buildRouter(services.audit, [openApiRoute(registry)], registry));

  app.use((req: Request, res: Response) => {
    if (req.path.startsWith('/api/')) return problem(res, 404, 'Not found');
    res.status(404).render('errors/not-found.njk');
  });

  // Nothing a user sends yields a stack trace: errors are logged without personal data and answered plainly.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = err as { status?: number; statusCode?: number; type?: string; code?: string; name?: string; message?: string };
    const status = e.status ?? e.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      if (req.path.startsWith('/api/') || req.is('application/json')) {
        return problem(res, status, status === 413 ? 'Request too large' : 'Bad request', 'The request could not be read.');
      }
      return res.status(status).render('errors/bad-request.njk');
    }
    // The error's name, code and stack frames, never its message (a database error quotes the value it refused).
    services.log.error(
      { reqId: req.id, method: req.method, route: routeLabel(req), error: { name: e.name, code: e.code, frames: stackFrames(err) } },
      'request failed',
    );
    if (res.headersSent) return;
    if (req.path.startsWith('/api/')) return problem(res, 500, 'Internal error', 'Something went wrong. Try again later.');
    res.status(500).render('errors/server-error.njk');
  });
  return app;
}
