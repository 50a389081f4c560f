import type { Request, Response } from 'express';
import type { FieldError } from '../../platform/problems.ts';
import { notFound } from '../../platform/http.ts';
import { str, isUuid } from '../../platform/validation.ts';
import type { Gate } from './service.ts';

/** What the meeting room's pages share: the ids in the path, why a meeting cannot be used, a stale form. */
export const outOfDate: FieldError = { field: 'version', message: 'The form is out of date: reload the page' };

/** The meeting's id and item's id from the path: undefined when not a UUID (answered as not found). */
export const ids = (req: Request) => {
  const id = str(req.params.id);
  const itemId = str(req.params.itemId);
  return { id: isUuid(id) ? id : undefined, itemId: itemId === '' || isUuid(itemId) ? itemId : undefined };
};

/** Why a meeting cannot be used now, as a page: never a child's name. */
export const refuse = (res: Response, id: string, reason: Gate | 'cancelled') => {
  if (reason === 'not-found') return notFound(res);
  const messages = {
    'not-accepted': 'Accept the confidentiality agreement for this meeting before you open any case in it.',
    'not-open': 'The chair has not opened this meeting yet.',
    closed: 'This meeting is closed: nothing more can be recorded in it.',
    cancelled: 'This meeting was cancelled.',
    'not-yet':
      'This meeting is on a later day: nothing is recorded in it before that day, so that no decision predates the meeting. If it is being held today, move it to today on the meeting’s details page, giving the reason.',
  };
  res.status(reason === 'not-accepted' ? 403 : 409).render('meeting-room/views/refused.njk', { id, message: messages[reason], reason });
};
