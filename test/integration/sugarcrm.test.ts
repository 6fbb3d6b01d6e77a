import { connectSugar } from '../../connectors/sugarcrm/connectSugar';
import { createSugarConnector } from '../../connectors/sugarcrm/createSugarConnector';
import type { SugarCredentials } from '../../connectors/sugarcrm/sugarCredentials';
import { taskIdForKey } from '../../connectors/sugarcrm/createSugarHandoverTasks';
import type { LeadPage } from '../../src/domain/connector';
import { NeedsReconnectError } from '../../src/domain/errors';
import { createSilentLogger } from '../../src/log/createLogger';
import { loadMapping } from '../../src/mapping';
import { startSugarSandbox, type SugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';

const mapping = loadMapping('sugarcrm');
const rows = (sandbox: SugarSandbox, module: 'Leads' | 'Tasks') => [...sandbox.store.table(module).all()];

async function connectorFor(sandbox: SugarSandbox, overrides: Partial<SugarCredentials> = {}) {
  const { credentials } = await connectSugar({ url: sandbox.url, ...sandbox.credentials });
  const stored: SugarCredentials[] = [];
  const sleeps: number[] = [];
  const connector = createSugarConnector({
    credentials: { ...credentials, ...overrides },
    onCredentialsChanged: async (c) => void stored.push(c),
    mapping,
    logger: createSilentLogger(),
    options: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, pageSize: 1000 },
  });
  return { connector, stored, sleeps, credentials };
}

async function pages(iterable: AsyncIterable<LeadPage>, between?: (n: number) => void): Promise<LeadPage[]> {
  const out: LeadPage[] = [];
  for await (const page of iterable) {
    out.push(page);
    between?.(out.length);
  }
  return out;
}

