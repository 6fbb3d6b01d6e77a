import { classifySugarError, type SugarFailure } from '../../../connectors/sugarcrm/classifySugarError';

const body = (error: string, message = 'x') => ({ error, error_message: message });

describe('classifySugarError', () => {
  it.each<[string, SugarFailure, string, string]>([
    [
      'need_login',
      { status: 401, body: body('need_login', 'No valid authentication for user.') },
      'auth_expired',
      'need_login',
    ],
    [
      'invalid_grant',
      { status: 401, body: body('invalid_grant', 'The access token provided is invalid.') },
      'auth_expired',
      'invalid_grant',
    ],
    ['bare 401', { status: 401 }, 'auth_expired', 'HTTP_401'],
    [
      'not_authorized',
      { status: 403, body: body('not_authorized', 'No access to view records for module: Leads') },
      'configuration',
      'not_authorized',
    ],
    [
      'not_found on a record',
      { status: 404, body: body('not_found', 'Could not find record: abc in module: Leads'), recordScoped: true },
      'record',
      'not_found',
    ],
    [
      'no_method',
      { status: 404, body: body('no_method', 'Could not find any route that accepted a path like: /x') },
      'configuration',
      'no_method',
    ],
    [
      'invalid_parameter on a record (422)',
      { status: 422, body: body('invalid_parameter'), recordScoped: true },
      'record',
      'invalid_parameter',
    ],
    [
      'invalid_parameter on a query (422)',
      { status: 422, body: body('invalid_parameter', 'Unknown field leadloop_score_c') },
      'configuration',
      'invalid_parameter',
    ],
    [
      'missing_parameter in older releases (412)',
      { status: 412, body: body('missing_parameter'), recordScoped: true },
      'record',
      'missing_parameter',
    ],
    ['request_too_large', { status: 413, body: body('request_too_large') }, 'record', 'request_too_large'],
    ['429', { status: 429, retryAfter: '7' }, 'rate_limited', 'HTTP_429'],
    [
      'maintenance',
      { status: 503, body: body('maintenance', 'The system is in maintenance mode.') },
      'transient',
      'maintenance',
    ],
    ['fatal_error', { status: 500, body: body('fatal_error') }, 'transient', 'fatal_error'],
    ['502 from a proxy', { status: 502, body: '<html>Bad gateway</html>' }, 'transient', 'HTTP_502'],
    ['edit_conflict', { status: 409, body: body('edit_conflict') }, 'transient', 'edit_conflict'],
    ['ECONNRESET', { networkCode: 'ECONNRESET' }, 'transient', 'ECONNRESET'],
    ['timeout', { networkCode: 'ECONNABORTED' }, 'transient', 'ECONNABORTED'],
    ['incorrect_version', { status: 301, body: body('incorrect_version') }, 'configuration', 'incorrect_version'],
  ])('%s', (_name, failure, kind, code) => {
    const error = classifySugarError(failure);
    expect(error.kind).toBe(kind);
    expect(error.code).toBe(code);
    expect(error.crm).toBe('sugarcrm');
  });

  it('carries Retry-After for rate limits and the record id for record errors', () => {
    expect(classifySugarError({ status: 429, retryAfter: '7' }).retryAfterMs).toBe(7000);
    const e = classifySugarError({
      status: 404,
      body: body('not_found', 'Could not find record: abc in module: Leads'),
      recordScoped: true,
      recordId: 'abc',
      action: 'PUT Leads/abc',
    });
    expect(e).toMatchObject({ recordId: 'abc', status: 404 });
    expect(e.message).toBe(
      "SugarCRM PUT Leads/abc: Could not find record: abc in module: Leads (404 not_found); the record was deleted or is not visible to leadloop's user",
    );
  });
});
