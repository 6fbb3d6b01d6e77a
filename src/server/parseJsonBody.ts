import express, { type RequestHandler } from 'express';

/** Every API body is at most this big unless its route says otherwise (issue 24, item 4). */
export const DEFAULT_BODY_LIMIT = '256kb';
/** Arrays and objects nested deeper than this are refused before JSON.parse sees them. */
export const MAX_JSON_DEPTH = 32;

/** body-parser error `type`s leadloop adds. */
export const TOO_DEEP = 'entity.too.deep';

/**
 * The deepest nesting of a JSON text, counted on the raw bytes (brackets outside strings),
 * stopping as soon as `limit` is passed: a deep body costs one linear scan, never a parse.
 */
export function jsonDepthExceeds(buf: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** express.json with a size limit and the nesting check; errors go to the final error handler. */
export function parseJsonBody(limit: string = DEFAULT_BODY_LIMIT): RequestHandler {
  return express.json({
    limit,
    verify: (_req, _res, buf) => {
      if (jsonDepthExceeds(buf, MAX_JSON_DEPTH))
        throw Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), {
          type: TOO_DEEP,
          status: 400,
        });
    },
  });
}
