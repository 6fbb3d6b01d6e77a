/**
 * `npm run bench`: scoring alone, then full and incremental syncs against the local
 * sandbox CRMs at 10 ms per API round trip, printed as one table and written to
 * docs/benchmarks.md with the machine it ran on. Not part of the test suite.
 *
 *   node dist/bench/runAll.js [--only score|sync] [--crm salesforce,sugarcrm] [--sizes 10000,100000] [--large]
 *                             [--database-url postgres://…  (a server for leadloop's database; default the embedded PGlite)] [--json]
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSalesforceSandbox } from '../src/sandbox/salesforce/startSalesforceSandbox';
import { Client } from 'pg';
import { startSugarSandbox } from '../src/sandbox/sugarcrm/startSugarSandbox';

/** A fresh database on a PostgreSQL server for one case (`--database-url`), dropped afterwards. */
async function createServerDatabaseUrl(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `leadloop_bench_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      const c = new Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const ROOT = path.resolve(__dirname, '..', '..');
const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
const flag = (name: string) => process.argv.includes(`--${name}`);
const LATENCY_MS = 10;

interface Row { case: string; crm: string; leads: number; seconds: number | null; leadsPerSecond: number | null; apiCalls: number | null; restMinimum: number | null; written: number | null; peakRssMb: number | null; note: string }

function run(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [file, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(file)} ${args.join(' ')} failed: ${stderr.slice(-2000)}`));
      else resolve(stdout);
    });
  });
}

const lastJson = <T>(out: string): T => JSON.parse(out.trim().split('\n').filter((l) => l.startsWith('{')).at(-2) ?? '{}') as T;
const benchLine = (out: string): { peakRssMb: number } => (JSON.parse(out.trim().split('\n').at(-1)!) as { bench: { peakRssMb: number } }).bench;

async function scoring(): Promise<Row> {
  const out = await run(path.join(ROOT, 'dist/bench/score.js'), ['1000000']);
  const r = JSON.parse(out.split('\n')[0]!) as { leadsPerSecond: number; leadsPerCpuSecond: number; seconds: number; peakRssMb: number };
  return { case: 'scoring with reasons (1 core)', crm: '-', leads: 1_000_000, seconds: r.seconds, leadsPerSecond: r.leadsPerSecond, apiCalls: null, restMinimum: null, written: null, peakRssMb: r.peakRssMb, note: `${r.leadsPerCpuSecond.toLocaleString('en')} leads per CPU second; target ≥ 200,000/s` };
}

