import axios, { type AxiosInstance } from 'axios';
import type { SugarRow } from '../../src/sandbox/sugarcrm/SugarModuleTable';
import { startSugarSandbox, type SugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';

let sandbox: SugarSandbox;
let http: AxiosInstance;

beforeAll(async () => {
  sandbox = await startSugarSandbox({ leads: 3000, seed: 11, maxListLimit: 1000 });
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

const leads = () => [...sandbox.store.table('Leads').all()];
const text = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : '');
const primaryEmail = (row: SugarRow) =>
  (row.email as { email_address: string }[] | undefined)?.[0]?.email_address ?? '';
const enteredAfter = Date.parse('2026-01-01T00:00:00Z');

/** Every record a filter matches, walking next_offset to -1. */
async function fetchAll(
  filter: unknown,
  extra: Record<string, unknown> = {},
): Promise<{ ids: string[]; offsets: number[]; pages: number[] }> {
  const ids: string[] = [];
  const offsets: number[] = [];
  const pages: number[] = [];
  let offset = 0;
  while (offset !== -1) {
    const response = await http.post('/Leads/filter', {
      filter,
      max_num: 1000,
      offset,
      fields: 'id',
      order_by: 'date_modified:asc,id:asc',
      ...extra,
    });
    expect(response.status).toBe(200);
    ids.push(...response.data.records.map((record: { id: string }) => record.id));
    pages.push(response.data.records.length);
    offsets.push(response.data.next_offset);
    offset = response.data.next_offset;
  }
  return { ids, offsets, pages };
}

describe('SugarCRM sandbox filter API', () => {
  it.each<[string, unknown, (row: SugarRow) => boolean]>([
    ['field shorthand', [{ status: 'Dead' }], (r) => r.status === 'Dead'],
    ['$equals is case-insensitive', [{ status: { $equals: 'recycled' } }], (r) => r.status === 'Recycled'],
    ['$not_equals', [{ status: { $not_equals: 'New' } }], (r) => r.status !== 'New'],
    ['$starts', [{ last_name: { $starts: 'gar' } }], (r) => text(r.last_name).startsWith('gar')],
    ['$ends on email1', [{ email1: { $ends: '.com.ar' } }], (r) => primaryEmail(r).toLowerCase().endsWith('.com.ar')],
    ['$contains', [{ account_name: { $contains: 'log' } }], (r) => text(r.account_name).includes('log')],
    [
      '$not_contains keeps empty values',
      [{ account_name: { $not_contains: 'log' } }],
      (r) => !text(r.account_name).includes('log'),
    ],
    [
      '$in',
      [{ lead_source: { $in: ['Web Site', 'Partner'] } }],
      (r) => ['Web Site', 'Partner'].includes(r.lead_source as string),
    ],
    [
      '$not_in',
      [{ status: { $not_in: ['New', 'Assigned'] } }],
      (r) => !['New', 'Assigned'].includes(r.status as string),
    ],
    ['$is_null', [{ title: { $is_null: '' } }], (r) => r.title === undefined],
    ['$not_null', [{ title: { $not_null: '' } }], (r) => r.title !== undefined],
    ['$empty on email', [{ email: { $empty: '' } }], (r) => primaryEmail(r) === ''],
    [
      '$gte on a datetime',
      [{ date_entered: { $gte: '2026-01-01T00:00:00+00:00' } }],
      (r) => r.date_entered >= enteredAfter,
    ],
    ['$lt on a datetime', [{ date_entered: { $lt: '2026-01-01T00:00:00Z' } }], (r) => r.date_entered < enteredAfter],
    [
      '$gt with a date means after that day',
      [{ date_entered: { $gt: '2025-12-31' } }],
      (r) => r.date_entered >= enteredAfter,
    ],
    [
      '$dateBetween with dates covers both days',
      [{ date_entered: { $dateBetween: ['2025-06-01', '2025-06-30'] } }],
      (r) =>
        r.date_entered >= Date.parse('2025-06-01T00:00:00Z') && r.date_entered < Date.parse('2025-07-01T00:00:00Z'),
    ],
    [
      '$between on a datetime',
      [{ date_entered: { $between: ['2025-06-01T00:00:00Z', '2025-06-30T23:59:59Z'] } }],
      (r) =>
        r.date_entered >= Date.parse('2025-06-01T00:00:00Z') && r.date_entered < Date.parse('2025-07-01T00:00:00Z'),
    ],
    ['bool field', [{ converted: true }], (r) => r.converted === true],
    [
      '$or',
      [{ $or: [{ status: 'Dead' }, { status: 'Recycled' }] }],
      (r) => r.status === 'Dead' || r.status === 'Recycled',
    ],
    [
      '$and inside $or, AND-ed with a field',
      [
        { $or: [{ $and: [{ status: 'Converted' }, { lead_source: 'Partner' }] }, { status: 'Dead' }] },
        { do_not_call: false },
      ],
      (r) =>
        ((r.status === 'Converted' && r.lead_source === 'Partner') || r.status === 'Dead') && r.do_not_call === false,
    ],
    [
      'several operands on one field',
      [{ date_entered: { $gte: '2025-06-01', $lt: '2025-07-01' } }],
      (r) =>
        r.date_entered >= Date.parse('2025-06-01T00:00:00Z') && r.date_entered <= Date.parse('2025-06-30T23:59:59Z'),
    ],
  ])('%s', async (_name, filter, expected) => {
    const { ids } = await fetchAll(filter);
    const want = leads()
      .filter(expected)
      .map((r) => r.id);
    expect(want.length).toBeGreaterThan(0);
    expect(new Set(ids)).toEqual(new Set(want));
    expect(ids).toHaveLength(want.length);
  });

  it('applies $owner to the calling user', async () => {
    const lead = leads()[7]!;
    sandbox.store.patch('Leads', lead.id, { assigned_user_id: sandbox.apiUserId }, sandbox.apiUserId);
    const { ids } = await fetchAll([{ $owner: '' }]);
    expect(ids).toEqual([lead.id]);
  });

  it('walks 3,000 leads in (date_modified, id) order with max_num 1000: next_offset 1000, 2000, then -1', async () => {
    const { ids, offsets, pages } = await fetchAll(undefined);
    expect(offsets).toEqual([1000, 2000, -1]);
    expect(pages).toEqual([1000, 1000, 1000]);
    const sorted = leads()
      .sort((a, b) => a.date_modified - b.date_modified || (a.id < b.id ? -1 : 1))
      .map((r) => r.id);
    expect(ids).toEqual(sorted);
  });

  it('caps max_num at the server limit and keeps next_offset honest', async () => {
    const { offsets, pages } = await fetchAll(undefined, { max_num: 5000 });
    expect(pages).toEqual([1000, 1000, 1000]);
    expect(offsets).toEqual([1000, 2000, -1]);
    const small = await http.post('/Leads/filter', { max_num: 700, offset: 2800, fields: 'id' });
    expect(small.data.records).toHaveLength(200);
    expect(small.data.next_offset).toBe(-1);
  });

  it('defaults to 20 records, newest first, with every field', async () => {
    const response = await http.get('/Leads/filter');
    expect(response.data.records).toHaveLength(20);
    expect(response.data.next_offset).toBe(20);
    const stamps = response.data.records.map((r: { date_modified: string }) => Date.parse(r.date_modified));
    expect([...stamps].sort((a, b) => b - a)).toEqual(stamps);
    expect(response.data.records[0]).toMatchObject({
      _module: 'Leads',
      converted: expect.any(Boolean),
      email: expect.any(Array),
    });
    expect(response.data.records[0].date_modified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
  });

  it('reads GET filters in the bracket form axios sends, and as JSON text', async () => {
    const filter = [{ status: { $in: ['Dead', 'Recycled'] } }];
    const post = await http.post('/Leads/filter', { filter, max_num: 50, fields: 'status' });
    const brackets = await http.get('/Leads/filter', { params: { filter, max_num: 50, fields: 'status' } });
    const json = await http.get('/Leads/filter', {
      params: { filter: JSON.stringify(filter), max_num: 50, fields: 'status' },
    });
    expect(brackets.data).toEqual(post.data);
    expect(json.data).toEqual(post.data);
  });

  it('returns only the asked fields plus id, date_modified and the record envelope', async () => {
    const response = await http.post('/Leads/filter', { max_num: 1, fields: 'first_name,leadloop_score_c,email1' });
    expect(Object.keys(response.data.records[0]).sort()).toEqual([
      '_acl',
      '_module',
      'date_modified',
      'email1',
      'first_name',
      'id',
      'locked_fields',
    ]);
  });

  it('reads an id $in list by key with the same rows, order and paging as a scan', async () => {
    const all = leads();
    const wanted = all.filter((_, i) => i % 3 === 0).map((row) => row.id);
    const status = String(all[0]!['status']);
    const scanned = all.filter((row) => wanted.includes(row.id) && row['status'] === status).map((row) => row.id);
    for (const order of ['date_modified:asc,id:asc', 'date_modified:desc', 'last_name:asc,id:asc']) {
      const byKey = await fetchAll([{ id: { $in: [...wanted, 'no-such-id'] } }, { status }], {
        order_by: order,
        max_num: 100,
      });
      const byScan = await fetchAll([{ status }], { order_by: order, max_num: 1000 });
      expect(byKey.ids).toEqual(byScan.ids.filter((id) => scanned.includes(id)));
      expect(byKey.offsets.at(-1)).toBe(-1);
    }
  });

  it('orders by other fields with order_by', async () => {
    const response = await http.post('/Leads/filter', {
      max_num: 200,
      fields: 'last_name',
      order_by: 'last_name:desc',
    });
    const names = response.data.records.map((r: { last_name: string }) => r.last_name.toLowerCase());
    expect([...names].sort().reverse()).toEqual(names);
  });

  it.each([
    ['an unknown operand', { filter: [{ status: { $like: 'New' } }] }, 'Did not recognize the operand: $like'],
    ['an unknown field', { filter: [{ industry: 'Retail' }] }, 'Unknown field industry'],
    ['an uninstalled custom field', { filter: [{ leadloop_score_c: { $gt: 50 } }] }, 'Unknown field leadloop_score_c'],
    ['$in without a list', { filter: [{ status: { $in: 'New' } }] }, '$in requires an array'],
    [
      '$between with one value',
      { filter: [{ date_entered: { $between: ['2026-01-01'] } }] },
      '$between requires an array with two values.',
    ],
    ['a filter that is not a list', { filter: 'status=New' }, 'Unexpected filter type string.'],
    ['an unknown order_by field', { order_by: 'score:desc' }, 'Non existing field: score in module: Leads'],
  ])('answers 422 invalid_parameter for %s', async (_case, body, message) => {
    const response = await http.post('/Leads/filter', body);
    expect(response.status).toBe(422);
    expect(response.data).toEqual({ error: 'invalid_parameter', error_message: message });
  });

  it('serves the related modules through the same filter API', async () => {
    const lead = leads().find((r) => r.converted === true && r.opportunity_id)!;
    const opportunities = await http.post('/Opportunities/filter', {
      filter: [{ id: lead.opportunity_id }],
      fields: 'sales_stage,amount,date_closed',
    });
    expect(opportunities.data.records[0]).toMatchObject({
      sales_stage: expect.any(String),
      amount: expect.stringMatching(/^\d+\.\d{6}$/),
    });
    const calls = await http.post('/Tasks/filter', {
      filter: [{ parent_type: 'Leads' }, { parent_id: { $not_empty: '' } }],
      max_num: 5,
    });
    expect(calls.data.records.length).toBe(5);
    const users = await http.get('/Users/filter', {
      params: { filter: [{ status: 'Inactive' }], fields: 'user_name,status' },
    });
    expect(users.data.records.length).toBeGreaterThan(0);
    const campaignLog = await http.post('/CampaignLog/filter', {
      filter: [{ target_type: 'Leads' }, { activity_type: 'link' }],
      max_num: 3,
    });
    expect(campaignLog.data.records[0]).toMatchObject({
      target_id: expect.any(String),
      campaign_id: expect.any(String),
    });
    expect((await http.get('/Widgets/filter')).data.error).toBe('no_method');
  });
});
