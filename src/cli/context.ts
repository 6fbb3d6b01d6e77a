import { createLogger, type Logger } from '../log/createLogger';
import { SecretRegistry } from '../log/redact';
import { resolveSecretKey } from '../security/resolveSecretKey';
import { createSecretBox, type SecretBox } from '../security/secretBox';
import { loadSettings, type Settings } from '../settings/loadSettings';
import type { Database } from '../store/database';
import { openDatabase } from '../store/openDatabase';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** The command asked for `--json`: log lines are JSON too. Otherwise a terminal user reads plain lines. */
  json?: boolean;
  /** Where secrets are read from (`--password-stdin`, the prompt); default process.stdin. */
  stdin?: NodeJS.ReadableStream;
}

/**
 * What a command needs, built lazily: `leadloop --help` must work with no settings, and a
 * command that needs no database must not open one.
 */
export interface CliContext {
  io: CliIo;
  settings(): Settings;
  logger(): Logger;
  secrets: SecretRegistry;
  secretBox(): SecretBox;
  database(): Promise<Database>;
  /**
   * The exit code a command that finished asks for (e.g. 1 when `setup` found problems).
   * Kept here, not in `process.exitCode`: the CLI also runs in-process (tests, the demo), and a
   * code left on the process would leak into every later command.
   */
  exitCode?: number;
  /** Closes what was opened. */
  dispose(): Promise<void>;
}

export function createCliContext(io: CliIo): CliContext {
  let settings: Settings | undefined;
  let logger: Logger | undefined;
  let box: SecretBox | undefined;
  let db: Promise<Database> | undefined;
  const secrets = new SecretRegistry();

  const ctx: CliContext = {
    io,
    secrets,
    settings: () => (settings ??= loadSettings(io.env)),
    logger: () => {
      if (!logger) {
        const s = ctx.settings();
        // a person runs the CLI: 'auto' means readable lines, JSON only when asked for (--json, LOG_FORMAT=json)
        const format = s.LOG_FORMAT === 'auto' ? (io.json ? 'json' : 'pretty') : s.LOG_FORMAT;
        logger = createLogger({ level: s.LOG_LEVEL, format, stream: io.stderr, secrets });
      }
      return logger;
    },
    secretBox: () => {
      if (!box) {
        const key = resolveSecretKey(ctx.settings(), (m) => ctx.logger().warn(m));
        box = createSecretBox(key);
      }
      return box;
    },
    database: () => {
      if (!db) {
        const s = ctx.settings();
        ctx.secretBox(); // resolve (and maybe generate) the key before anything is stored
        db = openDatabase({
          databaseUrl: s.DATABASE_URL,
          dataDir: s.LEADLOOP_DATA_DIR,
          warn: (m) => ctx.logger().warn(m),
        });
      }
      return db;
    },
    async dispose() {
      if (db) {
        const opened = await db.catch(() => undefined);
        db = undefined;
        await opened?.close();
      }
    },
  };
  return ctx;
}
