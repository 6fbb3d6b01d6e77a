/**
 * Why a run stopped, for machines and admins: `stop_code` (e.g. SETUP_INCOMPLETE,
 * ALREADY_RUNNING) next to the human `stop_reason`, and `stop_fix`, what to do about it.
 * A run queued from the console starts as `queued` (status is free text).
 */
export const up = `
ALTER TABLE sync_runs ADD COLUMN IF NOT EXISTS stop_code text;
ALTER TABLE sync_runs ADD COLUMN IF NOT EXISTS stop_fix text;
`;
