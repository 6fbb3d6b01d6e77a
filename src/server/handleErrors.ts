import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../log/createLogger';
import { sendApiError } from './apiError';
import { h, layout } from './html';
import { TOO_DEEP } from './parseJsonBody';

/** body-parser's error types (https://github.com/expressjs/body-parser#errors) → status, API code, message. */
const KNOWN: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': { status: 400, code: 'INVALID_JSON', message: 'the body is not valid JSON' },
  'entity.too.large': { status: 413, code: 'BODY_TOO_LARGE', message: 'the body is larger than this route accepts' },
  [TOO_DEEP]: { status: 400, code: 'BODY_TOO_DEEP', message: 'the body nests arrays or objects too deeply' },
  'request.size.invalid': {
    status: 400,
    code: 'INVALID_REQUEST',
    message: 'the body is shorter or longer than its Content-Length',
  },
  'request.aborted': { status: 400, code: 'INVALID_REQUEST', message: 'the request was aborted' },
  'charset.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send the body as UTF-8' },
  'encoding.unsupported': {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'the body encoding is not supported',
  },
  'parameters.too.many': { status: 413, code: 'BODY_TOO_LARGE', message: 'the form has too many fields' },
};

/**
 * The last handler of the app (issue 24, item 5). Express's default one prints the error
 * with its stack to stderr — for a body-parse error that includes the raw body, passwords
 * too — and answers an HTML page. Here: one log line `{type, status}` through the
 * redacting logger, never the body or the message; the API's JSON error on /api routes; a
 * plain page elsewhere; no stack anywhere.
 */
export function handleErrors(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const e = (error ?? {}) as { type?: unknown; status?: unknown; statusCode?: unknown; name?: unknown };
    const type = typeof e.type === 'string' ? e.type : typeof e.name === 'string' ? e.name : 'unknown';
    const known = KNOWN[type];
    const raw = Number(e.status ?? e.statusCode);
    const status = known?.status ?? (raw >= 400 && raw < 600 ? raw : 500);
    const log = status >= 500 ? logger.error.bind(logger) : logger.warn.bind(logger);
    log('request failed', { type, status, method: req.method, path: req.path });
    if (res.headersSent) return void res.end();
    const message =
      known?.message ?? (status >= 500 ? 'unexpected error; see the server log' : 'the request could not be handled');
    if (req.path === '/api' || req.path.startsWith('/api/') || req.path === '/metrics') {
      return sendApiError(res, status, known?.code ?? (status >= 500 ? 'INTERNAL' : 'INVALID_REQUEST'), message);
    }
    res
      .status(status)
      .type('html')
      .send(layout('Error', `<p class="error">${h(message)}.</p><p><a href="/">Back</a></p>`));
  };
}
