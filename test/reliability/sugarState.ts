import type { SugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';

/** Fields leadloop writes that carry no clock: equal across two runs with the same seed. */
const CLOCK_FREE = (field: string): boolean =>
  field.startsWith('leadloop_') && !/(_at|_date|_time)_c$/.test(field) && !/scored_at|synced/.test(field);

/** The CRM state leadloop is responsible for: each lead's leadloop fields, by id. */
export function leadloopState(sandbox: SugarSandbox): Map<string, Record<string, unknown>> {
  const state = new Map<string, Record<string, unknown>>();
  for (const lead of sandbox.store.table('Leads').all()) {
    const own: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(lead)) if (CLOCK_FREE(field)) own[field] = value;
    state.set(String(lead['id']), own);
  }
  return state;
}

/** Tasks leadloop created (hand-overs), per lead and name: a duplicate shows as a count above 1. Seeded rep activity is left out. */
export function tasksPerLead(sandbox: SugarSandbox): Map<string, number> {
  const counts = new Map<string, number>();
  for (const task of sandbox.store.table('Tasks').all()) {
    if (task['parent_type'] !== 'Leads' || task['created_by'] !== sandbox.apiUserId) continue;
    const key = `${String(task['parent_id'])}|${String(task['name'])}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
