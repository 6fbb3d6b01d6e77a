import { createSugarApi, endpointName } from './createSugarApi';
import { createSugarAuth, type SugarTokenResponse } from './createSugarAuth';
import { createSugarRep, type SugarRepActions } from './createSugarRep';
import { createSugarStore, sugarIdFrom, type SugarStore } from './createSugarStore';
import { seedSugarStore } from './seedSugarStore';
import { createSugarFaultInjector, DEFAULT_SUGAR_FAULTS, seededUnit, type SugarFaults } from './sugarFaults';
import { serveSugarHttp } from './serveSugarHttp';

export interface StartSugarSandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Seeded leads (with their users, accounts, activities, campaigns, conversions). Default 0. */
  leads?: number;
  seed?: number;
  latencyMs?: number;
  /** `$sugar_config['max_list_limit']`: the server cap on `max_num`. Default 1000. */
  maxListLimit?: number;
  faults?: Partial<SugarFaults>;
  /** Start with the leadloop module-loader package installed (its Leads custom fields visible). */
  installLeadloopPackage?: boolean;
  /** The server clock (ms); tests may pass a controllable one. */
  now?: () => number;
  /**
   * The API platforms a login may name, as Sugar refuses an unregistered one (422
   * invalid_parameter EXCEPTION_INVALID_PLATFORM, `disable_unknown_platforms` on by default).
   * Default: Sugar's own (base, mobile, portal) and the sandbox credentials' `leadloop`, which
   * its admin registered (Admin → Configure API Platforms). `'any'`: every platform.
   */
  registeredPlatforms?: readonly string[] | 'any';
  /** Modules a role denies to the integration user, e.g. `['CampaignLog']`: 403 not_authorized "No access to view records for module: X". */
  deniedModules?: string[];
  /** Modules this instance does not have (or hides from the API): 404 no_method. */
  missingModules?: string[];
}

/** MetaDataManager::getPlatformList()'s built-in platforms. */
export const SUGAR_BUILT_IN_PLATFORMS = ['base', 'mobile', 'portal'] as const;

export interface SugarCallCounts {
  total: number;
  /** HTTP calls by endpoint, e.g. "POST /oauth2/token", "POST /Leads/filter", "PUT /Leads/:id", "POST /bulk". */
  byEndpoint: Record<string, number>;
  /** Sub-requests executed inside /bulk, by endpoint. */
  bulkRequests: Record<string, number>;
  reset(): void;
}

export interface SugarSandbox {
  /** Base URL, e.g. http://127.0.0.1:4011; the API is under /rest/v10 … /rest/v11_27. */
  url: string;
  /** The base most clients use: `${url}/rest/v11_1`. */
  apiUrl: string;
  credentials: { username: string; password: string; clientId: 'sugar'; clientSecret: ''; platform: string };
  /** The id of the integration user (what its writes carry in modified_user_id). */
  apiUserId: string;
  store: SugarStore;
  calls: SugarCallCounts;
  faults: SugarFaults;
  auth: {
    /** Someone logs in as `username` on `platform`: earlier sessions and refresh tokens there end. */
    simulateLogin(username?: string, platform?: string): SugarTokenResponse;
    expireAccessTokens(): void;
    revokeRefreshTokens(): void;
    readonly activeSessions: number;
    /** Every access, refresh and download token issued so far (for secret scans). */
    readonly issuedTokens: readonly string[];
  };
  rep: SugarRepActions;
  /** The deniedModules and missingModules options; mutable at run time. */
  access: { denied: Set<string>; missing: Set<string> };
  close(): Promise<void>;
}

export const SUGAR_SANDBOX_CREDENTIALS = {
  username: 'leadloop',
  password: 'leadloop-sandbox',
  clientId: 'sugar',
  clientSecret: '',
  platform: 'leadloop',
} as const;

