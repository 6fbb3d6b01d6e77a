import { eraseEnrichment, type EraseResult } from '../enrich/eraseEnrichment';
import type { Database } from '../store/database';
import { hashEmail } from './processPage';

export interface ErasePersonResult extends EraseResult {
  leadsDeleted: number;
  historyDeleted: number;
  outcomesDeleted: number;
  engagementDeleted: number;
  handoversDeleted: number;
}

/**
 * Forgets a person in every org (privacy requests): the lead state and snapshot, its status
 * history, outcomes, engagement and hand-overs, plus enrichment answers about them. The CRM
 * itself is not touched: leadloop never deletes CRM records.
 */
export async function erasePerson(
  db: Database,
  request: { email: string; company?: string; actor: string },
): Promise<ErasePersonResult> {
  const emailHash = hashEmail(request.email)!;
  const deleted = await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ org_id: string; external_id: string }>(
      'SELECT org_id, external_id FROM leads WHERE email_hash = $1',
      [emailHash],
    );
    const pairs = JSON.stringify(rows.map((r) => ({ org_id: Number(r.org_id), external_id: r.external_id })));
    const from = (table: string) =>
      tx.query(
        `DELETE FROM ${table} t USING jsonb_to_recordset($1::jsonb) AS x(org_id bigint, external_id text)
         WHERE t.org_id = x.org_id AND t.${table === 'engagement_events' ? 'lead_external_id' : 'external_id'} = x.external_id`,
        [pairs],
      );
    const history = await from('lead_status_history');
    const outcomes = await from('outcomes');
    const engagement = await from('engagement_events');
    const handovers = await from('handovers');
    const leads = await from('leads');
    return {
      leadsDeleted: leads.rowCount,
      historyDeleted: history.rowCount,
      outcomesDeleted: outcomes.rowCount,
      engagementDeleted: engagement.rowCount,
      handoversDeleted: handovers.rowCount,
    };
  });
  const enrichment = await eraseEnrichment(db, {
    email: request.email,
    ...(request.company ? { company: request.company } : {}),
    actor: request.actor,
  });
  return { ...enrichment, ...deleted };
}
