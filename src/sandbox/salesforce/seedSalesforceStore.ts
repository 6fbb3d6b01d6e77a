import type { SeedActivity, SeedData, SeedLead, SeedLeadStatus, SeedSalesActivity } from '../seed/seedTypes';
import type { SalesforceStore } from './createSalesforceStore';
import { formatDateTime } from './salesforceIds';

/** How the neutral seed statuses read in a customized Salesforce org (Recycled = returned to marketing). */
export const LEAD_STATUS_BY_SEED: Record<SeedLeadStatus, string> = {
  new: 'Open - Not Contacted',
  working: 'Working - Contacted',
  returned: 'Recycled',
  disqualified: 'Closed - Not Converted',
  converted: 'Closed - Converted',
};

/**
 * The same in a standard org, which has no "Recycled" and no field for the reason: a lead a
 * rep gave back before leadloop was installed sits closed as not converted.
 */
export const STANDARD_LEAD_STATUS_BY_SEED: Record<SeedLeadStatus, string> = {
  ...LEAD_STATUS_BY_SEED,
  returned: 'Closed - Not Converted',
};

/**
 * How the seed's activity reads in a stock org. The lead's inbound calls are Call Center
 * tasks (CallType Inbound, a duration). What a marketing tool saw the lead do (form fills,
 * downloads, e-mail opens) is a plain Task it logs with its own subject (TaskSubtype Task,
 * Type Other): an org reads those only through its mapping's `engagement.taskSubjects`.
 */
function taskShape(activity: SeedActivity): Record<string, unknown> {
  if (activity.type === 'inbound_call') {
    return {
      Type: 'Call',
      TaskSubtype: 'Call',
      CallType: 'Inbound',
      CallDurationInSeconds: fromKey(activity.key, 60, 900),
      CallDisposition: 'Connected',
    };
  }
  return { Type: 'Other', TaskSubtype: 'Task' };
}

/** A stable whole number in [min, max] from a key: a detail the seed does not draw (its draws stay as they are). */
function fromKey(key: string, min: number, max: number): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  return min + (h % (max - min + 1));
}

/** A rep's activity as Salesforce records it: e-mails and calls are Tasks, meetings are Events. */
function insertSalesActivity(
  store: SalesforceStore,
  lead: SeedLead,
  leadId: string,
  owner: string,
  activity: SeedSalesActivity,
): void {
  if (activity.type === 'meeting' || activity.type === 'scheduled_meeting') {
    // a meeting still ahead was booked at the lead's last change; a held one is stamped when it was held
    const booked = activity.type === 'meeting' ? activity.occurredAt : lead.modifiedAt;
    store.insert(
      'Event',
      {
        WhoId: leadId,
        Subject: activity.subject,
        Type: 'Meeting',
        StartDateTime: sfStamp(activity.occurredAt),
        DurationInMinutes: Math.round((activity.durationSeconds ?? 3600) / 60),
        IsAllDayEvent: false,
        OwnerId: owner,
        ...stamps(booked, booked),
      },
      owner,
    );
    return;
  }
  const call = activity.type !== 'email';
  store.insert(
    'Task',
    {
      WhoId: leadId,
      Subject: activity.subject,
      Status: 'Completed',
      Priority: 'Normal',
      ActivityDate: activity.occurredAt.slice(0, 10),
      ...(call
        ? {
            Type: 'Call',
            TaskSubtype: 'Call',
            CallType: 'Outbound',
            CallDurationInSeconds: activity.durationSeconds ?? 0,
            CallDisposition: activity.result,
          }
        : { Type: 'Email', TaskSubtype: 'Email' }),
      OwnerId: owner,
      CompletedDateTime: sfStamp(activity.occurredAt),
      ...stamps(activity.occurredAt, activity.occurredAt),
    },
    owner,
  );
}

