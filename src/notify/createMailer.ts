import nodemailer from 'nodemailer';
import type { Settings } from '../settings/loadSettings';
import type { SmtpOverrides } from '../routing/routingSchema';

/** SMTP as leadloop uses it: the settings merged with a routing file's overrides. */
export interface SmtpConfig {
  host: string;
  port: number;
  secure: 'tls' | 'starttls' | 'none';
  user?: string;
  /** Only from LEADLOOP_SMTP_PASSWORD; never logged. */
  password?: string;
  from: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export type SendMail = (message: MailMessage) => Promise<void>;

/** The SMTP server to use, or null when no host is configured anywhere. */
export function resolveSmtp(
  settings: Pick<
    Settings,
    | 'LEADLOOP_SMTP_HOST'
    | 'LEADLOOP_SMTP_PORT'
    | 'LEADLOOP_SMTP_SECURE'
    | 'LEADLOOP_SMTP_USER'
    | 'LEADLOOP_SMTP_PASSWORD'
    | 'LEADLOOP_SMTP_FROM'
  >,
  overrides?: SmtpOverrides,
): SmtpConfig | null {
  const host = overrides?.host ?? settings.LEADLOOP_SMTP_HOST;
  if (!host) return null;
  const secure = overrides?.secure ?? settings.LEADLOOP_SMTP_SECURE;
  const user = overrides?.user ?? settings.LEADLOOP_SMTP_USER;
  return {
    host,
    secure,
    port: overrides?.port ?? settings.LEADLOOP_SMTP_PORT ?? (secure === 'tls' ? 465 : 587),
    from: overrides?.from ?? settings.LEADLOOP_SMTP_FROM ?? (user?.includes('@') ? user : `leadloop@${host}`),
    ...(user ? { user } : {}),
    ...(settings.LEADLOOP_SMTP_PASSWORD ? { password: settings.LEADLOOP_SMTP_PASSWORD } : {}),
  };
}

/**
 * A nodemailer SMTP transport (its own logger off: it can print the AUTH exchange). One
 * connection per message, 15 s timeouts; `starttls` refuses a server that will not upgrade.
 */
export function createMailer(smtp: SmtpConfig): SendMail {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure === 'tls',
    requireTLS: smtp.secure === 'starttls',
    ignoreTLS: smtp.secure === 'none',
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 15_000,
    logger: false,
    debug: false,
  });
  return async (message) => {
    await transport.sendMail({ from: smtp.from, to: message.to, subject: message.subject, text: message.text });
  };
}
