/**
 * The connector registry: the one place that names the CRMs leadloop connects to. Each entry
 * brings what the rest of leadloop asks of a CRM — its names as an admin reads them, the hosts
 * its API lives on, how `leadloop connect` authenticates, and how a connector is built for an
 * org. Nothing outside `connectors/` switches on a CRM's name (test/unit/foundation/crmNames.test.ts).
 *
 * This module loads nothing heavy: an entry's connect and create load their connector on use,
 * so the settings, the URL policy and the mapping checks can read the registry cheaply.
 */
import { z } from 'zod';
import type { Connector } from '../src/domain/connector';
import type { Logger } from '../src/log/createLogger';
import type { Mapping } from '../src/mapping/mappingSchema';
import type { CrmUrlPolicy } from '../src/security/checkCrmUrl';
import { SALESFORCE_DOMAINS } from './salesforce/salesforceHosts';
// types only: each connector is loaded on use (require), so reading the registry stays cheap
import type * as SalesforceConnect from './salesforce/connectFromOptions';
import type * as SalesforceConnector from './salesforce/createSalesforceConnector';
import type * as SugarConnect from './sugarcrm/connectSugar';
import type * as SugarConnector from './sugarcrm/createSugarConnector';

export const CRM_KINDS = ['salesforce', 'sugarcrm'] as const;
export const crmKindSchema = z.enum(CRM_KINDS);
export type CrmKind = z.infer<typeof crmKindSchema>;

/**
 * Leads read from a file (`leadloop score`, a CSV) carry a CRM kind like every lead; without
 * `--crm` they are taken in this CRM's shape.
 */
export const FILE_LEADS_CRM: CrmKind = 'salesforce';

/** What a connect step learned: the credentials to seal and who the CRM org is. */
export interface ConnectedCrm {
  credentials: unknown;
  instanceUrl: string;
  /** Salesforce: the organization id from the token's identity URL; SugarCRM: the normalized instance URL. */
  externalOrgId?: string;
  /** The CRM user leadloop acts as. */
  userId: string;
}

/** One option of `leadloop connect <crm>` (commander's flags syntax). */
export interface ConnectOption {
  flags: string;
  description: string;
  default?: string;
  required?: boolean;
  /** Its value is a secret: never logged, never echoed. */
  secret?: boolean;
}

