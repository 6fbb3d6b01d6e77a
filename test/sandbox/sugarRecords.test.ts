import axios, { type AxiosInstance } from 'axios';
import { startSugarSandbox, type SugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';

let sandbox: SugarSandbox;
let http: AxiosInstance;
let clock = Date.parse('2026-05-04T08:00:00Z');

beforeAll(async () => {
  sandbox = await startSugarSandbox({ leads: 50, seed: 5, now: () => clock });
  http = axios.create({ baseURL: sandbox.apiUrl, validateStatus: () => true });
  const token = await http.post('/oauth2/token', {
    grant_type: 'password',
    client_id: 'sugar',
    client_secret: '',
    username: sandbox.credentials.username,
    password: sandbox.credentials.password,
    platform: sandbox.credentials.platform,
  });
  http.defaults.headers.common['OAuth-Token'] = token.data.access_token;
});
afterAll(() => sandbox.close());

const leadIds = () => [...sandbox.store.table('Leads').all()].map((row) => row.id);
const tick = (seconds: number) => {
  clock += seconds * 1000;
};

describe('SugarCRM sandbox records', () => {
  it('reads one record, and answers 404 not_found for a missing one', async () => {
    const id = leadIds()[0]!;
    const found = await http.get(`/Leads/${id}`, { params: { fields: 'last_name,status' } });
    expect(found.status).toBe(200);
    expect(found.data).toMatchObject({
      id,
      _module: 'Leads',
      last_name: expect.any(String),
      status: expect.any(String),
    });
    const missing = await http.get('/Leads/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.data).toEqual({
      error: 'not_found',
      error_message: 'Could not find record: 00000000-0000-0000-0000-000000000000 in module: Leads',
    });
  });

  it('updates with PUT: date_modified advances to the second and modified_user_id is the caller', async () => {
    const id = leadIds()[1]!;
    const before = (await http.get(`/Leads/${id}`)).data;
    clock += 2500;
    const updated = await http.put(`/Leads/${id}`, { title: 'Directora de Marketing', status: 'In Process' });
    expect(updated.status).toBe(200);
    expect(updated.data).toMatchObject({
      id,
      title: 'Directora de Marketing',
      status: 'In Process',
      modified_user_id: sandbox.apiUserId,
    });
    expect(Date.parse(updated.data.date_modified)).toBeGreaterThan(Date.parse(before.date_modified));
    expect(updated.data.date_modified).toBe('2026-05-04T08:00:02+00:00');
    const since = await http.post('/Leads/filter', {
      filter: [{ date_modified: { $gte: updated.data.date_modified } }],
      fields: 'id',
    });
    expect(since.data.records.map((r: { id: string }) => r.id)).toContain(id);
  });

  it('ignores unknown fields and null values on PUT (Sugar skips unset fields), and clears with ""', async () => {
    const id = leadIds()[2]!;
    await http.put(`/Leads/${id}`, { title: 'CEO', phone_work: '+34 600 000 000' });
    const response = await http.put(`/Leads/${id}`, {
      title: null,
      phone_work: '',
      leadloop_score_c: 80,
      industry: 'Retail',
    });
    expect(response.status).toBe(200);
    expect(response.data.title).toBe('CEO');
    expect(response.data.phone_work).toBe('');
    expect(response.data).not.toHaveProperty('leadloop_score_c');
    expect(sandbox.store.get('Leads', id)).not.toHaveProperty('industry');
  });

  it('answers 404 for a PUT to a missing record and 422 for an unreadable date', async () => {
    const missing = await http.put('/Leads/does-not-exist', { title: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.data.error).toBe('not_found');
    const badDate = await http.put(`/Calls/${[...sandbox.store.table('Calls').all()][0]!.id}`, {
      date_start: 'next tuesday',
    });
    expect(badDate.status).toBe(422);
    expect(badDate.data).toEqual({
      error: 'invalid_parameter',
      error_message: 'Did not recognize date_start as a date/time, it looked like next tuesday',
    });
  });

  it('creates hand-over tasks with POST /Tasks, once per id', async () => {
    const leadId = leadIds()[3]!;
    const body = {
      id: 'a3c1f7de-0000-4000-8000-000000000001',
      name: 'Follow up: qualified lead',
      parent_type: 'Leads',
      parent_id: leadId,
      assigned_user_id: sandbox.apiUserId,
      date_due: '2026-05-05T08:00:00+00:00',
      priority: 'High',
      description: 'Puntuación 82 (A)',
    };
    const created = await http.post('/Tasks', body);
    expect(created.status).toBe(200);
    expect(created.data).toMatchObject({
      ...body,
      _module: 'Tasks',
      status: 'Not Started',
      date_due: '2026-05-05T08:00:00+00:00',
    });
    const again = await http.post('/Tasks', body);
    expect(again.status).toBe(422);
    expect(again.data).toEqual({
      error: 'invalid_parameter',
      error_message: `Record already exists: ${body.id} in module: Tasks`,
    });
  });

  it('runs /bulk sequentially; one failing request does not stop the others', async () => {
    const [first, second] = leadIds().slice(10, 12) as [string, string];
    tick(3);
    const response = await http.post('/bulk', {
      requests: [
        {
          url: `/v11_1/Leads/${first}`,
          method: 'PUT',
          data: JSON.stringify({ status_description: 'Calificado por leadloop' }),
        },
        { url: '/v11_1/Leads/missing-lead', method: 'PUT', data: JSON.stringify({ status_description: 'x' }) },
        {
          url: `/v11_1/Leads/${second}`,
          method: 'PUT',
          data: JSON.stringify({ status_description: 'Qualified by leadloop' }),
        },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.data.map((r: { status: number }) => r.status)).toEqual([200, 404, 200]);
    expect(response.data[0].contents).toMatchObject({ id: first, status_description: 'Calificado por leadloop' });
    expect(response.data[1].contents).toEqual({
      error: 'not_found',
      error_message: 'Could not find record: missing-lead in module: Leads',
    });
    expect(response.data[2].contents.status_description).toBe('Qualified by leadloop');
    expect(sandbox.calls.bulkRequests['PUT /Leads/:id']).toBeGreaterThanOrEqual(3);
  });

  it('uses only the path of a bulk URL, so an absolute URL stays on the sandbox', async () => {
    const id = leadIds()[12]!;
    const response = await http.post('/bulk', {
      requests: [{ url: `http://169.254.169.254/v11_1/Leads/${id}?fields=id`, method: 'GET' }],
    });
    expect(response.data[0]).toMatchObject({ status: 200, contents: { id } });
    const missingUrl = await http.post('/bulk', { requests: [{ method: 'GET' }] });
    expect(missingUrl.status).toBe(422);
    expect(missingUrl.data).toEqual({ error: 'missing_parameter', error_message: 'Invalid request - URL is missing' });
  });

  it('describes Leads in /metadata, with the leadloop fields only after the package is installed', async () => {
    const params = { type_filter: 'modules', module_filter: 'Leads' };
    const before = (await http.get('/metadata', { params })).data;
    expect(Object.keys(before.modules)).toEqual(['Leads']);
    expect(before.modules.Leads.fields.status).toMatchObject({
      name: 'status',
      type: 'enum',
      options: 'lead_status_dom',
    });
    expect(before.modules.Leads.fields).not.toHaveProperty('leadloop_score_c');
    expect(before.modules.Leads.fields).not.toHaveProperty('industry');

    sandbox.store.installLeadloopPackage();
    const after = (await http.get('/metadata', { params })).data;
    expect(after.modules.Leads.fields.leadloop_score_c).toMatchObject({
      type: 'int',
      source: 'custom_fields',
      custom_module: 'Leads',
    });
    expect(Object.keys(after.modules.Leads.fields).filter((f) => f.startsWith('leadloop_'))).toEqual([
      'leadloop_score_c',
      'leadloop_grade_c',
      'leadloop_status_c',
      'leadloop_reasons_c',
      'leadloop_scored_at_c',
      'leadloop_sla_due_c',
      'leadloop_return_reason_c',
    ]);
    expect(after.modules.Leads._hash).not.toBe(before.modules.Leads._hash);

    const id = leadIds()[4]!;
    const written = await http.put(`/Leads/${id}`, {
      leadloop_score_c: 82,
      leadloop_scored_at_c: '2026-05-04T08:00:00Z',
      leadloop_reasons_c: 'Cargo directivo · Senior title',
    });
    expect(written.data).toMatchObject({
      leadloop_score_c: 82,
      leadloop_scored_at_c: '2026-05-04T08:00:00+00:00',
      leadloop_reasons_c: 'Cargo directivo · Senior title',
    });
    const filtered = await http.post('/Leads/filter', {
      filter: [{ leadloop_score_c: { $gte: 80 } }],
      fields: 'leadloop_score_c',
    });
    expect(filtered.data.records).toEqual([expect.objectContaining({ id, leadloop_score_c: 82 })]);
  });

  it('lets tests act as a rep: status changes, conversion, won and lost opportunities, logged calls', async () => {
    const [a, b, c] = leadIds().slice(20, 23) as [string, string, string];
    tick(5);
    sandbox.rep.setStatus(a, 'Recycled', 'Sin presupuesto este año');
    const recycled = (await http.get(`/Leads/${a}`)).data;
    expect(recycled).toMatchObject({ status: 'Recycled', status_description: 'Sin presupuesto este año' });
    expect(recycled.modified_user_id).not.toBe(sandbox.apiUserId);

    const converted = sandbox.rep.convert(b, { opportunity: { amount: 12000 } });
    sandbox.rep.winOpportunity(converted.opportunityId!, 15000);
    const lead = (await http.get(`/Leads/${b}`)).data;
    expect(lead).toMatchObject({
      converted: true,
      status: 'Converted',
      opportunity_id: converted.opportunityId,
      contact_id: converted.contactId,
    });
    const won = (await http.get(`/Opportunities/${converted.opportunityId}`)).data;
    expect(won).toMatchObject({ sales_stage: 'Closed Won', amount: '15000.000000', probability: 100 });

    const lost = sandbox.rep.convert(c, { opportunity: {} });
    sandbox.rep.loseOpportunity(lost.opportunityId!, 'Precio');
    expect(sandbox.store.get('Opportunities', lost.opportunityId!)).toMatchObject({
      sales_stage: 'Closed Lost',
      description: 'Precio',
    });

    const call = sandbox.rep.logCall(a, { subject: 'Llamada de seguimiento' });
    const calls = await http.post('/Calls/filter', {
      filter: [{ parent_type: 'Leads', parent_id: a }, { status: 'Held' }],
      fields: 'name',
    });
    expect(calls.data.records.map((r: { id: string }) => r.id)).toContain(call.id);
  });
});
