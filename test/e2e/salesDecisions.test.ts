import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { definitionsDir } from '../../src/definition/loadDefinition';
import { mappingsDir } from '../../src/mapping/loadMapping';
import { startSalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { startSugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';
import { runCli } from '../helpers/runCli';

/** What the test needs from either CRM: the rep's actions and what leadloop wrote. */
interface Org {
  connect(env: NodeJS.ProcessEnv): Promise<void>;
  reps(): { id: string; email: string }[];
  /** Leads no rep has worked yet (the CRM's default open status). */
  untouchedLeadIds(): string[];
  /** Gives the lead what the shipped definition hands over at once: a strong profile and an inbound call today. */
  qualify(id: string): void;
  disqualify(id: string, reason: string): void;
  accept(id: string): void;
  recycle(id: string, reason: string): void;
  reopen(id: string): void;
  inboundCall(id: string): void;
  leadloopStatus(id: string): string | null;
  tasksOf(id: string): { owner: string; description: string }[];
  close(): Promise<void>;
}

const SEED = 31;
const LEADS = 250;

async function salesforce(): Promise<Org> {
  // an org whose admin added a Recycled status and a status-reason field (the sandbox's
  // `customized` shape; a standard org returns leads through LeadLoop_Return_Reason__c instead)
  const options = { leads: LEADS, seed: SEED, shape: 'customized' as const };
  const sandbox = await startSalesforceSandbox(options);
  const org: Org = {
    async connect(env) {
      const c = sandbox.credentials;
      expect(
        (
          await runCli(
            [
              'connect',
              'salesforce',
              '--name',
              'acme',
              '--login-url',
              sandbox.url,
              '--client-id',
              c.clientId,
              '--client-secret',
              c.clientSecret,
              '--username',
              c.username,
              '--password',
              c.password,
            ],
            env,
          )
        ).code,
      ).toBe(0);
      // this org's admin added Status_Reason__c: its mapping reads it (the shipped one leaves it commented out)
      const mapping = path.join(String(env['LEADLOOP_DATA_DIR']), 'customized-salesforce.yaml');
      fs.writeFileSync(
        mapping,
        `${fs.readFileSync(path.join(mappingsDir(), 'salesforce.yaml'), 'utf8')}\nstatusReasonField: Status_Reason__c\n`,
      );
      expect((await runCli(['orgs', 'set', 'acme', '--mapping', mapping], env)).code).toBe(0);
    },
    reps: () =>
      sandbox.store
        .scan('User')
        .filter((u) => u['IsActive'] === true && u['Id'] !== sandbox.apiUserId)
        .slice(0, 3)
        .map((u) => ({ id: String(u['Id']), email: String(u['Email']) })),
    untouchedLeadIds: () =>
      sandbox.store
        .scan('Lead')
        .filter((l) => l['IsConverted'] !== true && l['Status'] === 'Open - Not Contacted')
        .map((l) => String(l['Id'])),
    qualify(id) {
      const owner = String(sandbox.store.get('Lead', id)!['OwnerId']);
      sandbox.store.update(
        'Lead',
        id,
        {
          Title: 'Chief Executive Officer',
          Company: 'Northwind Traders',
          Email: `ceo.${id.slice(-5).toLowerCase()}@northwind-traders.co.uk`,
          Phone: '+44 20 7946 0958',
          Website: 'https://northwind-traders.co.uk',
          NumberOfEmployees: 500,
          Industry: 'Software',
          Country: 'United Kingdom',
          LeadSource: 'Web',
          HasOptedOutOfEmail: false,
        },
        owner,
      );
      org.inboundCall(id);
    },
    disqualify: (id, reason) => void sandbox.rep.setStatus(id, 'Closed - Not Converted', reason),
    accept: (id) => void sandbox.rep.setStatus(id, 'Working - Contacted'),
    recycle: (id, reason) => void sandbox.rep.setStatus(id, 'Recycled', reason),
    reopen: (id) => void sandbox.rep.setStatus(id, 'Open - Not Contacted'),
    inboundCall: (id) => {
      const owner = String(sandbox.store.get('Lead', id)!['OwnerId']);
      sandbox.store.insert(
        'Task',
        {
          WhoId: id,
          Subject: 'Call',
          Status: 'Completed',
          Priority: 'Normal',
          Type: 'Call',
          TaskSubtype: 'Call',
          CallType: 'Inbound',
          CompletedDateTime: new Date(sandbox.store.clock.now()).toISOString(),
          OwnerId: owner,
        },
        owner,
      );
    },
    leadloopStatus: (id) => (sandbox.store.get('Lead', id)!['LeadLoop_Status__c'] as string | null) ?? null,
    tasksOf: (id) =>
      sandbox.store
        .scan('Task')
        .filter((t) => t['WhoId'] === id && String(t['Description'] ?? '').includes('leadloop hand-over key: '))
        .map((t) => ({ owner: String(t['OwnerId']), description: String(t['Description']) })),
    close: () => sandbox.close(),
  };
  return org;
}

async function sugarcrm(): Promise<Org> {
  const sandbox = await startSugarSandbox({ leads: LEADS, seed: SEED, installLeadloopPackage: true });
  const leads = () => [...sandbox.store.table('Leads').all()].filter((l) => !l['deleted']);
  const org: Org = {
    async connect(env) {
      const c = sandbox.credentials;
      expect(
        (
          await runCli(
            [
              'connect',
              'sugarcrm',
              '--name',
              'acme',
              '--url',
              sandbox.url,
              '--username',
              c.username,
              '--password',
              c.password,
              '--platform',
              c.platform,
            ],
            env,
          )
        ).code,
      ).toBe(0);
    },
    reps: () =>
      [...sandbox.store.table('Users').all()]
        .filter((u) => u['status'] === 'Active' && u['id'] !== sandbox.apiUserId)
        .slice(0, 3)
        .map((u) => ({
          id: String(u['id']),
          email: String((u['email'] as { email_address: string }[])[0]!.email_address),
        })),
    untouchedLeadIds: () =>
      leads()
        .filter((l) => l['converted'] !== true && l['status'] === 'New')
        .map((l) => String(l['id'])),
    qualify(id) {
      const row = sandbox.store.get('Leads', id)!;
      sandbox.store.patch(
        'Leads',
        id,
        {
          title: 'Chief Executive Officer',
          account_name: 'Northwind Traders',
          phone_work: '+44 20 7946 0958',
          website: 'https://northwind-traders.co.uk',
          primary_address_country: 'United Kingdom',
          lead_source: 'Web',
          email_opt_out: false,
          email: [
            {
              email_address: `ceo.${id.slice(0, 5)}@northwind-traders.co.uk`,
              primary_address: true,
              reply_to_address: false,
              invalid_email: false,
              opt_out: false,
            },
          ],
        },
        String(row['assigned_user_id'] ?? sandbox.apiUserId),
      );
      org.inboundCall(id);
    },
    disqualify: (id, reason) => void sandbox.rep.setStatus(id, 'Dead', reason),
    accept: (id) => void sandbox.rep.setStatus(id, 'In Process'),
    recycle: (id, reason) => void sandbox.rep.setStatus(id, 'Recycled', reason),
    reopen: (id) => void sandbox.rep.setStatus(id, 'New'),
    inboundCall: (id) => void sandbox.rep.logCall(id, { direction: 'Inbound', status: 'Held' }),
    leadloopStatus: (id) => (sandbox.store.get('Leads', id)!['leadloop_status_c'] as string | null) ?? null,
    tasksOf: (id) =>
      [...sandbox.store.table('Tasks').all()]
        .filter((t) => t['parent_id'] === id)
        .map((t) => ({ owner: String(t['assigned_user_id']), description: String(t['description'] ?? '') })),
    close: () => sandbox.close(),
  };
  return org;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Both sandboxes stamp whole seconds and a run reads what is stamped before its start second. */
const tick = () => sleep(1100);
const COOL_OFF_MS = 4000;

async function prepare(org: Org): Promise<{ env: NodeJS.ProcessEnv; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-e2e-decisions-'));
  const env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off' };
  await org.connect(env);
  expect((await runCli(['setup', 'acme'], env)).code).toBe(0);
  const routing = `
teams:
  all:
    members:
${org
  .reps()
  .map((r) => `      - { user: ${r.email} }`)
  .join('\n')}
    hours: { timezone: Europe/Madrid, days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "23:59" }
    slaHours: 4
rules:
  - { name: Everyone, when: {}, assign: { roundRobin: all } }
`;
  fs.writeFileSync(path.join(dataDir, 'routing.yaml'), routing);
  expect((await runCli(['routing', 'acme', '--file', path.join(dataDir, 'routing.yaml')], env)).code).toBe(0);
  // the shipped definition with a cool-off of a few seconds, so the test can wait it out
  const yaml = fs
    .readFileSync(path.join(definitionsDir(), 'default.yaml'), 'utf8')
    .replace(/^status:\n/m, `status:\n  recycle: { coolOffDays: ${COOL_OFF_MS / 86_400_000} }\n`);
  fs.writeFileSync(path.join(dataDir, 'default.yaml'), yaml);
  expect((await runCli(['definition', 'save', path.join(dataDir, 'default.yaml'), '--activate'], env)).code).toBe(0);
  return { env, dataDir };
}

describe.each([
  ['Salesforce', salesforce],
  ['SugarCRM', sugarcrm],
] as const)('sales decisions stick in %s', (_name, start) => {
  let org: Org;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;
  /** Four leads that qualify at once; sales acts on the first three before leadloop's first sync, the fourth is the control. */
  let leads: string[];

  beforeAll(async () => {
    org = await start();
    ({ env, dataDir } = await prepare(org));
    leads = org.untouchedLeadIds().slice(0, 4);
    expect(leads).toHaveLength(4);
    for (const id of leads) org.qualify(id);
  }, 60_000);
  afterAll(async () => {
    await org.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const sync = async (...args: string[]) => {
    const run = await runCli(['sync', 'acme', ...args, '--json'], env);
    expect(run.json()).toMatchObject({ status: 'completed' });
    return run.json<{ counts: Record<string, number> }>();
  };
  const show = async (id: string) => (await runCli(['outcomes', 'show', 'acme', id], env)).stdout;

  it('the first sync respects what sales already decided: no MQL, no hand-over for a disqualified, accepted or returned lead', async () => {
    const [disqualified, accepted, returned] = leads;
    org.disqualify(disqualified!, 'Competitor');
    org.accept(accepted!);
    org.recycle(returned!, 'No budget this quarter');
    await tick();
    await sync('--full');
    expect(org.leadloopStatus(disqualified!)).toBe('disqualified');
    expect(org.leadloopStatus(accepted!)).toBe('sal');
    expect(org.leadloopStatus(returned!)).toBe('nurture');
    for (const id of [disqualified, accepted, returned]) expect(org.tasksOf(id!)).toEqual([]);
    // a lead sales has not touched is still handed over
    expect(org.leadloopStatus(leads[3]!)).toBe('mql');
    expect(org.tasksOf(leads[3]!)).toHaveLength(1);

    const history = await show(disqualified!);
    expect(history).toMatch(
      /Disqualified by sales \(Competitor\) on \S+; it stays disqualified until a rep reopens it\./,
    );
    expect(await show(returned!)).toMatch(
      /Returned to marketing \(No budget this quarter\) on \S+; new engagement counts from [\d-]+ [\d:]+ UTC\./,
    );
  });

  it('the decisions survive any number of syncs', async () => {
    const [disqualified, accepted, returned] = leads;
    for (const args of [[], [], ['--full'], []]) {
      await sync(...args);
      expect([org.leadloopStatus(disqualified!), org.leadloopStatus(accepted!), org.leadloopStatus(returned!)]).toEqual(
        ['disqualified', 'sal', 'nurture'],
      );
    }
    for (const id of [disqualified, accepted, returned]) expect(org.tasksOf(id!)).toEqual([]);
  });

  it('a disqualified lead a rep reopens is scored again and handed over', async () => {
    const [disqualified] = leads;
    org.reopen(disqualified!);
    await tick();
    await sync();
    expect(org.leadloopStatus(disqualified!)).toBe('mql');
    expect(org.tasksOf(disqualified!)).toHaveLength(1);
    expect(await show(disqualified!)).toMatch(/rep\s+reopened: status/);
  });

  it('a returned lead qualifies again only through engagement after its cool-off, and its task says it came back and why it left', async () => {
    const [, , returned] = leads;
    await sleep(COOL_OFF_MS);
    await sync();
    // the cool-off is over, but nothing new happened: still nurture
    expect(org.leadloopStatus(returned!)).toBe('nurture');
    org.inboundCall(returned!);
    await tick();
    await sync();
    expect(org.leadloopStatus(returned!)).toBe('mql');
    const tasks = org.tasksOf(returned!);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.description).toMatch(/came back|volvió/);
    expect(tasks[0]!.description).toContain('No budget this quarter');
  });
});
