import type { Db } from './db/client.ts';
import type { Config } from './config.ts';
import type { PartnershipConfig } from './partnerships/index.ts';
import type { CsrfSigner } from './platform/web-session.ts';
import { authService } from './features/auth/service.ts';
import { oidcService } from './features/auth/oidc.ts';
import { adminService } from './features/admin/service.ts';
import { childService } from './features/children/service.ts';
import { childImportService } from './features/children/import/service.ts';
import { assessmentService } from './features/assessments/service.ts';
import { rfmService } from './features/rfm/service.ts';
import { vatService } from './features/vat/service.ts';
import { llrService } from './features/llr/service.ts';
import { cseService } from './features/cse-service/service.ts';
import { triageService } from './features/triage/service.ts';
import { outboxService } from './features/mail/service.ts';
import { meetingService } from './features/meetings/service.ts';
import { actionService } from './features/actions/service.ts';
import { panelService } from './features/panel/service.ts';
import { agendaService } from './features/agenda/service.ts';
import { meetingRoomService } from './features/meeting-room/service.ts';
import { reviewsService } from './features/reviews/service.ts';
import { intelligenceService } from './features/intelligence/service.ts';
import { historyService } from './features/intelligence/history.ts';
import { networkService } from './features/network/service.ts';
import { reportService } from './features/reports/service.ts';
import { packService } from './features/packs/service.ts';
import { homeService } from './features/home/service.ts';
import { platformService } from './features/platform/service.ts';
import { sessionService } from './platform/sessions.ts';
import { auditService } from './platform/audit.ts';
import { mailContext } from './platform/mail.ts';
import { subjectAccessService } from './features/subject-access/service.ts';
import { retentionService } from './features/retention/service.ts';
import { retentionErasers } from './features/retention/repository.ts';
import { trackerService } from './features/tracker/service.ts';
import { trackerDeps } from './features/tracker/setup.ts';
import { createLogger, logEntries } from './platform/log.ts';
import { createMetrics } from './platform/metrics.ts';
import type { DestinationStream } from 'pino';

type Partnerships = Map<string, PartnershipConfig>;

/**
 * The composition root: every feature service built once, on one database, configuration and set of
 * partnerships. Route factories (features/*\/routes.ts, api.ts) receive these; they never build a service.
 */
export function createServices(
  db: Db,
  config: Config,
  partnerships: Partnerships,
  o: { logDestination?: DestinationStream; replica?: () => Promise<unknown> } = {},
) {
  // Values, not process-wide settings: where email links point (PUBLIC_URL), given to the services that send mail, and
  // the bank holidays (config/bank-holidays.json or BANK_HOLIDAYS_FILE, read by loadConfig), given to every service that
  // counts working days or shows a child's next dates. Two sets of services in one process may differ in either.
  const links = mailContext(config.publicUrl);
  const calendar = config.bankHolidays;
  // Issue 14: the national tracker (in this process, over HTTP, or off); the children service tells it of changes.
  // Issue 17 item 6: the logger (JSON lines; a test passes its own destination), and the metrics, told each query's time.
  const log = createLogger(config.logLevel, o.logDestination);
  const platform = platformService(db, { replica: o.replica });
  const metrics = createMetrics({ pool: () => db.poolStats(), signals: () => platform.signals() });
  db.observe(metrics.observeQuery);
  const tracker = trackerService({ ...trackerDeps(db, config.tracker, partnerships, links, calendar), log: logEntries(log) });
  // Issue 16 item 12: what other features hold about a child is erased with the record (features/retention), in FK order.
  const children = childService(db, calendar, { identity: tracker.identity, erasers: retentionErasers });
  const assessments = assessmentService(db, calendar);
  const actions = actionService(db, calendar);
  const cse = cseService(db, calendar);
  return {
    // The platform's: the session store (the middleware, keep-alive, searches kept in the session), the audit of
    // refusals made before a service is reached (the route guard), the health checks, the logger and the metrics.
    sessions: sessionService(db, config.sessionIdleMinutes),
    audit: auditService(db),
    platform,
    log,
    metrics,
    auth: authService(db, partnerships),
    oidc: oidcService(db, partnerships, config.oidc, config.publicUrl),
    admin: adminService(db),
    children,
    childImport: childImportService(db, children),
    tracker,
    assessments,
    rfm: rfmService(db, partnerships, links, assessments),
    vat: vatService(db, partnerships, calendar, assessments),
    llr: llrService(db, partnerships, links, calendar, assessments),
    triage: triageService(db, links, calendar, cse),
    cse,
    outbox: outboxService(db),
    meetings: meetingService(db, links, calendar),
    actions,
    panel: panelService(db),
    agenda: agendaService(db, links, calendar),
    meetingRoom: meetingRoomService(db, links, calendar, actions),
    reviews: reviewsService(db, calendar),
    intelligence: intelligenceService(db, calendar),
    history: historyService(db, calendar),
    network: networkService(db, calendar),
    reports: reportService(db, calendar),
    packs: packService(db, links, calendar),
    home: homeService(db, partnerships, calendar),
    subjectAccess: subjectAccessService(db),
    retention: retentionService(db, partnerships, (by, id, why) => children.erase(by, id, why)),
  };
}

type Services = ReturnType<typeof createServices>;

/**
 * What the app and its route factories are given (server.ts and test-support build it). No database: the
 * middleware and every route reach it through a service (services.sessions and services.audit for the
 * platform's own), so that each read and change has one place that opens its transaction and audits it.
 */
export type AppDeps = {
  config: Config;
  partnerships: Partnerships;
  csrf: CsrfSigner;
  services: Services;
};