const ms = (iso: string): number => Date.parse(iso);
/** Seed timestamps are whole-second UTC (`…:52Z`): rewritten as strings, no Date round trip (400k records at 100k leads). */
const sfStamp = (iso: string): string => iso.replace('Z', '.000+0000');
const stamps = (created: string, modified: string) => ({
  LastModifiedDate: sfStamp(modified),
  SystemModstamp: sfStamp(modified),
  CreatedDate: sfStamp(created),
});

/** Loads seed data into a store; returns the Salesforce ids of the seed's users and leads by key. */
export function seedSalesforceStore(
  store: SalesforceStore,
  seed: SeedData,
): { userIds: Map<string, string>; leadIds: string[] } {
  const userIds = new Map<string, string>();
  const teamNames = new Map(seed.teams.map((t) => [t.key, t.name]));
  const oldest = formatDateTime(ms(seed.now) - 4 * 365 * 86_400_000);
  for (const user of seed.users) {
    const created = ms(seed.now) - 3 * 365 * 86_400_000;
    const record = store.insert(
      'User',
      {
        Username: user.username,
        FirstName: user.firstName,
        LastName: user.lastName,
        Email: user.email,
        IsActive: user.isActive,
        TimeZoneSidKey: user.timeZone,
        LanguageLocaleKey: user.language === 'es' ? 'es' : 'en_US',
        Country: user.country,
        Department: user.teamKey ? teamNames.get(user.teamKey) : user.role === 'marketing' ? 'Marketing' : 'Operations',
        Title: {
          admin: 'Salesforce Administrator',
          marketing: 'Marketing Operations',
          sales_manager: 'Sales Manager',
          sales_rep: 'Account Executive',
        }[user.role],
        LastModifiedDate: oldest,
        SystemModstamp: oldest,
      },
      'system',
      created,
    );
    userIds.set(user.key, record.Id);
  }
  const adminId = userIds.get(seed.users[0]!.key)!;
  for (const record of store.scan('User')) {
    record.CreatedById = adminId;
    record.LastModifiedById = adminId;
  }
  const campaignIds = new Map<string, string>();
  for (const campaign of seed.campaigns) {
    const at = ms(`${campaign.startDate}T09:00:00Z`) - 14 * 86_400_000;
    const record = store.insert(
      'Campaign',
      {
        Name: campaign.name,
        Type: campaign.type,
        Status: campaign.isActive ? 'In Progress' : 'Completed',
        StartDate: campaign.startDate,
        IsActive: campaign.isActive,
        OwnerId: userIds.get('U02'),
      },
      adminId,
      at,
    );
    campaignIds.set(campaign.key, record.Id);
  }
  const accountIds = new Map<string, string>();
  for (const account of seed.accounts) {
    const owner = userIds.get(account.ownerKey)!;
    const record = store.insert(
      'Account',
      {
        Name: account.name,
        Website: account.website,
        Industry: account.industry,
        NumberOfEmployees: account.employees,
        BillingCountry: account.country,
        OwnerId: owner,
        ...stamps(account.createdAt, account.createdAt),
      },
      owner,
    );
    accountIds.set(account.key, record.Id);
  }
  const leadIds: string[] = [];
  const customized = store.object('Lead')!.fields.has('Status_Reason__c');
  const statuses = customized ? LEAD_STATUS_BY_SEED : STANDARD_LEAD_STATUS_BY_SEED;
  for (const lead of seed.leads())
    leadIds.push(insertLead(store, lead, { userIds, campaignIds, accountIds, statuses, customized }));
  return { userIds, leadIds };
}

interface InsertContext {
  userIds: Map<string, string>;
  campaignIds: Map<string, string>;
  accountIds: Map<string, string>;
  statuses: Record<SeedLeadStatus, string>;
  /** The org has Status_Reason__c and Opportunity Loss_Reason__c. */
  customized: boolean;
}

