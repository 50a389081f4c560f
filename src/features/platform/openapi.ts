import type { Request, Response } from 'express';
import { z } from 'zod';
import type { RouteSpec } from '../../platform/http.ts';
import { childSchema } from '../children/schemas.ts';
import { tokenRequest } from '../auth/api.ts';
import { loadPartnerships } from '../../partnerships/index.ts';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

const problem = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } }, required: ['field', 'message'] } },
  },
  required: ['title', 'status'],
};

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

/** The OpenAPI document, built from the same zod schemas the API validates with; it lists every /api/v1 route declared. */
export function openApiDocument(routes: RouteSpec[]) {
  const p = [...loadPartnerships().values()][0]!;
  const child = json(childSchema(p));
  const childOut = { allOf: [{ type: 'object', properties: { id: { type: 'string', format: 'uuid' }, reference: { type: 'string' }, version: { type: 'integer' } } }, { $ref: '#/components/schemas/ChildInput' }] };
  const ops: Record<string, Record<string, unknown>> = {
    'POST /api/v1/auth/token': {
      summary: 'Exchange an email address and password for a bearer token',
      security: [],
      requestBody: { required: true, content: { 'application/json': { schema: json(tokenRequest) } } },
      responses: { 200: { description: 'A bearer token', content: { 'application/json': { schema: { type: 'object', properties: { token: { type: 'string' } }, required: ['token'] } } } }, 401: problemResponse('Wrong email address or password'), 422: problemResponse('Invalid request'), 429: problemResponse('Too many attempts') },
    },
    'POST /api/v1/children': {
      summary: 'Create a child record in your partnership',
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ChildInput' } } } },
      responses: { 201: { description: 'Created', content: { 'application/json': { schema: childOut } } }, 401: problemResponse('Not signed in'), 403: problemResponse('Role does not allow'), 422: problemResponse('Invalid fields, each named') },
    },
    'GET /api/v1/children': {
      summary: 'Search children by name, alias, nickname or date of birth (tolerant of misspelling)',
      parameters: [
        { name: 'q', in: 'query', schema: { type: 'string', maxLength: 200 }, description: 'Words of a name or alias, and/or a date of birth (27/03/2011 or 2011-03-27)' },
        { name: 'district', in: 'query', schema: { type: 'string' } },
      ],
      responses: { 200: { description: 'Closest first', content: { 'application/json': { schema: { type: 'object', properties: { results: { type: 'array', items: { type: 'object' } } } } } } }, 401: problemResponse('Not signed in'), 422: problemResponse('Invalid search') },
    },
    'GET /api/v1/children/{id}': {
      summary: 'Read a child record (the read is audited)',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: { 200: { description: 'The child', content: { 'application/json': { schema: childOut } } }, 404: problemResponse('No such child in your partnership') },
    },
    'GET /api/v1/audit': {
      summary: 'The audit trail of a child record (partnership admins)',
      parameters: [{ name: 'childId', in: 'query', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: { 200: { description: 'Entries, newest first', content: { 'application/json': { schema: { type: 'object', properties: { entries: { type: 'array', items: { type: 'object' } } } } } } }, 403: problemResponse('Role does not allow'), 404: problemResponse('No such child'), 422: problemResponse('Invalid request') },
    },
    'GET /api/v1/openapi.json': { summary: 'This document', security: [], responses: { 200: { description: 'OpenAPI 3.1' } } },
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
    info: { title: 'MACE API', version: '1.0.0', description: 'Multi-agency child exploitation safeguarding. Every call acts within the caller’s partnership; errors are application/problem+json.' },
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
    method: 'get', path: '/api/v1/openapi.json', access: 'public', audit: 'none: no data', api: true,
    handler: (_req: Request, res: Response) => {
      doc ??= openApiDocument(registry);
      res.json(doc);
    },
  };
}
