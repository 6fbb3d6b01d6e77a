import type { Database, Queryable } from '../store/database';

/** A member's counter row: `today` counts the leads of `day` (the team's local day). */
export interface StoredCounter {
  total: number;
  day: string | null;
  today: number;
}

export interface MemberCounter {
  memberKey: string;
  total: number;
  today: number;
}

/** One round-robin turn to count: a member of a team was given a lead on the team's local day. */
export interface RoundRobinTurn {
  teamKey: string;
  memberKey: string;
  day: string;
}

/** One routing decision for the assignment log. */
export interface AssignmentRecord {
  externalId: string;
  rule: string;
  teamKey?: string;
  memberKey?: string;
  ownerId: string;
  reason?: string;
}

/** Round-robin counters and the assignment log of one org, in the database (shared by every worker). */
export function createRoutingStore(db: Database, orgId: number) {
  return {
    /** The team's counters as stored (rows for new members are created at zero). */
    async readCounters(teamKey: string, memberKeys: string[]): Promise<Map<string, StoredCounter>> {
      await db.query(
        `INSERT INTO routing_counters (org_id, team_key, member_key) SELECT $1, $2, k FROM unnest($3::text[]) AS k ON CONFLICT DO NOTHING`,
        [orgId, teamKey, memberKeys],
      );
      const { rows } = await db.query<{ member_key: string; total: number; day: string | null; today: number }>(
        `SELECT member_key, total, to_char(day, 'YYYY-MM-DD') AS day, today FROM routing_counters WHERE org_id = $1 AND team_key = $2`,
        [orgId, teamKey],
      );
      return new Map(rows.map((r) => [r.member_key, { total: Number(r.total), day: r.day, today: Number(r.today) }]));
    },
    /** Counts the turns (with the page that handed the leads over, in its transaction). */
    async countTurns(q: Queryable, turns: RoundRobinTurn[]): Promise<void> {
      for (const t of turns)
        await q.query(
          `UPDATE routing_counters SET total = total + 1, today = CASE WHEN day = $4::date THEN today + 1 ELSE 1 END, day = $4::date
           WHERE org_id = $1 AND team_key = $2 AND member_key = $3`,
          [orgId, t.teamKey, t.memberKey, t.day],
        );
    },
    /**
     * Runs `pick` with the team's counters locked (so two workers never hand out the same
     * turn) and records the member it returns.
     */
    async takeTurn<T extends { memberKey: string } | null>(
      teamKey: string,
      memberKeys: string[],
      day: string,
      pick: (counters: Map<string, MemberCounter>) => T,
    ): Promise<T> {
      return db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO routing_counters (org_id, team_key, member_key) SELECT $1, $2, k FROM unnest($3::text[]) AS k ON CONFLICT DO NOTHING`,
          [orgId, teamKey, memberKeys],
        );
        const { rows } = await tx.query<{ member_key: string; total: number; day: string | null; today: number }>(
          `SELECT member_key, total, to_char(day, 'YYYY-MM-DD') AS day, today FROM routing_counters WHERE org_id = $1 AND team_key = $2 ORDER BY member_key FOR UPDATE`,
          [orgId, teamKey],
        );
        const counters = new Map(
          rows.map((r) => [
            r.member_key,
            { memberKey: r.member_key, total: Number(r.total), today: r.day === day ? Number(r.today) : 0 },
          ]),
        );
        const chosen = pick(counters);
        if (chosen) {
          await tx.query(
            `UPDATE routing_counters SET total = total + 1, today = CASE WHEN day = $4::date THEN today + 1 ELSE 1 END, day = $4::date
             WHERE org_id = $1 AND team_key = $2 AND member_key = $3`,
            [orgId, teamKey, chosen.memberKey, day],
          );
        }
        return chosen;
      });
    },
    recordAssignment: (q: Queryable, a: AssignmentRecord) => recordAssignment(q, orgId, a),
  };
}

/** The assignment log: every owner leadloop gave a lead, by which rule, and why. Written here only. */
export async function recordAssignment(q: Queryable, orgId: number, a: AssignmentRecord): Promise<void> {
  await q.query(
    `INSERT INTO routing_assignments (org_id, external_id, rule, team_key, member_key, owner_id, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [orgId, a.externalId, a.rule, a.teamKey ?? null, a.memberKey ?? null, a.ownerId, a.reason ?? 'mql'],
  );
}
