import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/runCli';

const NOW = '2026-03-01T12:00:00.000Z';
const A_LEAD = {
  externalId: 'L1',
  lastName: 'Ruiz',
  company: 'Acme Software',
  email: 'ana@acmesoft.example',
  phone: '+34 912 345 678',
  leadSource: 'Web',
  title: 'Directora de Marketing',
  employees: 250,
  industry: 'Software',
  country: 'ES',
  website: 'acmesoft.example',
  events: [{ type: 'demo_request', occurredAt: '2026-02-27T10:00:00.000Z' }],
};

describe('leadloop score', () => {
  let dir: string;
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-score-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('scores JSON lines, reports a bad line with its number and goes on', async () => {
    const input = file(
      'leads.jsonl',
      [
        JSON.stringify(A_LEAD),
        '{"lastName": "Broken"',
        '',
        JSON.stringify({ lastName: 'Perez', company: 'X', email: 'p@mailinator.com', leadSource: 'Web' }),
        JSON.stringify({ lastName: 'Gomez', employees: -3 }),
        JSON.stringify({
          lastName: 'Lee',
          company: 'Y',
          email: 'lee@y.example',
          currentStatus: 'sql',
          leadSource: 'Event',
        }),
      ].join('\n'),
    );
    const run = await runCli(['score', input, '--now', NOW, '--language', 'es', '--max-length', '2000', '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/leads\.jsonl:2: not JSON/);
    expect(run.stderr).toMatch(/leads\.jsonl:5: employees: /);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({
      externalId: 'L1',
      grade: 'A',
      status: 'mql',
      statusCause: 'fast_lane:demo_request_a_fit',
      fastLane: true,
    });
    expect(lines[0]!['reasons']).toMatch(
      /^Puntuación \d+ = perfil \d+ \(A\) × 0,6 \+ interés \d+ × 0,4\n[\s\S]*\nMQL: Vía rápida/,
    );
    expect(lines[1]).toMatchObject({
      externalId: 'line-4',
      status: 'disqualified',
      statusCause: 'disqualified:disposable_email',
      score: 0,
    });
    expect(lines[2]).toMatchObject({ externalId: 'line-6', status: 'sql', statusCause: 'sales_owned' });
    expect(run.json()).toMatchObject({
      scored: 3,
      failed: 2,
      byGrade: { A: 1, D: 2 },
      byStatus: { mql: 1, disqualified: 1, sql: 1 },
    });
  });

  it('writes CSV to --out and a human summary to stdout', async () => {
    const input = file('one.jsonl', JSON.stringify(A_LEAD) + '\n');
    const out = path.join(dir, 'scored.csv');
    const run = await runCli(['score', input, '--now', NOW, '--out', out, '--language', 'en']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Scored 1 leads \(0 failed\) with default@1#[0-9a-f]{8}/);
    const [header, row] = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(header).toBe(
      'externalId,company,email,score,grade,fit,engagement,completeness,status,statusCause,fastLane,missingRequired,reasons,definitionVersion',
    );
    // the reasons field is quoted and spans lines: the record's first line ends with the formula
    expect(row).toMatch(
      /^L1,Acme Software,ana@acmesoft\.example,\d+,A,\d+,\d+,[\d.]+,mql,fast_lane:demo_request_a_fit,true,,"Score \d+ = fit \d+ \(A\) × 0\.6 \+ engagement \d+ × 0\.4$/,
    );
  });

  it('reads a Salesforce CSV export through the mapping', async () => {
    const input = file(
      'export.csv',
      [
        'Id,LastName,Company,Email,Phone,Title,NumberOfEmployees,Industry,Country,LeadSource',
        '00Q000000000001AAA,Ruiz,Acme,ana@acmesoft.example,+34 912 345 678,CEO,300,Software,ES,Web',
        ',NoId,Acme,x@acme.example,,,,,,',
        '00Q000000000003AAA,Lopez,Beta,juan@gmail.com,,Estudiante,5,,MX,Web',
      ].join('\n'),
    );
    const run = await runCli(['score', input, '--crm', 'salesforce', '--now', NOW, '--json']);
    expect(run.stderr).toMatch(/export\.csv:3: .*no id/);
    const rows = run.stdout
      .trim()
      .split('\n')
      .slice(0, -1)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [r['externalId'], r['grade'], r['status']])).toEqual([
      ['00Q000000000001AAA', 'A', 'nurture'],
      ['00Q000000000003AAA', 'D', 'disqualified'],
    ]);
    expect(run.json()).toMatchObject({ scored: 2, failed: 1 });
  });

  it('reads a CSV without --crm or --mapping by its headers: canonical names fill the lead, every column is an attribute', async () => {
    const run = await runCli([
      'score',
      file('x.csv', 'Email,Title,Web Visits\nana@acmesoft.example,CEO,12\n'),
      '--now',
      NOW,
    ]);
    expect(run.code).toBe(0);
    const [row] = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(row).toMatchObject({ externalId: 'row-2', email: 'ana@acmesoft.example' });
    expect(String(row!['reasons'])).toMatch(/CEO|Executive|Ejecutivo/i);
  });

  it('names the CSV column a mapping reads but the file lacks in one line, and scores the rest', async () => {
    const run = await runCli([
      'score',
      file('short.csv', 'Id,LastName,Company\n00Q000000000001AAA,Ruiz,Acme\n'),
      '--crm',
      'salesforce',
      '--now',
      NOW,
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /short\.csv: \d+ column\(s\) the mapping reads are not in the file, leads are scored without them: .*Email \(fields\.email\), /,
      ),
    ]);
    expect(run.json()).toMatchObject({ scored: 1, failed: 0 });
  });

  it('uses another definition with --definition', async () => {
    const input = file(
      'es.jsonl',
      JSON.stringify({ ...A_LEAD, title: 'Gerente General', industry: 'Industria alimentaria' }) + '\n',
    );
    const run = await runCli([
      'score',
      input,
      '--now',
      NOW,
      '--definition',
      'definitions/consultoria-es.yaml',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ scored: 1, definitionVersion: expect.stringMatching(/^consultoria-es@1#/) });
  });
});

describe('leadloop definition validate', () => {
  it.each(['definitions/default.yaml', 'definitions/consultoria-es.yaml'])('accepts %s', async (file) => {
    const run = await runCli(['definition', 'validate', file, '--json']);
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ valid: true, definitionVersion: expect.stringMatching(/@1#[0-9a-f]{8}$/) });
  });

  it('exits 1 listing every problem with file and line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-def-'));
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(
      bad,
      fs
        .readFileSync('definitions/default.yaml', 'utf8')
        .replace('signal: industry', 'signal: sector')
        .replace('- lastName', '- surname'),
    );
    const human = await runCli(['definition', 'validate', bad]);
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/bad\.yaml:\d+ fields\.required\.0/);
    expect(human.stderr).toMatch(/bad\.yaml:\d+ fit\.criteria\.1\.signal/);
    const json = await runCli(['definition', 'validate', bad, '--json']);
    expect(json.code).toBe(1);
    expect(json.json<{ valid: boolean; problems: string[] }>()).toMatchObject({
      valid: false,
      problems: [expect.any(String), expect.any(String)],
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/** Issue 24, item 9: one record of an imported file has a size and a column cap. */
describe('input caps', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-caps-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a CSV header of more columns than the cap in one line', async () => {
    const input = path.join(dir, 'wide.csv');
    fs.writeFileSync(input, `${Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',')}\n${'x,'.repeat(4999)}x\n`);
    const run = await runCli(['score', input, '--crm', 'salesforce', '--now', '2026-03-01T12:00:00.000Z', '--json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/wide\.csv: the header has 5,000 columns; at most 2,000 are read/);
  });

  it('skips a JSON line longer than the cap, naming it, and scores the rest', async () => {
    const input = path.join(dir, 'long.jsonl');
    fs.writeFileSync(
      input,
      [
        JSON.stringify({ lastName: 'A', company: 'X', padding: 'p'.repeat(1_100_000) }),
        JSON.stringify({ lastName: 'B', company: 'Y' }),
      ].join('\n'),
    );
    const run = await runCli(['score', input, '--now', '2026-03-01T12:00:00.000Z', '--json']);
    expect(run.stderr).toMatch(/long\.jsonl:1: longer than 1,000,000 characters; not read/);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['externalId'] ?? 'summary')).toEqual(['line-2', 'summary']);
    expect(lines[1]).toMatchObject({ scored: 1, failed: 1 });
  });
});
