import nock from 'nock';
import { withPrimaryEmail } from '../../../connectors/sugarcrm/pullSugarLeads';
import { API, BASE, collect, harness, leadRecord } from './sugarFixtures';

const FIELDS =
  'id,date_modified,first_name,last_name,email1,phone_work,phone_mobile,title,account_name,website,primary_address_country,primary_address_state,primary_address_city,lead_source,status,assigned_user_id,converted,email_opt_out,date_entered,leadloop_score_c,leadloop_grade_c,leadloop_status_c,leadloop_reasons_c,leadloop_scored_at_c,leadloop_sla_due_c,status_description,leadloop_return_reason_c,email';
const ID = (n: number) => `0000000${n}-aaaa-4bbb-8ccc-000000000000`;
const T1 = '2026-03-01T09:00:00+00:00';
const T2 = '2026-03-01T09:00:05+00:00';

describe('SugarCRM pullLeads', () => {
  it('sends the keyset filter, ordered, with only the mapped fields', async () => {
    const scope = nock(BASE)
      .post(`${API}/Leads/filter`, {
        filter: [
          {
            $or: [
              { date_modified: { $gt: T1 } },
              { $and: [{ date_modified: { $equals: T1 } }, { id: { $gt: ID(1) } }] },
            ],
          },
        ],
        fields: FIELDS,
        order_by: 'date_modified:asc,id:asc',
        max_num: 1000,
        offset: 0,
      })
      .matchHeader('OAuth-Token', 'access-aaaa-1111')
      .reply(200, { next_offset: -1, records: [leadRecord(ID(2), T2)] });
    const h = harness();
    const pages = await collect(
      h.connector.pullLeads({ since: { version: 1, modifiedAt: '2026-03-01T09:00:00.000Z', id: ID(1) }, overlapMs: 0 }),
    );
    scope.done();
    expect(pages).toHaveLength(1);
    expect(pages[0]!.leads.map((l) => l.externalId)).toEqual([ID(2)]);
    expect(pages[0]!.cursor).toEqual({ version: 1, modifiedAt: '2026-03-01T09:00:05.000Z', id: ID(2) });
    expect(pages[0]!.leads[0]).toMatchObject({
      crm: 'sugarcrm',
      company: 'Acme',
      crmStatus: 'New',
      ownerId: 'seed_sally_id',
      isConverted: false,
    });
  });

  it('walks pages while next_offset is not -1, honouring a server cap below max_num, across a date_modified tie', async () => {
    const bodies: unknown[] = [];
    const record = (body: unknown) => {
      bodies.push(body);
      return true;
    };
    const scope = nock(BASE)
      .post(`${API}/Leads/filter`, record)
      // the server caps max_num (max_list_limit 2): two rows and next_offset 2
      .reply(200, { next_offset: 2, records: [leadRecord(ID(1), T1), leadRecord(ID(2), T2)] })
      .post(`${API}/Leads/filter`, record)
      .reply(200, { next_offset: 2, records: [leadRecord(ID(3), T2), leadRecord(ID(4), T2)] })
      .post(`${API}/Leads/filter`, record)
      .reply(200, { next_offset: -1, records: [leadRecord(ID(5), T2)] });
    const h = harness({ pageSize: 1000 });
    const pages = await collect(h.connector.pullLeads({ since: null, overlapMs: 0 }));
    scope.done();
    expect(pages.flatMap((p) => p.leads.map((l) => l.externalId))).toEqual([ID(1), ID(2), ID(3), ID(4), ID(5)]);
    expect((bodies[0] as { filter: unknown }).filter).toEqual([]);
    // the second page starts strictly after (T2, id 2): inside the tie, nothing skipped or repeated
    expect(bodies[1] as { filter: unknown; offset: number }).toMatchObject({
      offset: 0,
      filter: [
        {
          $or: [{ date_modified: { $gt: T2 } }, { $and: [{ date_modified: { $equals: T2 } }, { id: { $gt: ID(2) } }] }],
        },
      ],
    });
    expect((bodies[2] as { filter: unknown[] }).filter[0]).toEqual({
      $or: [{ date_modified: { $gt: T2 } }, { $and: [{ date_modified: { $equals: T2 } }, { id: { $gt: ID(4) } }] }],
    });
    expect(pages.map((p) => p.cursor?.id)).toEqual([ID(2), ID(4), ID(5)]);
    expect(h.connector.apiUsage().calls).toBe(3);
  });

  it("re-reads the overlap window with $gte and leaves out leadloop's own writes", async () => {
    const scope = nock(BASE)
      .post(
        `${API}/Leads/filter`,
        (b) =>
          JSON.stringify(b.filter) ===
          JSON.stringify([
            { date_modified: { $gte: '2026-03-01T08:55:00+00:00' } },
            {
              $or: [
                { modified_user_id: { $not_equals: 'a1b2c3d4-0000-4000-8000-00000000u001' } },
                { modified_user_id: { $is_null: '' } },
              ],
            },
          ]),
      )
      .reply(200, { next_offset: -1, records: [] });
    const h = harness();
    const pages = await collect(
      h.connector.pullLeads({
        since: { version: 1, modifiedAt: '2026-03-01T09:00:00.000Z', id: ID(1) },
        overlapMs: 300_000,
        skipOwnWrites: true,
      }),
    );
    scope.done();
    expect(pages).toEqual([]);
  });

  it('reports unreadable records as rejected and keeps the cursor on the last readable one', async () => {
    const scope = nock(BASE)
      .post(`${API}/Leads/filter`)
      .reply(200, {
        next_offset: -1,
        records: [leadRecord(ID(1), T1), { ...leadRecord(ID(2), T2), date_modified: '' }],
      });
    const h = harness();
    const [page] = await collect(h.connector.pullLeads({ since: null, overlapMs: 0 }));
    scope.done();
    expect(page!.leads).toHaveLength(1);
    expect(page!.rejected).toEqual([
      {
        externalId: ID(2),
        issues: [{ field: 'date_modified', message: expect.stringContaining('modification stamp') }],
      },
    ]);
    expect(page!.cursor?.id).toBe(ID(1));
  });

  it.each([
    ['email1 kept', { email1: 'a@x.io', email: [{ email_address: 'b@x.io', primary_address: true }] }, 'a@x.io'],
    [
      'primary address',
      {
        email1: '',
        email: [
          { email_address: 'b@x.io', primary_address: false },
          { email_address: 'c@x.io', primary_address: true },
        ],
      },
      'c@x.io',
    ],
    [
      'first valid address',
      { email: [{ email_address: 'bad@x.io', invalid_email: true }, { email_address: 'd@x.io' }] },
      'd@x.io',
    ],
    ['no address', { email: [] }, undefined],
  ])('reads the email from %s', (_name, record, expected) => {
    expect(withPrimaryEmail(record)['email1']).toBe(expected);
  });
});
