import type { SugarStore } from './createSugarStore';
import { toApiValue, type SugarEmailEntry } from './sugarFieldValues';
import type { SugarRow } from './SugarModuleTable';
import type { SugarFieldDef, SugarModule } from './sugarVardefs';

function fullName(row: Record<string, unknown> | undefined): string {
  if (!row) return '';
  return [row.first_name, row.last_name].filter((part) => typeof part === 'string' && part !== '').join(' ');
}

function emails(row: SugarRow): SugarEmailEntry[] {
  return Array.isArray(row.email) ? (row.email as SugarEmailEntry[]) : [];
}

/** The stored value of a field, computing the non-db ones (names, email views, relates, teams). */
export function storedFieldValue(store: SugarStore, def: SugarFieldDef, row: SugarRow): unknown {
  switch (def.type) {
    case 'fullname':
      return fullName(row);
    case 'relate': {
      const relate = def.relate!;
      const id = row[relate.idField];
      if (typeof id !== 'string' || id === '') return undefined;
      const related = store.get(relate.module as SugarModule, id);
      return relate.nameField === 'full_name' ? fullName(related) : related?.[relate.nameField];
    }
    case 'team_list': {
      const teamId = row.team_id ?? row.default_team;
      if (typeof teamId !== 'string') return [];
      const team = store.get('Teams', teamId);
      return [{ id: teamId, name: team?.name ?? teamId, name_2: '', primary: true }];
    }
    default:
      break;
  }
  const list = emails(row);
  const primary = list.find((entry) => entry.primary_address);
  switch (def.name) {
    case 'email1':
      return primary?.email_address;
    case 'email2':
      return list.find((entry) => entry !== primary)?.email_address;
    case 'email_opt_out':
      return primary ? primary.opt_out : false;
    case 'invalid_email':
      return primary ? primary.invalid_email : false;
    default:
      return row[def.name];
  }
}

/**
 * A record as Sugar's formatBean returns it: every field when no `fields` list was asked for,
 * else the asked fields that exist plus `id` and `date_modified`; always `_acl` and `_module`.
 */
export function formatSugarRecord(
  store: SugarStore,
  module: SugarModule,
  row: SugarRow,
  requested?: readonly string[],
): Record<string, unknown> {
  const defs = store.fields(module);
  const record: Record<string, unknown> = {};
  if (requested && requested.length > 0) {
    const wanted = new Set([...requested, 'id', 'date_modified']);
    for (const def of defs) {
      if (wanted.has(def.name)) record[def.name] = toApiValue(def, storedFieldValue(store, def, row));
    }
  } else {
    for (const def of defs) record[def.name] = toApiValue(def, storedFieldValue(store, def, row));
    record.my_favorite = false;
    record.following = false;
  }
  record.locked_fields = [];
  record._acl = { fields: {} };
  record._module = module;
  return record;
}
