import axios, { type AxiosInstance } from 'axios';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';

let sandbox: SalesforceSandbox;
let api: AxiosInstance;

beforeAll(async () => {
  sandbox = await startSalesforceSandbox({ leads: 600, seed: 3, seedNow: new Date('2026-05-01T00:00:00Z') });
  const { clientId, clientSecret, username, password } = sandbox.credentials;
  const token = await axios.post(
    `${sandbox.url}/services/oauth2/token`,
    new URLSearchParams({
      grant_type: 'password',
      client_id: clientId,
      client_secret: clientSecret,
      username,
      password,
    }),
  );
  api = axios.create({
    baseURL: `${sandbox.url}/services/data/v62.0`,
    headers: { Authorization: `Bearer ${token.data.access_token}` },
    validateStatus: () => true,
  });
});
afterEach(() => {
  Object.assign(sandbox.faults, {
    serverErrorShare: 0,
    lockErrorShare: 0,
    dropConnectionShare: 0,
    truncatedJsonShare: 0,
    dailyApiLimit: 100_000,
  });
});
afterAll(async () => {
  await sandbox.close();
});
const query = (soql: string, headers: Record<string, string> = {}) =>
  api.get('/query', { params: { q: soql }, headers });

describe('Salesforce sandbox over plain HTTP', () => {
  it('rejects bad OAuth credentials with the documented token error body', async () => {
    const response = await axios.post(
      `${sandbox.url}/services/oauth2/token`,
      new URLSearchParams({
        grant_type: 'password',
        client_id: sandbox.credentials.clientId,
        client_secret: sandbox.credentials.clientSecret,
        username: sandbox.credentials.username,
        password: 'wrong',
      }),
      { validateStatus: () => true },
    );
    expect(response.status).toBe(400);
    expect(response.data).toEqual({ error: 'invalid_grant', error_description: 'authentication failure' });
  });

  it('answers 401 INVALID_SESSION_ID without a valid token', async () => {
    const response = await axios.get(`${sandbox.url}/services/data/v62.0/limits`, {
      headers: { Authorization: 'Bearer nope' },
      validateStatus: () => true,
    });
    expect(response.status).toBe(401);
    expect(response.data).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });

  it('counts API calls in Sforce-Limit-Info and /limits, but not on the versions resource', async () => {
    const versions = await axios.get(`${sandbox.url}/services/data`);
    expect(versions.headers['sforce-limit-info']).toBeUndefined();
    expect(versions.data).toContainEqual({ label: "Winter '25", url: '/services/data/v62.0', version: '62.0' });
    const limits = await api.get('/limits');
    expect(limits.headers['sforce-limit-info']).toBe(`api-usage=${sandbox.calls.total}/100000`);
    expect(limits.data.DailyApiRequests).toEqual({ Max: 100_000, Remaining: 100_000 - sandbox.calls.total });
  });

  it('stops with 403 REQUEST_LIMIT_EXCEEDED once the daily allocation is spent', async () => {
    sandbox.faults.dailyApiLimit = sandbox.calls.total;
    const response = await api.get('/limits');
    expect(response.status).toBe(403);
    expect(response.data).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
  });

  it.each([
    ['SELECT Id FROM Lead WHERE', 'MALFORMED_QUERY', 'ERROR at Row:1:Column:26\nunexpected token: <EOF>'],
    ['SELECT Id, Foo__c FROM Lead', 'INVALID_FIELD', "No such column 'Foo__c' on entity 'Lead'."],
    ['SELECT Id FROM Leads', 'INVALID_TYPE', "sObject type 'Leads' is not supported."],
    [
      "SELECT Id FROM Lead WHERE CreatedDate > '2026-01-01T00:00:00Z'",
      'INVALID_QUERY_FILTER_OPERATOR',
      "value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes",
    ],
    ["SELECT Id FROM Lead WHERE Email = 'a\\qb'", 'MALFORMED_QUERY', 'Illegal character sequence'],
  ])('reports %s as %s', async (soql, errorCode, fragment) => {
    const response = await query(soql);
    expect(response.status).toBe(400);
    expect(response.data[0].errorCode).toBe(errorCode);
    expect(response.data[0].message).toContain(fragment);
  });

  it('pages with batchSize, and rejects unknown locators with INVALID_QUERY_LOCATOR', async () => {
    const first = await query('SELECT Id FROM Lead', { 'Sforce-Query-Options': 'batchSize=250' });
    expect(first.data).toMatchObject({ totalSize: 600, done: false });
    expect(first.data.records).toHaveLength(250);
    expect(first.data.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g\w{15}-250$/);
    const second = await axios.get(`${sandbox.url}${first.data.nextRecordsUrl}`, {
      headers: { Authorization: api.defaults.headers.Authorization as string, 'Sforce-Query-Options': 'batchSize=50' },
    });
    expect(second.data.records).toHaveLength(200);
    const bad = await api.get('/query/01g000000000000000-2000');
    expect(bad.data).toEqual([{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
  });

  it('advances SystemModstamp on every write, with one-second precision, so keyset pulls see the change', async () => {
    const lead = (
      await query(
        "SELECT Id, SystemModstamp FROM Lead WHERE IsConverted = false AND Status = 'Open - Not Contacted' ORDER BY SystemModstamp DESC LIMIT 1",
      )
    ).data.records[0];
    const patch = await api.patch(
      `/sobjects/Lead/${lead.Id}`,
      { Title: 'Directora de Marketing' },
      { headers: { 'Sforce-Auto-Assign': 'FALSE' } },
    );
    expect(patch.status).toBe(204);
    const changed = await query(
      `SELECT Id, Title, SystemModstamp FROM Lead WHERE SystemModstamp > ${lead.SystemModstamp.replace('+0000', 'Z')} ORDER BY SystemModstamp, Id`,
    );
    expect(changed.data.records.map((r: { Id: string }) => r.Id)).toContain(lead.Id);
    expect(changed.data.records.at(-1).SystemModstamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/);
  });

  it('re-runs lead assignment unless Sforce-Auto-Assign is FALSE', async () => {
    const lead = (
      await query("SELECT Id FROM Lead WHERE IsConverted = false AND Status = 'Working - Contacted' LIMIT 1")
    ).data.records[0];
    const rep = sandbox.userIds.get('U04')!;
    await api.patch(`/sobjects/Lead/${lead.Id}`, { OwnerId: rep }, { headers: { 'Sforce-Auto-Assign': 'FALSE' } });
    expect(sandbox.store.get('Lead', lead.Id)!.OwnerId).toBe(rep);
    await api.patch(`/sobjects/Lead/${lead.Id}`, { Rating: 'Hot' });
    expect(sandbox.store.get('Lead', lead.Id)!.OwnerId).toBe(sandbox.userIds.get('U02'));
  });

  it.each([
    [
      'converted lead',
      async () => (await query('SELECT Id FROM Lead WHERE IsConverted = true LIMIT 1')).data.records[0].Id,
      400,
      'CANNOT_UPDATE_CONVERTED_LEAD',
    ],
    ['unknown lead', async () => '00Q5g00000ZZZZZZAA', 404, 'NOT_FOUND'],
  ])('rejects a PATCH of a %s', async (_name, id, status, errorCode) => {
    const response = await api.patch(`/sobjects/Lead/${await id()}`, { Rating: 'Hot' });
    expect(response.status).toBe(status);
    expect(response.data[0].errorCode).toBe(errorCode);
  });

  it('injects per-record lock errors, 503s, dropped connections and truncated JSON', async () => {
    const ids = (await query('SELECT Id FROM Lead WHERE IsConverted = false LIMIT 2')).data.records.map(
      (r: { Id: string }) => r.Id,
    );
    sandbox.faults.lockErrorShare = 1;
    const locked = await api.patch('/composite/sobjects', {
      allOrNone: false,
      records: ids.map((id: string) => ({ attributes: { type: 'Lead' }, id, Rating: 'Cold' })),
    });
    expect(locked.data.map((r: { errors: { statusCode: string }[] }) => r.errors[0]!.statusCode)).toEqual([
      'UNABLE_TO_LOCK_ROW',
      'UNABLE_TO_LOCK_ROW',
    ]);
    sandbox.faults.lockErrorShare = 0;
    sandbox.faults.serverErrorShare = 1;
    expect((await api.get('/limits')).status).toBe(503);
    sandbox.faults.serverErrorShare = 0;
    sandbox.faults.truncatedJsonShare = 1;
    const truncated = await api.get('/limits', { responseType: 'text', transformResponse: (d) => d });
    expect(() => JSON.parse(truncated.data as string)).toThrow();
    sandbox.faults.truncatedJsonShare = 0;
    sandbox.faults.dropConnectionShare = 1;
    await expect(api.get('/limits')).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('is a standard org by default: the four LeadStatus values, no custom field', async () => {
    const lead = (await api.get('/sobjects/Lead/describe')).data;
    const status = lead.fields.find((f: { name: string }) => f.name === 'Status');
    expect(status.picklistValues.map((p: { value: string }) => p.value)).toEqual([
      'Open - Not Contacted',
      'Working - Contacted',
      'Closed - Converted',
      'Closed - Not Converted',
    ]);
    expect(status.picklistValues.find((p: { defaultValue: boolean }) => p.defaultValue).value).toBe(
      'Open - Not Contacted',
    );
    expect(status.restrictedPicklist).toBe(true);
    for (const object of ['Lead', 'Opportunity']) {
      const described = object === 'Lead' ? lead : (await api.get(`/sobjects/${object}/describe`)).data;
      expect(described.fields.filter((f: { custom: boolean }) => f.custom)).toEqual([]);
    }
    expect((await query('SELECT Id, Status_Reason__c FROM Lead LIMIT 1')).data[0]).toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
    expect(
      (
        await query(
          "SELECT Id FROM Lead WHERE Status NOT IN ('Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted')",
        )
      ).data.totalSize,
    ).toBe(0);
  });

  it('lets a test act as a rep: convert, win; a standard org has no Recycled status and no return reason before setup', async () => {
    const [first, second] = (
      await query("SELECT Id FROM Lead WHERE IsConverted = false AND Status = 'Working - Contacted' LIMIT 2")
    ).data.records;
    const converted = sandbox.rep.convert(first.Id, { opportunity: { amount: 25_000 } });
    sandbox.rep.winOpportunity(converted.opportunityId!);
    const opp = await query(`SELECT StageName, IsWon, Amount FROM Opportunity WHERE Id = '${converted.opportunityId}'`);
    expect(opp.data.records[0]).toMatchObject({ StageName: 'Closed Won', IsWon: true, Amount: 25_000 });
    expect(() => sandbox.rep.setStatus(second.Id, 'Recycled')).toThrow(/has no value Recycled/);
    expect(() => sandbox.rep.setStatus(second.Id, 'Closed - Not Converted', 'No budget')).toThrow(
      /no Status_Reason__c/,
    );
    expect(() => sandbox.rep.returnLead(second.Id, 'No budget')).toThrow(/no LeadLoop_Return_Reason__c yet/);
  });

  it('a customized org adds Recycled, Status_Reason__c and Loss_Reason__c, and a rep returns leads through the status', async () => {
    const customized = await startSalesforceSandbox({
      leads: 60,
      seed: 3,
      seedNow: new Date('2026-05-01T00:00:00Z'),
      shape: 'customized',
    });
    try {
      const lead = customized.store.object('Lead')!;
      expect(lead.fields.get('Status')!.picklistValues).toContain('Recycled');
      expect(lead.fields.has('Status_Reason__c')).toBe(true);
      expect(customized.store.object('Opportunity')!.fields.has('Loss_Reason__c')).toBe(true);
      const open = customized.store
        .scan('Lead')
        .find((l) => l['Status'] === 'Working - Contacted' && l['IsConverted'] !== true)!;
      customized.rep.setStatus(open.Id, 'Recycled', 'Sin presupuesto este año');
      expect(customized.store.get('Lead', open.Id)).toMatchObject({
        Status: 'Recycled',
        Status_Reason__c: 'Sin presupuesto este año',
      });
      const history = customized.store.scan('LeadHistory').filter((h) => h['LeadId'] === open.Id);
      expect(history[history.length - 1]).toMatchObject({ Field: 'Status', NewValue: 'Recycled' });
    } finally {
      await customized.close();
    }
  });
});
