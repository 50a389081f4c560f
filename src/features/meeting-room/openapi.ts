/** The OpenAPI description of the meeting room's /api/v1 routes (merged into the document by features/platform/openapi.ts). */
import { INSTRUMENTS, RISK_LEVELS_HIGHEST_FIRST } from '../../domain/risk/levels.ts';
const problemRef = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

const decision = {
  type: 'object',
  properties: {
    itemId: { type: 'string', format: 'uuid' },
    meetingId: { type: 'string', format: 'uuid' },
    kind: { type: 'string', enum: ['child', 'group', 'location'] },
    children: { type: 'array', items: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, reference: { type: 'string' } } } },
    status: { type: 'string', enum: ['planned', 'in-discussion', 'discussed', 'deferred'] },
    instrument: {
      type: ['string', 'null'],
      enum: [...INSTRUMENTS, null],
      description: 'The partnership’s instrument: RFM (Staffordshire), VAT (Rotherham), THRIVE (LLR)',
    },
    level: { type: ['string', 'null'], enum: [...RISK_LEVELS_HIGHEST_FIRST, null] },
    assessmentId: { type: ['string', 'null'], format: 'uuid', description: 'The submitted assessment the level is based on' },
    adjustment: { type: ['integer', 'null'], minimum: -20, maximum: 20, description: 'VAT only: the chair’s manual adjustment' },
    rationale: { type: ['string', 'null'] },
    decisions: { type: ['string', 'null'] },
    nextReviewOn: { type: ['string', 'null'], format: 'date' },
    nextReviewReason: { type: ['string', 'null'], description: 'Why the date differs from the partnership’s rule, when it does' },
    decidedBy: { type: ['string', 'null'], format: 'uuid' },
    decidedAt: { type: ['string', 'null'], format: 'date-time' },
    version: { type: 'integer' },
  },
};

const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }];
const gate = problemRef('You have not accepted this meeting’s confidentiality agreement (or your role does not allow it)');

export const meetingRoomOpenApi: Record<string, Record<string, unknown>> = {
  'GET /api/v1/agenda-items/{id}/decision': {
    summary: 'The risk decision of an agenda item: only for users who accepted the meeting’s confidentiality agreement; the read is audited per child',
    parameters: idParam,
    responses: {
      200: { description: 'The decision', content: { 'application/json': { schema: decision } } },
      403: gate,
      404: problemRef('No such item in your partnership'),
      409: problemRef('The meeting is not open yet'),
    },
  },
  'PUT /api/v1/agenda-items/{id}/decision': {
    summary:
      'Record the risk decision with the partnership’s instrument, naming the version read. The next review date follows the level and the partnership (Rotherham 1/3/6 months; Staffordshire the district panel cycle; LLR per grade) unless nextReviewOn is given with nextReviewReason. The decision is written to each child’s timeline.',
    parameters: idParam,
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['version', 'decisions'],
            properties: {
              version: { type: 'integer' },
              level: { type: 'string', enum: [...RISK_LEVELS_HIGHEST_FIRST], description: 'Required unless the item is a location' },
              assessmentId: { type: 'string', format: 'uuid', description: 'One of the child’s submitted assessments of the partnership’s instrument' },
              adjustment: { type: 'integer', minimum: -20, maximum: 20, description: 'VAT only; a non-zero adjustment needs the rationale' },
              rationale: { type: 'string', maxLength: 5000, description: 'Required with a level' },
              decisions: { type: 'string', maxLength: 5000 },
              nextReviewOn: { type: 'string', format: 'date', description: 'Only to change the date the rule gives; after the meeting' },
              nextReviewReason: { type: 'string', maxLength: 2000, description: 'Required when nextReviewOn differs from the rule' },
            },
          },
        },
      },
    },
    responses: {
      200: { description: 'Saved', content: { 'application/json': { schema: decision } } },
      403: gate,
      404: problemRef('No such item in your partnership'),
      409: {
        description:
          'Someone else saved first (the problem carries current and submitted; yours is kept in edit_conflicts), or the meeting is not open or closed',
        content: {
          'application/problem+json': {
            schema: { allOf: [{ $ref: '#/components/schemas/Problem' }, { type: 'object', properties: { current: decision, submitted: { type: 'object' } } }] },
          },
        },
      },
      422: problemRef('Invalid fields, each named; nothing saved'),
    },
  },
  'GET /api/v1/meetings/{id}/minutes': {
    summary:
      'The minutes (record of engagement) of a closed meeting: for those who accepted its confidentiality agreement or run meetings; the read is audited per child',
    parameters: idParam,
    responses: {
      200: {
        description: 'The minutes',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                meetingId: { type: 'string', format: 'uuid' },
                status: { type: 'string', enum: ['draft', 'approved', 'sent'] },
                body: { type: 'string' },
                generatedAt: { type: 'string', format: 'date-time' },
                approvedAt: { type: ['string', 'null'], format: 'date-time' },
                sentAt: { type: ['string', 'null'], format: 'date-time' },
                updatedAt: { type: 'string', format: 'date-time' },
                version: { type: 'integer' },
              },
            },
          },
        },
      },
      403: gate,
      404: problemRef('No such meeting in your partnership, or no minutes yet'),
    },
  },
};
