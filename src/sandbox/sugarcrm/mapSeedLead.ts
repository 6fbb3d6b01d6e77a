import type { SeedLead, SeedLeadStatus, SeedOpportunityStage } from '../seed/generateSeed';
import type { SugarRow } from './SugarModuleTable';

export interface SeedLeadRows {
  Leads: SugarRow[];
  Calls: SugarRow[];
  Meetings: SugarRow[];
  Tasks: SugarRow[];
  CampaignLog: SugarRow[];
  Contacts: SugarRow[];
  Accounts: SugarRow[];
  Opportunities: SugarRow[];
}

export interface SeedLeadContext {
  idOf(kind: string, key: string): string;
  userIds: Map<string, string>;
  teamOfUser: Map<string, string>;
  accountIds: Map<string, string>;
  campaignIds: Map<string, string>;
  /** Accounts created by earlier conversions (several leads may convert into one). */
  newAccounts: Set<string>;
  /** Who entered leads (marketing). */
  creatorId: string;
}

/** The seed's neutral sources on Sugar's lead_source_dom (which has no "Webinar" or "Purchased List"). */
export const SUGAR_LEAD_SOURCES: Record<string, string> = {
  Web: 'Web Site',
  Event: 'Trade Show',
  'Phone Inquiry': 'Cold Call',
  'Partner Referral': 'Partner',
  'Purchased List': 'Direct Mail',
  Webinar: 'Campaign',
  Advertisement: 'Public Relations',
  'Employee Referral': 'Employee',
  Other: 'Other',
};

/** `new` leads a rep owns are "Assigned" in Sugar; the rest map one to one on lead_status_dom. */
function sugarStatus(status: SeedLeadStatus, ownedByRep: boolean): string {
  const statuses: Record<SeedLeadStatus, string> = {
    new: ownedByRep ? 'Assigned' : 'New',
    working: 'In Process',
    returned: 'Recycled',
    disqualified: 'Dead',
    converted: 'Converted',
  };
  return statuses[status];
}

const PROBABILITY: Record<SeedOpportunityStage, number> = {
  Prospecting: 10,
  Qualification: 20,
  'Proposal/Price Quote': 65,
  'Negotiation/Review': 80,
  'Closed Won': 100,
  'Closed Lost': 0,
};

const ms = (iso: string) => Date.parse(iso);
const base = (id: string, at: number, actorId: string, modifiedAt = at): SugarRow => ({
  id,
  date_entered: at,
  date_modified: Math.max(at, modifiedAt),
  created_by: actorId,
  modified_user_id: actorId,
  deleted: false,
});
const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

// Rows are built as one object literal each, every key always present, so 100k of them share a
// hidden class and stay compact; `undefined` is an unset column.
function leadRow(
  lead: SeedLead,
  id: string,
  ownerId: string,
  teamId: string | undefined,
  ctx: SeedLeadContext,
): SugarRow {
  const createdAt = ms(lead.createdAt);
  return {
    id,
    date_entered: createdAt,
    date_modified: Math.max(createdAt, ms(lead.modifiedAt)),
    created_by: ctx.creatorId,
    modified_user_id: lead.status === 'new' ? ctx.creatorId : ownerId,
    deleted: false,
    assigned_user_id: ownerId,
    team_id: teamId,
    first_name: orUndefined(lead.firstName),
    last_name: lead.lastName,
    title: orUndefined(lead.title),
    phone_work: orUndefined(lead.phone),
    phone_mobile: orUndefined(lead.mobile),
    email: lead.email
      ? [
          {
            email_address: lead.email,
            primary_address: true,
            reply_to_address: false,
            invalid_email: false,
            opt_out: lead.hasOptedOutOfEmail,
          },
        ]
      : [],
    primary_address_city: orUndefined(lead.city),
    primary_address_state: orUndefined(lead.state),
    primary_address_country: orUndefined(lead.country),
    account_name: orUndefined(lead.company),
    website: orUndefined(lead.website),
    lead_source: lead.leadSource ? (SUGAR_LEAD_SOURCES[lead.leadSource] ?? 'Other') : undefined,
    status: sugarStatus(lead.status, ownerId !== ctx.creatorId),
    status_description: orUndefined(lead.statusReason),
    converted: lead.conversion !== null,
    do_not_call: false,
    preferred_language: lead.titleLanguage === 'es' ? 'es_ES' : 'en_us',
    campaign_id: undefined as string | undefined,
    contact_id: undefined as string | undefined,
    account_id: undefined as string | undefined,
    opportunity_id: undefined as string | undefined,
    opportunity_name: undefined as string | undefined,
    opportunity_amount: undefined as string | undefined,
  };
}

