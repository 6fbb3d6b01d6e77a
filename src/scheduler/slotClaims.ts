import type { RunCoordinator } from 'node-cron';
import type { Queryable } from '../store/database';

/** Claims a schedule slot; true only for the first claimant across all workers. */
export async function claimSlot(db: Queryable, slotKey: string, orgId: number, workerId: string): Promise<boolean> {
  const { rows } = await db.query(
    'INSERT INTO schedule_claims (slot_key, org_id, claimed_by) VALUES ($1, $2, $3) ON CONFLICT (slot_key) DO NOTHING RETURNING slot_key',
    [slotKey, orgId, workerId],
  );
  return rows.length === 1;
}

/** node-cron's distributed coordinator backed by the claims table (exactly once per tick). */
export function createClaimCoordinator(db: Queryable, orgId: number, workerId: string): RunCoordinator {
  return { shouldRun: (key: string) => claimSlot(db, key, orgId, workerId) };
}

/** Drops claims older than a week; they only need to outlive clock skew between workers. */
export async function pruneClaims(db: Queryable): Promise<void> {
  await db.query(`DELETE FROM schedule_claims WHERE claimed_at < now() - interval '7 days'`);
}