describe('SugarCRM connector against the sandbox', () => {
  it('setup tells the admin to install the package when the fields are missing', async () => {
    const sandbox = await startSugarSandbox({ leads: 5, seed: 3 });
    try {
      const { connector } = await connectorFor(sandbox);
      const description = await connector.describeLeads();
      expect(description.missingFields).toEqual([
        'leadloop_score_c',
        'leadloop_grade_c',
        'leadloop_status_c',
        'leadloop_reasons_c',
        'leadloop_scored_at_c',
        'leadloop_sla_due_c',
      ]);
      const report = await connector.setup();
      expect(report.manualSteps.join('\n')).toContain('Admin → Module Loader');
      expect(report.alreadyPresent).toEqual(['assigned_user_id']);
    } finally {
      await sandbox.close();
    }
  });

  describe('with the package installed and 3,000 leads', () => {
    let sandbox: SugarSandbox;
    beforeAll(async () => {
      sandbox = await startSugarSandbox({ leads: 3000, seed: 11, maxListLimit: 700, installLeadloopPackage: true });
    });
    afterAll(() => sandbox.close());

    it('connects, checks, and reads every lead once across the server cap, surviving token expiry mid-run', async () => {
      const { connector, stored, credentials } = await connectorFor(sandbox);
      expect(credentials.apiPath).toBe('/rest/v11_1');
      await expect(connector.check()).resolves.toMatchObject({ userId: sandbox.apiUserId, instanceUrl: sandbox.url });
      expect((await connector.setup()).manualSteps).toEqual([]);

      const expected = rows(sandbox, 'Leads').length;
      sandbox.calls.reset();
      const read = await pages(connector.pullLeads({ since: null, overlapMs: 0 }), (n) => {
        if (n === 2) sandbox.auth.expireAccessTokens();
      });
      const ids = read.flatMap((p) => p.leads.map((l) => l.externalId));
      expect(ids.length + read.reduce((n, p) => n + p.rejected.length, 0)).toBe(expected);
      expect(new Set(ids).size).toBe(ids.length);
      expect(read.length).toBe(Math.ceil(expected / 700));
      expect(stored).toHaveLength(1);
      // resuming from the last cursor reads nothing new
      expect(await pages(connector.pullLeads({ since: read.at(-1)!.cursor, overlapMs: 0 }))).toEqual([]);
      // 5 pages + the empty resume page, and one refresh after the forced expiry (its 401 replayed once)
      expect(sandbox.calls.byEndpoint).toEqual({ 'POST /Leads/filter': 7, 'POST /oauth2/token': 1 });
    });

    it('writes back through /bulk with one result per lead, a per-record failure and converted leads skipped', async () => {
      const { connector } = await connectorFor(sandbox);
      const leads = rows(sandbox, 'Leads')
        .filter((l) => !l.converted)
        .slice(0, 150);
      const convertedLead = rows(sandbox, 'Leads').find((l) => l.converted);
      const missing = '99999999-9999-4999-8999-999999999999';
      const updates = [
        ...leads.map((l, i) => ({
          externalId: String(l.id),
          fields: { score: i % 100, grade: 'B', status: 'mql' as const, ownerId: String(l.assigned_user_id) },
        })),
        { externalId: missing, fields: { score: 1 } },
        ...(convertedLead ? [{ externalId: String(convertedLead.id), fields: { score: 2 } }] : []),
      ];
      sandbox.calls.reset();
      const results = await connector.writeBack(updates);
      expect(results).toHaveLength(updates.length);
      expect(results.map((r) => r.externalId)).toEqual(updates.map((u) => u.externalId));
      expect(results.slice(0, 150).every((r) => r.ok)).toBe(true);
      expect(results[150]).toMatchObject({ ok: false, skipped: true, error: { code: 'not_found', kind: 'record' } });
      if (convertedLead) expect(results[151]).toMatchObject({ ok: false, skipped: true, error: { code: 'CONVERTED' } });
      expect(sandbox.store.get('Leads', String(leads[7]!.id))).toMatchObject({
        leadloop_score_c: 7,
        leadloop_grade_c: 'B',
        leadloop_status_c: 'mql',
      });
      // 152 updates: one converted check for the whole call, then one /bulk per 100
      expect(sandbox.calls.byEndpoint).toEqual({ 'POST /Leads/filter': 1, 'POST /bulk': 2 });
    });

    it('creates a hand-over task once, even when asked twice', async () => {
      const { connector } = await connectorFor(sandbox);
      const lead = rows(sandbox, 'Leads').find((l) => !l.converted)!;
      const task = {
        key: `${String(lead.id)}:1`,
        leadExternalId: String(lead.id),
        ownerId: String(lead.assigned_user_id),
        subject: 'Follow up a qualified lead',
        description: 'Grade A',
        dueAt: '2026-03-03T10:00:00.000Z',
      };
      const before = rows(sandbox, 'Tasks').length;
      const first = await connector.createHandoverTasks([task]);
      const second = await connector.createHandoverTasks([task]);
      expect(first).toEqual([{ externalId: String(lead.id), ok: true, createdId: taskIdForKey(task.key) }]);
      expect(second).toEqual(first);
      expect(rows(sandbox, 'Tasks').length).toBe(before + 1);
      expect(sandbox.store.get('Tasks', taskIdForKey(task.key))).toMatchObject({
        parent_type: 'Leads',
        parent_id: lead.id,
        status: 'Not Started',
      });
    });

    it('signs in again when a login on the same platform ended its session and refresh token (F8), and backs off on 429', async () => {
      const { connector, stored, sleeps } = await connectorFor(sandbox);
      sandbox.auth.simulateLogin();
      sandbox.faults.nextFailures.push('rate_limited');
      await expect(connector.check()).resolves.toMatchObject({ userId: sandbox.apiUserId });
      expect(stored).toHaveLength(1);
      expect(sleeps[0]).toBeGreaterThanOrEqual(7000);
    });

    it('asks for a reconnection when the password no longer works', async () => {
      const { connector } = await connectorFor(sandbox, { password: 'changed-by-admin' });
      sandbox.auth.simulateLogin();
      await expect(connector.check()).rejects.toBeInstanceOf(NeedsReconnectError);
    });

    it("reads reps' outcomes and held calls back", async () => {
      const { connector } = await connectorFor(sandbox);
      const since = new Date(Date.now() - 1000).toISOString();
      const [a, b] = rows(sandbox, 'Leads').filter((l) => !l.converted && l.status !== 'Recycled');
      sandbox.rep.setStatus(String(a!.id), 'Recycled', 'No budget this year');
      const { opportunityId } = sandbox.rep.convert(String(b!.id), { opportunity: { amount: 12000 } });
      sandbox.rep.winOpportunity(opportunityId!, 12000);
      sandbox.rep.logCall(String(a!.id), { status: 'Held', direction: 'Inbound' });
      const outcomes = [];
      for await (const batch of connector.pullOutcomes(since)) outcomes.push(...batch);
      expect(outcomes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ leadExternalId: a!.id, kind: 'recycled', reason: 'No budget this year' }),
          expect.objectContaining({ leadExternalId: b!.id, kind: 'qualified' }),
          expect.objectContaining({ leadExternalId: b!.id, kind: 'won', sourceId: opportunityId, amount: 12000 }),
        ]),
      );
      const engagement = [];
      for await (const batch of connector.pullEngagement(since)) engagement.push(...batch);
      expect(engagement).toEqual(
        expect.arrayContaining([expect.objectContaining({ leadExternalId: a!.id, type: 'inbound_call' })]),
      );
      const users = await connector.listUsers();
      expect(users.some((u) => u.id === sandbox.apiUserId)).toBe(true);
    });
  });
});
