/** The intelligence part of the OpenAPI document (merged into features/platform/openapi.ts). */
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const kinds = ['person', 'location', 'vehicle', 'phone', 'online-account', 'organisation'];
const reliability = { type: 'string', enum: ['reliable', 'usually-reliable', 'unreliable', 'untested'] };
const record = {
  type: 'object',
  description: 'Information from a source, graded for reliability: not verified fact (status is always information-not-fact).',
  properties: {
    id: { type: 'string', format: 'uuid' },
    kind: { type: 'string', enum: kinds },
    label: { type: 'string' },
    matchKey: {
      type: ['string', 'null'],
      description: 'Normalised key: plate without spaces, E.164 number, platform:handle, postcode|address; null when unverified or a person',
    },
    verified: { type: 'boolean' },
    attributes: { type: 'object' },
    districtId: { type: ['string', 'null'] },
    source: { type: 'string' },
    sourceAgencyId: { type: ['string', 'null'] },
    informationDate: { type: 'string', format: 'date' },
    reliability,
    status: { const: 'information-not-fact' },
    version: { type: 'integer' },
  },
};
const recordInput = {
  type: 'object',
  required: ['kind', 'source', 'informationDate', 'reliability'],
  description:
    'Fields by kind. person: name, nicknames (comma-separated), dateOfBirth, role (suspected-exploiter, associate, family-member, peer-at-risk, other), addresses, features. location: locationKind (hotspot, safe-space, venue, hotel, takeaway, taxi-firm, school, address-of-concern), name, address, postcode, latitude, longitude. vehicle: plate (UK), make, model, colour. phone: number (UK by default; +country otherwise). online-account: platform, handle, displayName. organisation: name, organisationKind, address, postcode.',
  properties: {
    kind: { type: 'string', enum: kinds },
    source: { type: 'string', maxLength: 500 },
    sourceAgencyId: { type: 'string' },
    informationDate: { type: 'string', format: 'date' },
    reliability,
    districtId: { type: 'string' },
    notes: { type: 'string' },
    storeUnverified: { type: 'boolean', description: 'Keep a malformed plate, number, postcode or handle as given, marked unverified (never matched)' },
    confirmNew: { type: 'boolean', description: 'A person: add even though people with close names exist (after a 409 Possible duplicate)' },
  },
  additionalProperties: true,
};
const end = {
  type: 'object',
  required: ['type', 'id'],
  properties: { type: { type: 'string', enum: ['child', 'record'] }, id: { type: 'string', format: 'uuid' } },
};
const link = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    a: end,
    b: end,
    other: { type: 'object' },
    relation: { type: 'string' },
    firstSeenOn: { type: ['string', 'null'], format: 'date' },
    lastSeenOn: { type: ['string', 'null'], format: 'date' },
    source: { type: 'string' },
    sourceAgencyId: { type: ['string', 'null'] },
    reliability,
    notes: { type: ['string', 'null'] },
    version: { type: 'integer' },
  },
};
const json = (schema: unknown) => ({ 'application/json': { schema } });

