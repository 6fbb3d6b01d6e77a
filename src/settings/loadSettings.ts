import { z } from 'zod';
import { DEFAULT_BATCH_LEADS } from '../sync/syncTypes';

const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

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
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LEADLOOP_PUBLIC_URL: optionalString.pipe(z.url().optional()),
  LEADLOOP_SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  LEADLOOP_SYNC_OVERLAP_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  LEADLOOP_SYNC_BATCH_LEADS: z.coerce.number().int().min(1).max(50_000).default(DEFAULT_BATCH_LEADS),
  LEADLOOP_API_BUDGET_SHARE: z.coerce.number().gt(0).max(1).default(0.25),
  LEADLOOP_ACTIVATE_MAX_WRITES: z.coerce.number().int().min(0).default(500),
  LEADLOOP_ENRICH_NETWORK: z.enum(['on', 'off']).default('on'),
  LEADLOOP_SMTP_HOST: optionalString,
  LEADLOOP_SMTP_PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(65535).optional()),
  LEADLOOP_SMTP_SECURE: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['tls', 'starttls', 'none']).default('starttls')),
  LEADLOOP_SMTP_USER: optionalString,
  LEADLOOP_SMTP_PASSWORD: optionalString,
  LEADLOOP_SMTP_FROM: optionalString,
});

export type Settings = z.infer<typeof settingsSchema>;

/** A setting is missing or malformed: one line naming it. */
export class SettingsError extends Error {
  constructor(readonly setting: string, detail: string) {
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
