import type { Connector } from '../../src/domain/connector';
import { LeadloopError } from '../../src/domain/errors';
import type { Logger } from '../../src/log/createLogger';
import type { CrmUrlPolicy } from '../../src/security/checkCrmUrl';
import type { Mapping } from '../../src/mapping';
import { createOptionalSources } from '../../src/resilience/createOptionalSources';
import { isUnreadableSugarModule } from './classifySugarError';
import { linkSugarProspectList } from './linkSugarProspectList';
import { createSugarHandoverTasks } from './createSugarHandoverTasks';
import { createSugarSession } from './createSugarSession';
import { describeSugarLeads, sugarSetupReport } from './describeSugarLeads';
import { pullSugarEngagement } from './pullSugarEngagement';
import { pullSugarLeads } from './pullSugarLeads';
import { pullSugarOutcomes } from './pullSugarOutcomes';
import {
  DEFAULT_BULK_BATCH_SIZE,
  DEFAULT_PAGE_SIZE,
  DEFAULT_TIMEOUT_MS,
  MAX_BULK_BATCH_SIZE,
  SUGAR_OPTIONAL_SOURCES,
} from './sugarConstants';
import { apiVersionOf, type SugarCredentials } from './sugarCredentials';
import { findSugarAccounts, listSugarUsers } from './sugarDirectory';
import { writeBackSugar } from './writeBackSugar';

export interface SugarConnectorOptions {
  /** `max_num` per filter call (the server may cap it lower). */
  pageSize?: number;
  /** Sub-requests per POST /bulk. */
  bulkBatchSize?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => Date;
  timeoutMs?: number;
}

export interface SugarConnectorDeps {
  credentials: SugarCredentials;
  /** Called with every rotated token pair, before it is used: Sugar refresh tokens are single-use. */
  onCredentialsChanged: (c: SugarCredentials) => Promise<void>;
  mapping: Mapping;
  logger: Logger;
  options?: SugarConnectorOptions;
  /** Where the instance's connections may go (src/security/checkCrmUrl.ts). */
  urlPolicy?: CrmUrlPolicy;
}

interface MeResponse {
  current_user?: { id?: string };
}

/** The SugarCRM side of the connector contract, over REST v10/v11 with one axios instance. */
export function createSugarConnector(deps: SugarConnectorDeps): Connector {
  const { mapping, options = {} } = deps;
  if (mapping.crm !== 'sugarcrm')
    throw new LeadloopError(`The mapping given to the SugarCRM connector is for ${mapping.crm}`, {
      kind: 'configuration',
      crm: 'sugarcrm',
      code: 'WRONG_MAPPING',
    });
  const logger = deps.logger.child({ crm: 'sugarcrm' });
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
  const batchSize = Math.min(
    MAX_BULK_BATCH_SIZE,
    Math.max(1, Math.floor(options.bulkBatchSize ?? DEFAULT_BULK_BATCH_SIZE)),
  );
  const retry = { sleep: options.sleep, random: options.random };
  const optional = createOptionalSources({
    crm: 'sugarcrm',
    sources: SUGAR_OPTIONAL_SOURCES,
    isUnreadable: isUnreadableSugarModule,
    logger,
    grantHint: "give leadloop's Sugar user View and List access to it (Admin → Role Management)",
  });
  const session = createSugarSession({
    credentials: deps.credentials,
    onCredentialsChanged: deps.onCredentialsChanged,
    logger,
    sleep: options.sleep,
    random: options.random,
    now: options.now,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    optional,
    ...(deps.urlPolicy ? { lookup: deps.urlPolicy.socketLookup('sugarcrm') } : {}),
  });
  const apiVersion = apiVersionOf(deps.credentials);
  let userId = deps.credentials.userId;
  // the Leads fields the instance has, described once per connector (setup may change them)
  let leadFields: Promise<string[]> | null = null;
  const fields = () => {
    if (!leadFields) {
      leadFields = describeSugarLeads(session, mapping).then((d) => d.fields.map((f) => f.name));
      leadFields.catch(() => {
        leadFields = null;
      });
    }
    return leadFields;
  };

  async function me(): Promise<string> {
    const body = await session.call<MeResponse>({ method: 'GET', path: '/me' });
    const id = body?.current_user?.id;
    if (!id)
      throw new LeadloopError('SugarCRM GET /me did not name the signed-in user', {
        kind: 'configuration',
        crm: 'sugarcrm',
        code: 'NO_CURRENT_USER',
      });
    userId = id;
    return id;
  }

  return {
    crm: 'sugarcrm',
    async check() {
      const id = await me();
      const url = session.credentials().url;
      return { orgId: url, userId: id, instanceUrl: url };
    },
    describeLeads: () => describeSugarLeads(session, mapping),
    // Sugar's Sidecar UI routes a record as #<Module>/<id> (https://support.sugarcrm.com/documentation/sugar_developer/)
    recordUrl: (id) => `${session.credentials().url.replace(/\/+$/, '')}/#Leads/${encodeURIComponent(id)}`,
    async setup() {
      leadFields = null;
      return sugarSetupReport(mapping, await describeSugarLeads(session, mapping), session.credentials().url);
    },
    pullLeads: (pull) =>
      pullSugarLeads({ session, mapping, logger, pageSize, ownUserId: async () => userId ?? me() }, pull),
    pullEngagement: (since) => pullSugarEngagement({ session, logger, pageSize, rules: mapping.engagement }, since),
    pullOutcomes: (since) => pullSugarOutcomes({ session, mapping, logger, pageSize, fields }, since),
    writeBack: (updates) =>
      writeBackSugar({ session, mapping, logger, apiVersion, batchSize, pageSize, retry }, updates),
    createHandoverTasks: (tasks) => createSugarHandoverTasks({ session, logger, apiVersion, batchSize, retry }, tasks),
    addToCampaign: (listId, leadIds) => linkSugarProspectList(session, listId, leadIds),
    listUsers: () => listSugarUsers(session, pageSize),
    findAccounts: (query) => findSugarAccounts(session, pageSize, query),
    apiUsage: () => ({ calls: session.callCount() }),
    skippedSources: () => optional.skipped(),
  };
}
