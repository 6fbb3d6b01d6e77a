import axios from 'axios';
import {
  connectSalesforce,
  createPkcePair,
  salesforceAuthorizeUrl,
} from '../../connectors/salesforce/connectSalesforce';
import { createSalesforceConnector } from '../../connectors/salesforce/createSalesforceConnector';
import type { SalesforceCredentials } from '../../connectors/salesforce/salesforceCredentials';
import type { LeadPage } from '../../src/domain/connector';
import { NeedsReconnectError } from '../../src/domain/errors';
import { createSilentLogger } from '../../src/log/createLogger';
import { loadMapping } from '../../src/mapping';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';

const mapping = loadMapping('salesforce');

async function passwordCredentials(sandbox: SalesforceSandbox): Promise<SalesforceCredentials> {
  const c = sandbox.credentials;
  return (
    await connectSalesforce({
      flow: 'password',
      loginUrl: sandbox.url,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      username: c.username,
      password: c.password,
    })
  ).credentials;
}

/** The web-server flow with PKCE as the console runs it: authorize redirect, then the code exchange. */
async function webServerCredentials(sandbox: SalesforceSandbox): Promise<SalesforceCredentials> {
  const { verifier, challenge } = createPkcePair();
  const redirectUri = 'http://localhost:3999/oauth/salesforce/callback';
  const url = salesforceAuthorizeUrl({
    loginUrl: sandbox.url,
    clientId: sandbox.credentials.clientId,
    redirectUri,
    codeChallenge: challenge,
    state: 'state-1',
  });
  const redirect = await axios.get(url, { maxRedirects: 0, validateStatus: (s) => s === 302 });
  const location = new URL(String(redirect.headers.location));
  expect(location.searchParams.get('state')).toBe('state-1');
  const connected = await connectSalesforce({
    flow: 'authorization_code',
    loginUrl: sandbox.url,
    clientId: sandbox.credentials.clientId,
    clientSecret: sandbox.credentials.clientSecret,
    code: location.searchParams.get('code')!,
    codeVerifier: verifier,
    redirectUri,
  });
  return connected.credentials;
}

function connectorFor(credentials: SalesforceCredentials, historyBulkThreshold?: number, bulkWriteThreshold?: number) {
  const stored: SalesforceCredentials[] = [];
  const connector = createSalesforceConnector({
    credentials,
    onCredentialsChanged: async (c) => void stored.push(c),
    mapping,
    logger: createSilentLogger(),
    options: {
      sleep: async () => undefined,
      random: () => 0.5,
      bulkPollIntervalMs: 10,
      historyBulkThreshold,
      bulkWriteThreshold,
    },
  });
  return { connector, stored };
}

async function collect(iterable: AsyncIterable<LeadPage>): Promise<LeadPage[]> {
  const out: LeadPage[] = [];
  for await (const page of iterable) out.push(page);
  return out;
}

