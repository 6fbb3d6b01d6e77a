import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createRandom } from '../seed/createRandom';
import { generateSeed } from '../seed/generateSeed';
import { createRepActions, type SalesforceRepActions } from './createRepActions';
import { createSalesforceApp } from './createSalesforceApp';
import { createSalesforceStore, type SalesforceStore } from './createSalesforceStore';
import type { SalesforceCredentials } from './oauthRoutes';
import {
  DEFAULT_FAULTS,
  type SalesforceCalls,
  type SalesforceFaults,
  type SandboxContext,
} from './salesforceSandboxContext';
import type { SalesforceOrgShape } from './salesforceSchema';
import { makeId } from './salesforceIds';
import { seedSalesforceStore } from './seedSalesforceStore';

export type {
  SalesforceCalls,
  SalesforceCredentials,
  SalesforceFaults,
  SalesforceOrgShape,
  SalesforceRepActions,
  SalesforceStore,
};

export interface SalesforceSandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Seeded leads (default 1000). */
  leads?: number;
  seed?: number;
  /** The instant the seed data is relative to (default: today 00:00 UTC). */
  seedNow?: Date;
  latencyMs?: number;
  faults?: Partial<SalesforceFaults>;
  /** API versions served (default 55.0–64.0). */
  apiVersions?: string[];
  credentials?: Partial<Omit<SalesforceCredentials, 'privateKeyPem' | 'publicKeyPem'>>;
  /**
   * `standard` (default): a Developer Edition-shaped org, standard Lead fields and the four
   * standard Lead Status values only. `customized`: also a "Recycled" status, Status_Reason__c
   * and Opportunity Loss_Reason__c, as a long-lived org's admin may have added.
   */
  shape?: SalesforceOrgShape;
  /** Lead assignment rules re-run on writes without `Sforce-Auto-Assign: FALSE` and give leads to this user key (default the marketing user); null disables. */
  assignmentRuleOwnerKey?: string | null;
  /** The org's id (default: one per seed, so sandboxes started with different seeds are different orgs, as real orgs are). */
  orgId?: string;
  /** Objects the integration user may not read (e.g. `['Event']`): its queries answer 400 INVALID_TYPE, as a real org does. */
  deniedObjects?: string[];
}

export interface SalesforceSandbox {
  /** Login and instance base URL, e.g. http://127.0.0.1:4010. */
  url: string;
  credentials: SalesforceCredentials;
  /** The API user's id (the seed's admin user) and every seed user's id by key. */
  apiUserId: string;
  userIds: Map<string, string>;
  /** Lead ids in seed index order. */
  leadIds: string[];
  store: SalesforceStore;
  calls: SalesforceCalls;
  /** Mutable at run time. */
  faults: SalesforceFaults;
  /** Objects the API user may not read; mutable at run time. */
  deniedObjects: Set<string>;
  rep: SalesforceRepActions;
  /** Invalidates every access token (refresh tokens stay valid), like a session timeout. */
  expireSessions(): void;
  /** Forgets every query locator: the next queryMore gets INVALID_QUERY_LOCATOR. */
  expireQueryCursors(): void;
  close(): Promise<void>;
}

const DEFAULT_VERSIONS = ['55.0', '56.0', '57.0', '58.0', '59.0', '60.0', '61.0', '62.0', '63.0', '64.0'];

/** Starts a Salesforce-compatible org over real HTTP, seeded from generateSeed. */
export async function startSalesforceSandbox(options: SalesforceSandboxOptions = {}): Promise<SalesforceSandbox> {
  const seed = options.seed ?? 42;
  const data = generateSeed({ leads: options.leads ?? 1000, seed, now: options.seedNow });
  const store = createSalesforceStore({
    shape: options.shape ?? 'standard',
    orgId: options.orgId ?? makeId('00D', 1 + (seed >>> 0)),
  });
  const { userIds, leadIds } = seedSalesforceStore(store, data);
  const apiUserId = userIds.get(data.users[0]!.key)!;
  const admin = store.get('User', apiUserId)!;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const credentials: SalesforceCredentials = {
    clientId: '3MVG9LeadLoopSandboxConsumerKey',
    clientSecret: 'leadloop-sandbox-consumer-secret',
    username: String(admin.Username),
    password: 'leadloop-demo-password',
    ...options.credentials,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  const faults: SalesforceFaults = {
    ...DEFAULT_FAULTS,
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
    ...options.faults,
  };
  const calls: SalesforceCalls = { total: 0, byKind: {}, recordsWritten: 0 };
  const deniedObjects = new Set(options.deniedObjects ?? []);
  let url = '';
  const ruleOwnerKey =
    options.assignmentRuleOwnerKey === undefined
      ? data.users.find((u) => u.role === 'marketing')!.key
      : options.assignmentRuleOwnerKey;
  const ctx: SandboxContext = {
    store,
    faults,
    calls,
    random: createRandom(seed ^ 0xfa17),
    sessions: new Map(),
    refreshTokens: new Map(),
    baseUrl: () => url,
    apiUserId,
    apiVersions: options.apiVersions ?? DEFAULT_VERSIONS,
    deniedObjects,
    assignmentRuleOwnerId: ruleOwnerKey === null ? null : (userIds.get(ruleOwnerKey) ?? null),
    count: (kind) => {
      calls.byKind[kind] = (calls.byKind[kind] ?? 0) + 1;
    },
  };
  const app = createSalesforceApp(ctx, credentials);
  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  url = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  return {
    url,
    credentials,
    apiUserId,
    userIds,
    leadIds,
    store,
    calls,
    faults,
    deniedObjects,
    rep: createRepActions(store),
    expireSessions: () => ctx.sessions.clear(),
    expireQueryCursors: () => app.expireQueryCursors(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
