/**
 * The field definitions (vardefs) the sandbox serves per module: a trimmed copy of Sugar's
 * stock vardefs (modules/<Module>/vardefs.php plus the basic, assignable, team_security,
 * person and email templates), enough for filtering, formatting and /metadata.
 */
export type SugarFieldType =
  | 'id'
  | 'name'
  | 'fullname'
  | 'varchar'
  | 'text'
  | 'enum'
  | 'multienum'
  | 'bool'
  | 'int'
  | 'currency'
  | 'decimal'
  | 'datetime'
  | 'datetimecombo'
  | 'date'
  | 'email'
  | 'phone'
  | 'url'
  | 'relate'
  | 'parent_type'
  | 'username'
  | 'team_list';

export interface SugarFieldDef {
  name: string;
  type: SugarFieldType;
  vname: string;
  len?: number;
  /** The app_list_strings dropdown of an enum. */
  options?: string;
  /** Custom (Studio / module loader) fields live in <table>_cstm and carry this source. */
  source?: 'custom_fields' | 'non-db';
  /** Not writable through the API (system-maintained). */
  readonly?: boolean;
  /** For relate fields: the id field on this record and the name field on the related module. */
  relate?: { idField: string; module: string; nameField: string };
}

export const SUGAR_MODULES = [
  'Leads',
  'Contacts',
  'Accounts',
  'Opportunities',
  'Calls',
  'Meetings',
  'Tasks',
  'Users',
  'Teams',
  'Campaigns',
  'CampaignLog',
  'ProspectLists',
] as const;
export type SugarModule = (typeof SUGAR_MODULES)[number];

export function isSugarModule(name: string): name is SugarModule {
  return (SUGAR_MODULES as readonly string[]).includes(name);
}

type Extra = Partial<Omit<SugarFieldDef, 'name' | 'type'>>;
function field(name: string, type: SugarFieldType, extra: Extra = {}): SugarFieldDef {
  return { name, type, vname: `LBL_${name.toUpperCase()}`, ...extra };
}
const varchars = (len: number, ...names: string[]) => names.map((n) => field(n, 'varchar', { len }));
const relateUser = (name: string, idField: string) =>
  field(name, 'relate', {
    source: 'non-db',
    readonly: true,
    relate: { idField, module: 'Users', nameField: 'full_name' },
  });

/** The "basic" template every module gets. */
const BASIC: SugarFieldDef[] = [
  field('id', 'id', { readonly: true }),
  field('date_entered', 'datetime', { readonly: true }),
  field('date_modified', 'datetime', { readonly: true }),
  field('modified_user_id', 'id', { readonly: true }),
  relateUser('modified_by_name', 'modified_user_id'),
  field('created_by', 'id', { readonly: true }),
  relateUser('created_by_name', 'created_by'),
  field('description', 'text'),
  field('deleted', 'bool', { readonly: true }),
];
const ASSIGNABLE: SugarFieldDef[] = [
  field('assigned_user_id', 'id'),
  relateUser('assigned_user_name', 'assigned_user_id'),
];
const TEAM_SECURITY: SugarFieldDef[] = [
  field('team_id', 'id'),
  field('team_set_id', 'id'),
  field('team_name', 'team_list', { source: 'non-db' }),
];
const EMAIL: SugarFieldDef[] = [
  field('email', 'email', { source: 'non-db' }),
  field('email1', 'varchar', { len: 100, source: 'non-db' }),
  field('email2', 'varchar', { len: 100, source: 'non-db' }),
  field('invalid_email', 'bool', { source: 'non-db' }),
  field('email_opt_out', 'bool', { source: 'non-db' }),
];
const address = (prefix: string) =>
  varchars(100, `${prefix}_street`, `${prefix}_city`, `${prefix}_state`, `${prefix}_postalcode`, `${prefix}_country`);
const PERSON: SugarFieldDef[] = [
  field('salutation', 'enum', { len: 255, options: 'salutation_dom' }),
  field('first_name', 'varchar', { len: 100 }),
  field('last_name', 'varchar', { len: 100 }),
  field('name', 'fullname', { source: 'non-db', readonly: true }),
  field('full_name', 'fullname', { source: 'non-db', readonly: true }),
  field('title', 'varchar', { len: 100 }),
  field('department', 'varchar', { len: 255 }),
  field('do_not_call', 'bool'),
  ...['phone_home', 'phone_mobile', 'phone_work', 'phone_other', 'phone_fax'].map((n) =>
    field(n, 'phone', { len: 100 }),
  ),
  ...address('primary_address'),
  ...address('alt_address'),
  ...varchars(75, 'assistant', 'assistant_phone'),
  ...EMAIL,
];
const PARENT: SugarFieldDef[] = [
  field('parent_type', 'parent_type', { len: 255, options: 'parent_type_display' }),
  field('parent_id', 'id'),
];
const ACTIVITY_TIMES: SugarFieldDef[] = [
  field('date_start', 'datetimecombo'),
  field('date_end', 'datetimecombo'),
  field('duration_hours', 'int'),
  field('duration_minutes', 'int'),
];
const NAMED: SugarFieldDef[] = [field('name', 'name', { len: 255 })];

