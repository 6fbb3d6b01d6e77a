import fs from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import {
  classifySalesforceError,
  classifySalesforceRecordError,
} from '../../../connectors/salesforce/classifySalesforceError';
import { connectSalesforce } from '../../../connectors/salesforce/connectSalesforce';
import { createSalesforceConnector } from '../../../connectors/salesforce/createSalesforceConnector';
import type { SalesforceCredentials } from '../../../connectors/salesforce/salesforceCredentials';
import { customFieldMetadata } from '../../../connectors/salesforce/setupSalesforce';
import {
  INLINE_HELP_MAX,
  RETURN_REASONS,
  RETURN_REASON_HELP,
  returnReasonFieldMetadata,
} from '../../../connectors/salesforce/returnReasonField';
import { BEFORE_ANY_ID } from '../../../connectors/salesforce/pullSalesforceLeads';
import { soqlLike, soqlString } from '../../../connectors/salesforce/soql';
import type { LeadPage } from '../../../src/domain/connector';
import { NeedsReconnectError } from '../../../src/domain/errors';
import { createSilentLogger } from '../../../src/log/createLogger';
import { loadMapping } from '../../../src/mapping';

const INSTANCE = 'https://acme.my.salesforce.com';
const LOGIN = 'https://login.salesforce.com';
const DATA = '/services/data/v64.0';
const ORG = '00D5g0000012345EAA';
const USER = '0055g00000ABCDeAAP';
const mapping = loadMapping('salesforce');

const credentials: SalesforceCredentials = {
  flow: 'refresh_token',
  loginUrl: LOGIN,
  instanceUrl: INSTANCE,
  accessToken: '00D5g0000012345!AQ4AQFakeAccessToken1',
  refreshToken: '5Aep861FakeRefreshToken',
  clientId: '3MVG9FakeConsumerKey',
  clientSecret: 'FakeConsumerSecret',
  apiVersion: '64.0',
  orgId: ORG,
  userId: USER,
};

function harness() {
  const stored: SalesforceCredentials[] = [];
  const connector = createSalesforceConnector({
    credentials,
    onCredentialsChanged: async (c) => void stored.push(c),
    mapping,
    logger: createSilentLogger(),
    options: { sleep: async () => undefined, random: () => 0.5 },
  });
  return { connector, stored };
}

/** A describe body trimmed to the fields the mapping reads (shape: REST API sObject Describe). */
function describeBody() {
  const names = [
    'Id',
    'SystemModstamp',
    'FirstName',
    'LastName',
    'Email',
    'Phone',
    'MobilePhone',
    'Title',
    'Company',
    'Website',
    'Industry',
    'NumberOfEmployees',
    'AnnualRevenue',
    'Country',
    'State',
    'City',
    'LeadSource',
    'Status',
    'OwnerId',
    'IsConverted',
    'HasOptedOutOfEmail',
    'CreatedDate',
    'LeadLoop_Score__c',
    'LeadLoop_Grade__c',
    'LeadLoop_Status__c',
    'LeadLoop_Reasons__c',
    'LeadLoop_Scored_At__c',
    'LeadLoop_SLA_Due__c',
    'Status_Reason__c',
  ];
  return {
    name: 'Lead',
    fields: names.map((name) => ({
      name,
      label: name,
      type: 'string',
      updateable: !['Id', 'SystemModstamp', 'IsConverted', 'CreatedDate'].includes(name),
      custom: name.endsWith('__c'),
      length: 255,
      picklistValues: [],
    })),
  };
}

function lead(id: string, stamp: string) {
  return {
    attributes: { type: 'Lead', url: `${DATA}/sobjects/Lead/${id}` },
    Id: id,
    SystemModstamp: stamp,
    LastName: 'García',
    Company: "O'Brien & Hijos",
    Email: 'ANA@OBRIEN.ES',
    Status: 'Open - Not Contacted',
    IsConverted: false,
    OwnerId: USER,
  };
}

async function collect(iterable: AsyncIterable<LeadPage>): Promise<LeadPage[]> {
  const out: LeadPage[] = [];
  for await (const page of iterable) out.push(page);
  return out;
}

