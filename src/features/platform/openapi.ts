import { INSTRUMENTS, RISK_LEVELS } from '../../domain/risk/levels.ts';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { RouteSpec } from '../../platform/http.ts';
import { childSchema, closeSchema, reopenSchema } from '../children/schemas.ts';
import { tokenRequest } from '../auth/schemas.ts';
import { loadPartnerships } from '../../partnerships/index.ts';
import { agendaOpenApi } from '../agenda/openapi.ts';
import { meetingRoomOpenApi } from '../meeting-room/openapi.ts';
import { meetingsOpenApi } from '../meetings/openapi.ts';
import { intelligenceOpenApi } from '../intelligence/openapi.ts';
import { networkOpenApi } from '../network/openapi.ts';
import { reportsOpenApi } from '../reports/openapi.ts';
import { childImportOpenApi } from '../children/import/openapi.ts';
import { trackerOpenApi } from '../tracker/openapi.ts';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

const problem = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } }, required: ['field', 'message'] },
    },
  },
  required: ['title', 'status'],
};

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The OpenAPI document, built from the same zod schemas the API validates with; it lists every /api/v1 route declared. */
function openApiDocument(routes: RouteSpec[]) {
  const p = [...loadPartnerships().values()][0]!;
  const child = json(childSchema(p));
  // Issue #5: from the latest risk decision (an assessment, or a meeting's decision) and the partnership's review rules.
  const childDue = {
    type: 'object',
    properties: {
      currentRisk: {
        type: ['object', 'null'],
        description: 'The latest risk decision; null when the child has not been assessed',
        properties: {
          level: { type: 'string', enum: [...RISK_LEVELS] },
          type: { type: ['string', 'null'], enum: ['CSE', 'CCE', 'Dual', null] },
          instrument: { type: ['string', 'null'], enum: [...INSTRUMENTS, null] },
          date: { type: 'string', format: 'date' },
        },
      },
      nextReviewOn: {
        type: ['string', 'null'],
        format: 'date',
        description: 'The next review: the interval for the risk level (or the date the meeting set); Staffordshire at the next district panel',
      },
      assessmentDueOn: {
        type: ['string', 'null'],
        format: 'date',
        description: 'Rotherham: the CE risk assessment (3 working days after the MACE, then every 12 weeks); Staffordshire: the RFM renewal (6 months)',
      },
    },
    required: ['currentRisk', 'nextReviewOn', 'assessmentDueOn'],
  };
  const childOut = {
    allOf: [
      {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          reference: { type: 'string' },
          version: { type: 'integer' },
          closed: {
            type: ['object', 'null'],
            description: 'Issue 14: the record is closed (no longer open to MACE; withdrawn from the national tracker): when and why. Null while open.',
            properties: {
              at: { type: 'string', format: 'date-time' },
              reason: { type: 'string', enum: ['risk-reduced', 'moved-away', 'adult', 'other'] },
              details: { type: ['string', 'null'] },
            },
          },
        },
      },
      { $ref: '#/components/schemas/ChildInput' },
    ],
  };
  const ops: Record<string, Record<string, unknown>> = {
    'GET /api/v1/meeting-series': {
      summary: 'Your partnership’s meeting series (RFC 5545 rules in local time, Europe/London)',
      responses: {
        200: {
          description: 'Series',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  series: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        id: { type: 'string', format: 'uuid' },
                        typeId: { type: 'string' },
                        name: { type: 'string' },
                        districtId: { type: ['string', 'null'] },
                        rrule: { type: 'string' },
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
                    },
                  },
                },
              },
            },
          },
        },
        401: problemResponse('Not signed in'),
        403: problemResponse('Role does not allow'),
      },
    },
    'GET /api/v1/meeting-series/{id}/occurrences': {
      summary: 'The meetings of a series starting in [from, to), with UK local offsets; moved and cancelled ones carry their reason',
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        {
          name: 'from',
          in: 'query',
          required: true,
          schema: {
            oneOf: [
              { type: 'string', format: 'date-time' },
              { type: 'string', format: 'date' },
            ],
          },
          description:
            'An ISO 8601 instant with an offset, e.g. 2026-03-29T00:00:00Z, or a date, e.g. 2026-03-29: a local date in Europe/London, from the start of that day there',
        },
        {
          name: 'to',
          in: 'query',
          required: true,
          schema: {
            oneOf: [
              { type: 'string', format: 'date-time' },
              { type: 'string', format: 'date' },
            ],
          },
          description: 'After from, at most 366 days later; an instant, or a date (Europe/London): up to the start of that day, not including it',
        },
      ],
      responses: {
        200: {
          description: 'Occurrences, soonest first',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  series: { type: 'object' },
                  occurrences: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        id: { type: 'string', format: 'uuid' },
                        startsAt: { type: 'string', format: 'date-time' },
                        endsAt: { type: 'string', format: 'date-time' },
                        originalStartsAt: { type: 'string', format: 'date-time' },
                        status: { type: 'string', enum: ['scheduled', 'moved', 'cancelled'] },
                        reason: { type: ['string', 'null'] },
                        version: { type: 'integer' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        404: problemResponse('No such series in your partnership'),
        422: problemResponse('Invalid from or to, each named'),
      },
    },
    'GET /api/v1/actions': {
      summary:
        'Your partnership’s SMART actions, filtered as on the Actions page (the export for agencies’ own systems); the read is audited. An agency responder reads only the actions their agency owns or they own (need to know); coordinators, chairs, panel administrators and practitioners read every one',
      parameters: [
        { name: 'owner', in: 'query', schema: { type: 'string', enum: ['me', 'anyone'], default: 'anyone' } },
        { name: 'agency', in: 'query', schema: { type: 'string' }, description: 'The owner’s agency id' },
        {
          name: 'status',
          in: 'query',
          schema: { type: 'string', enum: ['open', 'in-progress', 'done', 'cancelled', 'all'], default: 'open' },
          description: 'open means open or in progress',
        },
        { name: 'overdue', in: 'query', schema: { type: 'string', enum: ['1'] }, description: 'Only open actions due before today (UK time)' },
        { name: 'sort', in: 'query', schema: { type: 'string', enum: ['due', 'what', 'owner', 'agency', 'status', 'child'], default: 'due' } },
        { name: 'order', in: 'query', schema: { type: 'string', enum: ['asc', 'desc'], default: 'asc' } },
      ],
      responses: {
        200: {
          description: 'Actions',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  actions: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        id: { type: 'string', format: 'uuid' },
                        childId: { type: ['string', 'null'], format: 'uuid' },
                        childReference: { type: ['string', 'null'] },
                        meetingSeriesId: { type: ['string', 'null'] },
                        meetingOccurrenceId: { type: ['string', 'null'] },
                        carriedForwardToOccurrenceId: { type: ['string', 'null'] },
                        what: { type: 'string' },
                        kind: { type: 'string', enum: ['disruption', 'support-child', 'support-family', 'other'] },
                        toolkitItem: { type: ['string', 'null'] },
                        ownerUserId: { type: ['string', 'null'] },
                        ownerTeam: { type: ['string', 'null'] },
                        ownerName: { type: 'string' },
                        ownerAgencyId: { type: 'string' },
                        measure: { type: 'string' },
                        agreedBy: { type: 'string' },
                        dueOn: { type: 'string', format: 'date' },
                        status: { type: 'string', enum: ['open', 'in-progress', 'done', 'cancelled'] },
                        overdue: { type: 'boolean' },
                        completionEvidence: { type: ['string', 'null'] },
                        notCompletedReason: {
                          type: ['string', 'null'],
                          description: 'Why a cancelled action was not completed (004: work not completed is documented with the rationale)',
                        },
                        version: { type: 'integer' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        401: problemResponse('Not signed in'),
        403: problemResponse('Role does not allow'),
      },
    },
    'POST /api/v1/children/{id}/actions': {
      summary:
        'Record a SMART action for a child: owner a partnership user (ownerUserId) or a team (ownerTeam + ownerAgencyId); due date not before today nor the meeting',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['what', 'measure', 'agreedBy', 'dueOn'],
              properties: {
                what: { type: 'string', maxLength: 2000 },
                kind: { type: 'string', enum: ['disruption', 'support-child', 'support-family', 'other'], description: 'Required unless toolkitItem is given' },
                toolkitItem: { type: 'string', description: 'An Appendix 1 toolkit item id, e.g. police-1; sets the kind' },
                ownerUserId: { type: 'string', format: 'uuid' },
                ownerTeam: { type: 'string', maxLength: 200 },
                ownerAgencyId: { type: 'string' },
                measure: { type: 'string', maxLength: 2000 },
                agreedBy: { type: 'string', maxLength: 500 },
                dueOn: { type: 'string', format: 'date' },
                meetingOccurrenceId: { type: 'string', format: 'uuid', description: 'The meeting the action was agreed at (its series is recorded too)' },
              },
            },
          },
        },
      },
      responses: {
        201: {
          description: 'Created',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  id: { type: 'string', format: 'uuid' },
                  childId: { type: ['string', 'null'], format: 'uuid' },
                  childReference: { type: ['string', 'null'] },
                  meetingSeriesId: { type: ['string', 'null'] },
                  meetingOccurrenceId: { type: ['string', 'null'] },
                  carriedForwardToOccurrenceId: { type: ['string', 'null'] },
                  what: { type: 'string' },
                  kind: { type: 'string', enum: ['disruption', 'support-child', 'support-family', 'other'] },
                  toolkitItem: { type: ['string', 'null'] },
                  ownerUserId: { type: ['string', 'null'] },
                  ownerTeam: { type: ['string', 'null'] },
                  ownerName: { type: 'string' },
                  ownerAgencyId: { type: 'string' },
                  measure: { type: 'string' },
                  agreedBy: { type: 'string' },
                  dueOn: { type: 'string', format: 'date' },
                  status: { type: 'string', enum: ['open', 'in-progress', 'done', 'cancelled'] },
                  overdue: { type: 'boolean' },
                  completionEvidence: { type: ['string', 'null'] },
                  notCompletedReason: {
                    type: ['string', 'null'],
                    description: 'Why a cancelled action was not completed (004: work not completed is documented with the rationale)',
                  },
                  version: { type: 'integer' },
                },
              },
            },
          },
        },
        403: problemResponse('Role does not allow'),
        404: problemResponse('No such child in your partnership'),
        422: problemResponse('Invalid fields, each named; nothing saved'),
      },
    },
    'GET /api/v1/actions/{id}': {
      summary: 'One action with its dated updates (the read is audited against the child)',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: {
        200: {
          description: 'The action',
          content: {
            'application/json': {
              schema: {
                allOf: [
                  {
                    type: 'object',
                    properties: {
                      id: { type: 'string', format: 'uuid' },
                      childId: { type: ['string', 'null'], format: 'uuid' },
                      childReference: { type: ['string', 'null'] },
                      meetingSeriesId: { type: ['string', 'null'] },
                      meetingOccurrenceId: { type: ['string', 'null'] },
                      carriedForwardToOccurrenceId: { type: ['string', 'null'] },
                      what: { type: 'string' },
                      kind: { type: 'string', enum: ['disruption', 'support-child', 'support-family', 'other'] },
                      toolkitItem: { type: ['string', 'null'] },
                      ownerUserId: { type: ['string', 'null'] },
                      ownerTeam: { type: ['string', 'null'] },
                      ownerName: { type: 'string' },
                      ownerAgencyId: { type: 'string' },
                      measure: { type: 'string' },
                      agreedBy: { type: 'string' },
                      dueOn: { type: 'string', format: 'date' },
                      status: { type: 'string', enum: ['open', 'in-progress', 'done', 'cancelled'] },
                      overdue: { type: 'boolean' },
                      completionEvidence: { type: ['string', 'null'] },
                      notCompletedReason: {
                        type: ['string', 'null'],
                        description: 'Why a cancelled action was not completed (004: work not completed is documented with the rationale)',
                      },
                      version: { type: 'integer' },
                    },
                  },
                  {
                    type: 'object',
                    properties: {
                      updates: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: {
                            at: { type: 'string', format: 'date-time' },
                            authorUserId: { type: 'string' },
                            authorName: { type: 'string' },
                            body: { type: 'string' },
                            statusFrom: { type: ['string', 'null'] },
                            statusTo: { type: ['string', 'null'] },
                          },
                        },
                      },
                    },
                  },
                ],
              },
            },
          },
        },
        404: problemResponse('No such action in your partnership'),
      },
    },
    'PUT /api/v1/actions/{id}': {
      summary: 'Change an action’s status, due date and completion evidence, naming the version read (done requires evidence)',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['version', 'status', 'dueOn'],
              properties: {
                version: { type: 'integer' },
                status: { type: 'string', enum: ['open', 'in-progress', 'done', 'cancelled'] },
                dueOn: { type: 'string', format: 'date' },
                completionEvidence: { type: 'string' },
                notCompletedReason: { type: 'string', description: 'Required to cancel an action: why it was not proportionate or necessary to complete' },
              },
            },
          },
        },
      },
      responses: {
        200: {
          description: 'Saved',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  id: { type: 'string', format: 'uuid' },
                  childId: { type: ['string', 'null'], format: 'uuid' },
                  childReference: { type: ['string', 'null'] },
                  meetingSeriesId: { type: ['string', 'null'] },
                  meetingOccurrenceId: { type: ['string', 'null'] },
                  carriedForwardToOccurrenceId: { type: ['string', 'null'] },
                  what: { type: 'string' },
                  kind: { type: 'string', enum: ['disruption', 'support-child', 'support-family', 'other'] },
                  toolkitItem: { type: ['string', 'null'] },
                  ownerUserId: { type: ['string', 'null'] },
                  ownerTeam: { type: ['string', 'null'] },
                  ownerName: { type: 'string' },
                  ownerAgencyId: { type: 'string' },
                  measure: { type: 'string' },
                  agreedBy: { type: 'string' },
                  dueOn: { type: 'string', format: 'date' },
                  status: { type: 'string', enum: ['open', 'in-progress', 'done', 'cancelled'] },
                  overdue: { type: 'boolean' },
                  completionEvidence: { type: ['string', 'null'] },
                  notCompletedReason: {
                    type: ['string', 'null'],
                    description: 'Why a cancelled action was not completed (004: work not completed is documented with the rationale)',
                  },
                  version: { type: 'integer' },
                },
              },
            },
          },
        },
        404: problemResponse('No such action in your partnership'),
        409: {
          description: 'Someone else saved first: the problem carries current (the saved action) and submitted (yours, kept in edit_conflicts)',
          content: {
            'application/problem+json': {
              schema: {
                allOf: [
                  { $ref: '#/components/schemas/Problem' },
                  {
                    type: 'object',
                    properties: {
                      current: {
                        type: 'object',
                        properties: {
                          id: { type: 'string', format: 'uuid' },
                          childId: { type: ['string', 'null'], format: 'uuid' },
                          childReference: { type: ['string', 'null'] },
                          meetingSeriesId: { type: ['string', 'null'] },
                          meetingOccurrenceId: { type: ['string', 'null'] },
                          carriedForwardToOccurrenceId: { type: ['string', 'null'] },
                          what: { type: 'string' },
                          kind: { type: 'string', enum: ['disruption', 'support-child', 'support-family', 'other'] },
                          toolkitItem: { type: ['string', 'null'] },
                          ownerUserId: { type: ['string', 'null'] },
                          ownerTeam: { type: ['string', 'null'] },
                          ownerName: { type: 'string' },
                          ownerAgencyId: { type: 'string' },
                          measure: { type: 'string' },
                          agreedBy: { type: 'string' },
                          dueOn: { type: 'string', format: 'date' },
                          status: { type: 'string', enum: ['open', 'in-progress', 'done', 'cancelled'] },
                          overdue: { type: 'boolean' },
                          completionEvidence: { type: ['string', 'null'] },
                          notCompletedReason: {
                            type: ['string', 'null'],
                            description: 'Why a cancelled action was not completed (004: work not completed is documented with the rationale)',
                          },
                          version: { type: 'integer' },
                        },
                      },
                      submitted: { type: 'object' },
                    },
                  },
                ],
              },
            },
          },
        },
        422: problemResponse('Invalid fields, each named'),
      },
    },
    'POST /api/v1/auth/token': {
      summary: 'Exchange an email address and password for a bearer token',
      security: [],
      requestBody: { required: true, content: { 'application/json': { schema: json(tokenRequest) } } },
      responses: {
        200: {
          description: 'A bearer token',
          content: { 'application/json': { schema: { type: 'object', properties: { token: { type: 'string' } }, required: ['token'] } } },
        },
        401: problemResponse('Wrong email address or password'),
        422: problemResponse('Invalid request'),
        429: problemResponse('Too many attempts'),
      },
    },
    'POST /api/v1/children': {
      summary:
        'Create a child record in your partnership. As on the “Add a child” form, children already recorded who are likely the same child (the same first name and date of birth, or both names alike with a near or unknown date of birth) are answered first with 409, unless notADuplicate is true',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              allOf: [
                { $ref: '#/components/schemas/ChildInput' },
                {
                  type: 'object',
                  properties: {
                    notADuplicate: {
                      type: 'boolean',
                      description:
                        'true after checking the likely existing records a 409 listed: none of them is this child, so the record is created (audited like any other)',
                    },
                  },
                },
              ],
            },
          },
        },
      },
      responses: {
        201: { description: 'Created', content: { 'application/json': { schema: childOut } } },
        401: problemResponse('Not signed in'),
        403: problemResponse('Role does not allow'),
        409: {
          description:
            'Likely already recorded: nothing saved. likelyExisting lists the children who are likely this child, by id and reference only (no other personal data); open them, or send the body again with notADuplicate: true',
          content: {
            'application/problem+json': {
              schema: {
                allOf: [
                  { $ref: '#/components/schemas/Problem' },
                  {
                    type: 'object',
                    properties: {
                      likelyExisting: {
                        type: 'array',
                        items: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, reference: { type: 'string' } } },
                      },
                    },
                  },
                ],
              },
            },
          },
        },
        422: problemResponse('Invalid fields, each named'),
      },
    },
    'POST /api/v1/children/search': {
      summary:
        'Search children by name, alias, nickname or date of birth (tolerant of misspelling), preferred to GET /api/v1/children: the search is sent in the body, so a name never appears in a URL',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                q: { type: 'string', maxLength: 200, description: 'Words of a name or alias, and/or a date of birth (27/03/2011 or 2011-03-27)' },
                district: { type: 'string' },
              },
            },
          },
        },
      },
      responses: {
        200: {
          description: 'Closest first',
          content: { 'application/json': { schema: { type: 'object', properties: { results: { type: 'array', items: { type: 'object' } } } } } },
        },
        401: problemResponse('Not signed in'),
        403: problemResponse('Role does not allow'),
        422: problemResponse('Invalid search, each field named'),
      },
    },
    'GET /api/v1/children': {
      summary: 'Search children by name, alias, nickname or date of birth (tolerant of misspelling)',
      description:
        'Kept for compatibility. Prefer POST /api/v1/children/search: a query string puts a child’s name in URLs, which proxies, browsers and server logs keep.',
      parameters: [
        {
          name: 'q',
          in: 'query',
          schema: { type: 'string', maxLength: 200 },
          description: 'Words of a name or alias, and/or a date of birth (27/03/2011 or 2011-03-27)',
        },
        { name: 'district', in: 'query', schema: { type: 'string' } },
      ],
      responses: {
        200: {
          description: 'Closest first',
          content: { 'application/json': { schema: { type: 'object', properties: { results: { type: 'array', items: { type: 'object' } } } } } },
        },
        401: problemResponse('Not signed in'),
        422: problemResponse('Invalid search'),
      },
    },
    'GET /api/v1/children/{id}': {
      summary: 'Read a child record (the read is audited), with the current risk, the next review date and any assessment due',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: {
        200: { description: 'The child', content: { 'application/json': { schema: { allOf: [childOut, childDue] } } } },
        404: problemResponse('No such child in your partnership'),
      },
    },
    'POST /api/v1/children/{id}/close': {
      summary:
        'Close a child’s record (coordinators): no longer open to MACE. Nothing is deleted; the child is withdrawn from the national tracker (their alerts are withdrawn on both sides). Audited as child.close',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      requestBody: { required: true, content: { 'application/json': { schema: json(closeSchema) } } },
      responses: {
        200: { description: 'The closed record', content: { 'application/json': { schema: childOut } } },
        403: problemResponse('Role does not allow'),
        404: problemResponse('No such child in your partnership'),
        409: problemResponse('The record is already closed'),
        422: problemResponse('No reason, or “other” without details'),
      },
    },
    'POST /api/v1/children/{id}/reopen': {
      summary: 'Reopen a closed record (coordinators), saying why; the child is sent to the national tracker again. Audited as child.reopen',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      requestBody: { required: true, content: { 'application/json': { schema: json(reopenSchema) } } },
      responses: {
        200: { description: 'The reopened record', content: { 'application/json': { schema: childOut } } },
        403: problemResponse('Role does not allow'),
        404: problemResponse('No such child in your partnership'),
        409: problemResponse('The record is open'),
        422: problemResponse('No reason'),
      },
    },
    'GET /api/v1/audit': {
      summary: 'The audit trail of a child record (partnership admins)',
      parameters: [{ name: 'childId', in: 'query', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: {
        200: {
          description: 'Entries, newest first',
          content: { 'application/json': { schema: { type: 'object', properties: { entries: { type: 'array', items: { type: 'object' } } } } } },
        },
        403: problemResponse('Role does not allow'),
        404: problemResponse('No such child'),
        422: problemResponse('Invalid request'),
      },
    },
    'POST /api/v1/assessments/score': {
      summary: 'Score an RFM or a VAT without saving anything (your own partnership’s configuration)',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              oneOf: [
                {
                  type: 'object',
                  title: 'RFM',
                  required: ['tool', 'partnership', 'indicators'],
                  properties: {
                    tool: { const: 'rfm' },
                    partnership: { type: 'string' },
                    indicators: {
                      type: 'object',
                      description: 'Scores 0–4 keyed "1" to "14"',
                      additionalProperties: { type: 'integer', minimum: 0, maximum: 4 },
                    },
                  },
                },
                {
                  type: 'object',
                  title: 'VAT',
                  required: ['tool', 'partnership', 'asOf'],
                  properties: {
                    tool: { const: 'vat' },
                    partnership: { type: 'string' },
                    asOf: { type: 'string', format: 'date', description: 'Assessment date; evidence in the six months before it counts' },
                    evidence: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['factor', 'date'],
                        properties: { factor: { type: 'string' }, date: { type: 'string', format: 'date' } },
                      },
                    },
                    adjustment: { type: 'integer', minimum: -20, maximum: 20, default: 0 },
                    rationale: { type: 'string', description: 'Required when adjustment is not 0' },
                  },
                },
              ],
            },
          },
        },
      },
      responses: {
        200: {
          description: 'RFM: {totalA, totalB, total, band: none|vulnerable|suspected|evidenced}. VAT: {factorScore, adjustment, total, band: low|medium|high}',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  totalA: { type: 'integer' },
                  totalB: { type: 'integer' },
                  factorScore: { type: 'integer' },
                  adjustment: { type: 'integer' },
                  total: { type: 'integer' },
                  band: { type: 'string', enum: ['none', 'vulnerable', 'suspected', 'evidenced', 'low', 'medium', 'high'] },
                },
              },
            },
          },
        },
        401: problemResponse('Not signed in'),
        403: problemResponse('Another partnership’s configuration'),
        422: problemResponse('Invalid fields, each named'),
      },
    },
    'GET /api/v1/partnership': {
      summary:
        'Your partnership’s reference data (issue 16 item 10): districts, agencies, the lists a child’s fields take their values from, its assessment tools, meeting types and reports; configuration only, no personal data',
      responses: {
        200: {
          description: 'The partnership',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['id', 'name', 'districts', 'agencies', 'lists', 'tools'],
                properties: {
                  id: { type: 'string' },
                  name: { type: 'string' },
                  shortName: { type: 'string' },
                  districts: {
                    type: 'array',
                    description: 'A child’s districtId is one of these ids',
                    items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } }, required: ['id', 'name'] },
                  },
                  agencies: {
                    type: 'array',
                    description: 'A child’s leadProfessionalAgencyId, an action’s ownerAgencyId, a guest member’s agencyId',
                    items: {
                      type: 'object',
                      properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' } },
                      required: ['id', 'name', 'kind'],
                    },
                  },
                  lists: {
                    type: 'object',
                    description: 'The values a child’s fields of the same names may take',
                    properties: Object.fromEntries(
                      ['gender', 'ethnicity', 'livingSituation', 'eetStatus', 'legalStatus', 'primaryRisk'].map((k) => [
                        k,
                        { type: 'array', items: { type: 'string' } },
                      ]),
                    ),
                  },
                  tools: {
                    type: 'object',
                    properties: {
                      assessments: { type: 'array', items: { type: 'string', enum: [...INSTRUMENTS] } },
                      vat: { type: ['string', 'null'], description: 'Where the VAT’s factors are, when the partnership uses the VAT' },
                    },
                  },
                  meetingTypes: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } },
                  reports: { type: 'array', items: { type: 'string' } },
                },
              },
            },
          },
        },
        401: problemResponse('Not signed in'),
      },
    },
    'GET /api/v1/partnerships/{id}/tools/vat': {
      summary: 'The VAT factors your partnership has configured, with their weights (example: true marks an example set to replace)',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        200: {
          description: 'Factors, window and bands',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  example: { type: 'boolean' },
                  version: { type: 'string' },
                  factors: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: { id: { type: 'string' }, name: { type: 'string' }, weight: { type: 'integer' }, category: { type: 'string' } },
                    },
                  },
                },
              },
            },
          },
        },
        404: problemResponse('Not your partnership, or no VAT configured'),
      },
    },
    'GET /api/v1/children/{id}/assessments': {
      summary: 'A child’s assessments, newest first (the read is audited)',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: {
        200: {
          description: 'Assessments',
          content: { 'application/json': { schema: { type: 'object', properties: { assessments: { type: 'array', items: { type: 'object' } } } } } },
        },
        403: problemResponse('Role does not allow'),
        404: problemResponse('No such child in your partnership'),
      },
    },
    'POST /api/v1/children/{id}/assessments': {
      summary: 'Start a draft assessment of an instrument your partnership uses (a VAT only by the chair)',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['instrument'],
              properties: {
                instrument: { type: 'string', enum: [...INSTRUMENTS] },
                content: {
                  type: 'object',
                  description: 'VAT: {asOf, evidence: [{factor, date, note}], adjustment, rationale, harmfulSexualBehaviour, placingAuthority}',
                },
              },
            },
          },
        },
      },
      responses: {
        201: { description: 'The draft' },
        403: problemResponse('Role does not allow'),
        404: problemResponse('No such child in your partnership'),
        422: problemResponse('Invalid fields, each named; a child showing harmful sexual behaviour is not for MACE'),
      },
    },
    'GET /api/v1/assessments/{id}': {
      summary: 'Read an assessment (the read is audited)',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: { 200: { description: 'The assessment' }, 404: problemResponse('No such assessment in your partnership') },
    },
    'PUT /api/v1/assessments/{id}': {
      summary: 'Save a draft’s content, naming the version you read',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: { type: 'object', required: ['version', 'content'], properties: { version: { type: 'integer' }, content: { type: 'object' } } },
          },
        },
      },
      responses: {
        200: { description: 'The saved draft' },
        403: problemResponse('Role does not allow'),
        404: problemResponse('No such assessment in your partnership'),
        409: problemResponse('Stale version (your content is kept), or already submitted'),
        422: problemResponse('Invalid fields, each named'),
      },
    },
    'POST /api/v1/assessments/{id}/submit': {
      summary: 'Submit a draft (scored on the server); it is read-only afterwards. VAT and RFM.',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['version'],
              properties: {
                version: { type: 'integer' },
                riskType: {
                  type: ['string', 'null'],
                  enum: ['CSE', 'CCE', 'Dual', null],
                  description:
                    'VAT: the type of exploitation discussed, required when the outcome is at a level the partnership lists (Rotherham: medium or high, source 002 §4.7); else the draft content’s riskType. Not kept below those levels.',
                },
              },
            },
          },
        },
      },
      responses: {
        200: { description: 'The submitted assessment' },
        403: problemResponse('Role does not allow'),
        404: problemResponse('No such assessment in your partnership'),
        409: problemResponse('Stale version, or already submitted'),
        422: problemResponse('Incomplete or invalid, each field named'),
      },
    },
    ...intelligenceOpenApi,
    ...networkOpenApi,
    ...reportsOpenApi,
    ...agendaOpenApi,
    'GET /api/v1/openapi.json': { summary: 'This document', security: [], responses: { 200: { description: 'OpenAPI 3.1' } } },
    ...meetingRoomOpenApi,
    ...meetingsOpenApi,
    ...childImportOpenApi,
    ...trackerOpenApi,
  };
  const pathsOut: Record<string, Record<string, unknown>> = {};
  for (const r of routes.filter((r) => r.path.startsWith('/api/v1'))) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const key = `${r.method.toUpperCase()} ${path}`;
    pathsOut[path] ??= {};
    pathsOut[path]![r.method] = { ...(ops[key] ?? { summary: key, responses: { 200: { description: 'OK' } } }), 'x-permission': r.access, 'x-audit': r.audit };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'MACE API',
      version: '1.0.0',
      description: 'Multi-agency child exploitation safeguarding. Every call acts within the caller’s partnership; errors are application/problem+json.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths: pathsOut,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Problem: problem, ChildInput: child },
    },
  };
}

export function openApiRoute(registry: RouteSpec[]): RouteSpec {
  let doc: unknown;
  return {
    method: 'get',
    path: '/api/v1/openapi.json',
    access: 'public',
    audit: 'none: no data',
    api: true,
    handler: (_req: Request, res: Response) => {
      doc ??= openApiDocument(registry);
      res.json(doc);
    },
  };
}
