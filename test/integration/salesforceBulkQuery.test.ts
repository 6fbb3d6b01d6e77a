import { bulkQueryRows } from '../../connectors/salesforce/bulkQuery';
import { connectSalesforce } from '../../connectors/salesforce/connectSalesforce';
import { createSalesforceSession } from '../../connectors/salesforce/createSalesforceSession';
import type { SalesforceSession } from '../../connectors/salesforce/salesforceSession';
import { createSilentLogger } from '../../src/log/createLogger';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';

/** Tricky CSV cells: delimiter, quotes, line breaks, a leading '=' and non-Latin text. */
const SUBJECTS = [
  'Llamada, seguimiento',
  'He said "call me"',
  'línea 1\nlínea 2',
  '=HYPERLINK("x")',
  '会议 📞',
  'plain',
];

describe('Bulk API 2.0 query results read set by set (real jsforce over HTTP)', () => {
  let sandbox: SalesforceSandbox;
  let session: SalesforceSession;
  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ leads: 300, seed: 21 });
    const owner = sandbox.apiUserId;
    for (let i = 0; i < 2_345; i++) {
      sandbox.store.insert(
        'Task',
        {
          WhoId: sandbox.leadIds[i % sandbox.leadIds.length],
          Subject: `${SUBJECTS[i % SUBJECTS.length]} #${i}`,
          Status: 'Completed',
          Priority: 'Normal',
          Type: 'Call',
          OwnerId: owner,
        },
        owner,
      );
    }
    const c = sandbox.credentials;
    const { credentials } = await connectSalesforce({
      flow: 'password',
      loginUrl: sandbox.url,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      username: c.username,
      password: c.password,
    });
    session = createSalesforceSession({
      credentials,
      logger: createSilentLogger(),
      onCredentialsChanged: async () => undefined,
    });
  });
  afterAll(async () => sandbox.close());

  it('reads a job split into several sets of results, each row once, CSV quoting intact', async () => {
    const expected = sandbox.store.scan('Task').filter((t) => String(t['Subject']).includes('#'));
    const before = sandbox.calls.byKind['bulk2.query.results'] ?? 0;
    const seen = new Map<string, string>();
    const sets: number[] = [];
    for await (const rows of bulkQueryRows(
      session,
      'query Task',
      "SELECT Id, Subject, WhoId FROM Task WHERE Subject LIKE '%#%'",
      { pollIntervalMs: 5, maxRecords: 500 },
    )) {
      sets.push(rows.length);
      for (const row of rows) {
        expect(seen.has(row['Id']!)).toBe(false);
        seen.set(row['Id']!, row['Subject']!);
      }
    }
    expect(seen.size).toBe(expected.length);
    expect(sets).toEqual([500, 500, 500, 500, 345]);
    expect((sandbox.calls.byKind['bulk2.query.results'] ?? 0) - before).toBe(5);
    for (const task of expected) expect(seen.get(String(task['Id']))).toBe(task['Subject']);
  });

  it('reports a failed job with its message instead of waiting', async () => {
    const rows = bulkQueryRows(session, 'query Task', 'SELECT Id FROM Task ORDER BY Id', { pollIntervalMs: 5 });
    await expect(rows.next()).rejects.toThrow(/Bulk API 2\.0 query Task/);
  });
});