export async function startSugarSandbox(options: StartSugarSandboxOptions = {}): Promise<SugarSandbox> {
  const seed = options.seed ?? 1;
  const now = options.now ?? Date.now;
  const store = createSugarStore({ seed, now, installLeadloopPackage: options.installLeadloopPackage });
  const apiUserId = sugarIdFrom('sugar-sandbox:user:leadloop');
  const passwords = seedSugarStore(store, {
    leads: options.leads ?? 0,
    seed,
    now: options.now ? new Date(now()) : undefined,
    apiUser: {
      id: apiUserId,
      username: SUGAR_SANDBOX_CREDENTIALS.username,
      password: SUGAR_SANDBOX_CREDENTIALS.password,
    },
  });

  const faults: SugarFaults = { ...DEFAULT_SUGAR_FAULTS, nextFailures: [], ...options.faults };
  if (options.latencyMs !== undefined) faults.latencyMs = options.latencyMs;
  const injectFault = createSugarFaultInjector(faults, seed);
  // their own seeded draws, so turning these on does not change which calls the others hit
  const recordRoll = seededUnit(seed ^ 0x7ec0);
  const spikeRoll = seededUnit(seed ^ 0x5b1e);

  const issuedTokens: string[] = [];
  const registered = options.registeredPlatforms ?? [...SUGAR_BUILT_IN_PLATFORMS, SUGAR_SANDBOX_CREDENTIALS.platform];
  const auth = createSugarAuth({
    now,
    ...(registered === 'any' ? {} : { isPlatformAllowed: (platform: string) => registered.includes(platform) }),
    onIssue: (grant) => issuedTokens.push(grant.access_token, grant.refresh_token, grant.download_token),
    ttl: () => ({
      accessTokenSeconds: faults.accessTokenTtlSeconds,
      refreshTokenSeconds: faults.refreshTokenTtlSeconds,
    }),
    findUser(username) {
      for (const user of store.table('Users').all()) {
        if (user.user_name === username) {
          return { id: user.id, username, password: passwords.get(user.id) ?? '', isActive: user.status === 'Active' };
        }
      }
      return undefined;
    },
  });

  const calls: SugarCallCounts = {
    total: 0,
    byEndpoint: {},
    bulkRequests: {},
    reset() {
      calls.total = 0;
      calls.byEndpoint = {};
      calls.bulkRequests = {};
    },
  };
  const maxListLimit = options.maxListLimit ?? 1000;
  const access = { denied: new Set(options.deniedModules ?? []), missing: new Set(options.missingModules ?? []) };
  const api = createSugarApi({
    store,
    auth,
    maxListLimit: () => maxListLimit,
    countBulkRequest: (endpoint) => {
      calls.bulkRequests[endpoint] = (calls.bulkRequests[endpoint] ?? 0) + 1;
    },
    failSubRequest: (method) =>
      method === 'PUT' && faults.recordFailureShare > 0 && recordRoll() < faults.recordFailureShare,
    access: () => access,
  });

  const http = await serveSugarHttp({
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    latencyMs: () =>
      faults.latencyMs +
      (faults.latencySpikeShare > 0 && spikeRoll() < faults.latencySpikeShare ? faults.latencySpikeMs : 0),
    execute: api.execute,
    onCall(method, path) {
      calls.total += 1;
      const [, , ...segments] = path.replace(/^\/+/, '').split('/');
      const endpoint = path.startsWith('/rest/') ? endpointName(method, segments) : `${method} ${path}`;
      calls.byEndpoint[endpoint] = (calls.byEndpoint[endpoint] ?? 0) + 1;
      return injectFault(calls.total);
    },
  });

  return {
    url: http.url,
    apiUrl: `${http.url}/rest/v11_1`,
    credentials: { ...SUGAR_SANDBOX_CREDENTIALS },
    apiUserId,
    store,
    calls,
    faults,
    auth: {
      simulateLogin: (username = SUGAR_SANDBOX_CREDENTIALS.username, platform = SUGAR_SANDBOX_CREDENTIALS.platform) =>
        auth.simulateLogin(username, platform),
      expireAccessTokens: () => auth.expireAccessTokens(),
      revokeRefreshTokens: () => auth.revokeRefreshTokens(),
      get activeSessions() {
        return auth.activeSessions;
      },
      issuedTokens,
    },
    rep: createSugarRep(store, apiUserId),
    access,
    close: http.close,
  };
}
