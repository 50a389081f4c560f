/** The OpenAPI description of the meetings' write routes and one occurrence (merged into the document by features/platform/openapi.ts). */
const problemRef = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }];
const body = (schema: Record<string, unknown>) => ({ required: true, content: { 'application/json': { schema } } });
const ok = (description: string, schema: Record<string, unknown>) => ({ description, content: { 'application/json': { schema } } });

const series = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    typeId: { type: 'string' },
    name: { type: 'string' },
    districtId: { type: ['string', 'null'] },
    rrule: { type: 'string', description: 'RFC 5545 rule, local time (Europe/London)' },
    description: { type: 'string' },
    firstDate: { type: 'string', format: 'date' },
    startTime: { type: 'string', pattern: '^\\d{2}:\\d{2}$' },
    durationMinutes: { type: 'integer' },
    timezone: { type: 'string' },
    skipBankHolidays: { type: 'boolean' },
    offsetDays: { type: 'integer' },
    location: { type: ['string', 'null'] },
    version: { type: 'integer' },
  },
};

const occurrence = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    seriesId: { type: 'string', format: 'uuid' },
    seriesName: { type: 'string' },
    typeId: { type: 'string' },
    districtId: { type: ['string', 'null'] },
    location: { type: ['string', 'null'] },
    startsAt: { type: 'string', format: 'date-time', description: 'UK local time with its offset' },
    endsAt: { type: 'string', format: 'date-time' },
    originalStartsAt: { type: 'string', format: 'date-time', description: 'Where the rule put it' },
    status: { type: 'string', enum: ['scheduled', 'moved', 'cancelled'] },
    movedOffHoliday: {
      type: ['string', 'null'],
      description: 'The bank holiday the rule’s date fell on, when the series moves such a meeting to the next working day',
    },
    reason: { type: ['string', 'null'] },
    changedAt: { type: ['string', 'null'], format: 'date-time' },
    version: { type: 'integer', description: 'Send it back to move or cancel' },
  },
};

const person = { type: ['object', 'null'], properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } } };
/** Who chairs the meeting and deputises (issue 15, item 20): the rota's turn, or a one-off change for this meeting. */
const chair = {
  type: ['object', 'null'],
  description: 'Null when the meeting type has no chair roles and the series no rota',
  properties: {
    role: { type: 'string' },
    chair: person,
    deputy: person,
    deputyRole: { type: ['string', 'null'] },
    coChair: { type: ['string', 'null'] },
    change: {
      type: ['object', 'null'],
      description: 'A one-off change for this meeting only (the rota is unchanged), with the rota’s chair and deputy it replaces',
      properties: {
        reason: { type: 'string' },
        chairChanged: { type: 'boolean' },
        deputyChanged: { type: 'boolean' },
        rotaChair: person,
        rotaDeputy: person,
      },
    },
    changeVersion: { type: 'integer', description: 'Send it back to change the chair of this meeting (0: no change yet)' },
  },
};

const conflict = {
  description:
    'Stale version (someone else changed the meeting first; yours is kept in edit_conflicts), or the meeting is cancelled and cannot be moved. The problem carries current and submitted.',
  content: {
    'application/problem+json': {
      schema: { allOf: [{ $ref: '#/components/schemas/Problem' }, { type: 'object', properties: { current: occurrence, submitted: { type: 'object' } } }] },
    },
  },
};

const denied = problemRef('Role does not allow');

