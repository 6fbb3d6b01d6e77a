import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/store/openDatabase';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { runCli } from '../helpers/runCli';
import { insertLeads } from '../unit/feedback/feedbackFixtures';

/**
 * Matrix B1–B3, B6: leads holding hostile values go through a whole `leadloop sync` over
 * real HTTP. The run completes; every normal lead ends exactly as in a run without the bad
 * leads; each bad value is handled or reported as a field issue naming the record and the
 * field; nothing else in the CRM changes.
 */

const LEADS = 300;
const SEED = 61;
// SOQL-special company names: leadloop looks them up (account owner routing) with `Name IN (…)`
const SPECIAL_COMPANIES = ["O'Brien \\ Sons 100% _Ltd_", 'Quote " and \\\' mix', 'Back\\\\slash %_% Co'];
// leadloop's own timestamps differ between two runs; everything else must be equal
const RUN_TIME_FIELDS = new Set(['LastModifiedDate', 'SystemModstamp', 'LeadLoop_Scored_At__c', 'LeadLoop_SLA_Due__c']);

async function connectedOrg(sandbox: SalesforceSandbox, ownerEmail: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-badvalues-'));
  const env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off' };
  const c = sandbox.credentials;
  const cli = (args: string[]) => runCli(args, env);
  expect(
    (
      await cli([
        'connect',
        'salesforce',
        '--name',
        'org',
        '--login-url',
        sandbox.url,
        '--client-id',
        c.clientId,
        '--client-secret',
        c.clientSecret,
        '--username',
        c.username,
        '--password',
        c.password,
      ])
    ).code,
  ).toBe(0);
  expect((await cli(['setup', 'org'])).code).toBe(0);
  // account owner first (company names and domains go into SOQL), one fixed rep otherwise: deterministic
  const routing = path.join(dataDir, 'routing.yaml');
  fs.writeFileSync(
    routing,
    `teams:\n  all:\n    members: [{ user: ${ownerEmail} }]\n    hours: { timezone: UTC, days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "23:59" }\n    slaHours: 48\nrules:\n  - { name: accounts, when: {}, assign: { accountOwner: true, otherwise: { user: ${ownerEmail} } }, team: all }\n`,
  );
  const routed = await cli(['routing', 'org', '--file', routing]);
  expect(routed.stderr).toBe('');
  expect(routed.code).toBe(0);
  return { cli, close: () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

/** Two reps: the fallback owner, and the owner of the accounts named with SOQL-special characters. */
function reps(sandbox: SalesforceSandbox) {
  const active = sandbox.store.scan('User').filter((u) => u['IsActive'] === true && u['Id'] !== sandbox.apiUserId);
  return { fallback: active[0]!, accountOwner: active[1]! };
}

/** Leads with hostile values; `fields` maps each lead to the fields that must be reported for it. */
function insertBadLeads(sandbox: SalesforceSandbox, template: Record<string, unknown>) {
  const { store, apiUserId } = sandbox;
  const accountOwner = reps(sandbox).accountOwner;
  for (const name of SPECIAL_COMPANIES) store.insert('Account', { Name: name, OwnerId: accountOwner['Id'] }, apiUserId);
  // a lead that scores as an MQL in the seed: its copies reach routing (and so the account lookup)
  const base: Record<string, unknown> = {};
  for (const f of [
    'FirstName',
    'LastName',
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
    'Phone',
  ]) {
    if (template[f] !== undefined) base[f] = template[f];
  }
  const big = 'Ω'.repeat(50_000) + 'x'.repeat(50_000); // 100,000 characters, 150 KB of UTF-8
  const bad: { name: string; values: Record<string, unknown>; fields: string[] }[] = [
    { name: '100 KB strings', values: { Title: big, Company: big, City: big }, fields: ['Title', 'Company', 'City'] },
    {
      name: 'control characters',
      values: {
        FirstName: 'Ana\u0000\u0007\u001b[31m',
        LastName: 'Ruiz\u202E\u0008',
        Title: '\uD800lone surrogate',
        Email: 'ana\u0000@example.com',
      },
      fields: [],
    },
    {
      name: 'emoji and RTL',
      values: { FirstName: '🚀👩🏽‍💻', LastName: 'אבגד', Company: 'شركة النور 🌙', City: 'תל אביב‎' },
      fields: [],
    },
    {
      name: 'wrong types',
      values: {
        NumberOfEmployees: 'about fifty',
        AnnualRevenue: { amount: 5 },
        Industry: ['Technology', 'Retail'],
        Company: 12345,
        HasOptedOutOfEmail: 'maybe',
        LeadSource: true,
      },
      fields: ['NumberOfEmployees', 'AnnualRevenue', 'Industry', 'HasOptedOutOfEmail'],
    },
    { name: 'negative employees', values: { NumberOfEmployees: -40 }, fields: ['NumberOfEmployees'] },
    { name: 'impossible date', values: { CreatedDate: '2026-02-30T10:00:00.000+0000' }, fields: ['CreatedDate'] },
    { name: 'year zero', values: { CreatedDate: '0000-01-01T00:00:00.000+0000' }, fields: ['CreatedDate'] },
    { name: 'garbage date', values: { CreatedDate: 'yesterday-ish' }, fields: ['CreatedDate'] },
    {
      name: 'garbage in leadloop fields',
      values: {
        LeadLoop_Status__c: "mql'; DROP TABLE leads;--",
        LeadLoop_Score__c: 'NaN',
        LeadLoop_Scored_At__c: '2026-02-30',
      },
      fields: ['LeadLoop_Status__c'],
    },
    { name: 'URL as e-mail', values: { Email: 'https://www.abcde.com/' }, fields: [] },
    { name: 'empty e-mail', values: { Email: '' }, fields: [] },
    // quotes, % and _ are valid in an e-mail's local part; a corporate domain no account has, and a
    // website to match, so only the company name can find the account
    ...SPECIAL_COMPANIES.map((company, i) => ({
      name: `SOQL-special ${i}`,
      values: {
        Company: company,
        LastName: `O'Neil\\${i}%_`,
        Email: `o'neil_${i}%@obrien-${i}.example`,
        Website: `https://obrien-${i}.example/`,
      },
      fields: [],
    })),
    {
      name: 'LIKE wildcard website',
      values: { Website: 'https://%_.example.com/%', Company: "50%_off' OR Name != '" },
      fields: [],
    },
  ];
  return bad.map((b) => {
    // stamped a minute ago: a run reads up to the second it started
    const record = store.insert(
      'Lead',
      { ...base, Email: `bad.${b.name.replace(/\W+/g, '.')}@example.com`, ...b.values },
      apiUserId,
      store.clock.now() - 60_000,
    );
    // the template's engagement too, so the copies can become MQLs (and be routed)
    for (const object of ['Task', 'CampaignMember'] as const) {
      const link = object === 'Task' ? 'WhoId' : 'LeadId';
      for (const e of store.scan(object).filter((r) => r[link] === template['Id'])) {
        const { Id: _id, ...copy } = e;
        store.insert(object, { ...copy, [link]: record.Id }, apiUserId, Date.parse(String(e.SystemModstamp)));
      }
    }
    return { ...b, id: record.Id };
  });
}

function leadsById(sandbox: SalesforceSandbox) {
  return new Map(sandbox.store.scan('Lead').map((l) => [l.Id, l]));
}

function comparable(lead: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(lead).filter(([k]) => !RUN_TIME_FIELDS.has(k)));
}

describe('bad lead values through a whole sync run (Salesforce sandbox)', () => {
  it('completes, reports each bad value with its record and field, and writes every normal lead as a run without them', async () => {
    const reference = await startSalesforceSandbox({ leads: LEADS, seed: SEED });
    const sandbox = await startSalesforceSandbox({ leads: LEADS, seed: SEED });
    const refOrg = await connectedOrg(reference, String(reps(reference).fallback['Email']));
    const org = await connectedOrg(sandbox, String(reps(sandbox).fallback['Email']));
    try {
      for (const name of SPECIAL_COMPANIES)
        reference.store.insert(
          'Account',
          { Name: name, OwnerId: reps(reference).accountOwner['Id'] },
          reference.apiUserId,
        );
      const refRun = await refOrg.cli(['sync', 'org', '--full', '--json']);
      expect(refRun.json()).toMatchObject({ status: 'completed', failed: 0 });
      const refFailures = (
        await refOrg.cli(['runs', 'org', '--failures', String(refRun.json<{ runId: number }>().runId), '--json'])
      ).json<{ failures: object[] }>().failures;
      const expected = leadsById(reference);
      const mql = [...expected.values()].find((l) => l['LeadLoop_Status__c'] === 'mql' && l['IsConverted'] !== true);
      expect(mql).toBeDefined();

      const bad = insertBadLeads(sandbox, sandbox.store.get('Lead', mql!.Id)!);
      const untouched = new Map([...leadsById(sandbox)].map(([id, l]) => [id, structuredClone(l)]));
      const run = await org.cli(['sync', 'org', '--full', '--json']);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(run.code).toBe(0);
      const summary = run.json<{
        runId: number;
        status: string;
        pulled: number;
        failed: number;
        counts: { fieldIssues: number };
      }>();
      expect(summary).toMatchObject({ status: 'completed', pulled: LEADS + bad.length });

      const failures = (await org.cli(['runs', 'org', '--failures', String(summary.runId), '--json'])).json<{
        failures: { externalId?: string; stage: string; code: string; message: string }[];
      }>().failures;
      const after = leadsById(sandbox);

      // every normal lead: written exactly as without the bad leads
      const differing = [...expected.keys()].filter(
        (id) => JSON.stringify(comparable(after.get(id)!)) !== JSON.stringify(comparable(expected.get(id)!)),
      );
      expect(differing).toEqual([]);
      // and the same per-record results (the seed's converted leads are skipped in both)
      expect(failures.filter((f) => !bad.some((b) => b.id === f.externalId))).toEqual(refFailures);

      for (const b of bad) {
        const lead = after.get(b.id)!;
        const own = failures.filter((f) => f.externalId === b.id);
        // handled: scored and written, or a per-record failure naming it
        expect({
          lead: b.name,
          scored: typeof lead['LeadLoop_Score__c'] === 'number' || own.some((f) => f.stage !== 'map'),
        }).toEqual({ lead: b.name, scored: true });
        for (const field of b.fields) {
          expect({
            lead: b.name,
            field,
            reported: own.some(
              (f) => f.code === 'FIELD_ISSUE' && f.message.includes(field) && f.message.includes(b.id),
            ),
          }).toEqual({ lead: b.name, field, reported: true });
        }
        // leadloop wrote only its own fields (and the owner): the hostile values are as the rep left them
        for (const [field, value] of Object.entries(b.values)) {
          if (!field.startsWith('LeadLoop_'))
            expect({ lead: b.name, field, value: lead[field] ?? null }).toEqual({ lead: b.name, field, value });
        }
      }
      // no write touched a field leadloop does not own, on any lead
      for (const [id, was] of untouched) {
        const now = after.get(id)!;
        const changed = Object.keys({ ...was, ...now }).filter(
          (k) =>
            !k.startsWith('LeadLoop_') &&
            !RUN_TIME_FIELDS.has(k) &&
            k !== 'OwnerId' &&
            k !== 'LastModifiedById' &&
            JSON.stringify(was[k]) !== JSON.stringify(now[k]),
        );
        expect({ id, changed }).toEqual({ id, changed: [] });
      }
      // SOQL-special company names matched their accounts: those MQLs went to the account's owner
      const special = bad.filter((b) => b.name.startsWith('SOQL-special'));
      const owners = special.map((b) =>
        after.get(b.id)!['LeadLoop_Status__c'] === 'mql' ? after.get(b.id)!['OwnerId'] : 'not an MQL',
      );
      expect(owners).toEqual(special.map(() => reps(sandbox).accountOwner['Id']));
      expect(summary.counts.fieldIssues).toBe(bad.reduce((n, b) => n + b.fields.length, 0));

      // the next run has nothing left to do: no lead is rewritten forever because of a bad value
      expect((await org.cli(['sync', 'org', '--json'])).json()).toMatchObject({
        status: 'completed',
        written: 0,
        failed: 0,
      });
    } finally {
      refOrg.close();
      org.close();
      await reference.close();
      await sandbox.close();
    }
  }, 60_000);

  it('imports an outcomes CSV with broken quoting: each broken row is named by its line, the good rows are imported', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-badcsv-'));
    const env = { LEADLOOP_DATA_DIR: dir };
    try {
      expect((await runCli(['orgs'], env)).code).toBe(0);
      const db = await openDatabase({ dataDir: dir });
      const {
        rows: [org],
      } = await db.query<{ id: string }>(`INSERT INTO orgs (name, crm) VALUES ('acme', 'salesforce') RETURNING id`);
      await insertLeads(
        db,
        Number(org!.id),
        ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'].map((id) => ({
          id,
          status: 'sql' as const,
          score: 60,
          grade: 'B',
          source: null,
          data: {},
        })),
      );
      await db.close();
      const lines = [
        'lead_id,kind,occurred_at,amount,currency,reason,source_id', // line 1
        'L1,won,2026-05-01,1000,USD,"signed, finally",s1', //             2 good (quoted comma)
        'L2,lost,2026-05-02,,USD,he said "no" twice,s2', //                3 quote inside an unquoted cell
        'L3,lost,2026-05-03,,USD,"price""s too high",s3', //              4 good (escaped quote)
        'L4,lost,2026-05-04,,USD,"closed"garbage,s4', //                  5 text after a closing quote
        'L5,won,2026-05-05,500,EUR,"multi\nline reason",s5', //           6–7 good (quoted newline)
        "L6,lost,2026-05-06,,USD,O'Brien said no \\ twice,s6", //         8 good (apostrophe, backslash)
        'L7,won,2026-05-07,,USD,"never closed,s7', //                     9 quote never closed
      ];
      const file = path.join(dir, 'outcomes.csv');
      fs.writeFileSync(file, lines.join('\n') + '\n');
      const run = await runCli(['outcomes', 'import', 'acme', file, '--json'], env);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.code).toBe(1);
      const result = run.json<{ accepted: number; errors: { line: number; field: string; message: string }[] }>();
      expect(result.accepted).toBe(4);
      expect(result.errors.map((e) => e.line)).toEqual([3, 5, 9]);
      for (const e of result.errors) expect(e.message).toMatch(/quote/i);
      const check = await openDatabase({ dataDir: dir });
      const { rows } = await check.query<{ lead_external_id: string; reason: string | null }>(
        'SELECT external_id AS lead_external_id, reason FROM outcomes ORDER BY external_id',
      );
      await check.close();
      expect(rows.map((r) => [r.lead_external_id, r.reason])).toEqual([
        ['L1', 'signed, finally'],
        ['L3', 'price"s too high'],
        ['L5', 'multi\nline reason'],
        ['L6', "O'Brien said no \\ twice"],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
