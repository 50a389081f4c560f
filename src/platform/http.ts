import express, { type NextFunction, type Request, type Response } from 'express';
import type { Access } from './roles.ts';
import { can } from './roles.ts';
import type { Actor } from './actor.ts';
import type { SessionUser } from './sessions.ts';
import type { AuditService } from './audit.ts';
import { problem } from './problems.ts';
import { str } from './validation.ts';
import type { PartnershipConfig } from '../partnerships/index.ts';
import { readUpload, type MultipartSpec, type Upload } from './multipart.ts';
import { csrfMatches, refuseCsrf } from './web-session.ts';
import { reasonAskedOf } from '../domain/access/reason.ts';

type Handler = (req: Request, res: Response, next: NextFunction) => unknown;

/**
 * One route: what it needs and what it audits are part of its declaration, so that nothing can be
 * added without both (an authorisation test enumerates them).
 * audit: the audit action the route writes (in its service, with the change), or 'none: <why>'.
 */
export type RouteSpec = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  access: Access;
  audit: string;
  handler: Handler;
  /** API routes answer problem+json and accept bearer tokens. */
  api?: boolean;
  /** Skip the second-factor gate: only for the routes that complete it. */
  beforeSecondFactor?: boolean;
  /**
   * The route takes a multipart form (a file upload): after the access check the router reads it into
   * req.upload (req.body holds its fields) and checks the CSRF token, sent as the form's `_csrf` field
   * (before the file field) or an X-CSRF-Token header. Other routes refuse a multipart body.
   */
  multipart?: MultipartSpec;
};

declare module 'express-serve-static-core' {
  interface Request {
    user?: SessionUser;
    ip_address: string;
    sessionSecret?: string;
    /** The signed-in user's partnership (set with the user, for every route). */
    partnership?: PartnershipConfig;
    /** A multipart request's expected CSRF token, checked by the route that reads the body (or refused). */
    csrfDeferred?: string;
    /** A multipart route's body (RouteSpec.multipart). */
    upload?: Upload;
  }
}

/** The signed-in user's partnership. */
export function partnershipOf(req: Request): PartnershipConfig {
  const p = req.partnership;
  if (!p) throw new Error('partnershipOf called on a request with no signed-in user');
  return p;
}

/** A page route's answer for an id that is unknown, malformed or another partnership's: the plain 404 page. */
export function notFound(res: Response): void {
  res.status(404).render('errors/not-found.njk');
}

/** An API route's answer for the same: problem+json naming what was not found. */
export function apiNotFound(res: Response, what: string): void {
  problem(res, 404, 'Not found', `No ${what} with that id in your partnership.`);
}

/** The version a form read (a hidden field), or undefined when it is missing or not a whole number above zero. */
export function versionOf(body: Record<string, unknown>): number | undefined {
  const v = Number.parseInt(str(body.version), 10);
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

export function actorOf(req: Request): Actor {
  const u = req.user;
  if (!u) throw new Error('actorOf called on a request with no signed-in user');
  return {
    userId: u.userId,
    partnershipId: u.partnershipId,
    agencyId: u.agencyId,
    roles: u.roles,
    displayName: u.displayName,
    email: u.email,
    ip: req.ip_address,
    reasonForAccess: reasonAskedOf(u.roles, req.partnership?.reasonForAccess.roles ?? []),
  };
}

/** Builds a router from route specs, enforcing each spec's access before its handler (deny by default). */
export function buildRouter(auditor: AuditService, specs: RouteSpec[], registry: RouteSpec[]): express.Router {
  const router = express.Router();
  for (const spec of specs) {
    registry.push(spec);
    router[spec.method](
      spec.path,
      multipartCsrf(spec),
      guard(auditor, spec),
      ...(spec.multipart ? [multipartBody(spec.multipart)] : []),
      async (req, res, next) => {
        try {
          await spec.handler(req, res, next);
        } catch (err) {
          next(err);
        }
      },
    );
  }
  return router;
}

/** A multipart body reaches only a route declared multipart; that route checks its token once the body is read. */
function multipartCsrf(spec: RouteSpec): Handler {
  return (req, res, next) => {
    if (req.csrfDeferred !== undefined && !spec.multipart) return refuseCsrf(req, res);
    next();
  };
}

function multipartBody(m: MultipartSpec): Handler {
  return async (req, res, next) => {
    try {
      const upload = await readUpload(req, { file: m.file, maxBytes: m.maxBytes(req) });
      if (req.csrfDeferred !== undefined && !csrfMatches(upload.fields._csrf ?? req.headers['x-csrf-token'], req.csrfDeferred)) return refuseCsrf(req, res);
      req.upload = upload;
      req.body = upload.fields;
      next();
    } catch (err) {
      next(err);
    }
  };
}

function guard(auditor: AuditService, spec: RouteSpec): Handler {
  return async (req, res, next) => {
    if (spec.access === 'public') return next();
    const user = req.user;
    if (!user) {
      if (spec.api) return problem(res, 401, 'Sign-in required', 'Send a bearer token from POST /api/v1/auth/token.');
      return res.redirect(303, '/sign-in');
    }
    if (!user.secondFactorDone && !spec.beforeSecondFactor) {
      if (spec.api) return problem(res, 401, 'Second factor required', 'Complete sign-in in the browser first.');
      return res.redirect(303, '/sign-in/two-factor');
    }
    if (spec.access === 'signed-in' || can(user.roles, spec.access)) return next();
    try {
      await auditor.refusal(actorOf(req), {
        action: spec.audit.startsWith('none') ? `${spec.method.toUpperCase()} ${spec.path}` : spec.audit,
        outcome: 'denied',
        subjectType: 'route',
        subjectId: `${spec.method.toUpperCase()} ${spec.path}`,
        details: { permission: spec.access },
      });
    } catch (err) {
      return next(err);
    }
    if (spec.api) return problem(res, 403, 'Forbidden', 'Your role does not allow this.');
    res.status(403).render('errors/forbidden.njk');
  };
}
