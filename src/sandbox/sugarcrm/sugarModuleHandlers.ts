import type { SugarStore } from './createSugarStore';
import { formatSugarRecord } from './formatSugarRecord';
import { countSugarFilter, requestedFields, runSugarFilter } from './runSugarFilter';
import { SugarApiError, sugarErrors } from './sugarErrors';
import { isSugarModule, SUGAR_LINKS, SUGAR_MODULES, type SugarFieldDef, type SugarModule } from './sugarVardefs';

/** What a handler knows about the call it serves. */
export interface SugarCallContext {
  store: SugarStore;
  userId: string;
  platform: string;
  maxListLimit: number;
  args: Record<string, unknown>;
}

/** Path variables and routing arguments are not record fields. */
function recordInput(args: Record<string, unknown>): Record<string, unknown> {
  const { module: _module, record: _record, fields: _fields, ...values } = args;
  return values;
}

function loadRow(context: SugarCallContext, module: SugarModule, id: string) {
  const row = context.store.get(module, id);
  if (!row) throw sugarErrors.notFound(module, id);
  return row;
}

export function filterRecords(context: SugarCallContext, module: SugarModule) {
  return runSugarFilter(context.store, module, context.args, {
    currentUserId: context.userId,
    maxListLimit: context.maxListLimit,
  });
}

export function countRecords(context: SugarCallContext, module: SugarModule) {
  return countSugarFilter(context.store, module, context.args.filter, context.userId);
}

export function retrieveRecord(context: SugarCallContext, module: SugarModule, id: string) {
  const row = loadRow(context, module, id);
  return formatSugarRecord(context.store, module, row, requestedFields(context.args.fields));
}

/** PUT /<module>/<id>: returns the whole record after the save, as ModuleApi::updateRecord. */
export function updateRecord(context: SugarCallContext, module: SugarModule, id: string) {
  loadRow(context, module, id);
  const row = context.store.update(module, id, recordInput(context.args), context.userId);
  return formatSugarRecord(context.store, module, row, requestedFields(context.args.fields));
}

/** POST /<module>: creates and returns the record (HTTP 200, as Sugar answers creates). */
export function createRecord(context: SugarCallContext, module: SugarModule) {
  const row = context.store.create(module, recordInput(context.args), context.userId);
  return formatSugarRecord(context.store, module, row, requestedFields(context.args.fields));
}

/**
 * POST /<module>/<id>/link with `{link_name, ids}` (RelateRecordApi::createRelatedLinks):
 * every id must be a record of the link's far module, else 404 and nothing more is linked;
 * answers the primary record and the related ones.
 */
export function createRelatedLinks(context: SugarCallContext, module: SugarModule, id: string) {
  const primary = loadRow(context, module, id);
  const linkName = context.args.link_name;
  if (typeof linkName !== 'string' || linkName === '')
    throw sugarErrors.missingParameter('Missing parameter: link_name');
  if (!('ids' in context.args)) throw sugarErrors.missingParameter('Missing parameter: ids');
  const rawIds = context.args.ids;
  if (!Array.isArray(rawIds))
    throw sugarErrors.invalidParameter(`Related record IDs must be array, ${typeof rawIds} given`);
  const farModule = SUGAR_LINKS[module]?.[linkName];
  if (!farModule) throw new SugarApiError(404, 'not_found', `Could not find a relationship named: ${linkName}`);
  const related = [];
  for (const raw of rawIds) {
    const relatedId = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : raw;
    if (raw && typeof raw === 'object' && relatedId === undefined)
      throw sugarErrors.invalidParameter('Related record ID is not specified in array notation');
    const row = context.store.get(farModule, String(relatedId));
    if (!row || row.deleted) throw new SugarApiError(404, 'not_found', 'Could not find the related bean');
    context.store.link(module, id, linkName, [row.id as string]);
    related.push(formatSugarRecord(context.store, farModule, row, requestedFields(context.args.fields)));
  }
  return {
    related_records: related,
    record: formatSugarRecord(context.store, module, primary, requestedFields(context.args.fields)),
  };
}

/** GET /me (include/api/help/me_get_help.html). */
export function currentUser(context: SugarCallContext) {
  const user = context.store.get('Users', context.userId);
  const fullName = [user?.first_name, user?.last_name].filter(Boolean).join(' ');
  return {
    current_user: {
      type: 'user',
      id: context.userId,
      full_name: fullName,
      user_name: user?.user_name ?? '',
      timepref: 'h:ia',
      datepref: 'm/d/Y',
      timezone: 'UTC',
      is_manager: false,
      preferences: { timezone: 'UTC', datepref: 'm/d/Y', timepref: 'h:ia', language: 'en_us' },
    },
  };
}

function describeField(module: SugarModule, def: SugarFieldDef): Record<string, unknown> {
  const description: Record<string, unknown> = { name: def.name, vname: def.vname, type: def.type };
  if (def.len !== undefined) description.len = def.len;
  if (def.options) description.options = def.options;
  if (def.source) description.source = def.source;
  if (def.readonly) description.readonly = true;
  if (def.relate)
    Object.assign(description, { id_name: def.relate.idField, module: def.relate.module, rname: def.relate.nameField });
  if (def.source === 'custom_fields') Object.assign(description, { id: `${module}${def.name}`, custom_module: module });
  return description;
}

/**
 * GET /metadata?type_filter=modules&module_filter=Leads: MetadataApi::filterResults keeps
 * the `modules` chunk, narrowed to the asked modules, each with its `fields` and `_hash`.
 */
export function metadata(context: SugarCallContext) {
  const typeFilter = typeof context.args.type_filter === 'string' ? context.args.type_filter.split(',') : ['modules'];
  const moduleFilter =
    typeof context.args.module_filter === 'string' && context.args.module_filter !== ''
      ? context.args.module_filter.split(',')
      : [...SUGAR_MODULES];
  const modules: Record<string, unknown> = {};
  if (typeFilter.includes('modules')) {
    for (const name of moduleFilter.filter(isSugarModule)) {
      const fields = Object.fromEntries(context.store.fields(name).map((def) => [def.name, describeField(name, def)]));
      modules[name] = { fields, _hash: context.store.metadataHash(name) };
    }
  }
  const hash = SUGAR_MODULES.map((name) => context.store.metadataHash(name))
    .join('')
    .slice(0, 32);
  return typeFilter.includes('modules') ? { modules, _hash: hash } : { _hash: hash };
}
