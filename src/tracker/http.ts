import crypto from 'node:crypto';
import type http from 'node:http';
import type { TrackerCore } from './core.ts';
import { TrackerError } from './errors.ts';

/**
 * The tracker's JSON API, authenticated per partnership (a bearer token; the tracker keeps only each token's
 * sha256). Answers are JSON; problems are `application/problem+json` with a title, a status and, for bad input, the
 * fields at fault. Logs name the route pattern and status only: never a reference, a body or a stack.
 *
 *   GET    /health
 *   PUT    /v1/encodings/{ref}          {"encoding": …}
 *   DELETE /v1/encodings/{ref}
 *   GET    /v1/alerts
 *   GET    /v1/alerts/{id}
 *   POST   /v1/alerts/{id}/confirm      {"disclosure": "<sealed>"}
 *   POST   /v1/alerts/{id}/reject       {"reason": "…"}
 *   GET    /v1/alerts/{id}/disclosure
 *   POST   /v1/match
 */

/** Partnership id → sha256 (hex) of its bearer token. */
export type TokenHashes = ReadonlyMap<string, string>;

export const tokenHash = (token: string) => crypto.createHash('sha256').update(token, 'utf8').digest('hex');

/** The partnership whose token this is, comparing hashes in constant time and always against every entry. */
function partnershipOfToken(tokens: TokenHashes, token: string): string | undefined {
  const given = Buffer.from(tokenHash(token), 'hex');
  let found: string | undefined;
  for (const [partnership, hash] of tokens) {
    const expected = Buffer.from(hash, 'hex');
    if (expected.length === given.length && crypto.timingSafeEqual(expected, given) && !found) found = partnership;
  }
  return found;
}

const maxBody = 300 * 1024;

class HttpProblem extends Error {
  readonly status: number;
  readonly errors?: Record<string, string>;
  constructor(status: number, title: string, errors?: Record<string, string>) {
    super(title);
    this.status = status;
    this.errors = errors;
  }
}

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorised',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  500: 'Internal error',
  503: 'Unavailable',
};

function send(res: http.ServerResponse, status: number, body: unknown, problem = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': problem ? 'application/problem+json' : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(status === 401 ? { 'www-authenticate': 'Bearer realm="tracker"' } : {}),
  });
  res.end(text);
}

function sendProblem(res: http.ServerResponse, status: number, detail?: string, errors?: Record<string, string>): void {
  send(res, status, { type: 'about:blank', title: titles[status] ?? 'Error', status, ...(detail ? { detail } : {}), ...(errors ? { errors } : {}) }, true);
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const type = String(req.headers['content-type'] ?? '');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBody) throw new HttpProblem(413, `The body is larger than ${maxBody} bytes.`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  if (!/^application\/json\b/i.test(type)) throw new HttpProblem(415, 'Send JSON (Content-Type: application/json).');
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (_err) {
    throw new HttpProblem(400, 'The body is not valid JSON.');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpProblem(422, 'The body must be a JSON object.');
  return body as Record<string, unknown>;
}

type Route = {
  method: string;
  pattern: RegExp;
  name: string;
  run: (core: TrackerCore, partnership: string, params: string[], body: () => Promise<Record<string, unknown>>) => Promise<unknown>;
};

const routes: Route[] = [
  {
    method: 'PUT',
    pattern: /^\/v1\/encodings\/([^/]+)$/,
    name: 'PUT /v1/encodings/{ref}',
    run: async (c, p, [ref], body) => c.submit(p, ref!, (await body()).encoding),
  },
  { method: 'DELETE', pattern: /^\/v1\/encodings\/([^/]+)$/, name: 'DELETE /v1/encodings/{ref}', run: (c, p, [ref]) => c.withdraw(p, ref!) },
  { method: 'GET', pattern: /^\/v1\/alerts$/, name: 'GET /v1/alerts', run: async (c, p) => ({ alerts: await c.alerts(p) }) },
  { method: 'GET', pattern: /^\/v1\/alerts\/([^/]+)$/, name: 'GET /v1/alerts/{id}', run: (c, p, [id]) => c.alert(p, id!) },
  {
    method: 'POST',
    pattern: /^\/v1\/alerts\/([^/]+)\/confirm$/,
    name: 'POST /v1/alerts/{id}/confirm',
    run: async (c, p, [id], body) => c.confirm(p, id!, (await body()).disclosure as string),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/alerts\/([^/]+)\/reject$/,
    name: 'POST /v1/alerts/{id}/reject',
    run: async (c, p, [id], body) => c.reject(p, id!, (await body()).reason as string),
  },
  { method: 'GET', pattern: /^\/v1\/alerts\/([^/]+)\/disclosure$/, name: 'GET /v1/alerts/{id}/disclosure', run: (c, p, [id]) => c.disclosure(p, id!) },
  { method: 'POST', pattern: /^\/v1\/match$/, name: 'POST /v1/match', run: (c, p) => c.rematch(p) },
];

type TrackerHttpOptions = { core: TrackerCore; tokens: TokenHashes; log?: (line: string) => void };

/** The request handler for `http.createServer`. */
export function trackerHandler(opts: TrackerHttpOptions): http.RequestListener {
  const { core, tokens } = opts;
  const log = opts.log ?? (() => undefined);
  return async (req, res) => {
    const started = performance.now();
    let name = 'unmatched';
    try {
      const url = new URL(req.url ?? '/', 'http://tracker');
      const path = url.pathname;
      if (path === '/health') {
        name = 'GET /health';
        if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpProblem(405, 'Use GET.');
        return send(res, 200, { status: 'ok', records: core.size });
      }
      const matching = routes.filter((r) => r.pattern.test(path));
      if (!matching.length) throw new HttpProblem(404, 'No such resource.');
      const route = matching.find((r) => r.method === req.method);
      if (!route) {
        res.setHeader('allow', matching.map((r) => r.method).join(', '));
        throw new HttpProblem(405, `Use ${matching.map((r) => r.method).join(' or ')}.`);
      }
      name = route.name;
      const auth = String(req.headers.authorization ?? '');
      const bearer = /^Bearer ([\x21-\x7e]{16,512})$/.exec(auth)?.[1];
      const partnership = bearer ? partnershipOfToken(tokens, bearer) : undefined;
      if (!partnership) throw new HttpProblem(401, 'A valid bearer token is required.');
      const claimed = req.headers['x-tracker-partnership'];
      if (claimed !== undefined && claimed !== partnership) throw new HttpProblem(403, 'This token does not act for that partnership.');
      let params: string[];
      try {
        params = route.pattern.exec(path)!.slice(1).map(decodeURIComponent);
      } catch (_err) {
        throw new HttpProblem(400, 'The address is malformed.');
      }
      const result = await route.run(core, partnership, params, () => readJson(req));
      send(res, 200, result);
    } catch (err) {
      if (err instanceof HttpProblem) sendProblem(res, err.status, err.message, err.errors);
      else if (err instanceof TrackerError) sendProblem(res, err.status, err.message, err.errors);
      else {
        log(`tracker error on ${name}: ${(err as Error)?.name ?? 'unknown'}${(err as { code?: string })?.code ? ` ${(err as { code?: string }).code}` : ''}`);
        sendProblem(res, 500, 'The tracker failed; try again later.');
      }
    } finally {
      log(`${req.method} ${name} ${res.statusCode} ${Math.round(performance.now() - started)}ms`);
    }
  };
}
