/** The OpenAPI description of the bulk import of children (merged into the document by features/platform/openapi.ts). */
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const row = {
  type: 'object',
  properties: {
    row: { type: 'integer', description: 'The row number as a spreadsheet shows it (the header is usually row 1)' },
    status: {
      type: 'string',
      enum: ['created', 'ready', 'held', 'likely', 'repeated', 'problem'],
      description:
        'created: imported now; ready: would be imported (dry run); held: a child your partnership already holds (childId); likely: likely a child already recorded (likelyExisting) or the same child as an earlier row (likeRows), by the “Add a child” form’s rule, not imported unless named in importAnyway; repeated: the same child as an earlier row (sameAsRow); problem: not imported (problems)',
    },
    likelyExisting: {
      type: 'array',
      description: 'The children already recorded this row is likely to be: ids and references only',
      items: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, reference: { type: 'string' } } },
    },
    likeRows: { type: 'array', items: { type: 'integer' }, description: 'The earlier rows of the file this row is likely the same child as' },
    importedAnyway: { type: 'boolean', description: 'A likely row imported because importAnyway named it' },
    problems: { type: 'array', items: { type: 'string' }, description: 'Each problem named, e.g. “enter a date of birth in the past”' },
    childId: { type: 'string', format: 'uuid' },
    reference: { type: 'string' },
    sameAsRow: { type: 'integer' },
  },
  required: ['row', 'status', 'problems'],
};

const counts = {
  type: 'object',
  properties: {
    rows: { type: 'integer' },
    ready: { type: 'integer' },
    held: { type: 'integer' },
    likely: { type: 'integer' },
    repeated: { type: 'integer' },
    problems: { type: 'integer' },
    created: { type: 'integer' },
  },
};

export const childImportOpenApi: Record<string, Record<string, unknown>> = {
  'POST /api/v1/children/import': {
    summary:
      'Import children from a CSV (coordinators): the same checks as the import page; the good rows are created in one transaction, rows with problems named and skipped, children already held (same normalised names and date of birth) or repeated in the file not imported again, children likely already recorded (or like an earlier row) not imported unless named in importAnyway',
    description:
      'Columns (a header row, any case or spelling variant): first name, last name, date of birth (DD/MM/YYYY or YYYY-MM-DD), district (name or id), and optionally gender, postcode, aliases (separated by | or ;). At most 2 MB and 5,000 rows. The import is audited as one entry naming every child created.',
    parameters: [
      {
        name: 'dryRun',
        in: 'query',
        schema: { type: 'string', enum: ['true', 'false'], default: 'false' },
        description: 'true: check the file and answer what would happen, importing nothing',
      },
      {
        name: 'importAnyway',
        in: 'query',
        schema: { type: 'string', pattern: '^\\d+(,\\d+)*$' },
        description:
          'The row numbers (comma separated, like 4,7) to import although likely already recorded, after checking the records a dry run listed; other likely rows are not imported',
      },
    ],
    requestBody: {
      required: true,
      content: {
        'text/csv': { schema: { type: 'string' } },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
          schema: { type: 'string', format: 'binary' },
          description: 'An Excel workbook: its first sheet with anything on it',
        },
      },
    },
    responses: {
      200: {
        description: 'Checked (a dry run), or nothing to create',
        content: {
          'application/json': { schema: { type: 'object', properties: { dryRun: { type: 'boolean' }, counts, rows: { type: 'array', items: row } } } },
        },
      },
      201: {
        description: 'Children created',
        content: {
          'application/json': { schema: { type: 'object', properties: { dryRun: { type: 'boolean' }, counts, rows: { type: 'array', items: row } } } },
        },
      },
      401: problemResponse('Not signed in'),
      403: problemResponse('Role does not allow'),
      413: problemResponse('The file is larger than 2 MB'),
      415: problemResponse('Not a CSV body (Content-Type text/csv) or an .xlsx workbook'),
      422: problemResponse('The file as a whole cannot be imported (missing columns, no rows, more than 5,000 rows, unreadable CSV): nothing is imported'),
    },
  },
};
