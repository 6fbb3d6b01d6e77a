/**
 * The optional sources (activities, campaign responses, opportunities) a run skipped
 * because the integration user cannot read them: `[{source, consequence, code, status?, message}]`.
 */
export const up = `
ALTER TABLE sync_runs ADD COLUMN skipped_sources jsonb NOT NULL DEFAULT '[]'::jsonb;
`;
