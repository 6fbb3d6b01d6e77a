import type { Definition } from '../definition/definitionSchema';
import type { Queryable } from '../store/database';
import { backtestOrg } from './backtestOrg';

export interface ActivationCheck {
  orgs: {
    org: string;
    crmWrites: number;
    newMqls: number;
    changedGrade: number;
    auc: number | null;
    candidateAuc: number | null;
    ranksWorse: boolean;
  }[];
  needsConfirmation: boolean;
  reasons: string[];
}

/**
 * Before a definition version becomes active: the backtest of every org that scores with
 * that definition (`default` also covers orgs that name none), and whether the change is
 * big (more CRM writes than `maxWrites` in one org) or ranks past outcomes worse.
 */
export async function backtestAffectedOrgs(
  db: Queryable,
  name: string,
  candidate: Definition,
  maxWrites: number,
): Promise<ActivationCheck> {
  const { rows } = await db.query<{ id: string; name: string }>(
    `SELECT id, name FROM orgs WHERE definition_id = $1 OR ($1 = 'default' AND definition_id IS NULL) ORDER BY name`,
    [name],
  );
  const check: ActivationCheck = { orgs: [], needsConfirmation: false, reasons: [] };
  for (const row of rows) {
    const r = await backtestOrg(db, Number(row.id), candidate);
    check.orgs.push({
      org: row.name,
      crmWrites: r.crmWrites,
      newMqls: r.newMqls,
      changedGrade: r.changed.grade,
      auc: r.ranking.active?.auc ?? null,
      candidateAuc: r.ranking.candidate?.auc ?? null,
      ranksWorse: r.ranksWorse,
    });
    if (r.crmWrites > maxWrites)
      check.reasons.push(
        `${row.name} would get ${r.crmWrites} CRM writes (more than LEADLOOP_ACTIVATE_MAX_WRITES=${maxWrites})`,
      );
    if (r.ranksWorse) check.reasons.push(`${row.name}: it ranks past outcomes worse than the active version`);
  }
  check.needsConfirmation = check.reasons.length > 0;
  return check;
}
