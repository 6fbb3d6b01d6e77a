import nock from 'nock';
import { API, BASE, collect, harness } from './sugarFixtures';
import { callEngagementType } from '../../../connectors/sugarcrm/pullSugarEngagement';
import { engagementRulesSchema } from '../../../src/mapping';

const LEAD = '40000001-aaaa-4bbb-8ccc-000000000000';
const SINCE = '2026-03-01T00:00:00.000Z';
const since = { date_modified: { $gt: '2026-03-01T00:00:00+00:00' } };
const empty = { next_offset: -1, records: [] };

describe('SugarCRM engagement and outcomes', () => {
  it('reads calls tried or held, held meetings on leads and campaign responses', async () => {
    const scope = nock(BASE)
      .post(
        `${API}/Calls/filter`,
        (b) =>
          JSON.stringify(b.filter) ===
            JSON.stringify([since, { parent_type: { $equals: 'Leads' } }, { status: { $in: ['Held', 'Not Held'] } }]) &&
          b.fields.includes('direction') &&
          b.fields.includes('duration_minutes'),
      )
      .reply(200, {
        next_offset: -1,
        records: [
          {
            id: 'c1000000-0000-4000-8000-000000000001',
            name: 'Inbound: pricing',
            status: 'Held',
            direction: 'Inbound',
            duration_hours: 0,
            duration_minutes: 15,
            date_start: '2026-03-01T10:00:00+01:00',
            parent_type: 'Leads',
            parent_id: LEAD,
            date_modified: '2026-03-01T10:30:00+01:00',
          },
          {
            id: 'c1000000-0000-4000-8000-000000000002',
            name: 'Follow-up',
            status: 'Not Held',
            direction: 'Outbound',
            duration_hours: 0,
            duration_minutes: 15,
            date_start: '2026-03-01T11:00:00+00:00',
            parent_type: 'Leads',
            parent_id: LEAD,
            date_modified: '2026-03-01T11:00:00+00:00',
          },
          {
            id: 'c1000000-0000-4000-8000-000000000003',
            name: 'Discovery',
            status: 'Held',
            direction: 'Outbound',
            duration_hours: 0,
            duration_minutes: 30,
            date_start: '2026-03-01T12:00:00+00:00',
            parent_type: 'Leads',
            parent_id: LEAD,
            date_modified: '2026-03-01T12:30:00+00:00',
          },
        ],
      })
      .post(`${API}/Meetings/filter`)
      .reply(200, {
        next_offset: -1,
        records: [
          {
            id: 'm1000000-0000-4000-8000-000000000001',
            name: 'Demo',
            status: 'Held',
            date_start: '2026-03-02T09:00:00+00:00',
            parent_type: 'Leads',
            parent_id: LEAD,
            date_modified: '2026-03-02T09:00:00+00:00',
          },
        ],
      })
      .post(
        `${API}/CampaignLog/filter`,
        (b) => JSON.stringify(b.filter[1]) === JSON.stringify({ target_type: { $in: ['Leads', 'Lead'] } }),
      )
      .reply(200, {
        next_offset: -1,
        records: [
          {
            id: 'l1000000-0000-4000-8000-000000000001',
            target_id: LEAD,
            target_type: 'Leads',
            activity_type: 'link',
            activity_date: '2026-03-01T08:00:00+00:00',
            campaign_id: 'camp-1',
            date_modified: '2026-03-01T08:00:00+00:00',
          },
          {
            id: 'l1000000-0000-4000-8000-000000000002',
            target_id: LEAD,
            target_type: 'Leads',
            activity_type: 'viewed',
            activity_date: '2026-03-01T07:00:00+00:00',
            campaign_id: 'camp-1',
            date_modified: '2026-03-01T07:00:00+00:00',
          },
        ],
      });
    const events = (await collect(harness().connector.pullEngagement(SINCE))).flat();
    scope.done();
    expect(events.map((e) => [e.type, e.occurredAt])).toEqual([
      ['inbound_call', '2026-03-01T09:00:00.000Z'],
      ['outbound_call', '2026-03-01T11:00:00.000Z'],
      ['connected_call', '2026-03-01T12:00:00.000Z'],
      ['meeting', '2026-03-02T09:00:00.000Z'],
      ['email_click', '2026-03-01T08:00:00.000Z'],
      ['email_open', '2026-03-01T07:00:00.000Z'],
    ]);
    expect(events[0]).toMatchObject({
      externalId: 'c1000000-0000-4000-8000-000000000001',
      leadExternalId: LEAD,
      source: 'sugarcrm:Calls',
      detail: 'Inbound: pricing',
    });
    expect(events[4]!.source).toBe('sugarcrm:Campaign:camp-1');
  });

  // Calls vardefs: direction (call_direction_dom), status (call_status_dom), duration_hours/minutes
  it.each([
    [{ status: 'Held', direction: 'Inbound', duration_minutes: 0 }, 'inbound_call'],
    [{ status: 'Not Held', direction: 'Inbound' }, 'inbound_call'],
    [{ status: 'Held', direction: 'Outbound', duration_hours: 1, duration_minutes: 0 }, 'connected_call'],
    [{ status: 'Held', direction: 'Outbound', duration_minutes: 0 }, 'outbound_call'],
    [{ status: 'Not Held', direction: 'Outbound', duration_minutes: 30 }, 'outbound_call'],
    [{ status: 'Planned', direction: 'Outbound', duration_minutes: 30 }, null],
  ])('callEngagementType(%p) → %p', (call, type) => {
    expect(callEngagementType(call, engagementRulesSchema.parse({}))).toBe(type);
  });

  it("reads a rep's leadloop return reason as a return to marketing with that reason", async () => {
    const scope = nock(BASE)
      .get(`${API}/metadata`)
      .query({ type_filter: 'modules', module_filter: 'Leads' })
      .reply(200, {
        modules: {
          Leads: {
            fields: {
              id: { name: 'id', type: 'id' },
              leadloop_return_reason_c: {
                name: 'leadloop_return_reason_c',
                type: 'enum',
                options: 'leadloop_return_reason_list',
              },
            },
          },
        },
      })
      .post(
        `${API}/Leads/filter`,
        (b) =>
          JSON.stringify(b.filter) ===
            JSON.stringify([
              since,
              {
                $or: [
                  { converted: { $equals: 1 } },
                  { status: { $in: ['In Process', 'Recycled', 'Dead'] } },
                  { leadloop_return_reason_c: { $not_empty: '' } },
                ],
              },
            ]) && String(b.fields).split(',').includes('leadloop_return_reason_c'),
      )
      .reply(200, {
        next_offset: -1,
        records: [
          {
            id: '40000005-aaaa-4bbb-8ccc-000000000000',
            status: 'Assigned',
            leadloop_return_reason_c: 'No budget',
            converted: false,
            assigned_user_id: 'seed_max_id',
            date_modified: '2026-03-01T16:00:00+00:00',
          },
        ],
      })
      .post(`${API}/Opportunities/filter`)
      .reply(200, { next_offset: -1, records: [] });
    const events = (await collect(harness().connector.pullOutcomes(SINCE))).flat();
    scope.done();
    expect(events).toEqual([
      {
        leadExternalId: '40000005-aaaa-4bbb-8ccc-000000000000',
        kind: 'recycled',
        occurredAt: '2026-03-01T16:00:00.000Z',
        sourceId: 'returnReason:No budget:2026-03-01T16:00:00.000Z',
        reason: 'No budget',
        ownerId: 'seed_max_id',
      },
    ]);
  });

  it("reads conversions, reps' status changes with reasons, and closed opportunities", async () => {
    const opp = 'o1000000-0000-4000-8000-000000000001';
    const scope = nock(BASE)
      // an instance with an older leadloop package: no leadloop_return_reason_c, so it is neither filtered on nor read
      .get(`${API}/metadata`)
      .query({ type_filter: 'modules', module_filter: 'Leads' })
      .reply(200, {
        modules: {
          Leads: {
            fields: {
              id: { name: 'id', type: 'id' },
              status: { name: 'status', type: 'enum' },
              leadloop_status_c: { name: 'leadloop_status_c', type: 'varchar' },
            },
          },
        },
      })
      .post(
        `${API}/Leads/filter`,
        (b) =>
          JSON.stringify(b.filter) ===
          JSON.stringify([
            since,
            { $or: [{ converted: { $equals: 1 } }, { status: { $in: ['In Process', 'Recycled', 'Dead'] } }] },
          ]),
      )
      .reply(200, {
        next_offset: -1,
        records: [
          {
            id: LEAD,
            status: 'Converted',
            converted: true,
            opportunity_id: opp,
            contact_id: 'ct-1',
            assigned_user_id: 'seed_sally_id',
            date_modified: '2026-03-01T12:00:00+00:00',
          },
          {
            id: '40000002-aaaa-4bbb-8ccc-000000000000',
            status: 'Recycled',
            status_description: 'No budget until Q3 / sin presupuesto',
            converted: false,
            assigned_user_id: 'seed_max_id',
            date_modified: '2026-03-01T13:00:00+00:00',
          },
          {
            id: '40000003-aaaa-4bbb-8ccc-000000000000',
            status: 'In Process',
            status_description: 'calling',
            converted: false,
            date_modified: '2026-03-01T14:00:00+00:00',
          },
          {
            id: '40000004-aaaa-4bbb-8ccc-000000000000',
            status: 'dead',
            status_description: 'Student',
            converted: false,
            date_modified: '2026-03-01T15:00:00+00:00',
          },
        ],
      })
      .post(
        `${API}/Opportunities/filter`,
        (b) => JSON.stringify(b.filter[1]) === JSON.stringify({ sales_stage: { $in: ['Closed Won', 'Closed Lost'] } }),
      )
      .reply(200, {
        next_offset: -1,
        records: [
          {
            id: opp,
            sales_stage: 'Closed Won',
            amount: '25000.000000',
            date_closed: '2026-03-20',
            date_modified: '2026-03-20T16:00:00+00:00',
            assigned_user_id: 'seed_sally_id',
          },
        ],
      })
      .post(
        `${API}/Leads/filter`,
        (b) => JSON.stringify(b.filter) === JSON.stringify([{ opportunity_id: { $in: [opp] } }]),
      )
      .reply(200, {
        next_offset: -1,
        records: [{ id: LEAD, opportunity_id: opp, date_modified: '2026-03-01T12:00:00+00:00' }],
      });
    const events = (await collect(harness().connector.pullOutcomes(SINCE))).flat();
    scope.done();
    expect(events).toEqual([
      {
        leadExternalId: LEAD,
        kind: 'qualified',
        occurredAt: '2026-03-01T12:00:00.000Z',
        sourceId: `converted:${opp}`,
        ownerId: 'seed_sally_id',
      },
      {
        leadExternalId: '40000002-aaaa-4bbb-8ccc-000000000000',
        kind: 'recycled',
        occurredAt: '2026-03-01T13:00:00.000Z',
        sourceId: 'status:Recycled',
        reason: 'No budget until Q3 / sin presupuesto',
        ownerId: 'seed_max_id',
      },
      {
        leadExternalId: '40000003-aaaa-4bbb-8ccc-000000000000',
        kind: 'accepted',
        occurredAt: '2026-03-01T14:00:00.000Z',
        sourceId: 'status:In Process',
        reason: null,
        ownerId: null,
      },
      {
        leadExternalId: '40000004-aaaa-4bbb-8ccc-000000000000',
        kind: 'disqualified',
        occurredAt: '2026-03-01T15:00:00.000Z',
        sourceId: 'status:dead',
        reason: 'Student',
        ownerId: null,
      },
      // closed on the 20th, read through the opportunity's date_modified: the next read starts there
      {
        leadExternalId: LEAD,
        kind: 'won',
        occurredAt: '2026-03-20T00:00:00.000Z',
        sourceId: opp,
        amount: 25000,
        ownerId: 'seed_sally_id',
        watermark: '2026-03-20T16:00:00.000Z',
      },
    ]);
  });

  it('lists users and finds accounts by website domain or name', async () => {
    const scope = nock(BASE)
      .post(`${API}/Users/filter`)
      .reply(200, {
        next_offset: -1,
        records: [
          {
            id: 'seed_sally_id',
            user_name: 'sally',
            full_name: 'Sally Bronsen',
            email1: 'sally@example.com',
            status: 'Active',
            is_group: false,
            portal_only: false,
          },
          {
            id: 'seed_max_id',
            user_name: 'max',
            full_name: '',
            status: 'Inactive',
            is_group: false,
            portal_only: false,
          },
          { id: 'group-1', user_name: 'support', status: 'Active', is_group: true, portal_only: false },
        ],
      })
      .post(
        `${API}/Accounts/filter`,
        (b) => JSON.stringify(b.filter) === JSON.stringify([{ $or: [{ website: { $contains: 'acme.com' } }] }]),
      )
      .reply(200, {
        next_offset: -1,
        records: [
          { id: 'acc-1', name: 'Acme Inc', website: 'https://www.acme.com/', assigned_user_id: 'seed_sally_id' },
        ],
      })
      .post(
        `${API}/Accounts/filter`,
        (b) => JSON.stringify(b.filter) === JSON.stringify([{ $or: [{ name: { $in: ['Globex'] } }] }]),
      )
      .reply(200, empty);
    const h = harness();
    expect(await h.connector.listUsers()).toEqual([
      { id: 'seed_sally_id', name: 'Sally Bronsen', email: 'sally@example.com', isActive: true },
      { id: 'seed_max_id', name: 'max', isActive: false },
    ]);
    expect(await h.connector.findAccounts({ domains: ['www.ACME.com', '%', 'bad_domain'], names: ['Globex'] })).toEqual(
      [{ id: 'acc-1', name: 'Acme Inc', domain: 'acme.com', ownerId: 'seed_sally_id' }],
    );
    scope.done();
  });
});
