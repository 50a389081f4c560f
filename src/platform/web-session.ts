import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config.ts';
import type { SessionService } from './sessions.ts';
import { readCookie, setCookie } from './cookies.ts';
import { hmac, randomToken, safeEqual } from './tokens.ts';
import { problem } from './problems.ts';
import { withSessionWrites } from '../db/read-your-writes.ts';

export const SESSION_COOKIE = 'mace_session';
const PRE_SESSION_COOKIE = 'mace_pre';

export type CsrfSigner = { secret: string };

type Deps = { config: Config; csrf: CsrfSigner; services: { sessions: SessionService } };

/** Finds the signed-in user from the session cookie (pages) or a bearer token (the API). */
export function loadSession({ services }: Deps) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      req.ip_address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      const auth = req.headers.authorization;
      const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
      const secret = bearer ?? readCookie(req, SESSION_COOKIE);
      if (!secret) return next();
      const user = await services.sessions.find(secret);
      if (!user || user.kind !== (bearer ? 'api' : 'web')) return next();
      req.user = user;
      req.sessionSecret = secret;
      if (Date.now() - user.lastSeenAt.getTime() > 30_000) await services.sessions.touch(user);
      // Issue 17: the rest of the request reads what the user last wrote (a replica only once it has replayed it), and a
      // request that may write (not GET) records where its writes got to.
      const writes = !['GET', 'HEAD', 'OPTIONS'].includes(req.method);
      withSessionWrites({ mustSee: user.lastWriteLsn ?? undefined, keep: writes ? services.sessions.keepLastWrite(user) : undefined }, next);
    } catch (err) {
      next(err);
    }
  };
}

function csrfTokenFor(signer: CsrfSigner, key: string): string {
  return hmac(signer.secret, `csrf:${key}`);
}

/**
 * Synchroniser tokens bound to the session (or, before sign-in, to a pre-session cookie), checked on
 * every unsafe request made with cookies. Bearer-token API calls carry no cookies and need none.
 */
export function csrfProtection({ config, csrf }: Deps) {
  return (req: Request, res: Response, next: NextFunction) => {
    const bearer = req.headers.authorization?.startsWith('Bearer ');
    let key: string | undefined;
    if (req.sessionSecret && !bearer) key = `session:${req.sessionSecret}`;
    else {
      let pre = readCookie(req, PRE_SESSION_COOKIE);
      if (!pre && req.method === 'GET') {
        pre = randomToken();
        setCookie(res, PRE_SESSION_COOKIE, pre, config.secureCookies);
      }
      if (pre) key = `pre:${pre}`;
    }
    const expected = key ? csrfTokenFor(csrf, key) : undefined;
    res.locals.csrfToken = expected;
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || bearer) return next();
    if (req.path.startsWith('/api/') && !req.sessionSecret) return next(); // e.g. POST /api/v1/auth/token: no cookie to forge
    // A multipart body is read by the route declared `multipart` (platform/http.ts), which checks the token
    // in its form field or header then; any other route refuses the request.
    if (req.is('multipart/form-data')) {
      req.csrfDeferred = expected ?? '';
      return next();
    }
    const sent = (req.body?._csrf as string | undefined) ?? (req.headers['x-csrf-token'] as string | undefined);
    if (csrfMatches(sent, expected)) return next();
    refuseCsrf(req, res);
  };
}

/** Whether a sent token is the expected one. */
export function csrfMatches(sent: unknown, expected: string | undefined): boolean {
  return Boolean(expected) && typeof sent === 'string' && safeEqual(sent, expected!);
}

/** The answer to a missing or wrong CSRF token. */
export function refuseCsrf(req: Request, res: Response): void {
  if (req.path.startsWith('/api/')) return void problem(res, 403, 'Forbidden', 'Missing or invalid CSRF token.');
  res.status(403).render('errors/csrf.njk');
}