const MODULE_FIELDS: Record<SugarModule, SugarFieldDef[]> = {
  Leads: [
    ...BASIC,
    ...ASSIGNABLE,
    ...TEAM_SECURITY,
    ...PERSON,
    field('converted', 'bool'),
    field('refered_by', 'varchar', { len: 100 }),
    field('lead_source', 'enum', { len: 100, options: 'lead_source_dom' }),
    field('lead_source_description', 'text'),
    field('status', 'enum', { len: 100, options: 'lead_status_dom' }),
    field('status_description', 'text'),
    field('reports_to_id', 'id'),
    field('account_name', 'varchar', { len: 255 }),
    field('account_description', 'text'),
    field('contact_id', 'id'),
    field('account_id', 'id'),
    field('opportunity_id', 'id'),
    field('opportunity_name', 'varchar', { len: 255 }),
    field('opportunity_amount', 'varchar', { len: 50 }),
    field('campaign_id', 'id'),
    field('campaign_name', 'relate', {
      source: 'non-db',
      readonly: true,
      relate: { idField: 'campaign_id', module: 'Campaigns', nameField: 'name' },
    }),
    field('birthdate', 'date'),
    field('website', 'url', { len: 255 }),
    field('preferred_language', 'enum', { options: 'available_language_dom' }),
  ],
  Contacts: [
    ...BASIC,
    ...ASSIGNABLE,
    ...TEAM_SECURITY,
    ...PERSON,
    field('lead_source', 'enum', { len: 255, options: 'lead_source_dom' }),
    field('account_id', 'id'),
    field('account_name', 'relate', {
      source: 'non-db',
      readonly: true,
      relate: { idField: 'account_id', module: 'Accounts', nameField: 'name' },
    }),
    field('campaign_id', 'id'),
  ],
  Accounts: [
    ...BASIC,
    ...ASSIGNABLE,
    ...TEAM_SECURITY,
    ...NAMED,
    ...EMAIL,
    field('account_type', 'enum', { len: 50, options: 'account_type_dom' }),
    field('industry', 'enum', { len: 50, options: 'industry_dom' }),
    ...varchars(100, 'annual_revenue', 'phone_office', 'phone_fax', 'rating', 'ownership', 'ticker_symbol'),
    field('employees', 'varchar', { len: 10 }),
    field('website', 'url', { len: 255 }),
    field('parent_id', 'id'),
    ...address('billing_address'),
    ...address('shipping_address'),
  ],
  Opportunities: [
    ...BASIC,
    ...ASSIGNABLE,
    ...TEAM_SECURITY,
    ...NAMED,
    field('opportunity_type', 'enum', { len: 255, options: 'opportunity_type_dom' }),
    field('account_id', 'id'),
    field('account_name', 'relate', {
      source: 'non-db',
      readonly: true,
      relate: { idField: 'account_id', module: 'Accounts', nameField: 'name' },
    }),
    field('campaign_id', 'id'),
    field('lead_source', 'enum', { len: 50, options: 'lead_source_dom' }),
    field('amount', 'currency'),
    field('amount_usdollar', 'currency'),
    field('currency_id', 'id'),
    field('date_closed', 'date'),
    field('next_step', 'varchar', { len: 100 }),
    field('sales_stage', 'enum', { len: 255, options: 'sales_stage_dom' }),
    field('sales_status', 'enum', { len: 255, options: 'sales_status_dom' }),
    field('probability', 'int'),
  ],
  Calls: [
    ...BASIC,
    ...ASSIGNABLE,
    ...TEAM_SECURITY,
    ...NAMED,
    ...ACTIVITY_TIMES,
    ...PARENT,
    field('status', 'enum', { len: 100, options: 'call_status_dom' }),
    field('direction', 'enum', { len: 100, options: 'call_direction_dom' }),
    field('contact_id', 'id'),
  ],
  Meetings: [
    ...BASIC,
    ...ASSIGNABLE,
    ...TEAM_SECURITY,
    ...NAMED,
    ...ACTIVITY_TIMES,
    ...PARENT,
    field('status', 'enum', { len: 100, options: 'meeting_status_dom' }),
    field('location', 'varchar', { len: 50 }),
    field('type', 'enum', { len: 255, options: 'eapm_list' }),
  ],
  Tasks: [
    ...BASIC,
    ...ASSIGNABLE,
    ...TEAM_SECURITY,
    ...NAMED,
    ...PARENT,
    field('date_start', 'datetimecombo'),
    field('date_due', 'datetimecombo'),
    field('status', 'enum', { len: 100, options: 'task_status_dom' }),
    field('priority', 'enum', { len: 100, options: 'task_priority_dom' }),
    field('contact_id', 'id'),
  ],
  Users: [
    ...BASIC,
    field('user_name', 'username', { len: 60 }),
    field('first_name', 'varchar', { len: 255 }),
    field('last_name', 'varchar', { len: 255 }),
    field('full_name', 'fullname', { source: 'non-db', readonly: true }),
    field('name', 'fullname', { source: 'non-db', readonly: true }),
    field('is_admin', 'bool'),
    field('status', 'enum', { len: 100, options: 'user_status_dom' }),
    field('title', 'varchar', { len: 50 }),
    field('department', 'varchar', { len: 50 }),
    field('phone_work', 'phone', { len: 50 }),
    field('reports_to_id', 'id'),
    field('default_team', 'id'),
    field('team_name', 'team_list', { source: 'non-db' }),
    field('preferred_language', 'enum', { options: 'available_language_dom' }),
    ...EMAIL.slice(0, 2),
  ],
  Teams: [...BASIC, ...NAMED, field('name_2', 'varchar', { len: 128 }), field('private', 'bool')],
  Campaigns: [
    ...BASIC,
    ...ASSIGNABLE,
    ...TEAM_SECURITY,
    ...NAMED,
    field('campaign_type', 'enum', { len: 100, options: 'campaign_type_dom' }),
    field('status', 'enum', { len: 100, options: 'campaign_status_dom' }),
    field('start_date', 'date'),
    field('end_date', 'date'),
    field('budget', 'currency'),
    field('expected_revenue', 'currency'),
    field('objective', 'text'),
    field('content', 'text'),
  ],
  ProspectLists: [
    ...BASIC,
    ...ASSIGNABLE,
    ...TEAM_SECURITY,
    ...NAMED,
    field('list_type', 'enum', { len: 100, options: 'prospect_list_type_dom' }),
    field('domain_name', 'varchar', { len: 255 }),
  ],
  CampaignLog: [
    ...BASIC.filter((f) => f.name !== 'description'),
    field('campaign_id', 'id'),
    field('target_tracker_key', 'varchar', { len: 36 }),
    field('target_id', 'varchar', { len: 36 }),
    field('target_type', 'varchar', { len: 100 }),
    field('activity_type', 'enum', { len: 100, options: 'campainglog_activity_type_dom' }),
    field('activity_date', 'datetime'),
    field('related_id', 'varchar', { len: 36 }),
    field('related_type', 'varchar', { len: 100 }),
    field('archived', 'bool'),
    field('hits', 'int'),
    field('list_id', 'id'),
    field('more_information', 'varchar', { len: 100 }),
    field('marketing_id', 'id'),
  ],
};

