import type { SugarStore } from './createSugarStore';
import { formatSugarDate } from './sugarTime';
import type { SugarRow } from './SugarModuleTable';
import { LEADLOOP_RETURN_REASONS } from './sugarVardefs';

export const SUGAR_LEAD_STATUSES = ['New', 'Assigned', 'In Process', 'Converted', 'Recycled', 'Dead'] as const;
export type SugarLeadStatus = (typeof SUGAR_LEAD_STATUSES)[number];

export interface SugarConvertOptions {
  /** Create an opportunity with the conversion (Sugar's convert-lead layout offers it). */
  opportunity?: { name?: string; amount?: number; salesStage?: string };
}

export interface SugarCallOptions {
  subject?: string;
  status?: 'Planned' | 'Held' | 'Not Held';
  direction?: 'Inbound' | 'Outbound';
  /** ISO time the call started; defaults to now. */
  startedAt?: string;
  durationMinutes?: number;
}

/** What a sales rep does in the Sugar UI, as writes through the store (each advances date_modified). */
export interface SugarRepActions {
  setStatus(leadId: string, status: SugarLeadStatus, reason?: string): SugarRow;
  /** Picks a leadloop Return Reason (leadloop_return_reason_c, from leadloop's package) to return the lead to marketing. */
  returnLead(leadId: string, reason: string): SugarRow;
  convert(
    leadId: string,
    options?: SugarConvertOptions,
  ): { contactId: string; accountId: string; opportunityId?: string };
  winOpportunity(opportunityId: string, amount?: number): SugarRow;
  loseOpportunity(opportunityId: string, reason?: string): SugarRow;
  logCall(leadId: string, options?: SugarCallOptions): SugarRow;
}

const PERSON_FIELDS = [
  'salutation',
  'first_name',
  'last_name',
  'title',
  'department',
  'phone_work',
  'phone_mobile',
  'email',
  'primary_address_city',
  'primary_address_state',
  'primary_address_country',
  'lead_source',
  'assigned_user_id',
  'team_id',
];

export function createSugarRep(store: SugarStore, fallbackActorId: string): SugarRepActions {
  const lead = (id: string): SugarRow => {
    const row = store.get('Leads', id);
    if (!row) throw new Error(`rep: no lead ${id}`);
    return row;
  };
  const actorOf = (row: SugarRow) =>
    typeof row.assigned_user_id === 'string' ? row.assigned_user_id : fallbackActorId;
  const insert = (
    module: 'Contacts' | 'Accounts' | 'Opportunities' | 'Calls',
    values: Record<string, unknown>,
    actor: string,
  ) =>
    store.table(module).insert({
      ...values,
      id: store.newId(),
      date_entered: store.now(),
      date_modified: store.now(),
      created_by: actor,
      modified_user_id: actor,
      deleted: false,
    });

  const closeOpportunity = (id: string, won: boolean, values: Record<string, unknown>) => {
    const opportunity = store.get('Opportunities', id);
    if (!opportunity) throw new Error(`rep: no opportunity ${id}`);
    const stage = won ? 'Closed Won' : 'Closed Lost';
    return store.patch(
      'Opportunities',
      id,
      {
        sales_stage: stage,
        sales_status: stage,
        probability: won ? 100 : 0,
        date_closed: formatSugarDate(store.now()),
        ...values,
      },
      actorOf(opportunity),
    );
  };

  return {
    returnLead(leadId, reason) {
      const row = lead(leadId);
      if (!store.fields('Leads').some((f) => f.name === 'leadloop_return_reason_c'))
        throw new Error('rep: leadloop_return_reason_c is missing (install the leadloop package)');
      if (!(LEADLOOP_RETURN_REASONS as readonly string[]).includes(reason))
        throw new Error(`rep: leadloop_return_reason_list has no ${reason}`);
      return store.patch('Leads', leadId, { leadloop_return_reason_c: reason }, actorOf(row));
    },
    setStatus(leadId, status, reason) {
      const row = lead(leadId);
      const values: Record<string, unknown> = { status };
      if (reason !== undefined) values.status_description = reason;
      return store.patch('Leads', leadId, values, actorOf(row));
    },
    convert(leadId, options = {}) {
      const row = lead(leadId);
      const actor = actorOf(row);
      const company =
        typeof row.account_name === 'string' && row.account_name !== ''
          ? row.account_name
          : `${row.last_name ?? 'Lead'} (converted)`;
      let accountId = typeof row.account_id === 'string' && row.account_id !== '' ? row.account_id : undefined;
      if (!accountId) {
        for (const account of store.table('Accounts').all()) {
          if (String(account.name).toLowerCase() === company.toLowerCase()) accountId = account.id;
        }
      }
      accountId ??= insert(
        'Accounts',
        { name: company, website: row.website, assigned_user_id: actor, team_id: row.team_id },
        actor,
      ).id;
      const person = Object.fromEntries(PERSON_FIELDS.filter((f) => row[f] !== undefined).map((f) => [f, row[f]]));
      const contactId = insert('Contacts', { ...person, account_id: accountId }, actor).id;
      const values: Record<string, unknown> = {
        converted: true,
        status: 'Converted',
        contact_id: contactId,
        account_id: accountId,
      };
      let opportunityId: string | undefined;
      if (options.opportunity) {
        const name = options.opportunity.name ?? `${company} - ${row.first_name ?? ''} ${row.last_name ?? ''}`.trim();
        const amount = options.opportunity.amount ?? 10000;
        opportunityId = insert(
          'Opportunities',
          {
            name,
            amount,
            amount_usdollar: amount,
            currency_id: '-99',
            account_id: accountId,
            lead_source: row.lead_source,
            campaign_id: row.campaign_id,
            sales_stage: options.opportunity.salesStage ?? 'Prospecting',
            probability: 10,
            date_closed: formatSugarDate(store.now() + 30 * 86_400_000),
            assigned_user_id: actor,
            team_id: row.team_id,
          },
          actor,
        ).id;
        Object.assign(values, {
          opportunity_id: opportunityId,
          opportunity_name: name,
          opportunity_amount: String(amount),
        });
      }
      store.patch('Leads', leadId, values, actor);
      return opportunityId ? { contactId, accountId, opportunityId } : { contactId, accountId };
    },
    winOpportunity(opportunityId, amount) {
      return closeOpportunity(opportunityId, true, amount === undefined ? {} : { amount, amount_usdollar: amount });
    },
    loseOpportunity(opportunityId, reason) {
      // Stock Opportunities have no loss-reason field; reps write it in the description.
      return closeOpportunity(opportunityId, false, reason === undefined ? {} : { description: reason });
    },
    logCall(leadId, options = {}) {
      const row = lead(leadId);
      const actor = actorOf(row);
      const started = options.startedAt ? Date.parse(options.startedAt) : store.now();
      const minutes = options.durationMinutes ?? 15;
      return insert(
        'Calls',
        {
          name: options.subject ?? `Call with ${[row.first_name, row.last_name].filter(Boolean).join(' ')}`,
          status: options.status ?? 'Held',
          direction: options.direction ?? 'Outbound',
          date_start: Math.floor(started / 1000) * 1000,
          date_end: Math.floor(started / 1000) * 1000 + minutes * 60_000,
          duration_hours: Math.floor(minutes / 60),
          duration_minutes: minutes % 60,
          parent_type: 'Leads',
          parent_id: leadId,
          assigned_user_id: actor,
          team_id: row.team_id,
        },
        actor,
      );
    },
  };
}
