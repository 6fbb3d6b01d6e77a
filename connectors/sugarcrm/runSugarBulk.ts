import { LeadloopError, isLeadloopError } from '../../src/domain/errors';
import { withRetry } from '../../src/resilience/withRetry';
import type { SugarSession } from './createSugarSession';

/** One sub-request of POST /bulk: `url` starts with the version (`/v11_1/Leads/<id>`), `data` is a JSON string. */
export interface SugarBulkRequest {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  data?: string;
}

/** One sub-response: `{contents, headers, status}` (BulkRestResponse.php). */
export interface SugarBulkResponse {
  contents: unknown;
  headers?: unknown;
  status: number;
}

export interface BulkRetryOptions {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  maxAttempts?: number;
}

const PARTIAL = 'BULK_SUBREQUESTS_FAILED';

function isServerFailure(status: number): boolean {
  return status >= 500 || status === 429;
}

/**
 * Runs sub-requests through POST /bulk and returns one answer per request, in order.
 * Sugar executes them one after the other and a failing one does not stop the rest; the
 * ones that failed with 5xx/429 are sent again (only those) with backoff through
 * withRetry. After the last attempt they keep their last answer. Whole-call failures
 * (429/503 on /bulk itself) are retried by the session.
 */
export async function runSugarBulk(
  session: SugarSession,
  requests: SugarBulkRequest[],
  options: BulkRetryOptions = {},
): Promise<SugarBulkResponse[]> {
  const answers: SugarBulkResponse[] = new Array(requests.length);
  let pending = requests.map((_, i) => i);
  if (!pending.length) return answers;
  try {
    await withRetry(
      async () => {
        const reply = await session.call<unknown>({
          method: 'POST',
          path: '/bulk',
          data: { requests: pending.map((i) => requests[i]) },
        });
        const list = Array.isArray(reply)
          ? reply
          : reply && typeof reply === 'object'
            ? Object.values(reply as Record<string, unknown>)
            : [];
        if (list.length !== pending.length) {
          throw new LeadloopError(`SugarCRM /bulk answered ${list.length} results for ${pending.length} requests`, {
            kind: 'transient',
            crm: 'sugarcrm',
            code: 'BULK_SHAPE',
          });
        }
        const again: number[] = [];
        list.forEach((raw, j) => {
          const item = (raw ?? {}) as Partial<SugarBulkResponse>;
          // BulkRestResponse sets 200 when a handler set no code; be as lenient with null
          const answer: SugarBulkResponse = {
            contents: item.contents,
            headers: item.headers,
            status: typeof item.status === 'number' ? item.status : 200,
          };
          answers[pending[j]!] = answer;
          if (isServerFailure(answer.status)) again.push(pending[j]!);
        });
        pending = again;
        if (pending.length)
          throw new LeadloopError(`${pending.length} SugarCRM bulk sub-request(s) failed on the server`, {
            kind: 'transient',
            crm: 'sugarcrm',
            code: PARTIAL,
          });
      },
      {
        maxAttempts: options.maxAttempts ?? 3,
        sleep: options.sleep,
        random: options.random,
        isRetryable: (e) => isLeadloopError(e) && (e.code === PARTIAL || e.code === 'BULK_SHAPE'),
      },
    );
  } catch (error) {
    if (!(isLeadloopError(error) && error.code === PARTIAL)) throw error;
  }
  return answers;
}
