import type { Queryable } from './database';
import { redact } from '../log/redact';

/** Records an admin action. Details are redacted: the audit log is read by people. */
export async function recordAudit(
  db: Queryable,
  entry: { actor: string; action: string; target?: string; details?: Record<string, unknown> },
): Promise<void> {
  await db.query('INSERT INTO audit_log (actor, action, target, details) VALUES ($1, $2, $3, $4)', [
    entry.actor,
    entry.action,
    entry.target ?? null,
    JSON.stringify(redact(entry.details ?? {})),
  ]);
}
