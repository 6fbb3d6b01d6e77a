import type { SalesforceStore, SfRecord } from './createSalesforceStore';
import { formatDate } from './salesforceIds';

/** What a sales rep does in the org, for tests and the demo: each write advances SystemModstamp like a UI edit. */
export interface SalesforceRepActions {
  /** Sets a Lead Status the org's picklist holds; a reason goes to Status_Reason__c, which only a customized org has. */
  setStatus(leadId: string, status: string, reason?: string): SfRecord;
  /** Returns a lead to marketing by choosing a LeadLoop_Return_Reason__c value (the field `leadloop setup` creates). */
  returnLead(leadId: string, reason: string): SfRecord;
  convert(
    leadId: string,
    options?: { opportunity?: { amount: number; stage?: string; name?: string } | null },
  ): { lead: SfRecord; accountId: string; contactId: string; opportunityId: string | null };
  winOpportunity(opportunityId: string, amount?: number): SfRecord;
  loseOpportunity(opportunityId: string, reason?: string): SfRecord;
  /** Logs an outbound call on the lead (as its owner) and moves an untouched lead to Working - Contacted. */
  touch(leadId: string): SfRecord;
}

/** The picklist leadloop's setup creates on Lead (connectors/salesforce/returnReasonField.ts). */
const RETURN_REASON_FIELD = 'LeadLoop_Return_Reason__c';

export function createRepActions(store: SalesforceStore): SalesforceRepActions {
  const lead = (id: string): SfRecord => {
    const record = store.get('Lead', id);
    if (!record) throw new Error(`sandbox rep: no Lead ${id}`);
    if (record.IsConverted === true) throw new Error(`sandbox rep: Lead ${id} is converted`);
    return record;
  };
  const opportunity = (id: string): SfRecord => {
    const record = store.get('Opportunity', id);
    if (!record) throw new Error(`sandbox rep: no Opportunity ${id}`);
    return record;
  };
  const ownerOf = (record: SfRecord) => String(record.OwnerId);
  const today = () => formatDate(store.clock.now());
  return {
    setStatus: (id, status, reason) => {
      const picklist = store.object('Lead')!.fields.get('Status')!.picklistValues ?? [];
      if (!picklist.includes(status))
        throw new Error(`sandbox rep: this org's Lead Status has no value ${status} (it holds ${picklist.join(', ')})`);
      if (reason !== undefined && !store.object('Lead')!.fields.has('Status_Reason__c'))
        throw new Error('sandbox rep: this org has no Status_Reason__c (a standard org): return leads with returnLead');
      const record = lead(id);
      return store.update(
        'Lead',
        id,
        { Status: status, ...(reason !== undefined ? { Status_Reason__c: reason } : {}) },
        ownerOf(record),
      );
    },
    returnLead: (id, reason) => {
      const field = store.object('Lead')!.fields.get(RETURN_REASON_FIELD);
      if (!field)
        throw new Error(`sandbox rep: this org has no ${RETURN_REASON_FIELD} yet (\`leadloop setup\` creates it)`);
      if (field.picklistValues && !field.picklistValues.includes(reason))
        throw new Error(`sandbox rep: ${RETURN_REASON_FIELD} has no value ${reason}`);
      const record = lead(id);
      return store.update('Lead', id, { [RETURN_REASON_FIELD]: reason }, ownerOf(record));
    },
    convert: (id, options = {}) => {
      const record = lead(id);
      const owner = ownerOf(record);
      const accountId = store.insert(
        'Account',
        { Name: record.Company, Website: record.Website, Industry: record.Industry, OwnerId: owner },
        owner,
      ).Id;
      const contactId = store.insert(
        'Contact',
        {
          FirstName: record.FirstName,
          LastName: record.LastName,
          Email: record.Email,
          AccountId: accountId,
          OwnerId: owner,
        },
        owner,
      ).Id;
      const opp = options.opportunity === null ? null : (options.opportunity ?? { amount: 10_000 });
      const opportunityId = opp
        ? store.insert(
            'Opportunity',
            {
              Name: opp.name ?? `${String(record.Company)} -`,
              AccountId: accountId,
              Amount: opp.amount,
              StageName: opp.stage ?? 'Qualification',
              CloseDate: formatDate(store.clock.now() + 30 * 86_400_000),
              LeadSource: record.LeadSource,
              OwnerId: owner,
            },
            owner,
          ).Id
        : null;
      const updated = store.update(
        'Lead',
        id,
        {
          Status: 'Closed - Converted',
          IsConverted: true,
          ConvertedDate: today(),
          ConvertedAccountId: accountId,
          ConvertedContactId: contactId,
          ConvertedOpportunityId: opportunityId,
        },
        owner,
      );
      return { lead: updated, accountId, contactId, opportunityId };
    },
    winOpportunity: (id, amount) => {
      const record = opportunity(id);
      return store.update(
        'Opportunity',
        id,
        {
          StageName: 'Closed Won',
          CloseDate: today(),
          Probability: 100,
          ...(amount !== undefined ? { Amount: amount } : {}),
        },
        ownerOf(record),
      );
    },
    loseOpportunity: (id, reason) => {
      const record = opportunity(id);
      return store.update(
        'Opportunity',
        id,
        {
          StageName: 'Closed Lost',
          CloseDate: today(),
          Probability: 0,
          ...(reason !== undefined ? { Loss_Reason__c: reason } : {}),
        },
        ownerOf(record),
      );
    },
    touch: (id) => {
      const record = lead(id);
      const owner = ownerOf(record);
      store.insert(
        'Task',
        {
          WhoId: id,
          Subject: 'Call',
          Status: 'Completed',
          Priority: 'Normal',
          Type: 'Call',
          TaskSubtype: 'Call',
          CallType: 'Outbound',
          ActivityDate: today(),
          OwnerId: owner,
        },
        owner,
      );
      return store.update(
        'Lead',
        id,
        {
          LastActivityDate: today(),
          ...(record.Status === 'Open - Not Contacted' ? { Status: 'Working - Contacted' } : {}),
        },
        owner,
      );
    },
  };
}
