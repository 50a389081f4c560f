import type { Response } from 'express';

export type FieldError = { field: string; message: string };

/** RFC 9457 problem details; invalid fields are listed by name. */
export function problem(res: Response, status: number, title: string, detail?: string, errors?: FieldError[]) {
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...(errors ? { errors } : {}) }));
}

/** A stale save refused (409): the record as it now is, and what the caller sent, kept and not applied. */
export function editConflict(res: Response, detail: string, current: unknown, submitted?: unknown) {
  res
    .status(409)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title: 'Edit conflict', status: 409, detail, current, ...(submitted !== undefined ? { submitted } : {}) }));
}
