/** The agenda's part of the OpenAPI document (merged by features/platform/openapi.ts). */
import { RISK_LEVELS } from '../../domain/risk/levels.ts';
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const uuid = { type: 'string', format: 'uuid' };
const idParam = [{ name: 'id', in: 'path', required: true, schema: uuid }];

const child = {
  type: 'object',
  properties: {
    id: uuid,
    reference: { type: 'string' },
    name: { type: 'string', description: 'Only to callers who may see the child' },
    risk: {
      type: 'object',
      properties: { level: { type: 'string', enum: [...RISK_LEVELS] }, scored: { type: ['string', 'null'] }, overridden: { type: 'boolean' } },
    },
    checklist: {
      type: 'object',
      description: 'The lead professional’s checklist before the panel (open referral only)',
      properties: { done: { type: 'integer' }, total: { type: 'integer' }, complete: { type: 'boolean' } },
    },
  },
};

const item = {
  type: 'object',
  properties: {
    id: uuid,
    position: { type: 'integer', minimum: 1 },
    kind: { type: 'string', enum: ['child', 'group', 'location'] },
    discussion: { type: 'string', enum: ['initial', 'review'] },
    title: { type: ['string', 'null'], description: 'A group’s name, or why a location is discussed' },
    location: { type: ['string', 'null'] },
    slotMinutes: { type: 'integer', minimum: 5, maximum: 240 },
    fixedStart: {
      type: ['string', 'null'],
      pattern: '^\\d{2}:\\d{2}$',
      description: 'Local time (Europe/London) the item must start at; null follows the running order',
    },
    startsAt: { type: 'string', format: 'date-time' },
    endsAt: { type: 'string', format: 'date-time' },
    status: { type: 'string', enum: ['planned', 'in-discussion', 'discussed', 'deferred'] },
    referralId: { type: ['string', 'null'], format: 'uuid' },
    children: { type: 'array', items: child },
    version: { type: 'integer' },
  },
};

const agenda = {
  type: 'object',
  properties: {
    occurrenceId: uuid,
    seriesId: uuid,
    seriesName: { type: 'string' },
    startsAt: { type: 'string', format: 'date-time' },
    endsAt: { type: 'string', format: 'date-time' },
    meetingStatus: { type: 'string', enum: ['scheduled', 'moved', 'cancelled'] },
    status: { type: 'string', enum: ['draft', 'published'] },
    version: { type: 'integer', description: 'Send it to publish' },
    publishedAt: { type: ['string', 'null'], format: 'date-time' },
    changedSincePublished: { type: 'boolean' },
    meetingMinutes: { type: 'integer' },
    agendaMinutes: { type: 'integer', description: 'From the meeting’s start to the end of the last item, gaps included' },
    fit: { type: 'object', properties: { status: { type: 'string', enum: ['fits', 'over', 'under'] }, minutes: { type: 'integer' } } },
    message: { type: 'string' },
    items: { type: 'array', items: item },
    childrenAdultOnDate: {
      type: 'array',
      description:
        'To those who run meetings: children on the agenda who are 18 or over on the meeting’s date (the meeting moved later): MACE is for children under 18, so remove or defer the item',
      items: { type: 'object', properties: { itemId: uuid, position: { type: 'integer' }, childId: uuid, reference: { type: 'string' } } },
    },
  },
};

const slotFields = {
  discussion: {
    type: 'string',
    enum: ['initial', 'review', 'auto'],
    description: 'On adding, auto (the default): review if discussed at an earlier meeting of the series, else initial',
  },
  slotMinutes: {
    type: 'integer',
    minimum: 5,
    maximum: 240,
    description: 'On adding, defaults to the partnership’s slot for the discussion (Rotherham: initial 45, review 15)',
  },
  fixedStart: { type: ['string', 'null'], description: 'A local time like 11:00 or 11am; refused when the slot would overlap another' },
};