describe('Salesforce connector over HTTP (nock, documented bodies)', () => {
  it('sends the keyset SOQL after the cursor, leaves out its own writes, and follows nextRecordsUrl', async () => {
    const queries: string[] = [];
    const scope = nock(INSTANCE)
      .get(`${DATA}/sobjects/Lead/describe`)
      .matchHeader('Authorization', `Bearer ${credentials.accessToken}`)
      .reply(200, describeBody())
      .get(`${DATA}/query`)
      .query((q) => {
        queries.push(String(q['q']));
        return true;
      })
      .reply(200, {
        totalSize: 3,
        done: false,
        nextRecordsUrl: `${DATA}/query/01gD0000002HU6KIAW-2000`,
        records: [
          lead('00Q5g00000AAAA1EAA', '2026-03-01T09:00:05.000+0000'),
          lead('00Q5g00000AAAA2EAA', '2026-03-01T09:00:05.000+0000'),
        ],
      })
      .get(`${DATA}/query/01gD0000002HU6KIAW-2000`)
      .reply(200, { totalSize: 3, done: true, records: [lead('00Q5g00000AAAA3EAA', '2026-03-01T09:00:07.000+0000')] });
    const pages = await collect(
      harness().connector.pullLeads({
        since: { version: 1, modifiedAt: '2026-03-01T09:00:05.000Z', id: '00Q5g00000AAAA0EAA' },
        overlapMs: 0,
        mode: 'rest',
        skipOwnWrites: true,
        until: '2026-03-02T00:00:00.000Z',
      }),
    );
    scope.done();
    expect(queries[0]).toMatch(/^SELECT Id, SystemModstamp, FirstName, LastName, Email, .* FROM Lead WHERE /);
    expect(queries[0]!.slice(queries[0]!.indexOf(' WHERE '))).toBe(
      " WHERE (SystemModstamp > 2026-03-01T09:00:05Z OR (SystemModstamp = 2026-03-01T09:00:05Z AND Id > '00Q5g00000AAAA0EAA')) AND SystemModstamp < 2026-03-02T00:00:00Z" +
        ` AND LastModifiedById != '${USER}' ORDER BY SystemModstamp ASC, Id ASC`,
    );
    expect(pages.map((p) => p.leads.map((l) => l.externalId))).toEqual([
      ['00Q5g00000AAAA1EAA', '00Q5g00000AAAA2EAA'],
      ['00Q5g00000AAAA3EAA'],
    ]);
    expect(pages[0]!.cursor).toEqual({ version: 1, modifiedAt: '2026-03-01T09:00:05.000Z', id: '00Q5g00000AAAA2EAA' });
    // the last page ends at `until`: the next run's overlap counts back from this read, not from the newest lead
    expect(pages[1]!.cursor).toEqual({ version: 1, modifiedAt: '2026-03-02T00:00:00.000Z', id: BEFORE_ANY_ID });
    expect(pages[0]!.leads[0]).toMatchObject({
      crm: 'salesforce',
      email: 'ana@obrien.es',
      company: "O'Brien & Hijos",
      isConverted: false,
    });
  });

  it('starts the next pull at that `until`, less the overlap', async () => {
    const queries: string[] = [];
    const scope = nock(INSTANCE)
      .get(`${DATA}/sobjects/Lead/describe`)
      .reply(200, describeBody())
      .get(`${DATA}/query`)
      .query((q) => {
        queries.push(String(q['q']));
        return true;
      })
      .reply(200, { totalSize: 0, done: true, records: [] })
      .get(`${DATA}/query`)
      .query((q) => {
        queries.push(String(q['q']));
        return true;
      })
      .reply(200, { totalSize: 0, done: true, records: [] });
    const connector = harness().connector;
    const since = { version: 1 as const, modifiedAt: '2026-03-02T00:00:00.000Z', id: BEFORE_ANY_ID };
    expect(
      await collect(
        connector.pullLeads({
          since,
          overlapMs: 300_000,
          mode: 'rest',
          skipOwnWrites: true,
          until: '2026-03-03T00:00:00.000Z',
        }),
      ),
    ).toEqual([]);
    expect(
      await collect(connector.pullLeads({ since, overlapMs: 0, mode: 'rest', until: '2026-03-03T00:00:00.000Z' })),
    ).toEqual([]);
    scope.done();
    expect(queries.map((q) => q.slice(q.indexOf(' WHERE ')))).toEqual([
      ` WHERE SystemModstamp >= 2026-03-01T23:55:00Z AND SystemModstamp < 2026-03-03T00:00:00Z AND LastModifiedById != '${USER}' ORDER BY SystemModstamp ASC, Id ASC`,
      ' WHERE SystemModstamp >= 2026-03-02T00:00:00Z AND SystemModstamp < 2026-03-03T00:00:00Z ORDER BY SystemModstamp ASC, Id ASC',
    ]);
  });

  it('gives outcomes and engagement the last second before the read as watermark, not the newest stamp read', async () => {
    const queries: string[] = [];
    const query = (body: object) =>
      nock(INSTANCE)
        .get(`${DATA}/query`)
        .query((q) => {
          queries.push(String(q['q']));
          return true;
        })
        .reply(200, body);
    const task = {
      attributes: { type: 'Task', url: `${DATA}/sobjects/Task/00T5g00000TASK1EAA` },
      Id: '00T5g00000TASK1EAA',
      WhoId: '00Q5g00000AAAA1EAA',
      Subject: 'Call',
      Type: 'Call',
      TaskSubtype: 'Call',
      CallType: 'Outbound',
      ActivityDate: '2026-03-01',
      CompletedDateTime: '2026-03-01T21:00:00.000+0000',
      CreatedDate: '2026-03-01T21:00:00.000+0000',
      SystemModstamp: '2026-03-01T21:00:00.000+0000',
    };
    const recycled = {
      attributes: { type: 'Lead', url: `${DATA}/sobjects/Lead/00Q5g00000AAAA1EAA` },
      Id: '00Q5g00000AAAA1EAA',
      Status: 'Recycled',
      IsConverted: false,
      ConvertedDate: null,
      ConvertedOpportunityId: null,
      ConvertedContactId: null,
      OwnerId: USER,
      SystemModstamp: '2026-03-01T21:00:00.000+0000',
      Status_Reason__c: 'No budget',
    };
    const meeting = {
      attributes: { type: 'Event', url: `${DATA}/sobjects/Event/00U5g00000EVNT1EAA` },
      Id: '00U5g00000EVNT1EAA',
      WhoId: '00Q5g00000AAAA1EAA',
      Subject: 'Discovery',
      Type: 'Meeting',
      StartDateTime: '2026-03-01T22:00:00.000+0000',
      EndDateTime: '2026-03-01T22:30:00.000+0000',
      DurationInMinutes: 30,
      IsAllDayEvent: false,
      ActivityDate: '2026-03-01',
      SystemModstamp: '2026-02-25T10:00:00.000+0000',
    };
    const scopes = [
      query({ totalSize: 1, done: true, records: [task] }),
      query({ totalSize: 1, done: true, records: [meeting] }),
      query({ totalSize: 0, done: true, records: [] }),
      nock(INSTANCE).get(`${DATA}/sobjects/Lead/describe`).reply(200, describeBody()),
      query({ totalSize: 1, done: true, records: [recycled] }),
      query({ totalSize: 0, done: true, records: [] }),
    ];
    // a customized org's reason field (a standard org has none: the shipped mapping names none)
    const connector = createSalesforceConnector({
      credentials,
      onCredentialsChanged: async () => undefined,
      mapping: { ...mapping, statusReasonField: 'Status_Reason__c' },
      logger: createSilentLogger(),
      options: { sleep: async () => undefined, random: () => 0.5, now: () => new Date('2026-03-02T02:00:00.750Z') },
    });
    const engagement = [];
    for await (const batch of connector.pullEngagement('2026-03-01T20:55:00.000Z')) engagement.push(...batch);
    const outcomes = [];
    for await (const batch of connector.pullOutcomes('2026-03-01T20:55:00.000Z')) outcomes.push(...batch);
    for (const scope of scopes) scope.done();
    expect(queries.map((q) => q.slice(q.indexOf(' FROM ')))).toEqual([
      ' FROM Task WHERE WhoId != null AND IsClosed = true AND SystemModstamp > 2026-03-01T20:55:00Z ORDER BY SystemModstamp ASC, Id ASC',
      // a meeting booked long ago is read when it ends: its stamp does not move when its time passes
      ' FROM Event WHERE WhoId != null AND EndDateTime <= 2026-03-02T02:00:00Z AND (SystemModstamp > 2026-03-01T20:55:00Z OR EndDateTime > 2026-03-01T20:55:00Z) ORDER BY SystemModstamp ASC, Id ASC',
      ' FROM CampaignMember WHERE LeadId != null AND HasResponded = true AND SystemModstamp > 2026-03-01T20:55:00Z ORDER BY SystemModstamp ASC, Id ASC',
      // no LastModifiedById filter: a status change hidden by leadloop's own write is read here
      " FROM Lead WHERE SystemModstamp > 2026-03-01T20:55:00Z AND (IsConverted = true OR Status IN ('Working - Contacted', 'Qualified', 'Recycled', 'Returned to Marketing', 'Closed - Not Converted', 'Unqualified')) ORDER BY SystemModstamp ASC, Id ASC",
      ' FROM Opportunity WHERE SystemModstamp > 2026-03-01T20:55:00Z AND IsClosed = true ORDER BY SystemModstamp ASC, Id ASC',
    ]);
    expect(engagement).toEqual([
      expect.objectContaining({
        externalId: '00T5g00000TASK1EAA',
        type: 'outbound_call',
        occurredAt: '2026-03-01T21:00:00.000Z',
        watermark: '2026-03-02T01:59:59.000Z',
      }),
      expect.objectContaining({
        externalId: '00U5g00000EVNT1EAA',
        type: 'meeting',
        occurredAt: '2026-03-01T22:00:00.000Z',
        source: 'salesforce:Event',
      }),
    ]);
    expect(outcomes).toEqual([
      expect.objectContaining({
        leadExternalId: '00Q5g00000AAAA1EAA',
        kind: 'recycled',
        reason: 'No budget',
        watermark: '2026-03-02T01:59:59.000Z',
      }),
    ]);
  });

  it('reads a return reason as a return to marketing, once per value seen, even where the Lead Status says nothing', async () => {
    const queries: string[] = [];
    const query = (body: object) =>
      nock(INSTANCE)
        .get(`${DATA}/query`)
        .query((q) => {
          queries.push(String(q['q']));
          return true;
        })
        .reply(200, body);
    const body = describeBody();
    body.fields.push({
      name: 'LeadLoop_Return_Reason__c',
      label: 'LeadLoop Return Reason',
      type: 'picklist',
      updateable: true,
      custom: true,
      length: 255,
      picklistValues: [],
    });
    const row = (id: string, status: string, reason: string | null, extra: object = {}) => ({
      attributes: { type: 'Lead', url: `${DATA}/sobjects/Lead/${id}` },
      Id: id,
      Status: status,
      IsConverted: false,
      ConvertedDate: null,
      ConvertedOpportunityId: null,
      ConvertedContactId: null,
      OwnerId: USER,
      SystemModstamp: '2026-03-01T21:00:00.000+0000',
      LeadLoop_Return_Reason__c: reason,
      ...extra,
    });
    const scopes = [
      nock(INSTANCE).get(`${DATA}/sobjects/Lead/describe`).reply(200, body),
      query({
        totalSize: 4,
        done: true,
        records: [
          row('00Q5g00000AAAA1EAA', 'Open - Not Contacted', 'No budget'),
          row('00Q5g00000AAAA2EAA', 'Closed - Not Converted', 'Not a fit'),
          row('00Q5g00000AAAA3EAA', 'Working - Contacted', null),
          row('00Q5g00000AAAA4EAA', 'Closed - Converted', 'Bad timing', {
            IsConverted: true,
            ConvertedDate: '2026-03-01',
            ConvertedContactId: '0035g00000CCCC1EAA',
          }),
        ],
      }),
      query({ totalSize: 0, done: true, records: [] }),
    ];
    const connector = createSalesforceConnector({
      credentials,
      onCredentialsChanged: async () => undefined,
      mapping,
      logger: createSilentLogger(),
      options: { sleep: async () => undefined, random: () => 0.5, now: () => new Date('2026-03-02T02:00:00.750Z') },
    });
    const outcomes = [];
    for await (const batch of connector.pullOutcomes('2026-03-01T20:55:00.000Z')) outcomes.push(...batch);
    for (const scope of scopes) scope.done();
    expect(queries[0]).toBe(
      'SELECT Id, Status, IsConverted, ConvertedDate, ConvertedOpportunityId, ConvertedContactId, OwnerId, SystemModstamp, LeadLoop_Return_Reason__c FROM Lead WHERE SystemModstamp > 2026-03-01T20:55:00Z ' +
        "AND (IsConverted = true OR Status IN ('Working - Contacted', 'Qualified', 'Recycled', 'Returned to Marketing', 'Closed - Not Converted', 'Unqualified') OR LeadLoop_Return_Reason__c != null) ORDER BY SystemModstamp ASC, Id ASC",
    );
    expect(outcomes.map((o) => [o.leadExternalId.slice(-7), o.kind, o.reason ?? null, o.sourceId])).toEqual([
      ['AAA1EAA', 'recycled', 'No budget', 'returnReason:No budget:2026-03-01T21:00:00.000Z'],
      // the rep closed it and said why it goes back: a return, not a disqualification
      ['AAA2EAA', 'recycled', 'Not a fit', 'returnReason:Not a fit:2026-03-01T21:00:00.000Z'],
      ['AAA3EAA', 'accepted', null, 'status:Working - Contacted'],
      // converted: sales kept it, the stale reason is not a return
      ['AAA4EAA', 'qualified', null, 'converted:0035g00000CCCC1EAA'],
    ]);
  });

  it.each([
    ['an org with the field empties it', true, { LeadLoop_Status__c: 'nurture', LeadLoop_Return_Reason__c: null }],
    [
      'an org whose setup predates the field is not sent it (INVALID_FIELD would fail the record)',
      false,
      { LeadLoop_Status__c: 'nurture' },
    ],
  ])('takes a return: %s', async (_case, hasField, written) => {
    const body = describeBody();
    if (hasField)
      body.fields.push({
        name: 'LeadLoop_Return_Reason__c',
        label: 'LeadLoop Return Reason',
        type: 'picklist',
        updateable: true,
        custom: true,
        length: 255,
        picklistValues: [],
      });
    const bodies: { records: Record<string, unknown>[] }[] = [];
    const scope = nock(INSTANCE)
      .get(`${DATA}/sobjects/Lead/describe`)
      .reply(200, body)
      .patch(`${DATA}/composite/sobjects`, (b) => {
        bodies.push(b);
        return true;
      })
      .reply(200, [{ id: '00Q5g00000AAAA1EAA', success: true, errors: [] }]);
    const results = await harness().connector.writeBack([
      { externalId: '00Q5g00000AAAA1EAA', fields: { status: 'nurture', returnReason: null } },
    ]);
    scope.done();
    expect(results).toEqual([{ externalId: '00Q5g00000AAAA1EAA', ok: true }]);
    expect(bodies[0]!.records).toEqual([{ attributes: { type: 'Lead' }, Id: '00Q5g00000AAAA1EAA', ...written }]);
  });

  it('writes a 200-record collection with assignment rules off, retrying only the locked records', async () => {
    const bodies: { allOrNone: boolean; records: Record<string, unknown>[] }[] = [];
    const locked = {
      id: null,
      success: false,
      errors: [
        { statusCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record', fields: [] },
      ],
    };
    const scope = nock(INSTANCE)
      .patch(`${DATA}/composite/sobjects`, (b) => {
        bodies.push(b);
        return true;
      })
      .matchHeader('Sforce-Auto-Assign', 'FALSE')
      .reply(200, [
        { id: '00Q5g00000AAAA1EAA', success: true, errors: [] },
        locked,
        {
          id: null,
          success: false,
          errors: [
            { statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD', message: 'cannot reference converted lead', fields: [] },
          ],
        },
      ])
      .patch(`${DATA}/composite/sobjects`, (b) => {
        bodies.push(b);
        return true;
      })
      .reply(200, [locked])
      .patch(`${DATA}/composite/sobjects`, (b) => {
        bodies.push(b);
        return true;
      })
      .reply(200, [{ id: '00Q5g00000AAAA2EAA', success: true, errors: [] }]);
    const results = await harness().connector.writeBack([
      { externalId: '00Q5g00000AAAA1EAA', fields: { score: 0, grade: 'D', reasons: '', status: 'nurture' } },
      { externalId: '00Q5g00000AAAA2EAA', fields: { score: 88, ownerId: '0055g00000REP01AAA', slaDueAt: null } },
      { externalId: '00Q5g00000AAAA3EAA', fields: { score: 40 } },
    ]);
    scope.done();
    expect(bodies[0]).toEqual({
      allOrNone: false,
      records: [
        {
          attributes: { type: 'Lead' },
          Id: '00Q5g00000AAAA1EAA',
          LeadLoop_Score__c: 0,
          LeadLoop_Grade__c: 'D',
          LeadLoop_Reasons__c: '',
          LeadLoop_Status__c: 'nurture',
        },
        {
          attributes: { type: 'Lead' },
          Id: '00Q5g00000AAAA2EAA',
          LeadLoop_Score__c: 88,
          OwnerId: '0055g00000REP01AAA',
          LeadLoop_SLA_Due__c: null,
        },
        { attributes: { type: 'Lead' }, Id: '00Q5g00000AAAA3EAA', LeadLoop_Score__c: 40 },
      ],
    });
    expect(bodies[1]!.records.map((r) => r['Id'])).toEqual(['00Q5g00000AAAA2EAA']);
    expect(results).toEqual([
      { externalId: '00Q5g00000AAAA1EAA', ok: true },
      { externalId: '00Q5g00000AAAA2EAA', ok: true },
      expect.objectContaining({
        externalId: '00Q5g00000AAAA3EAA',
        ok: false,
        skipped: true,
        error: expect.objectContaining({ kind: 'record', code: 'CANNOT_UPDATE_CONVERTED_LEAD' }),
      }),
    ]);
  });

  it('renews an expired session with the refresh token, persists it first, and replays the call', async () => {
    const h = harness();
    const scope = nock(INSTANCE)
      .get(`${DATA}/query`)
      .query(true)
      .reply(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }])
      .get(`${DATA}/query`)
      .query(true)
      .matchHeader('Authorization', 'Bearer 00D5g0000012345!AQ4AQRenewedToken2')
      .reply(200, {
        totalSize: 1,
        done: true,
        records: [{ attributes: { type: 'User', url: `${DATA}/sobjects/User/${USER}` }, Id: USER, IsActive: true }],
      });
    const login = nock(LOGIN)
      .post(
        '/services/oauth2/token',
        (b) => b.grant_type === 'refresh_token' && b.refresh_token === credentials.refreshToken,
      )
      .reply(200, {
        access_token: '00D5g0000012345!AQ4AQRenewedToken2',
        instance_url: INSTANCE,
        id: `${LOGIN}/id/${ORG}/${USER}`,
        token_type: 'Bearer',
        issued_at: '1764000000000',
        signature: 'c2lnbmF0dXJl',
        scope: 'api refresh_token',
      });
    await expect(h.connector.check()).resolves.toEqual({ orgId: ORG, userId: USER, instanceUrl: INSTANCE });
    scope.done();
    login.done();
    expect(h.stored.map((c) => c.accessToken)).toEqual(['00D5g0000012345!AQ4AQRenewedToken2']);
  });

  it('stops cleanly once the org has used its configured share of daily API requests', async () => {
    const connector = createSalesforceConnector({
      credentials,
      onCredentialsChanged: async () => undefined,
      mapping,
      logger: createSilentLogger(),
      options: { apiBudgetShare: 0.8, sleep: async () => undefined },
    });
    const user = {
      totalSize: 1,
      done: true,
      records: [{ attributes: { type: 'User', url: `${DATA}/sobjects/User/${USER}` }, Id: USER, IsActive: true }],
    };
    const scope = nock(INSTANCE)
      .get(`${DATA}/query`)
      .query(true)
      .reply(200, user, { 'Sforce-Limit-Info': 'api-usage=80001/100000' });
    await connector.check();
    scope.done();
    const error = await connector.check().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'rate_limited', code: 'API_BUDGET_REACHED' });
    expect((error as Error).message).toMatch(/used 80001 of its 100000 daily API requests; leadloop stops at 80%/);
    expect(connector.apiUsage()).toMatchObject({ used: 80001, max: 100000 });
  });

  it('turns a revoked refresh token into a needs-reconnect error without the token in it', async () => {
    nock(INSTANCE)
      .get(`${DATA}/query`)
      .query(true)
      .reply(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    nock(LOGIN)
      .post('/services/oauth2/token')
      .reply(400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
    const error = await harness()
      .connector.check()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NeedsReconnectError);
    expect((error as Error).message).toMatch(/refresh token was revoked or expired.*Connect the org again/);
    expect((error as Error).message).not.toContain(credentials.refreshToken!);
  });

  it('connects with the password flow (OAuth, never SOAP) and reads org and user from the identity URL', async () => {
    const scope = nock(LOGIN)
      .post(
        '/services/oauth2/token',
        (b) => b.grant_type === 'password' && b.username === 'int@acme.com' && b.client_id === '3MVG9FakeConsumerKey',
      )
      .reply(200, {
        access_token: '00D5g0000012345!AQ4AQFirst',
        instance_url: INSTANCE,
        id: `${LOGIN}/id/${ORG}/${USER}`,
        token_type: 'Bearer',
        issued_at: '1764000000000',
        signature: 'c2ln',
      });
    const connected = await connectSalesforce({
      flow: 'password',
      loginUrl: LOGIN,
      clientId: '3MVG9FakeConsumerKey',
      clientSecret: 's',
      username: 'int@acme.com',
      password: 'pw+token',
    });
    scope.done();
    expect(connected).toMatchObject({
      instanceUrl: INSTANCE,
      externalOrgId: ORG,
      userId: USER,
      credentials: { flow: 'password', apiVersion: '64.0' },
    });
  });
});

