import { z } from 'zod';
import type { ApiRoute } from './apiRoutes';

const errorBody = {
  type: 'object', required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } },
};

/** The OpenAPI 3.1 document of /api/v1, built from the same route table and zod schemas the server uses. */
export function openApiDocument(routes: ApiRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const params = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const query = r.query ? Object.entries((z.toJSONSchema(r.query, { io: 'input' }) as { properties?: Record<string, unknown> }).properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema })) : [];
    paths[path] ??= {};
    paths[path]![r.method] = {
      summary: r.summary,
      ...(params.length || query.length ? { parameters: [...params, ...query] } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input' }) } } } } : {}),
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
        '400': { description: 'The request does not match the schema', content: { 'application/json': { schema: errorBody } } },
        '401': { description: 'Not signed in / no valid API token', content: { 'application/json': { schema: errorBody } } },
        '403': { description: 'Missing CSRF token (browser sessions)', content: { 'application/json': { schema: errorBody } } },
        '404': { description: 'Not found', content: { 'application/json': { schema: errorBody } } },
      },
      security: [{ bearer: [] }, { session: [] }],
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'leadloop admin API', version: '1', description: 'Connect orgs, run and watch syncs, read the funnel, record outcomes. Errors: { error: { code, message, details? } }.' },
    servers: [{ url: '/api/v1' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'an API token from `leadloop admin token --name NAME`' },
        session: { type: 'apiKey', in: 'cookie', name: 'leadloop_session', description: 'a console session; changes also need the X-CSRF-Token header' },
      },
    },
    paths,
  };
}