export const agendaOpenApi: Record<string, Record<string, unknown>> = {
  'GET /api/v1/meetings/{id}/agenda': {
    summary:
      'A meeting’s agenda with its running order and whether it fits the meeting (managers always; members of the series once published). Each child shown is audited',
    parameters: idParam,
    responses: {
      200: { description: 'The agenda', content: { 'application/json': { schema: agenda } } },
      404: problemResponse('No such meeting in your partnership, or not published yet, or you are not a member'),
    },
  },
  'POST /api/v1/meetings/{id}/agenda/items': {
    summary:
      'Add an item at the end of the running order: a child, a group of linked children in one slot, or a location with no child. A child appears once per meeting',
    parameters: idParam,
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['kind'],
            properties: {
              kind: { type: 'string', enum: ['child', 'group', 'location'] },
              childIds: { type: 'array', items: uuid, description: 'child: one; group: two or more (with childReferences)' },
              childReferences: { type: 'array', items: { type: 'string' }, description: 'Children by reference, like MC000012' },
              title: { type: 'string', maxLength: 120 },
              location: { type: 'string', maxLength: 200, description: 'Required for a location' },
              ...slotFields,
            },
          },
        },
      },
    },
    responses: {
      201: { description: 'The item with its times', content: { 'application/json': { schema: item } } },
      403: problemResponse('Role does not allow'),
      404: problemResponse('No such meeting in your partnership'),
      422: problemResponse(
        'Invalid fields, a child already on the agenda, a young person 18 or over on the meeting’s date (the partnership’s text on where adults are supported), an overlapping slot, or a cancelled or closed meeting; each named, nothing saved',
      ),
    },
  },
  'PUT /api/v1/agenda-items/{id}': {
    summary: 'Change an item’s discussion, slot length, fixed start and name or place, naming the version read',
    parameters: idParam,
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['version', 'discussion', 'slotMinutes'],
            properties: {
              version: { type: 'integer' },
              ...slotFields,
              title: { type: 'string', maxLength: 120 },
              location: { type: 'string', maxLength: 200 },
            },
          },
        },
      },
    },
    responses: {
      200: { description: 'Saved', content: { 'application/json': { schema: item } } },
      404: problemResponse('No such item in your partnership'),
      409: {
        description: 'Someone else saved first: the problem carries current (the saved item) and submitted (yours, kept in edit_conflicts)',
        content: {
          'application/problem+json': {
            schema: { allOf: [{ $ref: '#/components/schemas/Problem' }, { type: 'object', properties: { current: item, submitted: { type: 'object' } } }] },
          },
        },
      },
      422: problemResponse('Invalid fields or an overlapping slot, each named; nothing saved'),
    },
  },
  'DELETE /api/v1/agenda-items/{id}': {
    summary: 'Remove an item while the agenda is a draft, naming the version read (in the body or ?version=)',
    parameters: [...idParam, { name: 'version', in: 'query', schema: { type: 'integer' } }],
    responses: {
      204: { description: 'Removed; the running order closes up' },
      404: problemResponse('No such item in your partnership'),
      409: problemResponse('Stale version, the agenda is published, or something was recorded against the item'),
      422: problemResponse('No version'),
    },
  },
  'POST /api/v1/meetings/{id}/agenda/publish': {
    summary: 'Publish the agenda (or send it again after a change) to every member of the series: the email links to it and counts its items, naming no child',
    parameters: idParam,
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: { type: 'object', required: ['version'], properties: { version: { type: 'integer', description: 'The agenda version read' } } },
        },
      },
    },
    responses: {
      200: {
        description: 'Published',
        content: {
          'application/json': {
            schema: { type: 'object', properties: { status: { const: 'published' }, sentTo: { type: 'integer' }, again: { type: 'boolean' } } },
          },
        },
      },
      404: problemResponse('No such meeting in your partnership'),
      409: problemResponse('The agenda changed after you read it'),
      422: problemResponse('No items, unchanged since sent, or the meeting is cancelled or closed'),
    },
  },
};
