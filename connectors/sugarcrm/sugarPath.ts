import { LeadloopError } from '../../src/domain/errors';
import { SUGAR_ID_PATTERN } from './sugarConstants';

const MODULE_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,59}$/;

export function isSugarId(value: unknown): value is string {
  return typeof value === 'string' && SUGAR_ID_PATTERN.test(value);
}

/**
 * Builds a request path from a module name and validated ids only. Ids come from the CRM
 * (or from callers) and are never trusted as URLs: axios < 1.8.2 sent headers to absolute
 * URLs despite baseURL (CVE-2025-27152), so a crafted id could leak the OAuth-Token.
 */
export function sugarPath(module: string, ...segments: string[]): string {
  if (!MODULE_PATTERN.test(module)) throw invalidId('module name', module);
  const parts = segments.map((segment) => {
    if (!isSugarId(segment) && !['filter', 'count'].includes(segment)) throw invalidId('record id', segment);
    return encodeURIComponent(segment);
  });
  return ['', module, ...parts].join('/');
}

export function assertSugarId(value: unknown, what: string): string {
  if (!isSugarId(value)) throw invalidId(what, value);
  return value;
}

function invalidId(what: string, value: unknown): LeadloopError {
  const shown = String(value).slice(0, 60);
  return new LeadloopError(
    `SugarCRM ${what} "${shown}" is not a valid Sugar id (letters, digits, - and _, at most 36): the request was not sent`,
    {
      kind: 'record',
      crm: 'sugarcrm',
      code: 'INVALID_ID',
      recordId: typeof value === 'string' ? value.slice(0, 60) : undefined,
    },
  );
}
