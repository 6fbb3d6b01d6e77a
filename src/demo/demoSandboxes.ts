import { connectSalesforce } from '../../connectors/salesforce/connectSalesforce';
import { startSalesforceSandbox, startSugarSandbox } from '../sandbox';
import { connectSugar } from '../../connectors/sugarcrm/connectSugar';
import type { CrmKind } from '../domain/lead';

/** A sandbox CRM the demo drives: how to connect to it and how to act as a rep in it. */
export interface DemoSandbox {
  crm: CrmKind;
  orgName: string;
  url: string;
  connect(): Promise<{ credentials: unknown; instanceUrl: string; externalOrgId?: string; userId: string }>;
  /** What an admin does by hand before leadloop's setup (e.g. install a package). */
  prepareByHand(): string[];
  rep: {
    accept(leadId: string): void;
    convert(leadId: string, outcome: 'won' | 'lost', amount: number): void;
    /** Returns the lead to marketing with one of the return reasons (connectors/salesforce/returnReasonField.ts). */
    recycle(leadId: string, reason: string): void;
  };
  apiCalls(): number;
  close(): Promise<void>;
}

/** What both sandboxes' rep actions offer: the demo's rep plays the same part in either CRM. */
interface SandboxRep<Status extends string> {
  setStatus(leadId: string, status: Status, reason?: string): unknown;
  convert(leadId: string, options: { opportunity: { amount: number } }): { opportunityId?: string | null };
  winOpportunity(opportunityId: string, amount?: number): unknown;
  loseOpportunity(opportunityId: string, reason?: string): unknown;
}

function demoRep<Status extends string>(
  rep: SandboxRep<Status>,
  statuses: { accepted: Status; recycled: Status },
): DemoSandbox['rep'] {
  return {
    accept: (id) => void rep.setStatus(id, statuses.accepted),
    convert(id, outcome, amount) {
      const { opportunityId } = rep.convert(id, { opportunity: { amount } });
      if (!opportunityId) return;
      if (outcome === 'won') rep.winOpportunity(opportunityId, amount);
      else rep.loseOpportunity(opportunityId, 'Chose a competitor / Eligió a la competencia');
    },
    recycle: (id, reason) => void rep.setStatus(id, statuses.recycled, reason),
  };
}

export async function startSugarDemo(leads: number, seed: number): Promise<DemoSandbox> {
  const sandbox = await startSugarSandbox({ leads, seed });
  const c = sandbox.credentials;
  return {
    crm: 'sugarcrm',
    orgName: 'demo-sugarcrm',
    url: sandbox.url,
    connect: () =>
      connectSugar({
        url: sandbox.url,
        username: c.username,
        password: c.password,
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        platform: c.platform,
      }),
    prepareByHand() {
      sandbox.store.installLeadloopPackage();
      return ['installed the leadloop Module Loadable Package (connectors/sugarcrm) in Admin → Module Loader'];
    },
    rep: demoRep(sandbox.rep, { accepted: 'In Process', recycled: 'Recycled' }),
    apiCalls: () => sandbox.calls.total,
    close: () => sandbox.close(),
  };
}

export async function startSalesforceDemo(leads: number, seed: number): Promise<DemoSandbox> {
  const sandbox = await startSalesforceSandbox({ leads, seed });
  const c = sandbox.credentials;
  return {
    crm: 'salesforce',
    orgName: 'demo-salesforce',
    url: sandbox.url,
    connect: () =>
      connectSalesforce({
        flow: 'password',
        loginUrl: sandbox.url,
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        username: c.username,
        password: c.password,
      }),
    prepareByHand: () => [],
    // a standard org has no "Recycled" Lead Status: the rep picks a LeadLoop Return Reason (created by setup)
    rep: {
      ...demoRep(sandbox.rep, { accepted: 'Working - Contacted', recycled: 'Closed - Not Converted' }),
      recycle: (id, reason) => void sandbox.rep.returnLead(id, reason),
    },
    apiCalls: () => sandbox.calls.total,
    close: () => sandbox.close(),
  };
}
