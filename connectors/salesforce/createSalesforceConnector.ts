import type { Connector, LeadObjectDescription } from '../../src/domain/connector';
import { LeadloopError } from '../../src/domain/errors';
import type { Logger } from '../../src/log/createLogger';
import { mappedCrmFields, type Mapping } from '../../src/mapping';
import { createOptionalSources } from '../../src/resilience/createOptionalSources';
import { addSalesforceCampaignMembers } from './addSalesforceCampaignMembers';
import { isUnreadableSalesforceObject } from './classifySalesforceError';
import { createSalesforceHandoverTasks } from './createSalesforceHandoverTasks';
import { createSalesforceSession } from './createSalesforceSession';
import { querySalesforce } from './querySalesforce';
import { soqlId } from './soql';
import { pullSalesforceEngagement } from './pullSalesforceEngagement';
import { pullSalesforceLeads } from './pullSalesforceLeads';
import { pullSalesforceOutcomes } from './pullSalesforceOutcomes';
import { SALESFORCE_OPTIONAL_SOURCES } from './salesforceConstants';
import type { CrmUrlPolicy } from '../../src/security/checkCrmUrl';
import type { SalesforceCredentials } from './salesforceCredentials';
import { findSalesforceAccounts, listSalesforceUsers } from './salesforceDirectory';
import { describeSalesforceLeads, setupSalesforce } from './setupSalesforce';
import { writeBackSalesforce } from './writeBackSalesforce';

export interface SalesforceConnectorOptions {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Records per query page (default 2000). */
  pageSize?: number;
  bulkPollIntervalMs?: number;
  /** Full reads of engagement and outcomes switch to a Bulk API 2.0 job from this many rows (default 10,000). */
  historyBulkThreshold?: number;
  /** Share of the org's daily API requests leadloop may use (default 0.8). */
  apiBudgetShare?: number;
  /** Writes of this many leads in one call go through a Bulk API 2.0 ingest job (default 10,000; Bulk pulls read pages of this size). */
  bulkWriteThreshold?: number;
  /** leadloop's clock for the watermark of outcome and engagement reads (tests pin it). */
  now?: () => Date;
}

export interface SalesforceConnectorDeps {
  credentials: SalesforceCredentials;
  /** Called with renewed tokens before they are used. */
  onCredentialsChanged: (c: SalesforceCredentials) => Promise<void>;
  mapping: Mapping;
  logger: Logger;
  options?: SalesforceConnectorOptions;
  /** Where a renewed token's instance_url may point (src/security/checkCrmUrl.ts). */
  urlPolicy?: CrmUrlPolicy;
}

