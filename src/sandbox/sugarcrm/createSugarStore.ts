import { createHash } from 'node:crypto';
import { sugarErrors } from './sugarErrors';
import { toStoredValue, type SugarEmailEntry } from './sugarFieldValues';
import { toSugarSecond } from './sugarTime';
import { SugarModuleTable, type SugarRow } from './SugarModuleTable';
import {
  LEADLOOP_PACKAGE_FIELDS,
  SUGAR_MODULES,
  stockFields,
  type SugarFieldDef,
  type SugarModule,
} from './sugarVardefs';

/** The sandbox's database: one table per module, the installed custom fields and the clock. */
export interface SugarStore {
  table(module: SugarModule): SugarModuleTable;
  /** Field definitions the API exposes for a module (custom ones only once installed). */
  fields(module: SugarModule): SugarFieldDef[];
  field(module: SugarModule, name: string): SugarFieldDef | undefined;
  get(module: SugarModule, id: string): SugarRow | undefined;
  /** Creates a record from API input, as ModuleApi::createRecord does. */
  create(module: SugarModule, input: Record<string, unknown>, actorId: string): SugarRow;
  /** Updates a record from API input; unknown and null-valued keys are ignored, as in Sugar. */
  update(module: SugarModule, id: string, input: Record<string, unknown>, actorId: string): SugarRow;
  /** Writes already-stored values (rep actions, seeding), advancing date_modified. */
  patch(module: SugarModule, id: string, values: Record<string, unknown>, actorId: string): SugarRow;
  /** Relates records through a many-to-many link (Link2::add: relating twice changes nothing). */
  link(module: SugarModule, id: string, linkName: string, relatedIds: string[]): void;
  /** Ids related to a record through a link, in the order they were first linked. */
  related(module: SugarModule, id: string, linkName: string): string[];
  readonly isLeadloopPackageInstalled: boolean;
  /** What an admin does in Admin > Module Loader: the leadloop_*_c fields appear on Leads. */
  installLeadloopPackage(): void;
  /** What an admin does in Studio: a custom field (`<name>_c`, source custom_fields) appears on the module. */
  addCustomField(module: SugarModule, def: SugarFieldDef): void;
  /** Changes whenever the metadata does (field list); Sugar's `_hash`. */
  metadataHash(module: SugarModule): string;
  newId(): string;
  now(): number;
}

export interface SugarStoreOptions {
  seed: number;
  now?: () => number;
  installLeadloopPackage?: boolean;
}

/** Non-db fields Sugar saves anyway: the email views, stored through the email relationship. */
const WRITABLE_NON_DB = new Set(['email', 'email1', 'email_opt_out', 'invalid_email']);

