import fs from 'node:fs';
import path from 'node:path';
import { createSalesforceConnector } from '../../connectors/salesforce/createSalesforceConnector';
import type { SalesforceCredentials } from '../../connectors/salesforce/salesforceCredentials';
import { createSugarConnector } from '../../connectors/sugarcrm/createSugarConnector';
import type { SugarCredentials } from '../../connectors/sugarcrm/sugarCredentials';
import { definitionsDir } from '../definition/loadDefinition';
import { createDefinitionStore } from '../definition/definitionStore';
import type { Connector } from '../domain/connector';
import { ConfigurationError, NeedsReconnectError } from '../domain/errors';
import { createEnricher } from '../enrich/createEnricher';
import type { Logger } from '../log/createLogger';
import { loadMapping, type Mapping } from '../mapping';
import { compileDefinition } from '../scoring/compileDefinition';
import { formatReasons } from '../scoring/formatReasons';
import { scoreLead } from '../scoring/scoreLead';
import { crmUrlPolicyFromSettings, type CrmAddressLookup } from '../security/checkCrmUrl';
import type { SecretBox } from '../security/secretBox';
import type { Settings } from '../settings/loadSettings';
import { createRouter } from '../routing/createRouter';
import { createMailer, resolveSmtp } from '../routing/createMailer';
import { findRoutingFile, loadRoutingFile } from '../routing/loadRouting';
import { SecretRegistry } from '../log/redact';
import type { Database } from '../store/database';
import { createOrgRepository, type OrgRecord } from '../store/orgRepository';
import type { HandoverPlanner, SyncEnricher, SyncScorer } from './syncTypes';

export interface OrgRuntime {
  mapping: Mapping;
  connector: Connector;
  scorer: SyncScorer;
  enricher: SyncEnricher;
  router?: HandoverPlanner;
}

export interface OrgRuntimeDeps {
  db: Database;
  box: SecretBox;
  settings: Settings;
  logger: Logger;
  /** Test and demo seams. */
  sleep?: (ms: number) => Promise<void>;
  /** How CRM host names are resolved for the URL policy (tests answer from a table, never real DNS). */
  crmAddressLookup?: CrmAddressLookup;
}

/** Builds what a run of `org` needs: its mapping, CRM connector, the active definition, enrichment. */
export async function createOrgRuntime(deps: OrgRuntimeDeps, org: OrgRecord): Promise<OrgRuntime> {
  if (org.state === 'needs_reconnect') {
    throw new NeedsReconnectError(`Org ${org.name} needs to be reconnected: ${org.stateMessage ?? 'its credentials were rejected'}. Run \`leadloop connect ${org.crm} --name ${org.name} …\` again.`, org.crm);
  }
  const mappingFile = typeof org.settings['mappingFile'] === 'string' ? (org.settings['mappingFile'] as string) : undefined;
  const mapping = loadMapping(org.crm, mappingFile);
  const connector = await createConnector(deps, org, mapping);
  const scorer = await createScorer(deps, org, mapping);
  const enricher = createEnricher({ db: deps.db, logger: deps.logger, settings: { network: deps.settings.LEADLOOP_ENRICH_NETWORK === 'on' } });
  const routingFile = findRoutingFile(org.definitionId ?? 'default', typeof org.settings['routingFile'] === 'string' ? (org.settings['routingFile'] as string) : undefined);
  const routing = routingFile ? loadRoutingFile(routingFile) : undefined;
  const smtp = routing ? resolveSmtp(deps.settings, routing.notifications.smtp) : null;
  const secrets = new SecretRegistry();
  secrets.add(smtp?.password);
  deps.logger.addSecret(smtp?.password);
  const router = routing
    ? createRouter({
        db: deps.db, orgId: org.id, connector, config: routing, logger: deps.logger.child({ org: org.name, part: 'routing' }),
        sendMail: smtp ? createMailer(smtp) : null, secrets,
      })
    : undefined;
  return { mapping, connector, scorer, enricher, ...(router ? { router } : {}) };
}

async function createConnector(deps: OrgRuntimeDeps, org: OrgRecord, mapping: Mapping): Promise<Connector> {
  const orgs = createOrgRepository(deps.db, deps.box);
  const credentials = await orgs.readCredentials<Record<string, unknown>>(org.id);
  if (!credentials) throw new ConfigurationError(`Org ${org.name} has no stored credentials; connect it first`);
  const onCredentialsChanged = (c: unknown) => orgs.saveCredentials(org.id, c);
  const logger = deps.logger.child({ org: org.name });

  const options = { ...(deps.sleep ? { sleep: deps.sleep } : {}) };
  switch (org.crm) {
    case 'salesforce': {
      const share = Number(org.settings['apiBudgetShare']);
      return createSalesforceConnector({
        credentials: credentials as unknown as SalesforceCredentials, onCredentialsChanged, mapping, logger, urlPolicy: crmUrlPolicyFromSettings(deps.settings, deps.crmAddressLookup),
        options: { ...options, ...(share > 0 && share <= 1 ? { apiBudgetShare: share } : {}) },
      });
    }
    case 'sugarcrm':
      return createSugarConnector({ credentials: credentials as unknown as SugarCredentials, onCredentialsChanged, mapping, logger, options, urlPolicy: crmUrlPolicyFromSettings(deps.settings, deps.crmAddressLookup) });
    default:
      throw new ConfigurationError(`Org ${org.name} is on an unknown CRM: ${String(org.crm)}`);
  }
}

/** The org's active definition version from the database, else `definitions/default.yaml` (stored as version 1). */
async function createScorer(deps: OrgRuntimeDeps, org: OrgRecord, mapping: Mapping): Promise<SyncScorer> {
  const name = org.definitionId ?? 'default';
  const store = createDefinitionStore(deps.db);
  let active = await store.getActive(name);
  if (!active) {
    const file = path.join(definitionsDir(), `${name}.yaml`);
    if (!fs.existsSync(file)) throw new ConfigurationError(`Definition "${name}" is neither stored nor a file in ${definitionsDir()}`);
    active = (await store.saveVersion({ yaml: fs.readFileSync(file, 'utf8'), fileName: file, createdBy: 'leadloop', note: `loaded from ${path.basename(file)}` })).version;
  }
  const compiled = compileDefinition(active.definition);
  const maxLength = mapping.writeBack.reasons.maxLength ?? 32_000;
  return {
    version: compiled.version,
    score: (input) => scoreLead(compiled, input),
    formatReasons: (result) => formatReasons(result as Parameters<typeof formatReasons>[0], { language: mapping.reasonsLanguage, maxLength }),
  };
}
