import type { CrmUser } from '../../src/domain/connector';
import { queryAllSalesforce } from './queryAllSalesforce';
import { SALESFORCE_ID_PATTERN } from './salesforceConstants';
import type { SalesforceSession } from './salesforceSession';

interface UserRow { Id: string; Name?: string | null; Email?: string | null; IsActive?: boolean | null }

export const USERS_SOQL = 'SELECT Id, Name, Email, IsActive FROM User ORDER BY Id';

/** Users for routing, active and inactive, paged through nextRecordsUrl. */
export async function listSalesforceUsers(session: SalesforceSession): Promise<CrmUser[]> {
  const rows = await queryAllSalesforce<UserRow>(session, 'query User', USERS_SOQL);
  return rows
    .filter((r) => typeof r.Id === 'string' && SALESFORCE_ID_PATTERN.test(r.Id))
    .map((r) => {
      const email = typeof r.Email === 'string' && r.Email.trim() !== '' ? r.Email.trim() : undefined;
      return { id: r.Id, name: (r.Name ?? '').trim() || r.Id, ...(email ? { email } : {}), isActive: r.IsActive === true };
    });
}
