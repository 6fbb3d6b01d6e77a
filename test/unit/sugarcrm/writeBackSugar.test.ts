import nock from 'nock';
import type { LeadUpdate } from '../../../src/domain/connector';
import { API, BASE, harness } from './sugarFixtures';

const ID = (n: number) => `1000000${n}-aaaa-4bbb-8ccc-000000000000`;
const update = (
  n: number,
  fields: LeadUpdate['fields'] = { score: 80 + n, grade: 'A', status: 'mql' },
): LeadUpdate => ({ externalId: ID(n), fields });
/** The converted check's answer: only the converted leads among the ids asked about. */
const converted = (ids: string[]) => ({
  next_offset: -1,
  records: ids.map((id) => ({ id, converted: true, date_modified: '2026-03-01T09:00:00+00:00' })),
});
const notFound = (id: string) => ({
  contents: { error: 'not_found', error_message: `Could not find record: ${id} in module: Leads` },
  headers: [],
  status: 404,
  status_text: 'Not Found',
});
const ok = (id: string) => ({ contents: { id, _module: 'Leads' }, headers: [], status: 200, status_text: 'OK' });

describe('SugarCRM writeBack', () => {
  it('sends one PUT per lead through /bulk and returns one result per update, in order', async () => {
    let firstBulk: { requests: { url: string; method: string; data: string }[] } | undefined;
    const scope = nock(BASE)
      .post(`${API}/Leads/filter`, {
        filter: [{ id: { $in: [ID(1), ID(2), ID(3), ID(4)] } }, { converted: { $equals: 1 } }],
        fields: 'id,converted',
        order_by: 'id:asc',
        max_num: 1000,
        offset: 0,
      })
      .reply(200, converted([]))
      .post(`${API}/bulk`, (b) => {
        firstBulk = b;
        return true;
      })
      .reply(200, [
        ok(ID(1)),
        notFound(ID(2)),
        {
          contents: {
            error: 'invalid_parameter',
            error_message: 'Did not recognize leadloop_sla_due_c as a date/time',
          },
          headers: [],
          status: 422,
        },
        { contents: { error: 'fatal_error', error_message: 'Database failure' }, headers: [], status: 500 },
      ])
      // only the sub-request that failed on the server goes again
      .post(`${API}/bulk`, (b) => b.requests.length === 1 && b.requests[0].url === `/v11_1/Leads/${ID(4)}`)
      .reply(200, [ok(ID(4))]);
    const h = harness();
    const results = await h.connector.writeBack([
      update(1, { score: 0, grade: null, ownerId: 'seed_max_id' }),
      update(2),
      update(3, { slaDueAt: 'soon' }),
      update(4),
    ]);
    scope.done();
    expect(firstBulk!.requests[0]).toEqual({
      url: `/v11_1/Leads/${ID(1)}`,
      method: 'PUT',
      data: JSON.stringify({ leadloop_score_c: 0, leadloop_grade_c: '', assigned_user_id: 'seed_max_id' }),
    });
    expect(results.map((r) => [r.externalId, r.ok])).toEqual([
      [ID(1), true],
      [ID(2), false],
      [ID(3), false],
      [ID(4), true],
    ]);
    expect(results[1]).toMatchObject({
      skipped: true,
      error: { kind: 'record', code: 'not_found', status: 404, recordId: ID(2) },
    });
    expect(results[2]).toMatchObject({ error: { kind: 'record', code: 'invalid_parameter', status: 422 } });
    expect(h.sleeps).toHaveLength(1);
  });

  it('skips converted leads without writing to them', async () => {
    const scope = nock(BASE)
      .post(`${API}/Leads/filter`)
      .reply(200, { next_offset: -1, records: [{ id: ID(1), converted: true }] })
      .post(`${API}/bulk`, (b) => b.requests.length === 1 && b.requests[0].url.endsWith(ID(2)))
      .reply(200, [ok(ID(2))]);
    const results = await harness().connector.writeBack([update(1), update(2)]);
    scope.done();
    expect(results[0]).toMatchObject({ ok: false, skipped: true, error: { code: 'CONVERTED' } });
    expect(results[1]).toEqual({ externalId: ID(2), ok: true });
  });

  it('backs off on 429 for the whole /bulk call, honouring Retry-After', async () => {
    const scope = nock(BASE)
      .post(`${API}/Leads/filter`)
      .reply(200, converted([]))
      .post(`${API}/bulk`)
      .reply(429, { error: 'too_many_requests', error_message: 'Slow down' }, { 'Retry-After': '7' })
      .post(`${API}/bulk`)
      .reply(200, [ok(ID(1))]);
    const h = harness();
    expect(await h.connector.writeBack([update(1)])).toEqual([{ externalId: ID(1), ok: true }]);
    scope.done();
    expect(h.sleeps[0]).toBeGreaterThanOrEqual(7000);
  });

  it('splits into bulkBatchSize calls and answers invalid ids and empty updates without a call', async () => {
    const scope = nock(BASE)
      // one converted check for the whole call, then one /bulk per batch
      .post(
        `${API}/Leads/filter`,
        (b) =>
          JSON.stringify(b.filter) ===
          JSON.stringify([{ id: { $in: [ID(1), ID(2), ID(3)] } }, { converted: { $equals: 1 } }]),
      )
      .reply(200, converted([]))
      .post(`${API}/bulk`, (b) => b.requests.length === 2)
      .reply(200, [ok(ID(1)), ok(ID(2))])
      .post(`${API}/bulk`, (b) => b.requests.length === 1)
      .reply(200, [ok(ID(3))]);
    const h = harness({ bulkBatchSize: 2 });
    const results = await h.connector.writeBack([
      update(1),
      { externalId: 'https://evil.example/x', fields: { score: 1 } },
      update(2),
      { externalId: ID(9), fields: {} },
      update(3),
    ]);
    scope.done();
    expect(results.map((r) => r.ok)).toEqual([true, false, true, true, true]);
    expect(results[1]).toMatchObject({ error: { code: 'INVALID_ID', kind: 'record' } });
    expect(h.connector.apiUsage().calls).toBe(3);
  });

  it('asks about at most 5,000 ids per converted check, and skips what any answer names', async () => {
    const ids = Array.from({ length: 5_001 }, (_, i) => `2${String(i).padStart(7, '0')}-aaaa-4bbb-8ccc-000000000000`);
    const asked: number[] = [];
    let bulkCalls = 0;
    const scope = nock(BASE)
      .post(`${API}/Leads/filter`, (b) => {
        asked.push(b.filter[0].id.$in.length);
        return b.filter[1].converted.$equals === 1;
      })
      .reply(200, converted([ids[10]!]))
      .post(`${API}/Leads/filter`, (b) => {
        asked.push(b.filter[0].id.$in.length);
        return true;
      })
      .reply(200, converted([ids[5_000]!]))
      .post(`${API}/bulk`)
      .times(25)
      // nock 15 hands a reply function the fetch Request
      .reply(200, async (request: Request) => {
        bulkCalls++;
        const body = (await request.json()) as { requests: { url: string }[] };
        return body.requests.map((r) => ok(r.url.split('/').pop()!));
      });
    const results = await harness({ bulkBatchSize: 200 }).connector.writeBack(
      ids.map((externalId) => ({ externalId, fields: { score: 50 } })),
    );
    expect(asked).toEqual([5_000, 1]);
    expect(results.filter((r) => !r.ok).map((r) => r.externalId)).toEqual([ids[10], ids[5_000]]);
    expect(results.filter((r) => r.ok)).toHaveLength(4_999);
    expect(bulkCalls).toBe(25); // 4,999 PUTs in full calls of 200 (the converted two are never sent)
    scope.done();
  });
});
