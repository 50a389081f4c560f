import type { DisclosureResult, RematchResult, SubmitResult, TrackerAlert, TrackerCore, WithdrawResult } from './core.ts';
import { TrackerError, TrackerUnavailableError, type TrackerErrorCode } from './errors.ts';

export type { DisclosureResult, RematchResult, SubmitResult, TrackerAlert, WithdrawResult } from './core.ts';
export { TrackerError, TrackerUnavailableError } from './errors.ts';

/**
 * The tracker as the app sees it, whether it runs in this process (a deployment hosting several partnerships) or as
 * its own process over HTTP: the same methods and results, and the same errors (`TrackerError`, whose `retryable` is
 * true when the tracker could not be reached: queue and try again; see outbox.ts).
 *
 * Every call names the partnership acting. Over HTTP the partnership is the one the token belongs to; naming
 * another is refused (forbidden).
 */
export interface TrackerClient {
  /** Adds or replaces a child's encoding under its opaque reference, and matches it now. */
  submit(partnership: string, ref: string, encoding: unknown): Promise<SubmitResult>;
  /** The child's record was closed or erased: its encoding goes, and its alerts are withdrawn. */
  withdraw(partnership: string, ref: string): Promise<WithdrawResult>;
  /** The partnership's open alerts (raised, or confirmed by it), newest first. */
  alerts(partnership: string): Promise<TrackerAlert[]>;
  alert(partnership: string, id: string): Promise<TrackerAlert>;
  /** Confirms the partnership's own side of an alert, with its sealed disclosure (disclosure.ts). Idempotent. */
  confirm(partnership: string, id: string, disclosure: string): Promise<TrackerAlert>;
  reject(partnership: string, id: string, reason: string): Promise<TrackerAlert>;
  /** The other side's sealed disclosure, once both sides have confirmed (before: conflict). */
  disclosure(partnership: string, id: string): Promise<DisclosureResult>;
  /** A full re-match (a job, or an administrator). */
  rematch(partnership: string): Promise<RematchResult>;
}

/** The tracker in this process: the core called directly. An unexpected failure is `unavailable` (retry later). */
export function inProcessTracker(core: TrackerCore): TrackerClient {
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof TrackerError) throw err;
      throw new TrackerUnavailableError('The tracker failed; try again later.');
    }
  };
  return {
    submit: (p, ref, encoding) => call(() => core.submit(p, ref, encoding)),
    withdraw: (p, ref) => call(() => core.withdraw(p, ref)),
    alerts: (p) => call(() => core.alerts(p)),
    alert: (p, id) => call(() => core.alert(p, id)),
    confirm: (p, id, disclosure) => call(() => core.confirm(p, id, disclosure)),
    reject: (p, id, reason) => call(() => core.reject(p, id, reason)),
    disclosure: (p, id) => call(() => core.disclosure(p, id)),
    rematch: (p) => call(() => core.rematch(p)),
  };
}

type HttpTrackerOptions = {
  /** Milliseconds before a call counts as the tracker being down (default 5000; a full re-match gets 10 minutes). */
  timeoutMs?: number;
  fetch?: typeof fetch;
};

const codeOfStatus = (status: number): TrackerErrorCode =>
  status === 400 || status === 422
    ? 'invalid'
    : status === 401
      ? 'unauthorised'
      : status === 403
        ? 'forbidden'
        : status === 404
          ? 'not-found'
          : status === 409
            ? 'conflict'
            : 'unavailable';

/**
 * The tracker over HTTP. `token` is the partnership's bearer token, or a function giving the token of each
 * partnership (a deployment hosting several, each with its own token).
 */
export function httpTracker(baseUrl: string, token: string | ((partnership: string) => string), opts: HttpTrackerOptions = {}): TrackerClient {
  const base = baseUrl.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  const tokenOf = typeof token === 'string' ? () => token : token;
  const seg = encodeURIComponent;

  async function call<T>(partnership: string, method: string, path: string, body?: unknown, timeoutMs = opts.timeoutMs ?? 5000): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${tokenOf(partnership)}`,
          'x-tracker-partnership': partnership,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (_err) {
      throw new TrackerUnavailableError('The tracker could not be reached.');
    }
    let payload: unknown;
    try {
      payload = await res.json();
    } catch (_err) {
      throw new TrackerUnavailableError(`The tracker answered ${res.status} without JSON.`);
    }
    if (res.ok) return payload as T;
    const problem = (payload ?? {}) as { title?: string; detail?: string; errors?: Record<string, string> };
    const code = codeOfStatus(res.status);
    if (code === 'unavailable') throw new TrackerUnavailableError(problem.title ?? `The tracker answered ${res.status}.`);
    throw new TrackerError(code, problem.detail ?? problem.title ?? `The tracker answered ${res.status}.`, problem.errors);
  }

  return {
    submit: (p, ref, encoding) => call(p, 'PUT', `/v1/encodings/${seg(ref)}`, { encoding }),
    withdraw: (p, ref) => call(p, 'DELETE', `/v1/encodings/${seg(ref)}`),
    alerts: async (p) => (await call<{ alerts: TrackerAlert[] }>(p, 'GET', '/v1/alerts')).alerts,
    alert: (p, id) => call(p, 'GET', `/v1/alerts/${seg(id)}`),
    confirm: (p, id, disclosure) => call(p, 'POST', `/v1/alerts/${seg(id)}/confirm`, { disclosure }),
    reject: (p, id, reason) => call(p, 'POST', `/v1/alerts/${seg(id)}/reject`, { reason }),
    disclosure: (p, id) => call(p, 'GET', `/v1/alerts/${seg(id)}/disclosure`),
    rematch: (p) => call(p, 'POST', '/v1/match', {}, 10 * 60_000),
  };
}