async function syncCases(crm: 'salesforce' | 'sugarcrm', leads: number): Promise<Row[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `leadloop-bench-${crm}-`));
  const server = arg('database-url');
  const database = server ? await createServerDatabaseUrl(server) : null;
  const env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off', LOG_LEVEL: 'warn', DATABASE_URL: database?.url ?? '', LEADLOOP_SECRET_KEY: database ? 'a'.repeat(64) : '' };
  const cli = (args: string[]) => run(path.join(ROOT, 'dist/bench/cliChild.js'), args, env);
  const rows: Row[] = [];
  if (crm === 'salesforce') {
    const sb = await startSalesforceSandbox({ leads, seed: 7 });
    try {
      const c = sb.credentials;
      await cli(['connect', 'salesforce', '--name', 'bench', '--login-url', sb.url, '--client-id', c.clientId, '--client-secret', c.clientSecret, '--username', c.username, '--password', c.password]);
      await cli(['setup', 'bench']);
      sb.faults.latencyMs = LATENCY_MS;
      const calls = () => sb.calls.total;
      rows.push(...await syncSeries(crm, leads, cli, calls, (n) => {
        const open = sb.store.scan('Lead').filter((l) => l['IsConverted'] !== true && !l['IsDeleted']);
        for (let i = 0; i < n; i++) sb.rep.touch(String(open[(i * 97) % open.length]!['Id']));
      }, 2000, 200));
    } finally {
      await sb.close();
    }
  } else {
    const sb = await startSugarSandbox({ leads, seed: 7, installLeadloopPackage: true });
    try {
      const c = sb.credentials;
      await cli(['connect', 'sugarcrm', '--name', 'bench', '--url', sb.url, '--username', c.username, '--password', c.password, '--platform', c.platform]);
      sb.faults.latencyMs = LATENCY_MS;
      const calls = () => sb.calls.total;
      rows.push(...await syncSeries(crm, leads, cli, calls, (n) => {
        const all = [...sb.store.table('Leads').all()];
        for (let i = 0; i < n; i++) sb.rep.logCall(String(all[(i * 97) % all.length]!['id']));
      }, 1000, 100));
    } finally {
      await sb.close();
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  await database?.drop();
  return rows;
}

/** Full sync, then an incremental run after 1% changed, then one with nothing changed. */
async function syncSeries(crm: string, leads: number, cli: (a: string[]) => Promise<string>, calls: () => number, change: (n: number) => void, readPage: number, writeBatch: number): Promise<Row[]> {
  type Summary = { status: string; pulled: number; written: number; apiCalls: number; durationMs: number };
  const timed = async (args: string[]) => {
    const before = calls();
    const started = Date.now();
    const out = await cli(args);
    return { s: lastJson<Summary>(out), seconds: (Date.now() - started) / 1000, apiCalls: calls() - before, rss: benchLine(out).peakRssMb };
  };
  const minimum = (read: number, written: number) => Math.ceil(read / readPage) + Math.ceil(written / writeBatch);
  const full = await timed(['sync', 'bench', '--full', '--json']);
  const out: Row[] = [{
    case: 'full sync', crm, leads, seconds: full.seconds, leadsPerSecond: Math.round(leads / full.seconds), apiCalls: full.apiCalls, restMinimum: minimum(full.s.pulled, full.s.written),
    written: full.s.written, peakRssMb: full.rss, note: `${full.s.status}; ratio ${(full.apiCalls / minimum(full.s.pulled, full.s.written)).toFixed(2)}× the REST minimum`,
  }];
  await new Promise((r) => setTimeout(r, 1100));
  change(Math.ceil(leads / 100));
  await new Promise((r) => setTimeout(r, 1100));
  const nightly = await timed(['sync', 'bench', '--json']);
  out.push({ case: 'incremental, 1% changed', crm, leads, seconds: nightly.seconds, leadsPerSecond: null, apiCalls: nightly.apiCalls, restMinimum: minimum(nightly.s.pulled, nightly.s.written), written: nightly.s.written, peakRssMb: nightly.rss, note: `${nightly.s.status}; pulled ${nightly.s.pulled}` });
  await new Promise((r) => setTimeout(r, 1100));
  const idle = await timed(['sync', 'bench', '--json']);
  out.push({ case: 'incremental, nothing changed', crm, leads, seconds: idle.seconds, leadsPerSecond: null, apiCalls: idle.apiCalls, restMinimum: null, written: idle.s.written, peakRssMb: idle.rss, note: `${idle.s.status}; target ≤ 10 calls, 0 writes` });
  return out;
}

function table(rows: Row[]): string {
  const head = ['case', 'CRM', 'leads', 'seconds', 'leads/s', 'API calls', 'REST minimum', 'written', 'peak RSS MB', 'note'];
  const cells = rows.map((r) => [r.case, r.crm, r.leads.toLocaleString('en'), r.seconds?.toFixed(1) ?? '', r.leadsPerSecond?.toLocaleString('en') ?? '', r.apiCalls ?? '', r.restMinimum ?? '', r.written ?? '', r.peakRssMb ?? '', r.note].map(String));
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...cells.map((c) => `| ${c.join(' | ')} |`)].join('\n');
}

async function mainBench(): Promise<void> {
  const only = arg('only');
  const crms = (arg('crm') ?? 'salesforce,sugarcrm').split(',') as ('salesforce' | 'sugarcrm')[];
  const sizes = (arg('sizes') ?? (flag('large') ? '10000,100000,1000000' : '10000,100000')).split(',').map(Number);
  const rows: Row[] = [];
  if (!only || only === 'score') {
    rows.push(await scoring());
    console.error(table(rows.slice(-1)));
  }
  if (!only || only === 'sync') {
    for (const crm of crms) for (const n of sizes) {
      rows.push(...await syncCases(crm, n));
      console.error(table(rows.slice(-3)));
    }
  }
  const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const doc = `# Benchmarks\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} — ${machine}. Sandbox CRMs at ${LATENCY_MS} ms per API round trip, embedded database, network enrichment off; leadloop runs in a child process (its peak RSS is its own), on ${arg('database-url') ? 'a PostgreSQL server' : 'the embedded PGlite (whose WebAssembly heap alone is ~350 MB of RSS)'}.\n\n${table(rows)}\n\nREST minimum: one query call per 2,000 leads read plus one update call per 200 leads written (SugarCRM: per 1,000 read and 100 written, its page and /bulk sizes).\nTargets: 100,000-lead full sync ≤ 60 s; API calls ≤ 1.2× the REST minimum; peak RSS ≤ 400 MB at 100,000 and flat with size; an unchanged org ≤ 10 calls and 0 writes; scoring ≥ 200,000 leads/s.\n`;
  fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
  if (!only) fs.writeFileSync(path.join(ROOT, 'docs/benchmarks.md'), doc);
  if (flag('json')) console.log(JSON.stringify({ machine, rows }));
  else console.log(`\n${table(rows)}\n${only ? '' : '\nWritten to docs/benchmarks.md'}`);
}

void mainBench().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
