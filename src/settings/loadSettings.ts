import ipaddr from 'ipaddr.js';
import { z } from 'zod';

const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

/** A comma-separated list; blanks dropped. */
const commaList = z.preprocess(
  (v) =>
    v === '' || v === undefined
      ? []
      : String(v)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
  z.array(z.string()),
);

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
/**
 * Which proxies' X-Forwarded-For is believed (Express "trust proxy"): `false` (none, the
 * default), a number of hops (Heroku's router: 1), or addresses/CIDRs/`loopback`. `true`
 * (every hop) is refused: any client could then choose its own address.
 */
const trustProxy = z.preprocess(
  (v) => (v === '' || v === undefined ? 'false' : String(v).trim()),
  z.string().transform((v, ctx): false | number | string[] => {
    if (v === 'false') return false;
    if (/^\d{1,2}$/.test(v)) return Number(v);
    const entries = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = entries.find((e) => !PROXY_NAMES.has(e) && !ipaddr.isValid(e) && !isCidr(e));
    if (v === 'true' || bad !== undefined || !entries.length) {
      ctx.addIssue({
        code: 'custom',
        message: `must be false, a hop count (Heroku: 1) or proxy addresses/CIDRs${v === 'true' ? ' (true would let any client pick its address)' : ''}`,
      });
      return z.NEVER;
    }
    return entries;
  }),
);

function isCidr(text: string): boolean {
  try {
    ipaddr.parseCIDR(text);
    return true;
  } catch {
    return false;
  }
}

/** Every setting, from the environment. Each is documented in .env.example. */
export const settingsSchema = z.object({
  DATABASE_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v) && URL.canParse(v), {
        message: 'must be a postgres:// or postgresql:// URL, e.g. postgres://user@127.0.0.1:5432/leadloop',
      })
      .optional(),
  ),
  LEADLOOP_DATA_DIR: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('./.leadloop')),
  LEADLOOP_SECRET_KEY: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .refine((v) => decodeKey(v) !== null, {
        message: 'must be 32 random bytes as 64 hex characters or base64 (generate one with: leadloop keygen)',
      })
      .optional(),
  ),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: optionalString.pipe(
    z
      .string()
      .refine((v) => v === 'localhost' || ipaddr.isValid(v), {
        message: 'must be an IP address to listen on (0.0.0.0 for every interface) or localhost',
      })
      .optional(),
  ),
  LEADLOOP_TRUST_PROXY: trustProxy,
  LEADLOOP_CRM_ALLOWED_HOSTS: commaList.pipe(
    z.array(
      z.string().regex(/^(\*\.)?[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i, {
        message: 'each entry is host, host:port or *.domain',
      }),
    ),
  ),
  LEADLOOP_API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  LEADLOOP_LOGIN_SESSIONS: z.enum(['multiple', 'single']).default('multiple'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LEADLOOP_PUBLIC_URL: optionalString.pipe(z.url().optional()),
  LEADLOOP_SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  LEADLOOP_SYNC_OVERLAP_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Leads processed (and written back, and stored) together; see src/sync/batchPages.ts. */
  LEADLOOP_SYNC_BATCH_LEADS: z.coerce.number().int().min(1).max(50_000).default(2_000),
  /**
   * Leads from which a pull reads through the CRM's bulk API (per org: `bulkThreshold`).
   * Salesforce recommends Bulk API 2.0 above ~2,000 records
   * (https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-bulkapi.html).
   */
  LEADLOOP_SYNC_BULK_THRESHOLD: z.coerce.number().int().min(1).default(2_000),
  LEADLOOP_DEFAULT_SLA_HOURS: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(1000).default(8)),
  LEADLOOP_DEFAULT_BUSINESS_DAYS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('mon,tue,wed,thu,fri')
      .pipe(z.transform((v) => v.split(',').map((d) => d.trim().toLowerCase())))
      .pipe(z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).min(1)),
  ),
  LEADLOOP_DEFAULT_BUSINESS_HOURS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM-HH:MM, e.g. 09:00-18:00')
      .refine((v) => v.slice(0, 5) < v.slice(6), 'the opening time must be before the closing time')
      .default('09:00-18:00'),
  ),
  /**
   * Salesforce: a run stops once the org has used this share of its daily API requests (all
   * integrations together), so the others keep theirs (per org: `apiBudgetShare`).
   */
  LEADLOOP_API_BUDGET_SHARE: z.coerce.number().gt(0).max(1).default(0.8),
  LEADLOOP_ACTIVATE_MAX_WRITES: z.coerce.number().int().min(0).default(500),
  LEADLOOP_ENRICH_NETWORK: z.enum(['on', 'off']).default('on'),
  /** DNS servers enrichment asks (MX records, website addresses); unset → the system's resolvers. */
  LEADLOOP_DNS_SERVERS: optionalString.pipe(
    z
      .string()
      .regex(
        /^\s*[0-9a-fA-F.:[\]]+(\s*,\s*[0-9a-fA-F.:[\]]+)*\s*$/,
        'must be a comma-separated list of IP addresses, each optionally with :port',
      )
      .optional(),
  ),
  LEADLOOP_SMTP_HOST: optionalString,
  LEADLOOP_SMTP_PORT: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(1).max(65535).optional(),
  ),
  LEADLOOP_SMTP_SECURE: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['tls', 'starttls', 'none']).default('starttls'),
  ),
  LEADLOOP_SMTP_USER: optionalString,
  LEADLOOP_SMTP_PASSWORD: optionalString,
  LEADLOOP_SMTP_FROM: optionalString,
  /** `leadloop admin create`'s password when neither the prompt nor --password-stdin gives one (a secret). */
  LEADLOOP_ADMIN_PASSWORD: optionalString,
});

export type Settings = z.infer<typeof settingsSchema>;

/** A setting is missing or malformed: one line naming it. */
export class SettingsError extends Error {
  constructor(
    readonly setting: string,
    detail: string,
  ) {
    super(`Invalid setting ${setting}: ${detail}`);
    this.name = 'SettingsError';
  }
}

/** Parses the environment. Throws SettingsError naming the first bad setting. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(settingsSchema.shape)) picked[key] = env[key];
  const result = settingsSchema.safeParse(picked);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const setting = String(issue.path[0] ?? 'environment');
    // never echo the value: it may be a secret
    throw new SettingsError(setting, issue.message);
  }
  return result.data;
}

/** Every setting at its default: what a part uses when it is run without settings (tests, benchmarks). */
export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze(loadSettings({}));

/** 32-byte key from 64 hex chars or base64; null when it is neither. */
export function decodeKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const buf = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return buf.length === 32 ? buf : null;
  }
  return null;
}
