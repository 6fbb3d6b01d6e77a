import { createSugarConnector, type SugarConnectorOptions } from '../../../connectors/sugarcrm/createSugarConnector';
import type { SugarCredentials } from '../../../connectors/sugarcrm/sugarCredentials';
import { createSilentLogger, type Logger } from '../../../src/log/createLogger';
import { loadMapping } from '../../../src/mapping';

export const BASE = 'https://acme.sugarondemand.com';
export const API = '/rest/v11_1';
export const NOW = new Date('2026-03-02T10:00:00Z');

/** POST /oauth2/token response as documented (oauth2token_post): fake values. */
export function tokenBody(access: string, refresh: string) {
  return {
    access_token: access,
    expires_in: 3600,
    token_type: 'bearer',
    scope: null,
    refresh_token: refresh,
    refresh_expires_in: 1209600,
    download_token: `dl-${access}`,
  };
}

export function credentials(overrides: Partial<SugarCredentials> = {}): SugarCredentials {
  return {
    url: BASE,
    apiPath: API,
    username: 'leadloop_api',
    password: 'S3cret-pass!',
    clientId: 'sugar',
    clientSecret: '',
    platform: 'leadloop',
    accessToken: 'access-aaaa-1111',
    refreshToken: 'refresh-rrrr-1111',
    expiresAt: '2026-03-02T11:00:00.000Z',
    userId: 'a1b2c3d4-0000-4000-8000-00000000u001',
    ...overrides,
  };
}

/** A Sugar lead as FilterApi formats it (trimmed). */
export function leadRecord(id: string, dateModified: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    date_modified: dateModified,
    first_name: 'Ana',
    last_name: `Lead ${id.slice(0, 4)}`,
    email1: `${id.slice(0, 4)}@example.com`,
    account_name: 'Acme',
    status: 'New',
    assigned_user_id: 'seed_sally_id',
    converted: false,
    _module: 'Leads',
    ...extra,
  };
}

export interface Harness {
  connector: ReturnType<typeof createSugarConnector>;
  persisted: SugarCredentials[];
  sleeps: number[];
}

export function harness(
  options: SugarConnectorOptions = {},
  creds: Partial<SugarCredentials> = {},
  logger: Logger = createSilentLogger(),
): Harness {
  const persisted: SugarCredentials[] = [];
  const sleeps: number[] = [];
  const connector = createSugarConnector({
    credentials: credentials(creds),
    onCredentialsChanged: async (c) => void persisted.push(c),
    mapping: loadMapping('sugarcrm'),
    logger,
    options: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, now: () => NOW, ...options },
  });
  return { connector, persisted, sleeps };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
