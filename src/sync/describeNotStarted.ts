import { connectorEntry } from '../../connectors';
import { ConfigurationError, isLeadloopError, NeedsReconnectError } from '../domain/errors';
import { describeError } from '../log/redact';
import type { OrgRecord } from '../store/orgRepository';

/** Why a run could not start, in the words the console and `leadloop runs` show. */
export interface NotStarted {
  code: string;
  reason: string;
  fix: string | null;
}

/** The org's mapping needs fields or access the org does not have yet (syncOrg's pre-run check). */
export class SetupIncompleteError extends ConfigurationError {
  constructor(
    message: string,
    problems: string[],
    readonly fix: string,
  ) {
    super(message, problems);
    this.name = 'SetupIncompleteError';
  }
}

/** What creates leadloop's fields in each CRM: Salesforce through the Metadata API, Sugar only through its package. */
export function setupFix(org: Pick<OrgRecord, 'crm' | 'name'>, missingFields: string[]): string {
  const fields = missingFields.length ? ` (${missingFields.join(', ')})` : '';
  return connectorEntry(org.crm).setupFix(org.name, fields);
}

/** A thrown error before the run began, as a code, a reason and a fix. */
export function describeNotStarted(error: unknown): NotStarted {
  if (error instanceof SetupIncompleteError) return { code: 'SETUP_INCOMPLETE', reason: error.message, fix: error.fix };
  if (error instanceof NeedsReconnectError)
    return {
      code: error.code,
      reason: `the CRM refused leadloop's credentials: ${error.message}`,
      fix: 'Re-connect the org (Connect a CRM, with the same name and the "move it here" box if asked).',
    };
  if (error instanceof ConfigurationError)
    return {
      code: 'CONFIGURATION',
      reason: error.message,
      fix: 'Correct the configuration named above, then sync again.',
    };
  if (isLeadloopError(error)) {
    const fix =
      error.kind === 'rate_limited'
        ? 'Wait until the CRM API limit resets, then sync again.'
        : error.kind === 'transient'
          ? 'The CRM did not answer; try again in a few minutes.'
          : 'Correct what the message names in the CRM, then sync again.';
    return { code: error.code, reason: error.message, fix };
  }
  if (error instanceof Error && error.name === 'SyncAlreadyRunningError')
    return {
      code: 'ALREADY_RUNNING',
      reason: error.message,
      fix: 'Wait for that run to finish; it shows in the runs.',
    };
  return { code: 'INTERNAL', reason: String(describeError(error)['message']), fix: 'See the server log.' };
}
