/** The network part of the OpenAPI document (merged into features/platform/openapi.ts). */
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const kinds = ['person', 'location', 'vehicle', 'phone', 'online-account', 'organisation'];
const filters = (maxDepth: number) => [
  ...(maxDepth > 1
    ? [
        {
          name: 'depth',
          in: 'query',
          schema: { type: 'integer', minimum: 1, maximum: maxDepth, default: Math.min(2, maxDepth) },
          description: 'Steps from the centre: 1 what is linked directly, 2 links of links…',
        },
      ]
    : []),
  {
    name: 'kind',
    in: 'query',
    schema: { type: 'array', items: { type: 'string', enum: kinds } },
    style: 'form',
    explode: true,
    description: 'Record kinds to walk through and show (repeat for several; children are always shown). Default: all',
  },
  {
    name: 'period',
    in: 'query',
    schema: { type: 'string', enum: ['all', '3m', '6m', '12m'], default: 'all' },
    description: 'Only links last seen (undated: recorded) within the last 3, 6 or 12 months; open links always',
  },
];
const network = {
  type: 'object',
  description:
    'At most `cap` nodes (nearest first; for a district, the records most children share, then those children); `capped` says when some were left off, `reached` how many there were. Every child shown is audited.',
  properties: {
    nodes: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          kind: { type: 'string', enum: ['child', ...kinds] },
          label: { type: 'string' },
          detail: { type: 'string' },
          href: { type: ['string', 'null'], description: 'The record’s page, when the caller may open it' },
          depth: { type: 'integer' },
          seed: { type: 'boolean' },
          degree: { type: 'integer' },
          riskLevel: {
            type: ['string', 'null'],
            enum: ['high', 'medium', 'low', 'none', null],
            description: 'A child’s current risk level (the judged level of its newest assessment or review); null when never assessed. Records have none.',
          },
        },
      },
    },
    links: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          from: { type: 'string', format: 'uuid' },
          to: { type: 'string', format: 'uuid' },
          relation: { type: 'string' },
          firstSeenOn: { type: ['string', 'null'], format: 'date' },
          lastSeenOn: { type: ['string', 'null'], format: 'date' },
          recordedOn: { type: 'string', format: 'date' },
          source: { type: 'string' },
          sourceAgency: { type: ['string', 'null'] },
          reliability: { type: 'string', enum: ['reliable', 'usually-reliable', 'unreliable', 'untested'] },
        },
      },
    },
    capped: { type: 'boolean' },
    reached: { type: 'integer' },
    cap: { type: 'integer' },
  },
};
const ok = (description: string) => ({ description, content: { 'application/json': { schema: network } } });

export const networkOpenApi: Record<string, Record<string, unknown>> = {
  'GET /api/v1/network/children/{id}': {
    summary: 'A child’s network to depth 1–3: the persons, locations, vehicles, phones and children linked, and what is linked to them (DOMAIN §6 mapping)',
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, ...filters(3)],
    responses: {
      200: ok('The network, with centre and filters'),
      403: problemResponse('Role does not allow'),
      404: problemResponse('No such child in your partnership'),
      422: problemResponse('A depth, kind or period not allowed, each named'),
    },
  },
  'GET /api/v1/network/districts/{id}': {
    summary: 'A district’s network: its children and everything linked to them directly, and the records placed in the district',
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'A district id of your partnership' }, ...filters(1)],
    responses: {
      200: ok('The network, with district and filters'),
      403: problemResponse('Role does not allow'),
      404: problemResponse('No such district in your partnership'),
      422: problemResponse('A kind or period not allowed, or a depth (a district is depth 1)'),
    },
  },
  'GET /api/v1/network/meetings/{id}': {
    summary: 'The network of a meeting’s agenda: the children on it and what is linked to them, to depth 1 or 2',
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, ...filters(2)],
    responses: {
      200: ok('The network, with the occurrence, its children and filters'),
      403: problemResponse('Role does not allow'),
      404: problemResponse('No such meeting in your partnership'),
      422: problemResponse('A depth, kind or period not allowed, each named'),
    },
  },
};
