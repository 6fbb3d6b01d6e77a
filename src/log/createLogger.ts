import winston from 'winston';
import { redact, SecretRegistry } from './redact';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface Logger {
  error(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  debug(message: string, meta?: Record<string, unknown>): void;
  child(meta: Record<string, unknown>): Logger;
  /** Registers a secret value (token, password) so it is masked in every later line. */
  addSecret(value: string | undefined | null): void;
}

export interface LoggerOptions {
  level: LogLevel;
  /** json: one JSON object a line (production); pretty: readable lines; auto: pretty on a TTY. */
  format: 'auto' | 'json' | 'pretty';
  /** Where lines go; defaults to stderr so stdout stays clean for --json output. */
  stream?: NodeJS.WritableStream;
  secrets?: SecretRegistry;
}

/** winston with the redaction layer as the first format: every line is scrubbed. */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = options.secrets ?? new SecretRegistry();
  const stream = options.stream ?? process.stderr;
  const isTty = Boolean((stream as NodeJS.WriteStream).isTTY);
  const pretty = options.format === 'pretty' || (options.format === 'auto' && isTty);

  const redactFormat = winston.format((info) => {
    const scrubbed = redact({ ...info }, secrets) as Record<string, unknown>;
    for (const key of Object.keys(info)) delete (info as Record<string, unknown>)[key];
    Object.assign(info, scrubbed);
    return info;
  });

  const prettyLine = winston.format.printf((info) => {
    const { level, message, timestamp, ...meta } = info as Record<string, unknown>;
    const rest = Object.entries(meta).filter(([k]) => typeof k === 'string' && !k.startsWith('Symbol'));
    const tail = rest.length
      ? ' ' + rest.map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ')
      : '';
    return `${String(timestamp).slice(11, 19)} ${level} ${String(message)}${tail}`;
  });

  const base = winston.createLogger({
    level: options.level,
    format: winston.format.combine(
      redactFormat(),
      winston.format.timestamp(),
      pretty
        ? winston.format.combine(...(isTty ? [winston.format.colorize()] : []), prettyLine)
        : winston.format.json(),
    ),
    transports: [new winston.transports.Stream({ stream })],
  });

  const wrap = (w: winston.Logger): Logger => ({
    error: (m, meta) => void w.error(m, meta),
    warn: (m, meta) => void w.warn(m, meta),
    info: (m, meta) => void w.info(m, meta),
    debug: (m, meta) => void w.debug(m, meta),
    child: (meta) => wrap(w.child(meta)),
    addSecret: (value) => secrets.add(value),
  });
  return wrap(base);
}

/** A logger that drops everything (tests that do not look at logs). */
export function createSilentLogger(): Logger {
  const silent: Logger = {
    error: () => undefined,
    warn: () => undefined,
    info: () => undefined,
    debug: () => undefined,
    child: () => silent,
    addSecret: () => undefined,
  };
  return silent;
}