/**
 * What the leadloop module-loader package adds to Leads. Studio-style custom fields: the
 * `_c` suffix, stored in leads_cstm, invisible to the API until the package is installed.
 */
export const LEADLOOP_PACKAGE_FIELDS: SugarFieldDef[] = [
  field('leadloop_score_c', 'int', { source: 'custom_fields', vname: 'LBL_LEADLOOP_SCORE' }),
  field('leadloop_grade_c', 'varchar', { len: 10, source: 'custom_fields', vname: 'LBL_LEADLOOP_GRADE' }),
  field('leadloop_status_c', 'varchar', { len: 40, source: 'custom_fields', vname: 'LBL_LEADLOOP_STATUS' }),
  field('leadloop_reasons_c', 'text', { source: 'custom_fields', vname: 'LBL_LEADLOOP_REASONS' }),
  field('leadloop_scored_at_c', 'datetimecombo', { source: 'custom_fields', vname: 'LBL_LEADLOOP_SCORED_AT' }),
  field('leadloop_sla_due_c', 'datetimecombo', { source: 'custom_fields', vname: 'LBL_LEADLOOP_SLA_DUE' }),
  field('leadloop_return_reason_c', 'enum', {
    len: 100,
    source: 'custom_fields',
    vname: 'LBL_LEADLOOP_RETURN_REASON',
    options: 'leadloop_return_reason_list',
  }),
];

/** The keys of the package's leadloop_return_reason_list (connectors/sugarcrm/package/language/application). */
export const LEADLOOP_RETURN_REASONS = [
  'Not ready to buy',
  'No budget',
  'Not the decision maker',
  'Bad timing',
  'Not a fit',
  'No response',
  'Competitor chosen',
  'Other',
] as const;

export function stockFields(module: SugarModule): SugarFieldDef[] {
  return MODULE_FIELDS[module];
}

/**
 * Many-to-many links the sandbox serves through POST /<module>/<id>/link: the link name on
 * the primary module and the module on its far side (ProspectLists.leads is the
 * prospect_lists_prospects relationship, target lists' leads).
 */
export const SUGAR_LINKS: Partial<Record<SugarModule, Record<string, SugarModule>>> = {
  ProspectLists: { leads: 'Leads' },
};