export interface CreateConnectorInput {
  credentials: unknown;
  onCredentialsChanged: (credentials: unknown) => Promise<void>;
  mapping: Mapping;
  logger: Logger;
  urlPolicy: CrmUrlPolicy;
  /** The org's effective share of the daily API requests at which a run stops (where the CRM counts them). */
  apiBudgetShare: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface ConnectorEntry {
  crm: CrmKind;
  /** The vendor's product name: "Salesforce". */
  product: string;
  /** What one connected CRM is called in the vendor's words: an "org", an "instance". */
  unit: string;
  /** Domains the vendor serves its API from (a URL elsewhere needs LEADLOOP_CRM_ALLOWED_HOSTS); null: self-hosted, any public host. */
  vendorDomains: readonly string[] | null;
  /** How a missing return-reason field comes to exist, in an admin's words. */
  returnReasonSource: string;
  /** What an admin does when leadloop's fields are missing (`fields`: " (A, B)" or ""). */
  setupFix(orgName: string, fields: string): string;
  /**
   * `POST /api/v1/orgs/<crm>`: connecting through the admin API, where the CRM's sign-in can be
   * given in one request (its credential fields; the org's name, schedule and `replace` are
   * common to every CRM). None: connected from the CLI or the console's OAuth flow only.
   */
  api?: { summary: string; fields: z.ZodRawShape };
  /** `leadloop connect <crm>`: its description, options, and the connect step on their values. */
  connect: {
    description: string;
    options: readonly ConnectOption[];
    run(values: Record<string, string | undefined>, urlPolicy: CrmUrlPolicy): Promise<ConnectedCrm>;
  };
  create(input: CreateConnectorInput): Promise<Connector>;
}

const salesforce: ConnectorEntry = {
  crm: 'salesforce',
  product: 'Salesforce',
  unit: 'org',
  vendorDomains: SALESFORCE_DOMAINS,
  returnReasonSource: '`leadloop setup` creates LeadLoop_Return_Reason__c',
  setupFix: (orgName, fields) =>
    `Run \`leadloop setup ${orgName}\` to create leadloop's fields${fields} through the Metadata API (or fix the mapping), then sync again.`,
  connect: {
    description:
      'Connect a Salesforce org (OAuth 2.0: username-password, JWT bearer or refresh-token flow; the console offers the web-server flow)',
    options: [
      {
        flags: '--login-url <url>',
        description: 'https://login.salesforce.com, https://test.salesforce.com for sandboxes, or your My Domain URL',
        default: 'https://login.salesforce.com',
      },
      { flags: '--client-id <id>', description: "the connected app's consumer key", required: true },
      {
        flags: '--client-secret <secret>',
        description: "the connected app's consumer secret (username-password and refresh-token flows)",
        secret: true,
      },
      { flags: '--username <user>', description: 'the integration user' },
      {
        flags: '--password <password>',
        description: 'its password followed by its security token, when the org requires one',
        secret: true,
      },
      {
        flags: '--jwt-key-file <file>',
        description: "JWT bearer flow: the private key (PEM) of the connected app's certificate",
      },
      {
        flags: '--refresh-token <token>',
        description: 'refresh-token flow: a refresh token issued to the connected app',
        secret: true,
      },
    ],
    run: (values, urlPolicy) =>
      (require('./salesforce/connectFromOptions') as typeof SalesforceConnect).connectSalesforceFromOptions(
        values,
        urlPolicy,
      ),
  },
  create: async (input) =>
    (require('./salesforce/createSalesforceConnector') as typeof SalesforceConnector).createSalesforceConnector({
      credentials: input.credentials as never,
      onCredentialsChanged: input.onCredentialsChanged,
      mapping: input.mapping,
      logger: input.logger,
      urlPolicy: input.urlPolicy,
      options: { apiBudgetShare: input.apiBudgetShare, ...(input.sleep ? { sleep: input.sleep } : {}) },
    }),
};

const sugarcrm: ConnectorEntry = {
  crm: 'sugarcrm',
  product: 'SugarCRM',
  unit: 'instance',
  vendorDomains: null,
  returnReasonSource: "it comes with leadloop's package",
  api: {
    summary: 'Connect a SugarCRM instance (OAuth2 password grant); credentials are stored encrypted',
    fields: {
      url: z.url(),
      username: z.string().min(1),
      password: z.string().min(1),
      clientId: z.string().default('sugar'),
      clientSecret: z.string().default(''),
      platform: z.string().default('leadloop'),
    },
  },
  setupFix: (orgName, fields) =>
    `Install the leadloop package in Sugar to add its fields${fields}: build it with \`npm run sugar:package\`, then in Sugar as an administrator Admin → Module Loader → Upload → Install; then check with \`leadloop setup ${orgName}\` and sync again.`,
  connect: {
    description: 'Connect a SugarCRM instance (REST v11 OAuth2 password grant)',
    options: [
      { flags: '--url <url>', description: 'the instance URL, e.g. https://acme.sugarondemand.com', required: true },
      { flags: '--username <user>', description: 'the integration user', required: true },
      { flags: '--password <password>', description: 'its password', required: true, secret: true },
      { flags: '--client-id <id>', description: 'OAuth client id', default: 'sugar' },
      { flags: '--client-secret <secret>', description: 'OAuth client secret', default: '', secret: true },
      {
        flags: '--platform <platform>',
        description: 'a custom platform registered by the admin, so leadloop does not log users out',
        default: 'leadloop',
      },
    ],
    run: (values, urlPolicy) =>
      (require('./sugarcrm/connectSugar') as typeof SugarConnect).connectSugar({
        url: values['url']!,
        username: values['username']!,
        password: values['password']!,
        clientId: values['clientId'] ?? 'sugar',
        clientSecret: values['clientSecret'] ?? '',
        platform: values['platform'] ?? 'leadloop',
        urlPolicy,
      }),
  },
  create: async (input) =>
    (require('./sugarcrm/createSugarConnector') as typeof SugarConnector).createSugarConnector({
      credentials: input.credentials as never,
      onCredentialsChanged: input.onCredentialsChanged,
      mapping: input.mapping,
      logger: input.logger,
      urlPolicy: input.urlPolicy,
      options: input.sleep ? { sleep: input.sleep } : {},
    }),
};

export const CONNECTORS: Readonly<Record<CrmKind, ConnectorEntry>> = { salesforce, sugarcrm };

/** The registry entry of `crm`; a CRM leadloop does not know is a configuration error naming it. */
export function connectorEntry(crm: string): ConnectorEntry {
  const entry = (CONNECTORS as Record<string, ConnectorEntry | undefined>)[crm];
  if (!entry) throw new UnknownCrmError(crm);
  return entry;
}

export class UnknownCrmError extends Error {
  constructor(crm: string) {
    super(`unknown CRM "${crm}" (leadloop connects to: ${CRM_KINDS.join(', ')})`);
    this.name = 'UnknownCrmError';
  }
}