export const intelligenceOpenApi: Record<string, Record<string, unknown>> = {
  'GET /api/v1/intelligence/records': {
    summary:
      'Search intelligence records by name (fuzzy), plate, phone number, handle or postcode (exact after normalisation), or list one kind; the read is audited',
    description:
      'Kept for compatibility. Prefer POST /api/v1/intelligence/records/search, which takes the search text in the body: a query string puts names, plates and numbers in URLs, which proxies, browsers and server logs keep.',
    parameters: [
      { name: 'q', in: 'query', schema: { type: 'string', maxLength: 200 } },
      { name: 'kind', in: 'query', schema: { type: 'string', enum: kinds } },
    ],
    responses: {
      200: { description: 'Records, exact matches first', content: json({ type: 'object', properties: { records: { type: 'array', items: record } } }) },
      403: problemResponse('Role does not allow'),
      422: problemResponse('Neither q nor kind, or an unknown kind'),
    },
  },
  'POST /api/v1/intelligence/records/search': {
    summary:
      'Search intelligence records (preferred to GET /api/v1/intelligence/records): the text is sent in the body, so it never appears in a URL or a log; the read is audited with the count of results, never the text',
    description:
      'By name or nickname (fuzzy, misspellings allowed), or exactly after normalisation by plate, phone number, handle or postcode; or list one kind. Records merged into another are not returned. Each record is information from a source, graded for reliability: not verified fact.',
    requestBody: {
      required: true,
      content: json({
        type: 'object',
        properties: {
          q: { type: 'string', maxLength: 200, description: 'A name, plate, phone number, handle or postcode' },
          kind: { type: 'string', enum: kinds },
        },
        description: 'Give q, kind, or both',
      }),
    },
    responses: {
      200: { description: 'Records, exact matches first', content: json({ type: 'object', properties: { records: { type: 'array', items: record } } }) },
      401: problemResponse('Not signed in'),
      403: problemResponse('Role does not allow'),
      422: problemResponse('Neither q nor kind, q too long, or an unknown kind'),
    },
  },
  'POST /api/v1/intelligence/records': {
    summary:
      'Add a record: never a duplicate (same plate, number, handle, or postcode and address); a person with a close name is refused first as a possible duplicate',
    requestBody: { required: true, content: json(recordInput) },
    responses: {
      201: { description: 'Created', content: json(record) },
      403: problemResponse('Role does not allow'),
      409: problemResponse('Already recorded (existing) or possible duplicate person (candidates)'),
      422: problemResponse('Invalid fields, each named (a malformed plate, number or postcode among them); nothing saved'),
    },
  },
  'GET /api/v1/intelligence/records/{id}': {
    summary: 'One record with its links; the read is audited (against each linked child too)',
    parameters: [idParam],
    responses: {
      200: { description: 'The record', content: json({ allOf: [record, { type: 'object', properties: { links: { type: 'array', items: link } } }] }) },
      404: problemResponse('No such record in your partnership'),
    },
  },
  'PUT /api/v1/intelligence/records/{id}': {
    summary: 'Change a record naming the version read (the kind cannot change); a stale save is refused and kept',
    parameters: [idParam],
    requestBody: {
      required: true,
      content: json({ allOf: [recordInput, { type: 'object', required: ['version'], properties: { version: { type: 'integer' } } }] }),
    },
    responses: {
      200: { description: 'Saved', content: json(record) },
      404: problemResponse('No such record in your partnership'),
      409: problemResponse('Edit conflict (current and submitted), or another record has the same key'),
      422: problemResponse('Invalid fields, each named'),
    },
  },
  'POST /api/v1/intelligence/links': {
    summary:
      'Link two of: a child, a record (friend, relative, rival, associate, suspected-exploiter, frequents, found-at, uses, registered-to, works-at, lives-at, other; two children: friend, relative, rival or associate only)',
    requestBody: {
      required: true,
      content: json({
        type: 'object',
        required: ['from', 'to', 'relation', 'source', 'reliability'],
        properties: {
          from: end,
          to: end,
          relation: { type: 'string' },
          firstSeenOn: { type: 'string', format: 'date' },
          lastSeenOn: { type: 'string', format: 'date' },
          source: { type: 'string' },
          sourceAgencyId: { type: 'string' },
          reliability,
          notes: { type: 'string' },
        },
      }),
    },
    responses: {
      201: { description: 'Linked', content: json({ type: 'object', properties: { id: { type: 'string', format: 'uuid' } } }) },
      404: problemResponse('An end is not in your partnership (refused and audited)'),
      409: problemResponse('Already linked this way (existingId)'),
      422: problemResponse('Invalid fields, each named'),
    },
  },
  'GET /api/v1/children/{id}/links': {
    summary: 'A child’s links (associations) with the other end named; the read is audited against the child',
    parameters: [idParam],
    responses: {
      200: { description: 'Links, newest first', content: json({ type: 'object', properties: { links: { type: 'array', items: link } } }) },
      404: problemResponse('No such child in your partnership'),
    },
  },
  'PUT /api/v1/intelligence/links/{id}': {
    summary:
      'Change a link (relation, dates, source, agency, reliability, notes) naming the version read; a stale save is refused and kept; the change is audited and noted on each linked child’s timeline',
    parameters: [idParam],
    requestBody: {
      required: true,
      content: json({
        type: 'object',
        required: ['version', 'relation', 'source', 'reliability'],
        properties: {
          version: { type: 'integer' },
          relation: { type: 'string' },
          firstSeenOn: { type: 'string', format: 'date' },
          lastSeenOn: { type: 'string', format: 'date' },
          source: { type: 'string' },
          sourceAgencyId: { type: 'string' },
          reliability,
          notes: { type: 'string' },
        },
      }),
    },
    responses: {
      200: { description: 'Saved', content: json(link) },
      403: problemResponse('Role does not allow'),
      404: problemResponse('No such link in force in your partnership'),
      409: problemResponse('Edit conflict (current and submitted), or the same two are already linked this way'),
      422: problemResponse('Invalid fields, each named'),
    },
  },
  'POST /api/v1/intelligence/links/{id}/remove': {
    summary:
      'Remove a link from use with a reason, naming the version read. It is kept (who, when, why) for the audit, noted on each linked child’s timeline, and no longer shown in associations, the network graph, the map or reports',
    parameters: [idParam],
    requestBody: {
      required: true,
      content: json({
        type: 'object',
        required: ['version', 'reason'],
        properties: { version: { type: 'integer' }, reason: { type: 'string', maxLength: 1000 } },
      }),
    },
    responses: {
      204: { description: 'Removed' },
      403: problemResponse('Role does not allow'),
      404: problemResponse('No such link in force in your partnership'),
      409: problemResponse('The link changed since it was read; not removed'),
      422: problemResponse('No reason, or no version'),
    },
  },
};
