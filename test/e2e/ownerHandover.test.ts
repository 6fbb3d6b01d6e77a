import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localTime } from '../../src/routing/businessHours';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { startSugarSandbox, type SugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';
import { parseSugarDateTime } from '../../src/sandbox/sugarcrm/sugarTime';
import { openDatabase } from '../../src/store/openDatabase';
import { runCli } from '../helpers/runCli';

jest.setTimeout(180_000);

interface Handover {
  routing: string;
  hint?: string;
  unassigned: number;
  unassignedWhy?: Record<string, number>;
}
interface SyncJson {
  status: string;
  counts: Record<string, number>;
  handover?: Handover;
}

/** A queue's id: Salesforce Group ids start with 00G (https://help.salesforce.com/s/articleView?id=000385203&type=1). */
const QUEUE_ID = '00G5g00000QueueEAA';
const TZ = 'Europe/Madrid';

/** The default SLA: Monday to Friday, 09:00–18:00 in the org's time zone. */
function inBusinessHours(iso: string): boolean {
  const l = localTime(Date.parse(iso), TZ);
  const weekday = new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay();
  const minutes = l.hour * 60 + l.minute;
  return weekday >= 1 && weekday <= 5 && minutes > 9 * 60 && minutes <= 18 * 60;
}

/** The sandboxes stamp whole seconds and a run reads what is stamped before its start second. */
const afterStampedSecond = () => new Promise((resolve) => setTimeout(resolve, 1100));

async function mqlIds(dataDir: string): Promise<string[]> {
  const db = await openDatabase({ dataDir });
  try {
    const { rows } = await db.query<{ external_id: string }>(
      `SELECT external_id FROM leads WHERE status = 'mql' ORDER BY external_id`,
    );
    return rows.map((r) => r.external_id);
  } finally {
    await db.close();
  }
}

/** With no routing file an MQL stays with its CRM owner when that owner is an active user: default SLA and one task. */
describe('hand-over without a routing file (Salesforce)', () => {
  let sandbox: SalesforceSandbox;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ leads: 400, seed: 37 });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-e2e-owner-sf-'));
    env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off' };
    const c = sandbox.credentials;
    expect(
      (
        await runCli(
          [
            'connect',
            'salesforce',
            '--name',
            'acme',
            '--timezone',
            TZ,
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
    expect((await runCli(['setup', 'acme'], env)).code).toBe(0);
    // twelve open leads become hand-raisers with a strong profile (an inbound call today):
    // four sit in a queue, four with a rep who has left, four with an active rep
    const users = sandbox.store.scan('User');
    const inactive = String(users.find((u) => u['IsActive'] === false)!['Id']);
    const active = String(users.find((u) => u['IsActive'] === true && u['Id'] !== sandbox.apiUserId)!['Id']);
    const today = new Date().toISOString().slice(0, 10);
    sandbox.store
      .scan('Lead')
      .filter((l) => l['IsConverted'] !== true)
      .slice(0, 12)
      .forEach((l, i) => {
        const id = String(l['Id']);
        const owner = i % 3 === 0 ? QUEUE_ID : i % 3 === 1 ? inactive : active;
        sandbox.store.update(
          'Lead',
          id,
          {
            Status: 'Open - Not Contacted',
            Title: 'Chief Executive Officer',
            NumberOfEmployees: 500,
            Industry: 'Software',
            Country: 'US',
            LeadSource: 'Web',
            Email: `ceo${i}@northwind-${i}.com`,
            Phone: '+1 415 555 0100',
            Website: `https://northwind-${i}.com`,
            OwnerId: owner,
          },
          sandbox.apiUserId,
        );
        sandbox.store.insert(
          'Task',
          {
            WhoId: id,
            Subject: 'Inbound call',
            Status: 'Completed',
            Priority: 'Normal',
            Type: 'Call',
            TaskSubtype: 'Call',
            CallType: 'Inbound',
            CallDurationInSeconds: 420,
            ActivityDate: today,
            OwnerId: active,
          },
          active,
        );
      });
    await afterStampedSecond();
  });
  afterAll(async () => {
    await sandbox.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps active owners with one task and the default SLA, leaves queue and inactive owners unassigned, and says how to attach routing', async () => {
    const ownersBefore = new Map(sandbox.store.scan('Lead').map((l) => [String(l['Id']), String(l['OwnerId'])]));
    const sync = await runCli(['sync', 'acme', '--full', '--json'], env);
    expect(sync.code).toBe(0);
    const summary = sync.json<SyncJson>();
    const mqls = await mqlIds(dataDir);
    expect(mqls.length).toBeGreaterThanOrEqual(12);

    const activeUsers = new Set(
      sandbox.store
        .scan('User')
        .filter((u) => u['IsActive'] === true)
        .map((u) => String(u['Id'])),
    );
    const kept = mqls.filter((id) => activeUsers.has(ownersBefore.get(id)!));
    const queued = mqls.filter((id) => ownersBefore.get(id) === QUEUE_ID);
    const inactive = mqls.length - kept.length - queued.length;
    expect(kept.length).toBeGreaterThan(0);
    expect(queued.length).toBeGreaterThan(0);
    expect(summary.handover).toEqual(
      expect.objectContaining({
        routing: 'not configured',
        unassigned: queued.length + inactive,
        unassignedWhy: {
          ...(queued.length ? { 'queue or not a user': queued.length } : {}),
          ...(inactive ? { 'inactive user': inactive } : {}),
        },
      }),
    );
    expect(summary.counts['handovers']).toBe(kept.length);
    expect(summary.counts['assigned']).toBe(0);

    const tasks = sandbox.store.scan('Task').filter((t) => String(t['Subject']).startsWith('leadloop:'));
    expect(tasks.map((t) => String(t['WhoId'])).sort()).toEqual([...kept].sort());
    for (const task of tasks) expect(task['OwnerId']).toBe(ownersBefore.get(String(task['WhoId'])));
    for (const lead of sandbox.store.scan('Lead')) {
      const id = String(lead['Id']);
      expect(lead['OwnerId']).toBe(ownersBefore.get(id));
      if (kept.includes(id)) expect(inBusinessHours(String(lead['LeadLoop_SLA_Due__c']))).toBe(true);
      else if (mqls.includes(id)) expect(lead['LeadLoop_SLA_Due__c'] ?? null).toBeNull();
    }

    // the next run hands nothing over again; the output says routing is not configured and how to attach it
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await runCli(['sync', 'acme'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('routing is not configured for acme');
    expect(again.stdout).toContain('`leadloop orgs set acme --routing FILE`');
    expect(sandbox.store.scan('Task').filter((t) => String(t['Subject']).startsWith('leadloop:'))).toHaveLength(
      tasks.length,
    );
  });
});

describe('hand-over without a routing file (SugarCRM)', () => {
  let sandbox: SugarSandbox;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;

  beforeAll(async () => {
    sandbox = await startSugarSandbox({ leads: 400, seed: 41, installLeadloopPackage: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-e2e-owner-sugar-'));
    env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off' };
    const c = sandbox.credentials;
    expect(
      (
        await runCli(
          [
            'connect',
            'sugarcrm',
            '--name',
            'acme',
            '--timezone',
            TZ,
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
    // twelve open leads become hand-raisers with a strong profile: a third with a rep who has
    // left, a third with a user id the CRM does not list, a third with an active rep
    const users = [...sandbox.store.table('Users').all()];
    const inactive = String(users.find((u) => u['status'] === 'Inactive')!['id']);
    const active = String(users.find((u) => u['status'] === 'Active' && u['id'] !== sandbox.apiUserId)!['id']);
    [...sandbox.store.table('Leads').all()]
      .filter((l) => !l['converted'])
      .slice(0, 12)
      .forEach((l, i) => {
        const id = String(l['id']);
        const owner = i % 3 === 0 ? 'f0e1d2c3-0000-4000-8000-000000000000' : i % 3 === 1 ? inactive : active;
        sandbox.store.patch(
          'Leads',
          id,
          {
            status: 'New',
            title: 'CEO',
            primary_address_country: 'US',
            lead_source: 'Web Site',
            email1: `ceo${i}@northwind-${i}.com`,
            phone_work: '+1 415 555 0100',
            website: `https://northwind-${i}.com`,
            assigned_user_id: owner,
          },
          sandbox.apiUserId,
        );
        sandbox.rep.logCall(id, { direction: 'Inbound', status: 'Held', subject: 'Inbound call' });
      });
    await afterStampedSecond();
  });
  afterAll(async () => {
    await sandbox.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps active owners with one task due in business hours and leaves inactive owners unassigned', async () => {
    const ownersBefore = new Map(
      [...sandbox.store.table('Leads').all()].map((l) => [String(l['id']), String(l['assigned_user_id'])]),
    );
    const summary = (await runCli(['sync', 'acme', '--full', '--json'], env)).json<SyncJson>();
    expect(summary.status).toBe('completed');
    const mqls = await mqlIds(dataDir);
    const active = new Set(
      [...sandbox.store.table('Users').all()].filter((u) => u['status'] === 'Active').map((u) => String(u['id'])),
    );
    // not every one qualifies (the seed may mark a lead opted out, or lacking a required field): enough of each kind do
    const kept = mqls.filter((id) => active.has(ownersBefore.get(id)!));
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(mqls.length - kept.length).toBeGreaterThanOrEqual(1);
    expect(summary.handover).toMatchObject({ routing: 'not configured', unassigned: mqls.length - kept.length });

    const tasks = [...sandbox.store.table('Tasks').all()].filter((t) => String(t['name']).startsWith('leadloop:'));
    expect(tasks.map((t) => String(t['parent_id'])).sort()).toEqual([...kept].sort());
    for (const task of tasks) {
      expect(task['assigned_user_id']).toBe(ownersBefore.get(String(task['parent_id'])));
      // the sandbox keeps datetimes as epoch ms, as Sugar's database keeps them in UTC
      expect(
        inBusinessHours(
          new Date(
            typeof task['date_due'] === 'number' ? task['date_due'] : parseSugarDateTime(task['date_due'])!,
          ).toISOString(),
        ),
      ).toBe(true);
    }
  });
});