interface ActivityRow extends SugarRow {
  name: string;
  status: string;
  parent_type: 'Leads';
  parent_id: string;
  assigned_user_id: string;
  team_id: string | undefined;
  date_start: number;
  date_end: number | undefined;
  date_due: number | undefined;
  duration_hours: number | undefined;
  duration_minutes: number | undefined;
  direction: string | undefined;
  priority: string | undefined;
  type: string | undefined;
}

/** One seeded lead as Sugar rows: the lead and what hangs off it. */
export function mapSeedLead(lead: SeedLead, ctx: SeedLeadContext, rows: SeedLeadRows): void {
  const id = ctx.idOf('lead', lead.key);
  const ownerId = ctx.userIds.get(lead.ownerKey)!;
  const teamId = ctx.teamOfUser.get(lead.ownerKey);
  const row = leadRow(lead, id, ownerId, teamId, ctx);

  for (const item of lead.activities) {
    const at = ms(item.occurredAt);
    const isCall = item.kind === 'call';
    const isMeeting = !isCall && item.type === 'webinar_attended';
    const minutes = isCall ? 10 : isMeeting ? 60 : undefined;
    const activity: ActivityRow = {
      id: ctx.idOf(isCall ? 'Calls' : isMeeting ? 'Meetings' : 'Tasks', item.key),
      date_entered: at,
      date_modified: at,
      created_by: ownerId,
      modified_user_id: ownerId,
      deleted: false,
      name: item.subject,
      status: isCall || isMeeting ? 'Held' : 'Completed',
      parent_type: 'Leads',
      parent_id: id,
      assigned_user_id: ownerId,
      team_id: teamId,
      date_start: at,
      date_end: minutes === undefined ? undefined : at + minutes * 60_000,
      date_due: minutes === undefined ? at : undefined,
      duration_hours: minutes === undefined ? undefined : Math.floor(minutes / 60),
      duration_minutes: minutes === undefined ? undefined : minutes % 60,
      direction: isCall ? 'Inbound' : undefined,
      priority: minutes === undefined ? 'Medium' : undefined,
      type: isMeeting ? 'Sugar' : undefined,
    };
    (isCall ? rows.Calls : isMeeting ? rows.Meetings : rows.Tasks).push(activity);
  }

  // the owner's own work: calls tried (Not Held) or held (Outbound, with the time spent), meetings held or still planned
  for (const item of lead.salesActivities) {
    if (item.type === 'email') continue;
    const at = ms(item.occurredAt);
    const isMeeting = item.type === 'meeting' || item.type === 'scheduled_meeting';
    // duration_minutes takes 0, 15, 30 or 45 (the Calls/Meetings vardefs' options)
    const minutes = Math.max(isMeeting ? 30 : 0, Math.round((item.durationSeconds ?? 0) / 900) * 15);
    const stamp = item.type === 'scheduled_meeting' ? ms(lead.modifiedAt) : at;
    (isMeeting ? rows.Meetings : rows.Calls).push({
      id: ctx.idOf(isMeeting ? 'Meetings' : 'Calls', item.key),
      date_entered: stamp,
      date_modified: stamp,
      created_by: ownerId,
      modified_user_id: ownerId,
      deleted: false,
      name: item.subject,
      status: item.type === 'call_attempt' ? 'Not Held' : item.type === 'scheduled_meeting' ? 'Planned' : 'Held',
      parent_type: 'Leads',
      parent_id: id,
      assigned_user_id: ownerId,
      team_id: teamId,
      date_start: at,
      date_end: at + minutes * 60_000,
      date_due: undefined,
      duration_hours: Math.floor(minutes / 60),
      duration_minutes: minutes % 60,
      direction: isMeeting ? undefined : 'Outbound',
      priority: undefined,
      type: isMeeting ? 'Sugar' : undefined,
    });
  }

  lead.campaignResponses.forEach((response, index) => {
    const campaignId = ctx.campaignIds.get(response.campaignKey)!;
    if (index === 0) row.campaign_id = campaignId;
    const entry = (type: string, iso: string) => {
      const at = ms(iso);
      rows.CampaignLog.push({
        id: ctx.idOf('campaignlog', `${lead.key}:${index}:${type}`),
        date_entered: at,
        date_modified: at,
        created_by: ctx.creatorId,
        modified_user_id: ctx.creatorId,
        deleted: false,
        campaign_id: campaignId,
        target_id: id,
        target_type: 'Leads',
        target_tracker_key: ctx.idOf('tracker', `${lead.key}:${index}`),
        activity_type: type,
        activity_date: at,
        archived: false,
        hits: type === 'targeted' ? 0 : 1,
      });
    };
    entry('targeted', response.addedAt);
    if (response.respondedAt) entry('link', response.respondedAt);
  });

  const conversion = lead.conversion;
  if (conversion) {
    const at = ms(conversion.convertedAt);
    let accountId = ctx.accountIds.get(conversion.accountKey);
    if (!accountId) {
      accountId = ctx.idOf('account', conversion.accountKey);
      if (!ctx.newAccounts.has(accountId)) {
        ctx.newAccounts.add(accountId);
        rows.Accounts.push({
          ...base(accountId, at, ownerId),
          name: lead.company ?? `${lead.lastName} (converted)`,
          website: lead.website ?? undefined,
          assigned_user_id: ownerId,
          team_id: teamId,
        });
      }
    }
    const contactId = ctx.idOf('contact', conversion.contactKey);
    rows.Contacts.push({
      ...base(contactId, at, ownerId),
      first_name: row.first_name,
      last_name: row.last_name,
      title: row.title,
      phone_work: row.phone_work,
      phone_mobile: row.phone_mobile,
      email: row.email,
      primary_address_city: row.primary_address_city,
      primary_address_state: row.primary_address_state,
      primary_address_country: row.primary_address_country,
      lead_source: row.lead_source,
      account_id: accountId,
      assigned_user_id: ownerId,
      team_id: teamId,
    });
    row.contact_id = contactId;
    row.account_id = accountId;
    const opportunity = conversion.opportunity;
    if (opportunity) {
      const opportunityId = ctx.idOf('opportunity', opportunity.key);
      const closedAt = opportunity.isClosed
        ? Date.parse(`${opportunity.closeDate}T17:00:00Z`)
        : ms(opportunity.createdAt);
      rows.Opportunities.push({
        ...base(opportunityId, ms(opportunity.createdAt), ownerId, closedAt),
        name: opportunity.name,
        amount: opportunity.amount,
        amount_usdollar: opportunity.currency === 'USD' ? opportunity.amount : undefined,
        currency_id: opportunity.currency === 'USD' ? '-99' : ctx.idOf('currency', 'EUR'),
        account_id: accountId,
        sales_stage: opportunity.stage,
        sales_status: opportunity.isClosed ? opportunity.stage : 'In Progress',
        probability: PROBABILITY[opportunity.stage],
        date_closed: opportunity.closeDate,
        lead_source: row.lead_source,
        campaign_id: row.campaign_id,
        description: opportunity.lossReason ?? undefined,
        assigned_user_id: ownerId,
        team_id: teamId,
      });
      row.opportunity_id = opportunityId;
      row.opportunity_name = opportunity.name;
      row.opportunity_amount = String(opportunity.amount);
    }
  }
  rows.Leads.push(row);
}
