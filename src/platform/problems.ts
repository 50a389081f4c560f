import type { Response } from 'express';

export type FieldError = { field: string; message: string };

/** RFC 9457 problem details; invalid fields are listed by name. */
export function problem(res: Response, status: number, title: string, detail?: string, errors?: FieldError[]) {
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...(errors ? { errors } : {}) }));
}