describe('Salesforce error table', () => {
  it.each([
    [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired' }, 'auth_expired'],
    [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }, 'rate_limited'],
    [{ errorCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access' }, 'transient'],
    [{ errorCode: 'ERROR_HTTP_503', message: 'Service Unavailable' }, 'transient'],
    [{ code: 'ECONNRESET', message: 'socket hang up' }, 'transient'],
    [{ errorCode: 'INVALID_FIELD', message: "No such column 'Foo__c' on entity 'Lead'" }, 'configuration'],
    [{ errorCode: 'MALFORMED_QUERY', message: 'unexpected token' }, 'configuration'],
    [{ errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', message: 'insufficient access rights' }, 'configuration'],
    [{ errorCode: 'SOMETHING_NEW', message: 'x', statusCode: 502 }, 'transient'],
  ])('%o is %s', (error, kind) => {
    expect(classifySalesforceError(error, 'query Lead').kind).toBe(kind);
  });

  it.each([
    ['CANNOT_UPDATE_CONVERTED_LEAD', 'record'],
    ['FIELD_CUSTOM_VALIDATION_EXCEPTION', 'record'],
    ['UNABLE_TO_LOCK_ROW', 'transient'],
    ['INVALID_FIELD', 'record'],
  ])('a per-record %s is %s', (statusCode, kind) => {
    expect(classifySalesforceRecordError({ statusCode, message: 'm', fields: [] }, '00Q5g00000AAAA1EAA')).toMatchObject(
      { kind, recordId: '00Q5g00000AAAA1EAA' },
    );
  });

  it('never repeats a bearer token or session id in a message', () => {
    const message = classifySalesforceError(
      { errorCode: 'INVALID_FIELD', message: 'Authorization: Bearer 00D5g0000012345!AQ4AQSecret failed' },
      'q',
    ).message;
    expect(message).not.toContain('AQ4AQSecret');
  });
});

describe('SOQL literals', () => {
  it.each([
    ["O'Brien", "'O\\'Brien'"],
    ['back\\slash', "'back\\\\slash'"],
    ["\\' OR Id != null", "'\\\\\\' OR Id != null'"],
    ['line\nbreak', "'line\\nbreak'"],
  ])('%j → %s', (value, literal) => {
    expect(soqlString(value)).toBe(literal);
  });

  it('escapes LIKE wildcards', () => {
    expect(soqlLike('100%_sure', '%')).toBe("'%100\\%\\_sure'");
  });
});

describe('Salesforce source-format metadata', () => {
  const dir = path.join(__dirname, '../../../connectors/salesforce/force-app/main/default');
  it.each(['score', 'grade', 'status', 'reasons', 'scoredAt', 'slaDueAt'] as const)(
    '%s matches what setup creates',
    (key) => {
      const field = mapping.writeBack[key]!.field;
      const meta = customFieldMetadata(key, 'Lead', field, mapping.writeBack[key]!.maxLength)!;
      const xml = fs.readFileSync(path.join(dir, 'objects/Lead/fields', `${field}.field-meta.xml`), 'utf8');
      expect(xml).toContain(`<type>${String(meta['type'])}</type>`);
      expect(xml).toContain(`<label>${String(meta['label'])}</label>`);
      expect(
        fs.readFileSync(path.join(dir, 'permissionsets/LeadLoop_Integration.permissionset-meta.xml'), 'utf8'),
      ).toContain(`<field>Lead.${field}</field>`);
    },
  );
});

describe('LeadLoop_Return_Reason__c', () => {
  const dir = path.join(__dirname, '../../../connectors/salesforce/force-app/main/default');
  const field = mapping.returnReasonField!;
  const meta = returnReasonFieldMetadata('Lead', field);
  const xml = fs.readFileSync(path.join(dir, 'objects/Lead/fields', `${field}.field-meta.xml`), 'utf8');
  const valueSet = meta['valueSet'] as { restricted: boolean; valueSetDefinition: { value: { fullName: string }[] } };

  it('is the restricted picklist of the shipped mapping, the same in force-app as setup creates it', () => {
    expect(field).toBe('LeadLoop_Return_Reason__c');
    expect(meta['type']).toBe('Picklist');
    expect(valueSet.restricted).toBe(true);
    expect(xml).toContain('<type>Picklist</type>');
    expect(xml).toContain('<restricted>true</restricted>');
    expect(xml).toContain(`<inlineHelpText>${String(meta['inlineHelpText'])}</inlineHelpText>`);
    expect(
      fs.readFileSync(path.join(dir, 'permissionsets/LeadLoop_Integration.permissionset-meta.xml'), 'utf8'),
    ).toContain(`<field>Lead.${field}</field>`);
  });

  it.each(RETURN_REASONS.map((r) => [r.value, r.es]))(
    'offers %s, read in Spanish as %s in the help text',
    (value, es) => {
      expect(valueSet.valueSetDefinition.value.map((v) => v.fullName)).toContain(value);
      expect(xml).toContain(`<fullName>${value}</fullName>`);
      expect(String(meta['inlineHelpText'])).toContain(`${value} = ${es}`);
    },
  );

  it('keeps its help text within Salesforce field-level help (510 characters)', () => {
    expect(RETURN_REASON_HELP.length).toBeLessThanOrEqual(INLINE_HELP_MAX);
  });
});
