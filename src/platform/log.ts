import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Metrics } from './metrics.ts';

export type { Logger } from 'pino';
export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

/**
 * Issue 17 item 6: structured JSON logs, one object a line (pino). What goes in a line is chosen field by field by
 * the code that writes it (never a request, a URL, a query string, a body, an error's message or a person's name):
 * a request's line has its id, method, route pattern, status and duration only.
 *
 * Without `destination`, info and below go to stdout and errors to stderr (so a supervisor that keeps stderr apart
 * keeps the problems apart); tests pass a stream of their own and read what was written.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (destination) return pino(options, destination);
  return pino(
    options,
    pino.multistream(
      [
        { level: 'debug', stream: pino.destination({ dest: 1, sync: true }) },
        { level: 'error', stream: pino.destination({ dest: 2, sync: true }) },
      ],
      { dedupe: true },
    ),
  );
}

/** The `log` option of the mail sender, the jobs runner and the tracker service: an entry with its level, written by the logger. */
export function logEntries(log: Logger): (entry: Record<string, unknown>) => void {
  return ({ level, ...rest }) => {
    const at = level === 'error' || level === 'warn' || level === 'debug' ? level : 'info';
    log[at](rest);
  };
}

/**
 * Only the frames of an error's stack (file and line), never its message: a database error quotes the value it
 * refused (`invalid input syntax for type uuid: "…"`), which may be what a user typed.
 */
export function stackFrames(err: unknown, n = 6): string[] | undefined {
  const stack = (err as { stack?: unknown })?.stack;
  if (typeof stack !== 'string') return undefined;
  return stack
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, n)
    .map((l) => l.trim().slice(0, 300));
}

/** A request id from a load balancer is kept only in a form that cannot carry a name: hexadecimal digits and hyphens, 16–64 of them (a UUID, nginx's $request_id). */
const SAFE_REQUEST_ID = /^[0-9a-fA-F-]{16,64}$/;

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's id (X-Request-Id): in its log line and echoed in the response. */
    id: string;
  }
}

/** The label of a request: its route's declared pattern, never the URL (which may hold ids) nor its query (which may hold names). */
export function routeLabel(req: Request): string {
  const pattern = req.route?.path;
  if (typeof pattern === 'string') return pattern;
  return req.path.startsWith('/assets/') ? '/assets/*' : 'unmatched';
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Every request: an id (X-Request-Id, honoured when safe, otherwise made here, and echoed); when it ends, its
 * count and duration by method, route pattern and status (metrics), and one log line (static assets counted, not logged).
 * A request the client gave up on before the answer ended is counted with status 499.
 */
export function requestSignals(log: Logger, metrics?: Metrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.headers['x-request-id'];
    req.id = typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : crypto.randomUUID();
    res.setHeader('X-Request-Id', req.id);
    const start = process.hrtime.bigint();
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = routeLabel(req);
      const status = res.writableFinished ? res.statusCode : 499;
      const method = METHODS.has(req.method) ? req.method : 'OTHER';
      metrics?.observeRequest(method, route, status, seconds);
      if (route === '/assets/*') return;
      log.info({ reqId: req.id, method, route, status, ms: Math.round(seconds * 1e4) / 10 }, 'request');
    });
    next();
  };
}
