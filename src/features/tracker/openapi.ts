/** The tracker's part of the OpenAPI document (merged into features/platform/openapi.ts). Issue 14. */
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: 'The alert’s id (the tracker’s)' };

const alert = {
  type: 'object',
  description: 'Your side of an alert: nothing of the other partnership’s record',
  properties: {
    id: { type: 'string', format: 'uuid' },
    childId: { type: 'string', format: 'uuid', description: 'Your child' },
    otherPartnership: { type: 'string', description: 'The other partnership’s id' },
    otherPartnershipName: { type: 'string' },
    strength: { type: 'string', enum: ['strong', 'possible'] },
    probability: { type: 'number', minimum: 0, maximum: 1 },
    fields: {
      type: 'array',
      description: 'The fields that agreed, at which level, and what each contributed (bits)',
      items: { type: 'object', properties: { field: { type: 'string' }, level: { type: 'string' }, weight: { type: 'number' } } },
    },
    state: { type: 'string', enum: ['raised', 'confirmed', 'rejected'], description: 'Your decision so far' },
    mutual: { type: 'boolean', description: 'Both partnerships have confirmed' },
    raisedAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'childId', 'otherPartnership', 'strength', 'probability', 'fields', 'state', 'mutual', 'raisedAt'],
};
const alertJson = { 200: { description: 'The alert', content: { 'application/json': { schema: alert } } } };

export const trackerOpenApi: Record<string, Record<string, unknown>> = {
  'GET /api/v1/tracker/alerts': {
    summary: 'Your partnership’s open national tracker alerts (a child you hold may be known to another partnership); audited as a disclosure',
    responses: {
      200: {
        description: 'Alerts, newest first',
        content: { 'application/json': { schema: { type: 'object', properties: { alerts: { type: 'array', items: alert } } } } },
      },
      403: problemResponse('Role does not allow'),
      503: problemResponse('The tracker cannot be reached'),
    },
  },
  'POST /api/v1/tracker/alerts/{id}/confirm': {
    summary:
      'Confirm your side: sends your contact for the child, its risk level and lead agency, sealed, seen by the other partnership only once it confirms too. Confirming twice is harmless',
    parameters: [idParam],
    responses: {
      ...alertJson,
      404: problemResponse('Unknown or withdrawn alert, or another partnership’s'),
      409: problemResponse('Already rejected'),
      503: problemResponse('The tracker cannot be reached'),
    },
  },
  'POST /api/v1/tracker/alerts/{id}/reject': {
    summary: 'Reject your side with a reason: the candidate is not raised again unless either record changes',
    parameters: [idParam],
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 1000 } } } },
      },
    },
    responses: {
      ...alertJson,
      404: problemResponse('Unknown or withdrawn alert, or another partnership’s'),
      409: problemResponse('Both partnerships have confirmed'),
      422: problemResponse('No reason'),
      503: problemResponse('The tracker cannot be reached'),
    },
  },
  'POST /api/v1/tracker/match': {
    summary: 'Administrators: a full re-match of every encoding now (a job runs it nightly)',
    responses: {
      200: {
        description: 'What the re-match did',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                records: { type: 'integer' },
                candidates: { type: 'integer' },
                raised: { type: 'integer' },
                updated: { type: 'integer' },
                withdrawn: { type: 'integer' },
                ms: { type: 'integer' },
              },
            },
          },
        },
      },
      403: problemResponse('Role does not allow'),
      409: problemResponse('The tracker is off'),
      503: problemResponse('The tracker cannot be reached'),
    },
  },
};