describe('Salesforce connector against the sandbox (real jsforce over HTTP)', () => {
  let sandbox: SalesforceSandbox;
  beforeAll(async () => {
    // customized: the history read below holds leads returned through a "Recycled" Lead Status, which a standard org lacks
    sandbox = await startSalesforceSandbox({ leads: 2500, seed: 5, shape: 'customized' });
    const { connector } = connectorFor(await passwordCredentials(sandbox));
    await connector.setup();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('connects with the JWT bearer flow and the web-server flow with PKCE', async () => {
    const c = sandbox.credentials;
    const jwt = await connectSalesforce({
      flow: 'jwt',
      loginUrl: sandbox.url,
      clientId: c.clientId,
      username: c.username,
      privateKeyPem: c.privateKeyPem,
    });
    expect(jwt).toMatchObject({
      externalOrgId: sandbox.store.orgId,
      userId: sandbox.apiUserId,
      credentials: { flow: 'jwt', apiVersion: '64.0' },
    });
    await expect(connectorFor(jwt.credentials).connector.check()).resolves.toMatchObject({ userId: sandbox.apiUserId });
    const web = await webServerCredentials(sandbox);
    expect(web).toMatchObject({ flow: 'refresh_token', refreshToken: expect.any(String) });
    await expect(
      connectSalesforce({
        flow: 'password',
        loginUrl: sandbox.url,
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        username: c.username,
        password: 'wrong',
      }),
    ).rejects.toBeInstanceOf(NeedsReconnectError);
  });

  it('renews an expired session, persists the new token, and asks for reconnection once the refresh token is revoked', async () => {
    const credentials = await webServerCredentials(sandbox);
    const { connector, stored } = connectorFor(credentials);
    sandbox.expireSessions();
    await expect(connector.check()).resolves.toMatchObject({ orgId: sandbox.store.orgId });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.accessToken).not.toBe(credentials.accessToken);

    await axios.post(
      `${sandbox.url}/services/oauth2/revoke`,
      new URLSearchParams({ token: credentials.refreshToken! }).toString(),
    );
    sandbox.expireSessions();
    const error = await connector.check().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NeedsReconnectError);
    expect(String((error as Error).message)).toMatch(/refresh token was revoked or expired/);
    expect(String((error as Error).message)).not.toContain(credentials.refreshToken!);
  });

  it('pulls every lead once in (SystemModstamp, Id) order, the same through REST and Bulk API 2.0', async () => {
    const { connector } = connectorFor(await passwordCredentials(sandbox));
    const before = { ...sandbox.calls.byKind };
    const rest = await collect(connector.pullLeads({ since: null, overlapMs: 0, mode: 'rest' }));
    expect(rest.map((p) => p.leads.length)).toEqual([2000, 500]);
    expect((sandbox.calls.byKind['query'] ?? 0) - (before['query'] ?? 0)).toBe(1);
    expect((sandbox.calls.byKind['queryMore'] ?? 0) - (before['queryMore'] ?? 0)).toBe(1);
    const restIds = rest.flatMap((p) => p.leads.map((l) => l.externalId));
    expect(new Set(restIds).size).toBe(2500);

    const bulk = await collect(connector.pullLeads({ since: null, overlapMs: 0, mode: 'bulk' }));
    expect(bulk.flatMap((p) => p.leads.map((l) => l.externalId)).sort()).toEqual([...restIds].sort());
    const sample = rest[0]!.leads[10]!;
    expect(bulk.flatMap((p) => p.leads).find((l) => l.externalId === sample.externalId)).toMatchObject({
      email: sample.email,
      employees: sample.employees,
      isConverted: sample.isConverted,
    });
    // unordered rows: only the job's last page moves the cursor, to the greatest (SystemModstamp, Id)
    expect(bulk.slice(0, -1).every((p) => p.cursor === null)).toBe(true);
    expect(bulk.at(-1)!.cursor).toEqual(rest.at(-1)!.cursor);

    // a cursor in the middle: exactly what follows it
    const cursor = rest[0]!.cursor!;
    const after = await collect(connector.pullLeads({ since: cursor, overlapMs: 0, mode: 'rest' }));
    expect(after.flatMap((p) => p.leads.map((l) => l.externalId))).toEqual(restIds.slice(2000));
  });

  it('continues after the last lead read when the query locator expires mid-pull', async () => {
    const { connector } = connectorFor(await passwordCredentials(sandbox));
    const ids: string[] = [];
    for await (const page of connector.pullLeads({ since: null, overlapMs: 0, mode: 'rest' })) {
      ids.push(...page.leads.map((l) => l.externalId));
      sandbox.expireQueryCursors();
    }
    expect(ids).toHaveLength(2500);
    expect(new Set(ids).size).toBe(2500);
  });

  it('writes through lock errors and server errors, one result per lead, converted leads skipped', async () => {
    const { connector } = connectorFor(await passwordCredentials(sandbox));
    const leads = sandbox.store.scan('Lead').slice(0, 450);
    Object.assign(sandbox.faults, { lockErrorShare: 0.1, serverErrorShare: 0.05 });
    try {
      const results = await connector.writeBack(
        leads.map((l, i) => ({
          externalId: String(l['Id']),
          fields: { score: i % 100, grade: 'B', status: 'nurture', reasons: `+${i} razón "con comillas" \\ y barra` },
        })),
      );
      expect(results).toHaveLength(450);
      results.forEach((r, i) => expect(r.externalId).toBe(leads[i]!['Id']));
      for (const [i, r] of results.entries()) {
        if (leads[i]!['IsConverted'] === true)
          expect(r).toMatchObject({
            ok: false,
            skipped: true,
            error: { code: 'CANNOT_UPDATE_CONVERTED_LEAD', kind: 'record' },
          });
        else expect(r).toEqual({ externalId: leads[i]!['Id'], ok: true });
      }
      const written = sandbox.store.get('Lead', String(leads.find((l) => l['IsConverted'] !== true)!['Id']))!;
      expect(written['LeadLoop_Reasons__c']).toMatch(/razón "con comillas" \\ y barra/);
    } finally {
      Object.assign(sandbox.faults, { lockErrorShare: 0, serverErrorShare: 0 });
    }
  });

  it('writes large batches through one Bulk API 2.0 ingest job with the same results', async () => {
    const { connector } = connectorFor(await passwordCredentials(sandbox), undefined, 100);
    const leads = sandbox.store.scan('Lead').slice(500, 800);
    await connector.writeBack(
      leads
        .slice(0, 50)
        .map((l) => ({ externalId: String(l['Id']), fields: { slaDueAt: '2026-12-01T10:00:00.000Z' } })),
    );
    const jobs = sandbox.calls.byKind['bulk2.ingest.create'] ?? 0;
    const before = sandbox.calls.total;
    const results = await connector.writeBack(
      leads.map((l) => ({ externalId: String(l['Id']), fields: { score: 55, grade: 'C', slaDueAt: null } })),
    );
    expect((sandbox.calls.byKind['bulk2.ingest.create'] ?? 0) - jobs).toBe(1);
    expect(sandbox.calls.total - before).toBeLessThan(10);
    for (const [i, r] of results.entries()) {
      expect(r.externalId).toBe(leads[i]!['Id']);
      if (leads[i]!['IsConverted'] === true)
        expect(r).toMatchObject({ ok: false, skipped: true, error: { code: 'CANNOT_UPDATE_CONVERTED_LEAD' } });
      else expect(r).toEqual({ externalId: leads[i]!['Id'], ok: true });
    }
    const open = sandbox.store.get('Lead', String(leads.slice(0, 50).find((l) => l['IsConverted'] !== true)!['Id']))!;
    expect(open).toMatchObject({ LeadLoop_Score__c: 55, LeadLoop_Grade__c: 'C' });
    // #N/A cleared what the REST write set
    expect(open['LeadLoop_SLA_Due__c'] ?? null).toBeNull();
  });

  it('creates each hand-over task once, even when asked twice', async () => {
    const { connector } = connectorFor(await passwordCredentials(sandbox));
    const leadIds = sandbox.store
      .scan('Lead')
      .filter((l) => l['IsConverted'] !== true)
      .slice(0, 3)
      .map((l) => String(l['Id']));
    const rep = [...sandbox.userIds.values()][2]!;
    const tasks = leadIds.map((id, i) => ({
      key: `${id}:1`,
      leadExternalId: id,
      ownerId: rep,
      subject: `Follow up lead ${i}`,
      description: 'Why: A fit\nPor qué: perfil A',
      dueAt: '2026-12-01T10:00:00.000Z',
    }));
    const first = await connector.createHandoverTasks([...tasks, tasks[0]!]);
    expect(first[3]).toEqual(first[0]);
    // a rep deletes one: it was created, so it is not created again
    sandbox.store.remove('Task', (first[1] as { createdId: string }).createdId, rep);
    const second = await connector.createHandoverTasks(tasks);
    expect(first.every((r) => r.ok)).toBe(true);
    expect(second.map((r) => (r.ok ? r.createdId : null))).toEqual(
      first.slice(0, 3).map((r) => (r.ok ? r.createdId : null)),
    );
    const created = sandbox.store
      .scan('Task')
      .filter((t) => leadIds.includes(String(t['WhoId'])) && t['Status'] === 'Not Started' && t['IsDeleted'] !== true);
    expect(created).toHaveLength(2);
    expect(created[0]).toMatchObject({ OwnerId: rep, ActivityDate: '2026-12-01' });
  });

  it('reads engagement, outcomes, users and matching accounts', async () => {
    const { connector } = connectorFor(await passwordCredentials(sandbox));
    const events = [];
    for await (const page of connector.pullEngagement(null)) events.push(...page);
    expect(events.length).toBeGreaterThan(100);
    expect(new Set(events.map((e) => e.type))).toEqual(expect.objectContaining({ size: expect.any(Number) }));
    // a stock mapping reads standard fields only: calls by direction and duration, rep e-mails, ended Events
    expect([...new Set(events.map((e) => e.type))].sort()).toEqual([
      'campaign_response',
      'connected_call',
      'event_attended',
      'inbound_call',
      'meeting',
      'outbound_call',
      'sales_email',
      'webinar_attended',
    ]);
    // a meeting still ahead is not a meeting held
    const ahead = new Set(
      sandbox.store
        .scan('Event')
        .filter((e) => Date.parse(String(e['EndDateTime'])) > Date.now())
        .map((e) => String(e['Id'])),
    );
    expect(ahead.size).toBeGreaterThan(0);
    expect(events.filter((e) => ahead.has(e.externalId))).toEqual([]);

    const outcomes = [];
    for await (const page of connector.pullOutcomes(null)) outcomes.push(...page);
    const kinds = new Set(outcomes.map((o) => o.kind));
    for (const kind of ['qualified', 'won', 'lost', 'recycled', 'accepted']) expect(kinds).toContain(kind);
    expect(outcomes.find((o) => o.kind === 'won')!.amount).toEqual(expect.any(Number));
    // the next read starts at the last second before this read started, not at the (older)
    // conversion or close date, nor at the newest record read: otherwise every run reads
    // those records again
    const converted = outcomes.find((o) => o.kind === 'qualified')!;
    const lead = sandbox.store.get('Lead', converted.leadExternalId)!;
    expect(Date.parse(converted.watermark!)).toBeGreaterThanOrEqual(Date.parse(String(lead['SystemModstamp'])));
    expect(Date.parse(converted.watermark!) % 1000).toBe(0);
    expect(new Set([...outcomes, ...events].map((e) => e.watermark)).size).toBeLessThanOrEqual(2);
    expect(converted.watermark! > converted.occurredAt).toBe(true);

    // the same history through Bulk API 2.0 jobs (flat CSV cells, unordered rows)
    const bulk = connectorFor(await passwordCredentials(sandbox), 1).connector;
    const jobs = sandbox.calls.byKind['bulk2.query.create'] ?? 0;
    const bulkEvents = [];
    for await (const page of bulk.pullEngagement(null)) bulkEvents.push(...page);
    const bulkOutcomes = [];
    for await (const page of bulk.pullOutcomes(null)) bulkOutcomes.push(...page);
    // Task, Event, CampaignMember, Lead, Opportunity
    expect((sandbox.calls.byKind['bulk2.query.create'] ?? 0) - jobs).toBe(5);
    // watermarks come from each read's start, which may differ between the two reads
    const key = ({ watermark: _w, ...e }: { watermark?: string }) => JSON.stringify(e);
    expect(bulkEvents.map(key).sort()).toEqual(events.map(key).sort());
    expect(bulkOutcomes.map(key).sort()).toEqual(outcomes.map(key).sort());

    const users = await connector.listUsers();
    expect(users.length).toBe(sandbox.userIds.size);
    expect(users.some((u) => !u.isActive)).toBe(true);
    const account = sandbox.store.scan('Account').find((a) => typeof a['Website'] === 'string')!;
    const host = new URL(
      String(account['Website']).startsWith('http')
        ? String(account['Website'])
        : `https://${String(account['Website'])}`,
    ).hostname.replace(/^www\./, '');
    const found = await connector.findAccounts({ domains: [host], names: ["O'Brien \\ Co"] });
    expect(found.map((a) => a.id)).toContain(account['Id']);
  });
});