function insertLead(store: SalesforceStore, lead: SeedLead, ids: InsertContext): string {
  const owner = ids.userIds.get(lead.ownerKey)!;
  const conversion = lead.conversion;
  let converted: Record<string, unknown> = {};
  if (conversion) {
    const at = ms(conversion.convertedAt);
    let accountId = ids.accountIds.get(conversion.accountKey);
    if (!accountId) {
      accountId = store.insert(
        'Account',
        {
          Name: lead.company ?? `${lead.lastName} Household`,
          Website: lead.website,
          Industry: lead.industry,
          NumberOfEmployees: lead.employees,
          BillingCountry: lead.country,
          OwnerId: owner,
        },
        owner,
        at,
      ).Id;
      ids.accountIds.set(conversion.accountKey, accountId);
    }
    const contactId = store.insert(
      'Contact',
      { FirstName: lead.firstName, LastName: lead.lastName, Email: lead.email, AccountId: accountId, OwnerId: owner },
      owner,
      at,
    ).Id;
    const opportunity = conversion.opportunity;
    const opportunityId = opportunity
      ? store.insert(
          'Opportunity',
          {
            Name: opportunity.name,
            AccountId: accountId,
            Amount: opportunity.amount,
            StageName: opportunity.stage,
            CloseDate: opportunity.closeDate,
            LeadSource: lead.leadSource,
            OwnerId: owner,
            ...(ids.customized ? { Loss_Reason__c: opportunity.lossReason } : {}),
            ...(opportunity.isClosed ? stamps(opportunity.createdAt, `${opportunity.closeDate}T17:00:00Z`) : {}),
          },
          owner,
          at,
        ).Id
      : null;
    converted = {
      IsConverted: true,
      ConvertedDate: conversion.convertedAt.slice(0, 10),
      ConvertedAccountId: accountId,
      ConvertedContactId: contactId,
      ConvertedOpportunityId: opportunityId,
    };
  }
  const record = store.insert(
    'Lead',
    {
      FirstName: lead.firstName,
      LastName: lead.lastName,
      Title: lead.title,
      Company: lead.company ?? '[not provided]',
      City: lead.city,
      State: lead.state,
      Country: lead.country,
      Phone: lead.phone,
      MobilePhone: lead.mobile,
      Email: lead.email,
      Website: lead.website,
      LeadSource: lead.leadSource,
      Status: ids.statuses[lead.status],
      ...(ids.customized ? { Status_Reason__c: lead.statusReason } : {}),
      Industry: lead.industry,
      AnnualRevenue: lead.annualRevenue,
      NumberOfEmployees: lead.employees,
      OwnerId: owner,
      IsConverted: false,
      HasOptedOutOfEmail: lead.hasOptedOutOfEmail,
      DoNotCall: false,
      LastActivityDate:
        lead.activities.length > 0 ? lead.activities[lead.activities.length - 1]!.occurredAt.slice(0, 10) : null,
      ...converted,
      ...stamps(lead.createdAt, lead.modifiedAt),
    },
    owner,
  );
  if (lead.statusChangedAt) {
    store.insert(
      'LeadHistory',
      {
        LeadId: record.Id,
        Field: 'Status',
        OldValue: 'Open - Not Contacted',
        NewValue: ids.statuses[lead.status],
        ...stamps(lead.statusChangedAt, lead.statusChangedAt),
      },
      owner,
    );
  }
  for (const activity of lead.activities) {
    store.insert(
      'Task',
      {
        WhoId: record.Id,
        Subject: activity.subject,
        Status: 'Completed',
        Priority: 'Normal',
        ActivityDate: activity.occurredAt.slice(0, 10),
        ...taskShape(activity),
        OwnerId: owner,
        CompletedDateTime: sfStamp(activity.occurredAt),
        ...stamps(activity.occurredAt, activity.occurredAt),
      },
      owner,
    );
  }
  for (const activity of lead.salesActivities) insertSalesActivity(store, lead, record.Id, owner, activity);
  for (const response of lead.campaignResponses) {
    store.insert(
      'CampaignMember',
      {
        CampaignId: ids.campaignIds.get(response.campaignKey),
        LeadId: record.Id,
        Status: response.status,
        FirstRespondedDate: response.respondedAt?.slice(0, 10) ?? null,
        ...stamps(response.addedAt, response.respondedAt ?? response.addedAt),
      },
      owner,
    );
  }
  return record.Id;
}