/** The Salesforce side of the connector contract, on jsforce 3 with a pinned API version. */
export function createSalesforceConnector(deps: SalesforceConnectorDeps): Connector {
  const { mapping, options = {} } = deps;
  if (mapping.crm !== 'salesforce')
    throw new LeadloopError(`The mapping given to the Salesforce connector is for ${mapping.crm}`, {
      kind: 'configuration',
      crm: 'salesforce',
      code: 'WRONG_MAPPING',
    });
  const logger = deps.logger.child({ crm: 'salesforce' });
  const optional = createOptionalSources({
    crm: 'salesforce',
    sources: SALESFORCE_OPTIONAL_SOURCES,
    isUnreadable: isUnreadableSalesforceObject,
    logger,
    grantHint: "give leadloop's integration user Read on it (profile or permission set)",
  });
  const session = createSalesforceSession({
    credentials: deps.credentials,
    onCredentialsChanged: deps.onCredentialsChanged,
    logger,
    sleep: options.sleep,
    random: options.random,
    apiBudgetShare: options.apiBudgetShare,
    optional,
    ...(deps.urlPolicy ? { urlPolicy: deps.urlPolicy } : {}),
  });

  // the mapped fields the org lets leadloop see: one describe per connector instance, so a
  // pull before `leadloop setup` reads what exists instead of failing on INVALID_FIELD
  let visible: Promise<string[]> | null = null;
  const visibleOf = (d: LeadObjectDescription) => {
    const names = new Set(d.fields.map((f) => f.name));
    const absent = mappedCrmFields(mapping).filter((f) => !names.has(f));
    if (absent.length)
      logger.warn(
        `Salesforce: ${mapping.object} fields not visible to leadloop (not read): ${absent.join(', ')}; run \`leadloop setup\``,
      );
    return mappedCrmFields(mapping).filter((f) => names.has(f));
  };
  const describe = () => {
    const described = describeSalesforceLeads(session, mapping);
    visible = described.then(visibleOf);
    visible.catch(() => {
      visible = null;
    });
    return described;
  };
  const fields = () => visible ?? describe().then(visibleOf);

  return {
    crm: 'salesforce',
    async check() {
      const userId = await session.userId();
      const rows = await querySalesforce<{ Id: string; IsActive?: boolean }>(
        session,
        'query User',
        `SELECT Id, IsActive FROM User WHERE Id = ${soqlId(userId)}`,
      );
      if (!rows.length)
        throw new LeadloopError(`Salesforce: leadloop's user ${userId} is not visible in the org`, {
          kind: 'configuration',
          crm: 'salesforce',
          code: 'USER_NOT_FOUND',
        });
      return { orgId: deps.credentials.orgId, userId, instanceUrl: session.instanceUrl() };
    },
    describeLeads: describe,
    // Lightning record pages live at /lightning/r/<object>/<id>/view on the instance
    // (https://developer.salesforce.com/docs/platform/lwc/guide/use-navigate-url.html)
    recordUrl: (id) => `${session.instanceUrl().replace(/\/+$/, '')}/lightning/r/Lead/${encodeURIComponent(id)}/view`,
    async setup() {
      visible = null;
      return setupSalesforce(session, mapping, logger);
    },
    pullLeads: (pull) =>
      pullSalesforceLeads(
        {
          session,
          mapping,
          logger,
          fields,
          pageSize: options.pageSize,
          bulkPollIntervalMs: options.bulkPollIntervalMs,
        },
        pull,
      ),
    pullEngagement: (since) =>
      pullSalesforceEngagement(
        {
          session,
          logger,
          bulkForFullHistory: true,
          bulkPollIntervalMs: options.bulkPollIntervalMs,
          bulkThreshold: options.historyBulkThreshold,
          now: options.now,
          rules: mapping.engagement,
        },
        since,
      ),
    pullOutcomes: (since) =>
      pullSalesforceOutcomes(
        {
          session,
          mapping,
          logger,
          fields,
          bulkForFullHistory: true,
          bulkPollIntervalMs: options.bulkPollIntervalMs,
          bulkThreshold: options.historyBulkThreshold,
          now: options.now,
        },
        since,
      ),
    async writeBack(updates) {
      // emptying the return reason of an org whose setup predates the field would fail the whole record (INVALID_FIELD)
      const clears = mapping.returnReasonField && updates.some((u) => 'returnReason' in u.fields);
      const missing = clears && !(await fields()).includes(mapping.returnReasonField!);
      const sent = missing
        ? updates.map(({ fields: { returnReason: _cleared, ...rest }, ...u }) => ({ ...u, fields: rest }))
        : updates;
      return writeBackSalesforce(
        {
          session,
          mapping,
          logger,
          sleep: options.sleep,
          random: options.random,
          bulkThreshold: options.bulkWriteThreshold ?? 10_000,
          bulkPollIntervalMs: options.bulkPollIntervalMs,
        },
        sent,
      );
    },
    createHandoverTasks: (tasks) => createSalesforceHandoverTasks({ session, logger }, tasks),
    addToCampaign: (campaignId, leadIds) => addSalesforceCampaignMembers(session, campaignId, leadIds),
    listUsers: () => listSalesforceUsers(session),
    findAccounts: (query) => findSalesforceAccounts(session, query),
    apiUsage: () => ({ calls: session.callCount(), ...session.usage() }),
    skippedSources: () => optional.skipped(),
  };
}
