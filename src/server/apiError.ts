import type { Response } from 'express';
import { z } from 'zod';

/** One error body for the whole API: `{ error: { code, message, details? } }`. */
export function sendApiError(res: Response, status: number, code: string, message: string, details?: unknown): void {
  res.status(status).json({ error: { code, message, ...(details !== undefined ? { details } : {}) } });
}

export function sendValidationError(res: Response, error: z.ZodError): void {
  sendApiError(
    res,
    400,
    'INVALID_REQUEST',
    'the request does not match the schema',
    error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}
