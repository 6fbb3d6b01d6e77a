import { z } from 'zod';
import type { ApiRoute } from './apiRoutes';
import { DEFAULT_BODY_LIMIT, MAX_JSON_DEPTH } from './parseJsonBody';

const errorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
};

/** The OpenAPI 3.1 document of /api/v1, built from the same route table and zod schemas the server uses. */
export function openApiDocument(routes: ApiRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const params = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = r.query
      ? Object.entries(
          (z.toJSONSchema(r.query, { io: 'input' }) as { properties?: Record<string, unknown> }).properties ?? {},
        ).map(([name, schema]) => ({ name, in: 'query', required: false, schema }))
      : [];
    paths[path] ??= {};
    paths[path]![r.method] = {
      summary: r.summary,
      ...(params.length || query.length ? { parameters: [...params, ...query] } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input' }) } },
            },
          }
        : {}),
      responses: {
        '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
        '400': {
          description: 'The request does not match the schema',
          content: { 'application/json': { schema: errorBody } },
        },
        '401': {
          description: 'Not signed in / no valid API token',
          content: { 'application/json': { schema: errorBody } },
        },
        '403': {
          description: "Missing CSRF token (browser sessions), or the token's scope does not allow the request (SCOPE)",
          content: { 'application/json': { schema: errorBody } },
        },
        '404': { description: 'Not found', content: { 'application/json': { schema: errorBody } } },
        ...(r.body
          ? {
              '413': {
                description: `The body is larger than ${r.bodyLimit ?? DEFAULT_BODY_LIMIT} (BODY_TOO_LARGE)`,
                content: { 'application/json': { schema: errorBody } },
              },
            }
          : {}),
        '429': {
          description: 'Too many requests from this caller (RATE_LIMITED); see Retry-After',
          content: { 'application/json': { schema: errorBody } },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'leadloop admin API',
      version: '1',
      description: `Connect orgs, run and watch syncs, read the funnel, record outcomes. Errors: { error: { code, message, details? } }. Bodies: JSON of at most ${DEFAULT_BODY_LIMIT} unless a route says more, nested at most ${MAX_JSON_DEPTH} levels; a rate limit per caller (LEADLOOP_API_RATE_LIMIT a minute). Token scopes: read (GET requests and /metrics), metrics (/metrics only), full.`,
    },
    servers: [{ url: '/api/v1' }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'an API token from `leadloop admin token create --name NAME [--scope read|metrics|full] [--expires-in-days N]`',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'leadloop_session',
          description: 'a console session; changes also need the X-CSRF-Token header',
        },
      },
    },
    paths,
  };
}