/** A UUID-shaped id derived from text, so seeded ids are the same on every run. */
export function sugarIdFrom(text: string): string {
  const hex = createHash('sha1').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function createSugarStore(options: SugarStoreOptions): SugarStore {
  const clock = options.now ?? Date.now;
  const tables = new Map(SUGAR_MODULES.map((m) => [m, new SugarModuleTable(m)] as const));
  let packageInstalled = options.installLeadloopPackage ?? false;
  const studioFields = new Map<SugarModule, SugarFieldDef[]>();
  let idCounter = 0;
  const links = new Map<string, Set<string>>();

  // Built once per package state: formatting asks for the field list on every record.
  let fieldLists = new Map<SugarModule, { list: SugarFieldDef[]; byName: Map<string, SugarFieldDef> }>();
  const defsOf = (module: SugarModule) => {
    let defs = fieldLists.get(module);
    if (!defs) {
      const list = [
        ...(module === 'Leads' && packageInstalled
          ? [...stockFields(module), ...LEADLOOP_PACKAGE_FIELDS]
          : stockFields(module)),
        ...(studioFields.get(module) ?? []),
      ];
      defs = { list, byName: new Map(list.map((def) => [def.name, def])) };
      fieldLists.set(module, defs);
    }
    return defs;
  };
  const fields = (module: SugarModule): SugarFieldDef[] => defsOf(module).list;
  const field = (module: SugarModule, name: string) => defsOf(module).byName.get(name);
  const table = (module: SugarModule) => tables.get(module)!;
  const now = () => toSugarSecond(clock());

  /** API input → stored values, field by field, in vardef order like SugarBeanApiHelper::populateFromApi. */
  function toStored(module: SugarModule, input: Record<string, unknown>, current?: SugarRow): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const def of fields(module)) {
      const value = input[def.name];
      if (value === undefined || value === null || def.readonly) continue;
      if (def.source === 'non-db' && !WRITABLE_NON_DB.has(def.name)) continue;
      values[def.name] = toStoredValue(module, def, value);
    }
    applyLegacyEmailFields(
      values,
      (values.email as SugarEmailEntry[] | undefined) ?? (current?.email as SugarEmailEntry[] | undefined),
    );
    return values;
  }

  return {
    table,
    fields,
    field,
    get: (module, id) => table(module).get(id),
    create(module, input, actorId) {
      const id = typeof input.id === 'string' && input.id !== '' ? input.id : this.newId();
      if (table(module).get(id))
        throw sugarErrors.invalidParameter(`Record already exists: ${id} in module: ${module}`);
      const at = now();
      const row: SugarRow = {
        ...defaultsFor(module),
        ...toStored(module, input),
        id,
        date_entered: at,
        date_modified: at,
        created_by: actorId,
        modified_user_id: actorId,
        deleted: false,
      };
      return table(module).insert(row);
    },
    update(module, id, input, actorId) {
      const current = table(module).get(id);
      if (!current) throw sugarErrors.notFound(module, id);
      return table(module).update(id, { ...toStored(module, input, current), modified_user_id: actorId }, now());
    },
    patch(module, id, values, actorId) {
      if (!table(module).get(id)) throw sugarErrors.notFound(module, id);
      return table(module).update(id, { ...values, modified_user_id: actorId }, now());
    },
    link(module, id, linkName, relatedIds) {
      const key = `${module}:${id}:${linkName}`;
      const set = links.get(key) ?? new Set<string>();
      for (const related of relatedIds) set.add(related);
      links.set(key, set);
    },
    related: (module, id, linkName) => [...(links.get(`${module}:${id}:${linkName}`) ?? [])],
    get isLeadloopPackageInstalled() {
      return packageInstalled;
    },
    installLeadloopPackage() {
      packageInstalled = true;
      fieldLists = new Map();
    },
    addCustomField(module, def) {
      studioFields.set(module, [...(studioFields.get(module) ?? []), { ...def, source: 'custom_fields' }]);
      fieldLists = new Map();
    },
    metadataHash: (module) =>
      createHash('md5')
        .update(JSON.stringify(fields(module)))
        .digest('hex'),
    newId: () => sugarIdFrom(`sugar-sandbox:${options.seed}:new:${(idCounter += 1)}`),
    now,
  };
}

/** Stock defaults Sugar applies on create (vardef `default`s). */
function defaultsFor(module: SugarModule): Record<string, unknown> {
  switch (module) {
    case 'Leads':
      return { status: 'New', converted: false, do_not_call: false };
    case 'Tasks':
      return { status: 'Not Started', priority: 'Medium' };
    case 'Calls':
      return { status: 'Planned', direction: 'Outbound' };
    case 'Meetings':
      return { status: 'Planned' };
    default:
      return {};
  }
}

/**
 * `email1`, `email_opt_out` and `invalid_email` are views of the primary entry of `email`
 * (SugarEmailAddress legacy save): writing them edits that entry.
 */
function applyLegacyEmailFields(values: Record<string, unknown>, current: SugarEmailEntry[] | undefined): void {
  const legacy = ['email1', 'email_opt_out', 'invalid_email'].some((k) => k in values);
  if (!legacy) return;
  const entries = (current ?? []).map((entry) => ({ ...entry }));
  let primary = entries.find((entry) => entry.primary_address);
  if (typeof values.email1 === 'string') {
    if (values.email1 === '') {
      if (primary) entries.splice(entries.indexOf(primary), 1);
      primary = undefined;
    } else if (primary) {
      primary.email_address = values.email1;
    } else {
      primary = {
        email_address: values.email1,
        primary_address: true,
        reply_to_address: false,
        invalid_email: false,
        opt_out: false,
      };
      entries.unshift(primary);
    }
  }
  if (primary && typeof values.email_opt_out === 'boolean') primary.opt_out = values.email_opt_out;
  if (primary && typeof values.invalid_email === 'boolean') primary.invalid_email = values.invalid_email;
  for (const key of ['email1', 'email_opt_out', 'invalid_email']) delete values[key];
  values.email = entries;
}
