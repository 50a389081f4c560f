/**
 * The tracker's errors, the same in process and over HTTP, so the app handles one set: `code` says what happened and
 * `retryable` whether trying again later may succeed (the tracker being down must never block saving a child: the
 * app queues and retries).
 */
export type TrackerErrorCode = 'invalid' | 'unauthorised' | 'forbidden' | 'not-found' | 'conflict' | 'unavailable';

const statusOf: Record<TrackerErrorCode, number> = {
  invalid: 422,
  unauthorised: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unavailable: 503,
};

export class TrackerError extends Error {
  readonly code: TrackerErrorCode;
  /** Field-by-field problems, for `invalid`. */
  readonly errors?: Record<string, string>;
  constructor(code: TrackerErrorCode, message: string, errors?: Record<string, string>) {
    super(message);
    this.name = 'TrackerError';
    this.code = code;
    this.errors = errors;
  }
  get status(): number {
    return statusOf[this.code];
  }
  get retryable(): boolean {
    return this.code === 'unavailable';
  }
}

/** The tracker could not be reached or did not answer properly: queue and try again later. */
export class TrackerUnavailableError extends TrackerError {
  constructor(message: string) {
    super('unavailable', message);
    this.name = 'TrackerUnavailableError';
  }
}

export const notFound = () => new TrackerError('not-found', 'No such alert for this partnership.');
