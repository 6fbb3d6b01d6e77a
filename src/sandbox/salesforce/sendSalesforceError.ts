import type { Response } from 'express';

/** REST errors are a JSON array of `{message, errorCode, fields?}` (https://developer.salesforce.com/docs/atlas.en-us.264.0.api_rest.meta/api_rest/errorcodes.htm). */
export function sendSalesforceError(
  res: Response,
  status: number,
  errorCode: string,
  message: string,
  fields?: string[],
): void {
  res.status(status).json([{ message, errorCode, ...(fields ? { fields } : {}) }]);
}

export const SESSION_EXPIRED = {
  status: 401,
  errorCode: 'INVALID_SESSION_ID',
  message: 'Session expired or invalid',
} as const;
