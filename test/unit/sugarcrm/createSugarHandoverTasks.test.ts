import nock from 'nock';
import { taskIdForKey } from '../../../connectors/sugarcrm/createSugarHandoverTasks';
import type { HandoverTask } from '../../../src/domain/connector';
import { API, BASE, harness } from './sugarFixtures';

const LEAD = '20000001-aaaa-4bbb-8ccc-000000000000';
const task = (key: string): HandoverTask => ({
  key,
  leadExternalId: LEAD,
  ownerId: 'seed_sally_id',
  subject: 'Follow up: Ana Lead (A, 86) — qualified by leadloop today',
  description: 'Why: VP Sales at a 200-person SaaS company; requested a demo.',
  dueAt: '2026-03-02T14:00:00.000Z',
});

describe('SugarCRM hand-over tasks', () => {
  it('derives a stable UUID-shaped id from the key', () => {
    expect(taskIdForKey('lead-1:1')).toBe(taskIdForKey('lead-1:1'));
    expect(taskIdForKey('lead-1:1')).not.toBe(taskIdForKey('lead-1:2'));
    expect(taskIdForKey('lead-1:1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('creates each task once across two calls', async () => {
    const id = taskIdForKey(`${LEAD}:1`);
    let created: Record<string, unknown> | undefined;
    const scope = nock(BASE)
      .post(`${API}/Tasks/filter`, {
        filter: [{ id: { $in: [id] } }],
        fields: 'id',
        order_by: 'id:asc',
        max_num: 1,
        offset: 0,
      })
      .reply(200, { next_offset: -1, records: [] })
      .post(`${API}/bulk`, (b) => {
        created = JSON.parse(b.requests[0].data);
        return b.requests[0].url === '/v11_1/Tasks' && b.requests[0].method === 'POST';
      })
      .reply(200, [{ contents: { id, name: 'Follow up', _module: 'Tasks' }, headers: [], status: 200 }])
      // second run (e.g. after a crash before the result was stored): the id already exists
      .post(`${API}/Tasks/filter`)
      .reply(200, { next_offset: -1, records: [{ id, date_modified: '2026-03-02T10:00:00+00:00' }] });
    const h = harness();
    const first = await h.connector.createHandoverTasks([task(`${LEAD}:1`)]);
    const second = await h.connector.createHandoverTasks([task(`${LEAD}:1`)]);
    scope.done();
    expect(first).toEqual([{ externalId: LEAD, ok: true, createdId: id }]);
    expect(second).toEqual(first);
    expect(String(created!['name'])).toHaveLength(50);
    expect(created).toEqual({
      id,
      name: task('x').subject.slice(0, 50),
      description: task('x').description,
      date_due: '2026-03-02T14:00:00+00:00',
      assigned_user_id: 'seed_sally_id',
      parent_type: 'Leads',
      parent_id: LEAD,
      status: 'Not Started',
      priority: 'High',
    });
  });

  it('treats "Record already exists" as created and reports other failures per task', async () => {
    const [a, b] = [taskIdForKey('k:a'), taskIdForKey('k:b')];
    const scope = nock(BASE)
      .post(`${API}/Tasks/filter`)
      .reply(200, { next_offset: -1, records: [] })
      .post(`${API}/bulk`)
      .reply(200, [
        {
          contents: { error: 'invalid_parameter', error_message: `Record already exists: ${a} in module: Tasks` },
          headers: [],
          status: 422,
        },
        {
          contents: { error: 'not_authorized', error_message: 'You are not authorized to create Tasks.' },
          headers: [],
          status: 403,
        },
      ]);
    const results = await harness().connector.createHandoverTasks([
      task('k:a'),
      task('k:b'),
      { ...task('k:c'), ownerId: '../users' },
    ]);
    scope.done();
    expect(results[0]).toEqual({ externalId: LEAD, ok: true, createdId: a });
    expect(results[1]).toMatchObject({ ok: false, error: { kind: 'configuration', code: 'not_authorized' } });
    expect(results[2]).toMatchObject({ ok: false, error: { code: 'INVALID_ID' } });
    expect(b).not.toBe(a);
  });
});
