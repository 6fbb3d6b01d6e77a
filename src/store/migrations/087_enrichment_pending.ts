/**
 * Leads scored while some enrichment lookup could not be made (network off, resolver
 * unreachable, timeout, circuit open): nothing was scored for the missing answer, and the
 * next run with network enrichment on enriches and re-scores them (src/sync/runSync.ts).
 */
export const up = `
ALTER TABLE leads ADD COLUMN enrichment_pending boolean NOT NULL DEFAULT false;
CREATE INDEX leads_enrichment_pending ON leads (org_id) WHERE enrichment_pending;
`;
