import { STATUS_CODES } from 'node:http';
import type { SugarAuth } from './createSugarAuth';
import type { SugarStore } from './createSugarStore';
import { parsePhpQuery } from './parsePhpQuery';
import { SugarApiError, sugarErrors } from './sugarErrors';
import * as handlers from './sugarModuleHandlers';
import { isSugarModule, type SugarModule } from './sugarVardefs';

/** Sugar serves /rest/v10 up to /rest/v11_27 (Sugar 26.1 developer guide); v11_N is version 11.N. */
const MIN_VERSION = '10';
const MAX_VERSION = '11.27';

export interface SugarApiRequest {
  method: string;
  /** The path after /rest, starting with the version: "/v11_1/Leads/filter". */
  path: string;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  accessToken?: string;
}

export interface SugarApiResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export interface SugarApiOptions {
  store: SugarStore;
  auth: SugarAuth;
  maxListLimit(): number;
  /** Counts one executed sub-request of /bulk under its endpoint name. */
  countBulkRequest(endpoint: string): void;
  /** Fault injection: answer this PUT sub-request of /bulk with a 500 instead of running it. */
  failSubRequest?(method: string): boolean;
  /**
   * Modules a role denies to the API user (every request to them answers 403 not_authorized)
   * and modules this instance does not have (404 no_method, no route); read on every request.
   */
  access?(): { denied: ReadonlySet<string>; missing: ReadonlySet<string> };
}

type Handler = (context: handlers.SugarCallContext, module: SugarModule, id: string) => unknown;
interface Route {
  method: string;
  pattern: string[];
  handler: Handler;
}

/** Mirrors Sugar's route table for what the sandbox serves; `:module` must be a served module. */
const ROUTES: Route[] = [
  { method: 'GET', pattern: ['me'], handler: (c) => handlers.currentUser(c) },
  { method: 'GET', pattern: ['metadata'], handler: (c) => handlers.metadata(c) },
  { method: 'GET', pattern: ['ping'], handler: () => 'pong' },
  { method: 'GET', pattern: [':module', 'filter', 'count'], handler: (c, m) => handlers.countRecords(c, m) },
  { method: 'GET', pattern: [':module', 'count'], handler: (c, m) => handlers.countRecords(c, m) },
  { method: 'GET', pattern: [':module', 'filter'], handler: (c, m) => handlers.filterRecords(c, m) },
  { method: 'POST', pattern: [':module', 'filter'], handler: (c, m) => handlers.filterRecords(c, m) },
  { method: 'GET', pattern: [':module'], handler: (c, m) => handlers.filterRecords(c, m) },
  { method: 'POST', pattern: [':module'], handler: (c, m) => handlers.createRecord(c, m) },
  { method: 'GET', pattern: [':module', ':id'], handler: (c, m, id) => handlers.retrieveRecord(c, m, id) },
  { method: 'PUT', pattern: [':module', ':id'], handler: (c, m, id) => handlers.updateRecord(c, m, id) },
  { method: 'POST', pattern: [':module', ':id', 'link'], handler: (c, m, id) => handlers.createRelatedLinks(c, m, id) },
];

/** PHP's version_compare for the dotted numbers Sugar uses. */
function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function matchRoute(method: string, segments: string[]): { route: Route; module: SugarModule; id: string } | null {
  for (const route of ROUTES) {
    if (route.method !== method || route.pattern.length !== segments.length) continue;
    let module: SugarModule = 'Leads';
    let id = '';
    let fits = true;
    route.pattern.forEach((part, i) => {
      const segment = segments[i]!;
      if (part === ':module' && isSugarModule(segment)) module = segment;
      else if (part === ':id' && segment !== '') id = segment;
      else if (part !== segment) fits = false;
    });
    if (fits) return { route, module, id };
  }
  return null;
}

/** The endpoint name calls are counted under: record ids become ":id". */
export function endpointName(method: string, segments: string[]): string {
  const match = matchRoute(method, segments);
  const shape = match ? match.route.pattern.map((p) => (p === ':module' ? match.module : p)) : segments;
  return `${method} /${shape.join('/')}`;
}

/** A path segment as text; a malformed escape stays as sent (it can only fail to match a record). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function errorResponse(error: SugarApiError): SugarApiResponse {
  return {
    status: error.status,
    body: error.body(),
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...error.headers },
  };
}

/** A bulk request's `data`: a JSON string (or, leniently, an object); bad JSON is RestService's bare 422. */
function bulkBody(data: unknown): Record<string, unknown> | SugarApiError {
  if (data && typeof data === 'object') return data as Record<string, unknown>;
  if (typeof data !== 'string' || data === '') return {};
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return new SugarApiError(422, 'invalid_parameter', 'A parameter in your request was invalid.');
  }
}

