import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { runCli } from '../helpers/runCli';

/** Routing end to end: rules, weighted round-robin, one task per hand-over, SLA escalation. */
describe('routing, hand-over and SLA against the Salesforce sandbox', () => {
  let sandbox: SalesforceSandbox;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;
  let reps: { id: string; email: string }[];
  let hook: http.Server;
  const posts: string[] = [];
  let campaignId: string;

  beforeAll(async () => {
    // a stock org's leads engage through calls, meetings and campaign responses only: a few thousand give a handful of MQLs
    sandbox = await startSalesforceSandbox({ leads: 4000, seed: 23 });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-e2e-routing-'));
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
    const users = sandbox.store.scan('User').filter((u) => u['IsActive'] === true && u['Id'] !== sandbox.apiUserId);
    reps = users.slice(0, 3).map((u) => ({ id: String(u['Id']), email: String(u['Email']) }));
    const inactive = sandbox.store.scan('User').find((u) => u['IsActive'] === false)!;
    campaignId = sandbox.store.insert(
      'Campaign',
      { Name: 'Nurture — returned by sales', IsActive: true, Status: 'In Progress' },
      sandbox.apiUserId,
    ).Id;
    hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        posts.push(String((JSON.parse(body) as { text: string }).text));
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/sales-secret`;
    // always open, a one-second SLA: the next run finds every untouched MQL overdue
    const routing = `
teams:
  all:
    members:
      - { user: ${reps[0]!.email}, capacity: 2 }
      - { user: ${reps[1]!.email} }
      - { user: ${reps[2]!.id} }
      - { user: ${String(inactive['Email'])}, capacity: 5 }
    hours: { timezone: Europe/Madrid, days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "23:59" }
    slaHours: 0.0003
rules:
  - { name: Everyone, when: {}, assign: { roundRobin: all } }
escalation: { action: reassign }
notifications: { webhookUrl: "${hookUrl}" }
recycle: { campaign: ${campaignId} }
`;
    fs.writeFileSync(path.join(dataDir, 'routing.yaml'), routing);
    const attached = await runCli(['routing', 'acme', '--file', path.join(dataDir, 'routing.yaml'), '--json'], env);
    expect(attached.json()).toMatchObject({ teams: ['all'], rules: ['Everyone'] });
  }, 120_000);
  afterAll(async () => {
    await new Promise((resolve) => hook.close(resolve));
    await sandbox.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const handoverTasks = () =>
    sandbox.store.scan('Task').filter((t) => String(t['Description'] ?? '').includes('leadloop hand-over key: '));

  it('gives each new MQL an owner by weighted round-robin and one task, then escalates untouched ones past the SLA', async () => {
    const first = await runCli(['sync', 'acme', '--full', '--json'], env);
    const summary = first.json<{ status: string; counts: Record<string, number> }>();
    expect(summary.status).toBe('completed');
    const handed = summary.counts['handovers']!;
    expect(handed).toBeGreaterThanOrEqual(4);
    const tasks = handoverTasks();
    expect(tasks).toHaveLength(handed);
    // owners written with assignment rules off, shares by capacity 2:1:1, never the inactive rep
    const owners = new Map<string, number>();
    for (const t of tasks) {
      const lead = sandbox.store.get('Lead', String(t['WhoId']))!;
      expect(lead['OwnerId']).toBe(t['OwnerId']);
      expect(lead['LeadLoop_SLA_Due__c']).toEqual(expect.any(String));
      owners.set(String(t['OwnerId']), (owners.get(String(t['OwnerId'])) ?? 0) + 1);
    }
    expect([...owners.keys()].every((id) => reps.some((r) => r.id === id))).toBe(true);
    expect(owners.get(reps[0]!.id)).toBe(Math.max(...owners.values()));
    // in the rep's CRM language, the deadline in the rep's time zone, with a link to the lead
    for (const t of tasks) {
      const rep = sandbox.store.get('User', String(t['OwnerId']))!;
      const description = String(t['Description']);
      const spanish = String(rep['LanguageLocaleKey']).startsWith('es');
      expect(String(t['Subject'])).toMatch(
        spanish
          ? /^leadloop: contactar a .* — perfil [AB], puntuación \d+$/
          : /^leadloop: follow up .* — grade [AB], score \d+$/,
      );
      expect(description).toContain(
        spanish ? 'Por qué califica (motivos principales):' : 'Why it qualified (top reasons):',
      );
      expect(description).not.toContain(spanish ? 'Why it qualified' : 'Por qué califica');
      expect(description).toMatch(new RegExp(`\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} ${String(rep['TimeZoneSidKey'])}`));
      expect(description).toContain(`/lightning/r/Lead/${String(t['WhoId'])}/view`);
    }

    await new Promise((resolve) => setTimeout(resolve, 1500));
    const second = await runCli(['sync', 'acme', '--json'], env);
    const escalated = second.json<{ status: string; sla: { breaches: number; reassigned: number } }>();
    expect(escalated.status).toBe('completed');
    expect(escalated.sla.breaches).toBe(handed);
    expect(escalated.sla.reassigned).toBe(handed);
    const after = handoverTasks();
    expect(after).toHaveLength(2 * handed);
    for (const t of after.filter((x) => !tasks.includes(x))) {
      const previous = tasks.find((x) => x['WhoId'] === t['WhoId'])!;
      expect(t['OwnerId']).not.toBe(previous['OwnerId']);
      expect(sandbox.store.get('Lead', String(t['WhoId']))!['OwnerId']).toBe(t['OwnerId']);
    }

    const report = await runCli(['routing', 'acme', '--json'], env);
    const body = report.json<{
      assignments: { leads: number; bySla: number }[];
      breaches: { total: number; reassigned: number };
    }>();
    expect(body.breaches).toMatchObject({ total: handed, reassigned: handed });
    expect(body.assignments.reduce((n, a) => n + a.leads, 0)).toBe(2 * handed);
    expect(body.assignments.reduce((n, a) => n + a.bySla, 0)).toBe(handed);

    // one webhook message per hand-over of the first run, none again; a standard org holds no
    // earlier return (no "Recycled" status, no return reason before setup): nobody joined the nurture campaign
    const members = sandbox.store
      .scan('CampaignMember')
      .filter((m) => m['CampaignId'] === campaignId)
      .map((m) => String(m['LeadId']));
    expect(members).toEqual([]);
    expect(summary).toMatchObject({ notifications: { sent: handed + members.length, failed: 0 } });
    expect(posts).toHaveLength(handed);
    expect(second.stdout).not.toContain('sales-secret');
    expect(second.stderr).not.toContain('sales-secret');
  });

  it('puts a lead the rep returns to marketing into the nurture campaign once and clears its SLA deadline in the CRM', async () => {
    const task = handoverTasks().at(-1)!;
    const leadId = String(task['WhoId']);
    const members = () =>
      sandbox.store
        .scan('CampaignMember')
        .filter((m) => m['CampaignId'] === campaignId)
        .map((m) => String(m['LeadId']));
    const before = members();
    expect(before).not.toContain(leadId);
    expect(sandbox.store.get('Lead', leadId)!['LeadLoop_SLA_Due__c']).toEqual(expect.any(String));
    // a standard org: the rep returns it through the field setup created
    sandbox.rep.returnLead(leadId, 'No budget');
    // the sandbox stamps whole seconds and a run reads what is stamped before its start second
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const run = await runCli(['sync', 'acme', '--json'], env);
    expect(run.json()).toMatchObject({ status: 'completed', notifications: { sent: 1, failed: 0 } });
    expect(members()).toEqual([...before, leadId]);
    expect(sandbox.store.get('Lead', leadId)!['LeadLoop_SLA_Due__c'] ?? null).toBeNull();
    const again = await runCli(['sync', 'acme', '--json'], env);
    expect(again.json()).toMatchObject({ status: 'completed' });
    expect(members()).toHaveLength(before.length + 1);
  });
});
