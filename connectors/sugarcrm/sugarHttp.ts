import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { LeadloopError } from '../../src/domain/errors';
import { classifySugarError } from './classifySugarError';

/**
 * The instance root an admin typed, normalised: https (or http for a local sandbox),
 * no credentials, no query, no trailing slash or /rest/… suffix.
 */
export function normalizeSugarUrl(raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    throw new LeadloopError(
      `SugarCRM URL "${raw.slice(0, 100)}" is not a URL (expected e.g. https://acme.sugarondemand.com)`,
      { kind: 'configuration', crm: 'sugarcrm', code: 'INVALID_URL' },
    );
  }
  if (!['https:', 'http:'].includes(parsed.protocol) || parsed.username || parsed.password) {
    throw new LeadloopError(
      `SugarCRM URL "${parsed.origin}" must be an http(s) address without user name or password`,
      { kind: 'configuration', crm: 'sugarcrm', code: 'INVALID_URL' },
    );
  }
  const path = parsed.pathname.replace(/\/rest(\/.*)?$/, '').replace(/\/+$/, '');
  return `${parsed.origin}${path}`;
}

/**
 * One axios instance per connector, pinned to the instance: relative paths only
 * (`allowAbsoluteUrls: false`), no redirects (a redirect would carry the OAuth-Token to
 * wherever it points), and every status handed back to us so no axios error (which carries
 * the request config and its headers) is ever created for an HTTP answer.
 */
export function createSugarAxios(baseURL: string, timeoutMs: number, lookup?: LookupFunction): AxiosInstance {
  return axios.create({
    baseURL,
    // with a lookup, every connection's address is checked again (a DNS answer may change after the URL check)
    ...(lookup ? { httpAgent: new http.Agent({ lookup }), httpsAgent: new https.Agent({ lookup }) } : {}),
    allowAbsoluteUrls: false,
    maxRedirects: 0,
    timeout: timeoutMs,
    validateStatus: () => true,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
  });
}

/** Paths we send always start with one slash and carry no scheme: a second line of defence after sugarPath. */
export function assertRelativePath(path: string): void {
  if (!path.startsWith('/') || path.startsWith('//') || /^[a-z][a-z0-9+.-]*:/i.test(path) || path.includes('\\')) {
    throw new LeadloopError(`Refusing to send a SugarCRM request to "${path.slice(0, 80)}": not a relative API path`, {
      kind: 'configuration',
      crm: 'sugarcrm',
      code: 'INVALID_PATH',
    });
  }
}

export interface SugarRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  params?: Record<string, string | number>;
  data?: unknown;
  headers?: Record<string, string>;
}

/** Sends one request; network failures become classified LeadloopErrors without the axios error attached. */
export async function sendSugar(http: AxiosInstance, request: SugarRequest): Promise<AxiosResponse> {
  assertRelativePath(request.path);
  try {
    return await http.request({
      method: request.method,
      url: request.path,
      params: request.params,
      data: request.data,
      headers: request.headers,
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw classifySugarError({
      networkCode: typeof code === 'string' ? code : 'NETWORK_ERROR',
      action: `${request.method} ${request.path}`,
    });
  }
}
