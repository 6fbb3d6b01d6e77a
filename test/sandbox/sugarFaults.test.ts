import axios, { type AxiosInstance } from 'axios';
import { startSugarSandbox, type SugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';

async function open(
  options: Parameters<typeof startSugarSandbox>[0] = {},
): Promise<{ sandbox: SugarSandbox; http: AxiosInstance }> {
  const sandbox = await startSugarSandbox({ leads: 10, seed: 9, ...options });
  const http = axios.create({ baseURL: sandbox.apiUrl, validateStatus: () => true });
  const token = await http.post('/oauth2/token', {
    grant_type: 'password',
    client_id: 'sugar',
    client_secret: '',
    username: sandbox.credentials.username,
    password: sandbox.credentials.password,
    platform: sandbox.credentials.platform,
  });
  http.defaults.headers.common['OAuth-Token'] = token.data.access_token;
  return { sandbox, http };
}

describe('SugarCRM sandbox faults and inspection', () => {
  let sandbox: SugarSandbox;
  let http: AxiosInstance;
  beforeAll(async () => ({ sandbox, http } = await open()));
  afterAll(() => sandbox.close());
  afterEach(() => {
    Object.assign(sandbox.faults, {
      serverErrorShare: 0,
      rateLimitShare: 0,
      dropConnectionShare: 0,
      maintenance: false,
      rateLimitAfterCalls: null,
      nextFailures: [],
      recordFailureShare: 0,
      latencySpikeShare: 0,
      latencySpikeMs: 0,
    });
  });

  it('answers 429 with Retry-After, then serves the retry', async () => {
    sandbox.faults.nextFailures.push('rate_limited');
    const limited = await http.get('/me');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
    expect(limited.data).toEqual({
      error: 'too_many_requests',
      error_message: 'Too many requests. Retry after 7 seconds.',
    });
    expect((await http.get('/me')).status).toBe(200);
  });

  it('drops the connection without a response', async () => {
    sandbox.faults.nextFailures.push('drop');
    await expect(http.get('/me')).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNRESET|ERR_BAD_RESPONSE|ECONNABORTED/),
    });
    expect((await http.get('/me')).status).toBe(200);
  });

  it.each([
    ['server_error', 500, 'fatal_error'],
    ['service_unavailable', 503, 'service_unavailable'],
    ['maintenance', 503, 'maintenance'],
  ] as const)('serves a forced %s as %i %s', async (failure, status, error) => {
    sandbox.faults.nextFailures.push(failure);
    const response = await http.post('/Leads/filter', {});
    expect(response.status).toBe(status);
    expect(response.data.error).toBe(error);
  });

  it('puts the instance in maintenance mode until the fault is lifted', async () => {
    sandbox.faults.maintenance = true;
    expect((await http.get('/me')).data.error).toBe('maintenance');
    expect((await http.get('/me')).status).toBe(503);
    sandbox.faults.maintenance = false;
    expect((await http.get('/me')).status).toBe(200);
  });

  it('runs out of API allowance after N calls', async () => {
    sandbox.faults.rateLimitAfterCalls = sandbox.calls.total + 2;
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await http.get('/me')).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
  });

  it('fails single updates inside /bulk while the rest of the call goes through, and adds latency spikes', async () => {
    const ids = [...sandbox.store.table('Leads').all()].slice(0, 2).map((row) => row.id);
    sandbox.faults.recordFailureShare = 1;
    const reply = await http.post('/bulk', {
      requests: [
        { url: `/v11/Leads/${ids[0]}`, method: 'PUT', data: JSON.stringify({ title: 'CTO' }) },
        { url: `/v11/Leads/${ids[1]}`, method: 'GET' },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.data.map((r: { status: number }) => r.status)).toEqual([500, 200]);
    expect(reply.data[0].contents).toMatchObject({ error: 'fatal_error' });
    expect(sandbox.store.table('Leads').get(ids[0]!)!['title']).not.toBe('CTO');

    sandbox.faults.recordFailureShare = 0;
    Object.assign(sandbox.faults, { latencySpikeShare: 1, latencySpikeMs: 120 });
    const started = Date.now();
    expect((await http.get('/me')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('counts calls per endpoint', async () => {
    sandbox.calls.reset();
    const id = [...sandbox.store.table('Leads').all()][0]!.id;
    await http.post('/Leads/filter', { max_num: 2 });
    await http.get('/Leads/filter');
    await http.put(`/Leads/${id}`, { title: 'CTO' });
    await http.post('/bulk', { requests: [{ url: `/v11_1/Leads/${id}`, method: 'GET' }] });
    expect(sandbox.calls.total).toBe(4);
    expect(sandbox.calls.byEndpoint).toEqual({
      'POST /Leads/filter': 1,
      'GET /Leads/filter': 1,
      'PUT /Leads/:id': 1,
      'POST /bulk': 1,
    });
    expect(sandbox.calls.bulkRequests).toEqual({ 'GET /Leads/:id': 1 });
  });
});

describe('random faults', () => {
  it('fail the same calls for the same seed', async () => {
    const runs: number[][] = [];
    for (let run = 0; run < 2; run += 1) {
      const { sandbox, http } = await open();
      Object.assign(sandbox.faults, { serverErrorShare: 0.3, rateLimitShare: 0.2 });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i += 1) statuses.push((await http.get('/ping')).status);
      await sandbox.close();
      runs.push(statuses);
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(new Set(runs[0])).toEqual(new Set([200, 429, 500, 503]));
  });
});
