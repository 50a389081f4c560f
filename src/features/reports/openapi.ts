/** The reports part of the OpenAPI document (merged into features/platform/openapi.ts). */
import { reportKinds } from '../../domain/reports/kinds.ts';
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const table = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    columns: { type: 'array', items: { type: 'string' } },
    rows: {
      type: 'array',
      items: { type: 'array', items: { type: ['string', 'number'] } },
      description: 'The first cell names the row; a count suppressed for sharing is the text "fewer than N"',
    },
  },
};

export const reportsOpenApi: Record<string, Record<string, unknown>> = {
  'GET /api/v1/reports/{kind}': {
    summary: 'A report of your partnership for a period, counted from the records when asked (issue #7); audited as report.view',
    parameters: [
      {
        name: 'kind',
        in: 'path',
        required: true,
        schema: { type: 'string', enum: [...reportKinds] },
        description: 'Staffordshire: bi-monthly; LLR: form, monthly; Rotherham: rotherham',
      },
      { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
      {
        name: 'to',
        in: 'query',
        required: true,
        schema: { type: 'string', format: 'date' },
        description: 'On or after from; the period at most reporting.maxPeriodDays long',
      },
      { name: 'district', in: 'query', schema: { type: 'string' }, description: 'bi-monthly only: one of your partnership’s districts; none for the county' },
      {
        name: 'mode',
        in: 'query',
        schema: { type: 'string', enum: ['all', 'suppress'], default: 'all' },
        description: 'suppress: small counts as "fewer than N" and no lists, for sharing outside the partnership',
      },
    ],
    responses: {
      200: {
        description:
          'The report: its period, when it was produced, and its sections of tables. Police-only sections are withheld unless you are police or may read intelligence.',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                report: { type: 'string' },
                title: { type: 'string' },
                partnership: { type: 'string' },
                district: { type: ['string', 'null'] },
                period: { type: 'object', properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } } },
                produced: { type: 'string', format: 'date-time' },
                suppressed: { type: 'boolean' },
                marking: { type: 'string' },
                sections: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      id: { type: 'string' },
                      title: { type: 'string' },
                      rule: { type: 'string' },
                      withheld: { type: 'boolean' },
                      tables: { type: 'array', items: table },
                    },
                  },
                },
                commentary: {
                  type: ['object', 'null'],
                  description:
                    'bi-monthly only (issue 15 item 21): the good practice and gaps in service or training the coordinator wrote for this period and district; null when not yet written',
                  properties: {
                    goodPractice: { type: 'string' },
                    gaps: { type: 'string' },
                    version: { type: 'integer' },
                    updatedAt: { type: 'string', format: 'date-time' },
                  },
                },
              },
            },
          },
        },
      },
      401: problemResponse('Not signed in'),
      403: problemResponse('Role does not allow'),
      404: problemResponse('Your partnership has no such report'),
      422: problemResponse('Invalid period or district, each field named'),
    },
  },
};