/** Sugar's RestService for the sandbox: version check, authentication, routing, errors as `{error, error_message}`. */
export function createSugarApi(options: SugarApiOptions) {
  const { store, auth } = options;

  function execute(request: SugarApiRequest, bulkUser?: { userId: string; platform: string }): SugarApiResponse {
    try {
      return { status: 200, body: run(request, bulkUser), headers: { 'Content-Type': 'application/json' } };
    } catch (error) {
      if (!(error instanceof SugarApiError)) throw error;
      return errorResponse(error);
    }
  }

  function run(request: SugarApiRequest, bulkUser?: { userId: string; platform: string }): unknown {
    const [versionPart = '', ...rawSegments] = request.path.replace(/^\/+/, '').split('/');
    if (rawSegments[rawSegments.length - 1] === '') rawSegments.pop();
    const segments = rawSegments.map(safeDecode);
    const version = /^v\d+(_\d+)?$/.test(versionPart) ? versionPart.slice(1).replace('_', '.') : '';
    if (!version || compareVersions(version, MIN_VERSION) < 0 || compareVersions(version, MAX_VERSION) > 0) {
      throw sugarErrors.incorrectVersion(MIN_VERSION, MAX_VERSION);
    }
    const method = request.method.toUpperCase();
    const rawPath = `/${segments.join('/')}`;
    const args = { ...request.body, ...request.query };

    if (method === 'POST' && rawPath === '/oauth2/token') return auth.token(args);

    // RestService authenticates first, routes second, and only then insists on a login.
    let user = bulkUser;
    let loginError: SugarApiError | undefined;
    if (!user && request.accessToken) {
      try {
        user = auth.authenticate(request.accessToken);
      } catch (error) {
        if (!(error instanceof SugarApiError)) throw error;
        loginError = error;
      }
    }
    const isBulk = method === 'POST' && rawPath === '/bulk';
    const isLogout = method === 'POST' && rawPath === '/oauth2/logout';
    const access = options.access?.();
    const match =
      isBulk || isLogout || (segments[0] !== undefined && access?.missing.has(segments[0]))
        ? null
        : matchRoute(method, segments);
    if (!match && !isBulk && !isLogout) throw sugarErrors.noMethod(rawPath);
    if (!user) throw loginError ?? sugarErrors.needLogin();

    if (isLogout) {
      auth.logout(request.accessToken ?? '', args.refresh_token);
      return { success: true };
    }
    if (isBulk) return bulk(args, user);
    if (access?.denied.has(match!.module)) throw sugarErrors.notAuthorized(match!.module);
    const context = {
      store,
      userId: user.userId,
      platform: user.platform,
      maxListLimit: options.maxListLimit(),
      args: { ...args, module: match!.module },
    };
    return match!.route.handler(context, match!.module, match!.id);
  }

  /**
   * POST /bulk: runs each request in order as the same user; a failing request does not stop
   * the others. Only the path and query of each `url` are used (BulkRestRequest uses
   * parse_url's path), so an absolute URL can never send the server anywhere.
   */
  function bulk(args: Record<string, unknown>, user: { userId: string; platform: string }): unknown[] {
    if (!('requests' in args)) throw sugarErrors.missingParameter('Missing parameter: requests');
    const requests = Array.isArray(args.requests) ? args.requests : Object.values(args.requests ?? {});
    for (const request of requests) {
      if (!request || typeof request !== 'object' || !(request as { url?: unknown }).url) {
        throw sugarErrors.missingParameter('Invalid request - URL is missing');
      }
    }
    return requests.map((request: { url: string; method?: string; data?: unknown }) => {
      const url = new URL(String(request.url), 'http://bulk.invalid');
      const method = (request.method ?? 'GET').toUpperCase();
      const body = bulkBody(request.data);
      const response =
        body instanceof SugarApiError
          ? errorResponse(body)
          : options.failSubRequest?.(method)
            ? errorResponse(sugarErrors.fatal())
            : execute({ method, path: url.pathname, query: parsePhpQuery(url.search.slice(1)), body }, user);
      const [, ...segments] = url.pathname.replace(/^\/+/, '').split('/');
      options.countBulkRequest(endpointName(method, segments));
      return {
        contents: response.body,
        headers: response.headers,
        status: response.status,
        status_text: STATUS_CODES[response.status] ?? '',
      };
    });
  }

  return { execute };
}
