import { connectorEntry } from '../../connectors';
import { activeDefinition } from '../definition/activeDefinition';
import { checkAttributes } from '../definition/checkAttributes';
import type { Connector } from '../domain/connector';
import { ConfigurationError, NeedsReconnectError } from '../domain/errors';
import { createDnsResolver, parseDnsServers } from '../enrich/createDnsResolver';
import { createEnricher } from '../enrich/createEnricher';
import type { Logger } from '../log/createLogger';
import { loadMapping, type Mapping } from '../mapping';
import { createLeadScorer } from './createLeadScorer';
import { readerLanguage } from '../scoring/formatReasons';
import { meaningOfCrmStatus } from '../mapping/toCrmFields';
import type { ScoreResult } from '../scoring/scoreLead';
import { crmUrlPolicyFromSettings, type CrmAddressLookup } from '../security/checkCrmUrl';
import type { SecretBox } from '../security/secretBox';
import { effectiveOrgSettings } from '../settings/effectiveOrgSettings';
import type { Settings } from '../settings/loadSettings';
import { createOwnerHandover } from '../routing/createOwnerHandover';
import { createRouter } from '../routing/createRouter';
import { createMailer, resolveSmtp } from '../notify/createMailer';
import { findRoutingFile, loadRoutingFile } from '../routing/loadRouting';
import { SecretRegistry } from '../log/redact';
import type { Database } from '../store/database';
import { createOrgRepository, type OrgRecord } from '../store/orgRepository';
import type { HandoverPlanner, OrgReaders, SyncEnricher, SyncScorer } from '../sync/syncTypes';

export interface OrgRuntime {
  mapping: Mapping;
  connector: Connector;
  scorer: SyncScorer;
  enricher: SyncEnricher;
  router: HandoverPlanner;
  readers: OrgReaders;
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
    throw new NeedsReconnectError(
      `Org ${org.name} needs to be reconnected: ${org.stateMessage ?? 'its credentials were rejected'}. Run \`leadloop connect ${org.crm} --name ${org.name} …\` again.`,
      org.crm,
    );
  }
  const mapping = loadMapping(org.crm, org.settings.mappingFile);
  const connector = await createOrgConnector(deps, org, mapping);
  const scorer = await createScorer(deps, org, mapping);
  const dnsServers = createDnsResolver(parseDnsServers(deps.settings.LEADLOOP_DNS_SERVERS));
  const enricher = createEnricher({
    db: deps.db,
    logger: deps.logger,
    settings: { network: deps.settings.LEADLOOP_ENRICH_NETWORK === 'on' },
    ...dnsServers,
  });
  const routingFile = findRoutingFile(org.definitionId ?? 'default', org.settings.routingFile);
  const routing = routingFile ? loadRoutingFile(routingFile) : undefined;
  const smtp = routing ? resolveSmtp(deps.settings, routing.notifications.smtp) : null;
  const secrets = new SecretRegistry();
  secrets.add(smtp?.password);
  deps.logger.addSecret(smtp?.password);
  const router = routing
    ? createRouter({
        db: deps.db,
        orgId: org.id,
        connector,
        config: routing,
        logger: deps.logger.child({ org: org.name, part: 'routing' }),
        sendMail: smtp ? createMailer(smtp) : null,
        secrets,
      })
    : undefined;
  return {
    mapping,
    connector,
    scorer,
    enricher,
    readers: createReaders(deps, connector, mapping),
    router: router ?? ownerHandover(deps, org, connector),
  };
}

/** Owners' languages from the CRM's users (read once per runtime, only when reasons follow the owner). */
function createReaders(deps: OrgRuntimeDeps, connector: Connector, mapping: Mapping): OrgReaders {
  let languages: Promise<(ownerId: string | null | undefined) => 'en' | 'es' | undefined> | null = null;
  const load = async () => {
    if (mapping.reasonsLanguage !== 'owner') return () => undefined;
    try {
      const byId = new Map((await connector.listUsers()).map((u) => [u.id, readerLanguage(u.language)]));
      return (ownerId: string | null | undefined) => (ownerId ? byId.get(ownerId) : undefined);
    } catch (error) {
      // unknown languages: both are written, the run goes on
      deps.logger.warn('could not read the CRM users; reasons are written in English and Spanish', {
        error: error instanceof Error ? error.message : String(error),
      });
      return () => undefined;
    }
  };
  return {
    languageOf: () => (languages ??= load()),
    meaningOf: (crmStatus) => meaningOfCrmStatus(mapping, crmStatus),
  };
}

/** No routing file: MQLs stay with their active CRM owner, with the default SLA (LEADLOOP_DEFAULT_*) in the org's time zone. */
function ownerHandover(deps: OrgRuntimeDeps, org: OrgRecord, connector: Connector): HandoverPlanner {
  const [start, end] = deps.settings.LEADLOOP_DEFAULT_BUSINESS_HOURS.split('-') as [string, string];
  return createOwnerHandover({
    db: deps.db,
    orgId: org.id,
    orgName: org.name,
    connector,
    logger: deps.logger.child({ org: org.name, part: 'hand-over' }),
    slaHours: deps.settings.LEADLOOP_DEFAULT_SLA_HOURS,
    hours: { timezone: org.timezone, days: deps.settings.LEADLOOP_DEFAULT_BUSINESS_DAYS, start, end, holidays: [] },
  });
}

/** The org's CRM connector on `mapping` (also used to check a mapping or routing file before it is attached). */
export async function createOrgConnector(deps: OrgRuntimeDeps, org: OrgRecord, mapping: Mapping): Promise<Connector> {
  const orgs = createOrgRepository(deps.db, deps.box);
  const credentials = await orgs.readCredentials<Record<string, unknown>>(org.id);
  if (!credentials) throw new ConfigurationError(`Org ${org.name} has no stored credentials; connect it first`);
  const onCredentialsChanged = (c: unknown) => orgs.saveCredentials(org.id, c);
  const logger = deps.logger.child({ org: org.name });

  return connectorEntry(org.crm).create({
    credentials,
    onCredentialsChanged,
    mapping,
    logger,
    urlPolicy: crmUrlPolicyFromSettings(deps.settings, deps.crmAddressLookup),
    apiBudgetShare: effectiveOrgSettings(deps.settings, org.settings).apiBudgetShare.value,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
}

/** The org's active definition version from the database, else `definitions/default.yaml` (stored as version 1). */
async function createScorer(deps: OrgRuntimeDeps, org: OrgRecord, mapping: Mapping): Promise<SyncScorer> {
  const active = await activeDefinition(deps.db, org.definitionId ?? 'default');
  // a definition scoring on an attribute the org's mapping does not read is a configuration error before anything is written
  checkAttributes(active.definition, Object.keys(mapping.attributes), {
    text: active.content,
    fileName: `definition ${active.name}@${active.version}`,
    where: `the ${org.crm} mapping`,
  });
  const scorer = createLeadScorer(active.definition);
  const maxLength = mapping.writeBack.reasons.maxLength ?? 32_000;
  return {
    version: scorer.version,
    score: (input) => scorer.score(input),
    formatReasons: (result, reader) =>
      scorer.formatReasons(result as ScoreResult, {
        language: mapping.reasonsLanguage === 'owner' ? (reader ?? 'both') : mapping.reasonsLanguage,
        maxLength,
      }),
  };
}