export const meetingsOpenApi: Record<string, Record<string, unknown>> = {
  'POST /api/v1/meeting-series': {
    summary:
      'Add a meeting series (partnership admin); its next twelve months of meetings are written at once. The rule is built from simple choices, as on the page.',
    requestBody: body({
      type: 'object',
      required: ['typeId', 'name', 'pattern', 'startTime', 'durationMinutes'],
      properties: {
        typeId: { type: 'string', description: 'One of the partnership’s meeting types, or "other"' },
        name: { type: 'string', maxLength: 120 },
        districtId: { type: 'string', description: 'One of the partnership’s districts; omit for none' },
        pattern: {
          type: 'string',
          enum: ['weekly', 'weeks', 'monthly'],
          description: 'weekly: on days; weeks: every weeksInterval weeks on weeksDay; monthly: the nth monthDay every monthsInterval months',
        },
        days: { type: 'array', items: { type: 'string', enum: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] } },
        weeksDay: { type: 'string', enum: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] },
        weeksInterval: { type: 'integer', minimum: 2, maximum: 12 },
        nth: { type: 'string', enum: ['1', '2', '3', '4', '-1'] },
        monthDay: { type: 'string', enum: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] },
        monthsInterval: { type: 'integer', minimum: 1, maximum: 12 },
        firstDate: { type: 'string', format: 'date', description: 'Required for pattern weeks (the weeks are counted from it); defaults to today' },
        startTime: { type: 'string', description: 'Local time, e.g. 14:00 or 2pm' },
        durationMinutes: { type: 'integer', minimum: 5, maximum: 720 },
        skipBankHolidays: { type: 'boolean', default: true },
        location: { type: 'string', maxLength: 200 },
      },
    }),
    responses: { 201: ok('The series', series), 403: denied, 422: problemRef('Invalid fields, each named; nothing saved') },
  },
  'POST /api/v1/meeting-series/{id}/members': {
    summary:
      'Add a core or secondary member to a series (the partnership admin, coordinators, panel administrators and chairs): an active user of your partnership (userId), or someone without an account (name, email, agencyId). Their invitation (with the confidentiality statement and a calendar file, invite.ics) is queued to their email address',
    parameters: idParam,
    requestBody: body({
      oneOf: [
        {
          title: 'A user',
          type: 'object',
          required: ['userId', 'membership'],
          additionalProperties: false,
          properties: { userId: { type: 'string', format: 'uuid' }, membership: { type: 'string', enum: ['core', 'secondary'] } },
        },
        {
          title: 'Someone without an account',
          type: 'object',
          required: ['name', 'email', 'agencyId', 'membership'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200, description: 'Full name' },
            email: {
              type: 'string',
              format: 'email',
              maxLength: 254,
              description: 'Where the invitation goes; one member per address in a series (compared ignoring case)',
            },
            agencyId: { type: 'string', description: 'The id of one of your partnership’s agencies' },
            membership: { type: 'string', enum: ['core', 'secondary'] },
          },
        },
      ],
    }),
    responses: {
      201: ok('Added and invited', {
        type: 'object',
        properties: {
          seriesId: { type: 'string', format: 'uuid' },
          userId: { type: 'string', format: 'uuid', description: 'For a user' },
          memberId: { type: 'string', format: 'uuid', description: 'For someone without an account' },
          name: { type: 'string' },
          email: { type: 'string' },
          agencyId: { type: 'string' },
          membership: { type: 'string', enum: ['core', 'secondary'] },
          invited: { type: 'boolean' },
        },
      }),
      403: denied,
      404: problemRef('No such series in your partnership'),
      409: problemRef('Already a member of this series (that user, or that email address)'),
      422: problemRef('Invalid fields, each named; nothing saved'),
    },
  },
  'GET /api/v1/meeting-occurrences/{id}': {
    summary: 'One meeting: its time (UK local, with offset), place, status and version',
    parameters: idParam,
    responses: {
      200: ok('The meeting, with who chairs it', { allOf: [occurrence, { type: 'object', properties: { chair } }] }),
      403: denied,
      404: problemRef('No such meeting in your partnership'),
    },
  },
  'PUT /api/v1/meeting-occurrences/{id}/chair': {
    summary:
      'Name another chair and/or deputy for this meeting only, with the reason (the chair is away); the rota is unchanged. Whoever is newly named is invited to the meeting (a core member of the series if not one, sent the meeting with a calendar file) and reminded the day before',
    parameters: idParam,
    requestBody: body({
      type: 'object',
      required: ['reason', 'version'],
      properties: {
        chairUserId: { type: ['string', 'null'], format: 'uuid', description: 'Null keeps the rota’s chair' },
        deputyUserId: { type: ['string', 'null'], format: 'uuid', description: 'Null keeps the rota’s deputy' },
        reason: { type: 'string', maxLength: 1000 },
        version: { type: 'integer', description: 'chair.changeVersion from GET (0 when there is no change yet)' },
      },
    }),
    responses: {
      200: ok('The meeting with its chair', { allOf: [occurrence, { type: 'object', properties: { chair } }] }),
      403: denied,
      404: problemRef('No such meeting in your partnership'),
      409: {
        description:
          'Stale version: someone else changed the chair of this meeting first (yours is kept in edit_conflicts). The problem carries current and submitted.',
        content: {
          'application/problem+json': {
            schema: { allOf: [{ $ref: '#/components/schemas/Problem' }, { type: 'object', properties: { current: chair, submitted: { type: 'object' } } }] },
          },
        },
      },
      422: problemRef('Invalid fields, each named (neither named, the deputy the same person as the chair, no reason, a cancelled meeting); nothing changed'),
    },
  },
  'POST /api/v1/meeting-occurrences/{id}/move': {
    summary: 'Move one meeting to a new start (it keeps its length), with a reason',
    parameters: idParam,
    requestBody: body({
      type: 'object',
      required: ['startsAt', 'reason', 'version'],
      properties: {
        startsAt: { type: 'string', format: 'date-time', description: 'An ISO 8601 instant with an offset, e.g. 2027-02-02T11:15:00Z' },
        reason: { type: 'string', maxLength: 1000 },
        version: { type: 'integer' },
      },
    }),
    responses: {
      200: ok('The moved meeting', occurrence),
      403: denied,
      404: problemRef('No such meeting in your partnership'),
      409: conflict,
      422: problemRef('Invalid fields, each named; nothing changed'),
    },
  },
  'POST /api/v1/meeting-occurrences/{id}/cancel': {
    summary: 'Cancel one meeting, with a reason',
    parameters: idParam,
    requestBody: body({
      type: 'object',
      required: ['reason', 'version'],
      properties: { reason: { type: 'string', maxLength: 1000 }, version: { type: 'integer' } },
    }),
    responses: {
      200: ok('The cancelled meeting', occurrence),
      403: denied,
      404: problemRef('No such meeting in your partnership'),
      409: conflict,
      422: problemRef('Invalid fields, each named; nothing changed'),
    },
  },
};
