import { connectSalesforce } from '../../connectors/salesforce/connectSalesforce';
import { startSalesforceSandbox } from '../sandbox/salesforce/startSalesforceSandbox';
import { connectSugar } from '../../connectors/sugarcrm/connectSugar';
import type { CrmKind } from '../domain/lead';
import { startSugarSandbox } from '../sandbox/sugarcrm/startSugarSandbox';

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
    recycle(leadId: string, reason: string): void;
  };
  apiCalls(): number;
  close(): Promise<void>;
}

export async function startSugarDemo(leads: number, seed: number): Promise<DemoSandbox> {
  const sandbox = await startSugarSandbox({ leads, seed });
  const c = sandbox.credentials;
  return {
    crm: 'sugarcrm',
    orgName: 'demo-sugarcrm',
    url: sandbox.url,
    connect: () => connectSugar({ url: sandbox.url, username: c.username, password: c.password, clientId: c.clientId, clientSecret: c.clientSecret, platform: c.platform }),
    prepareByHand() {
      sandbox.store.installLeadloopPackage();
      return ['installed the leadloop Module Loadable Package (connectors/sugarcrm) in Admin → Module Loader'];
    },
    rep: {
      accept: (id) => void sandbox.rep.setStatus(id, 'In Process'),
      convert(id, outcome, amount) {
        const { opportunityId } = sandbox.rep.convert(id, { opportunity: { amount } });
        if (!opportunityId) return;
        if (outcome === 'won') sandbox.rep.winOpportunity(opportunityId, amount);
        else sandbox.rep.loseOpportunity(opportunityId, 'Chose a competitor / Eligió a la competencia');
      },
      recycle: (id, reason) => void sandbox.rep.setStatus(id, 'Recycled', reason),
    },
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
    connect: () => connectSalesforce({ flow: 'password', loginUrl: sandbox.url, clientId: c.clientId, clientSecret: c.clientSecret, username: c.username, password: c.password }),
    prepareByHand: () => [],
    rep: {
      accept: (id) => void sandbox.rep.setStatus(id, 'Working - Contacted'),
      convert(id, outcome, amount) {
        const { opportunityId } = sandbox.rep.convert(id, { opportunity: { amount } });
        if (!opportunityId) return;
        if (outcome === 'won') sandbox.rep.winOpportunity(opportunityId, amount);
        else sandbox.rep.loseOpportunity(opportunityId, 'Chose a competitor / Eligió a la competencia');
      },
      recycle: (id, reason) => void sandbox.rep.setStatus(id, 'Recycled', reason),
    },
    apiCalls: () => sandbox.calls.total,
    close: () => sandbox.close(),
  };
}
