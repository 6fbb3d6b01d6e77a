import crypto from 'node:crypto';
/**
 * `npm run bench`: scoring, full and incremental sync against a local sandbox, and
 * enrichment cache figures, as one table printed and written to docs/benchmarks.md.
 * Every measured case runs in its own child process (peak RSS is that process's own);
 * the CRM sandbox runs in another child so it neither shares the CPU profile nor the RSS.
 * Options: --only score|sync|enrich|calibrate, --crm sugarcrm|salesforce, --large, --json,
 * --seeds 1,2,3 (generator seeds of the calibration quality bench), --calibrate-shrinkage per-criterion|uniform,
 * --sizes 10000,100000, --latency 10, --database-url postgres://… (default: embedded PGlite),
 * --nightly-overlap-seconds 1 (see below), --touch-fraction 0.01 (share of leads a rep touches
 * before the nightly run), --no-write, --sync-args "…" (extra `leadloop sync` flags, e.g. a Bulk API 2.0 switch once the
 * Salesforce connector has one), --sync-node-args "…" (node flags for the measured sync processes, e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof"), --no-floor (skip the I/O floor client, bench/floorClient.ts, which
 * otherwise runs against the same sandbox after leadloop's runs: a full floor and a nightly floor). The CRM is a parameter: bench/sandboxProcess.ts starts its
 * sandbox and says how `leadloop connect <crm>` reaches it. Not part of the test suite: nothing here asserts.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FloorResult } from './floorClient';
import { CPU_MARKER, PEAK_RSS_MARKER } from './peakRssMarker';
import type { BenchCrm } from './sandboxProcess';
import { renderCalibrationTable, writeCalibrationDoc } from './calibrationReport';

type Part = 'score' | 'sync' | 'enrich' | 'calibrate';

interface Options {
  syncArgs: string[];
  syncNodeArgs: string[];
  floor: boolean;
  nightlyOverlapSeconds: number;
  touchFraction: number;
  databaseUrl?: string;
  only?: Part[];
  crm: BenchCrm;
  large: boolean;
  json: boolean;
  sizes?: number[];
  latencyMs: number;
  write: boolean;
  /** Generator seeds of the calibration quality bench. */
  seeds: string;
  calibrateShrinkage: 'per-criterion' | 'uniform';
}

interface Row {
  case: string;
  leads: number | string;
  wallS: number | string;
  leadsPerS: number | string;
  apiCalls: number | string;
  minCalls: number | string;
  written: number | string;
  peakRssMb: number | string;
  cpuS: number | string;
  cpuUsPerLead: number | string;
  vsFloor: number | string;
  note: string;
}

const ROOT = path.join(__dirname, '..', '..');

function parseArgs(argv: string[]): Options {
  const options: Options = {
    syncArgs: [],
    syncNodeArgs: [],
    floor: true,
    nightlyOverlapSeconds: 1,
    touchFraction: 0.01,
    crm: 'sugarcrm',
    large: false,
    json: false,
    latencyMs: 10,
    write: true,
    seeds: '1,2,3',
    calibrateShrinkage: 'per-criterion',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`bench: ${arg} needs a value`);
      return v;
    };
    if (arg === '--only') {
      const v = value().split(',');
      for (const part of v)
        if (part !== 'score' && part !== 'sync' && part !== 'enrich' && part !== 'calibrate')
          throw new Error(`bench: --only takes score, sync, enrich or calibrate (comma-separated), not "${part}"`);
      options.only = v as Part[];
    } else if (arg === '--crm') {
      const v = value();
      if (v !== 'sugarcrm' && v !== 'salesforce')
        throw new Error(`bench: --crm takes sugarcrm or salesforce, not "${v}"`);
      options.crm = v;
    } else if (arg === '--large') options.large = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--no-floor') options.floor = false;
    else if (arg === '--sync-node-args') options.syncNodeArgs = value().split(' ').filter(Boolean);
    else if (arg === '--seeds') {
      const v = value();
      if (!/^\d+(,\d+)*$/.test(v)) throw new Error(`bench: --seeds takes a comma-separated list of seeds, not "${v}"`);
      options.seeds = v;
    } else if (arg === '--calibrate-shrinkage') {
      const v = value();
      if (v !== 'per-criterion' && v !== 'uniform')
        throw new Error(`bench: --calibrate-shrinkage takes per-criterion or uniform, not "${v}"`);
      options.calibrateShrinkage = v;
    } else if (arg === '--database-url') options.databaseUrl = value();
    else if (arg === '--sync-args') options.syncArgs = value().split(' ').filter(Boolean);
    else if (arg === '--latency') options.latencyMs = Number(value());
    else if (arg === '--nightly-overlap-seconds') options.nightlyOverlapSeconds = Number(value());
    else if (arg === '--touch-fraction') {
      const v = Number(value());
      if (!(v > 0 && v <= 1))
        throw new Error(`bench: --touch-fraction takes a share of the leads in (0, 1], not "${argv[i]}"`);
      options.touchFraction = v;
    } else if (arg === '--sizes')
      options.sizes = value()
        .split(',')
        .map((s) => Number(s.replace(/_/g, '')));
    else throw new Error(`bench: unknown option ${arg}`);
  }
  return options;
}

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  wallS: number;
  peakRssMb: number | null;
  /** CPU time of the child (user + system), seconds. */
  cpuS: number | null;
}

/** Runs `node args…` with the peak-RSS reporter preloaded. */
function runNode(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildResult> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', path.join(__dirname, 'reportPeakRss.js'), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      const match = new RegExp(`${PEAK_RSS_MARKER}(\\d+)`).exec(stderr);
      const cpu = new RegExp(`${CPU_MARKER}(\\d+)`).exec(stderr);
      resolve({
        code,
        stdout,
        stderr: stderr.replace(new RegExp(`\\n?(${PEAK_RSS_MARKER}|${CPU_MARKER})\\d+\\n?`, 'g'), ''),
        wallS,
        peakRssMb: match ? Math.round(Number(match[1]) / 1024) : null,
        cpuS: cpu ? Number(cpu[1]) / 1e6 : null,
      });
    });
  });
}

function firstJson<T>(text: string): T {
  const start = text.indexOf('{');
  if (start < 0) throw new Error(`bench: no JSON in output: ${text.slice(0, 500)}`);
  return JSON.parse(text.slice(start, text.lastIndexOf('}') + 1)) as T;
}

async function benchScore(): Promise<Row[]> {
  const result = await runNode([path.join(__dirname, 'score.js'), '1000000']);
  if (result.code !== 0) throw new Error(`score bench failed: ${result.stderr}`);
  const line = result.stdout.split('\n').find((l) => l.startsWith('{'))!;
  const r = JSON.parse(line) as {
    leads: number;
    seconds: number;
    leadsPerSecond: number;
    cpuSeconds: number;
    leadsPerCpuSecond: number;
    peakRssMb: number;
  };
  return [
    {
      case: 'distinct leads enriched offline, scored, reasons (en+es), 1 core',
      leads: r.leads,
      wallS: r.seconds,
      leadsPerS: r.leadsPerSecond,
      apiCalls: '–',
      minCalls: '–',
      written: '–',
      peakRssMb: r.peakRssMb,
      cpuS: r.cpuSeconds,
      cpuUsPerLead: Number(((r.cpuSeconds * 1e6) / r.leads).toFixed(1)),
      vsFloor: '–',
      note: `wall ${r.leadsPerSecond.toLocaleString('en')} leads/s; CPU ${r.cpuSeconds} s = ${r.leadsPerCpuSecond.toLocaleString('en')} leads per CPU s`,
    },
  ];
}

/**
 * A database of its own for one measured case: on a server, a new database created for the
 * case and dropped after it (no case reads another's rows); embedded, a new data directory.
 */
async function freshDatabase(serverUrl: string | undefined): Promise<{ url?: string; drop: () => Promise<void> }> {
  if (!serverUrl) return { drop: async () => undefined };
  const { Client } = await import('pg');
  const name = `leadloop_bench_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = new Client({ connectionString: serverUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

/** A sandbox in a child process, spoken to over IPC. */
class SandboxChild {
  private constructor(private readonly child: ChildProcess) {}

  static async start(
    crm: BenchCrm,
    leads: number,
    latencyMs: number,
  ): Promise<{ sandbox: SandboxChild; connectArgs: string[] }> {
    const child = fork(path.join(__dirname, 'sandboxProcess.js'), [], {
      execArgv: [
        '--max-old-space-size=8192',
        ...(process.env['LEADLOOP_BENCH_PROF_SANDBOX']
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env['LEADLOOP_BENCH_PROF_SANDBOX']}`]
          : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const sandbox = new SandboxChild(child);
    const started = await sandbox.ask<{ connectArgs: string[] }>({
      type: 'start',
      start: { crm, leads, latencyMs, seed: 11 },
    });
    return { sandbox, connectArgs: started.connectArgs };
  }

  ask<T>(message: object): Promise<T> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: { type: string; message?: string }) => {
        this.child.off('message', onMessage);
        if (reply.type === 'error') reject(new Error(`sandbox: ${reply.message}`));
        else resolve(reply as T);
      };
      this.child.on('message', onMessage);
      this.child.send(message);
    });
  }

  async calls(): Promise<{ total: number; byEndpoint: Record<string, number> }> {
    return (await this.ask<{ calls: { total: number; byEndpoint: Record<string, number> } }>({ type: 'calls' })).calls;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.ask({ type: 'close' }).catch(() => undefined);
    // it exits by itself (writing its --cpu-prof profile on the way); killed only if it hangs
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * The fewest API calls a full sync of `leads` can make, `written` of them written back.
 * Salesforce REST: one query call per 2,000 read plus one composite update per 200 written.
 * SugarCRM: its own page and batch sizes — one /Leads/filter per 1,000 read (max_num) plus
 * one /bulk per 100 updates (DEFAULT_BULK_BATCH_SIZE), plus the token call.
 */
export function minimumCalls(crm: BenchCrm, leads: number, written: number): number {
  if (crm === 'salesforce') return Math.ceil(leads / 2_000) + Math.ceil(written / 200);
  return 1 + Math.ceil(leads / 1_000) + Math.ceil(written / 100);
}

interface SyncJson {
  status: string;
  pulled: number;
  scored: number;
  written: number;
  apiCalls: number;
  durationMs: number;
  stopReason?: string;
}

async function benchSync(options: Options, leads: number): Promise<Row[]> {
  const rows: Row[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-bench-'));
  const database = await freshDatabase(options.databaseUrl);
  const env: NodeJS.ProcessEnv = {
    LEADLOOP_DATA_DIR: dataDir,
    LEADLOOP_ENRICH_NETWORK: 'off',
    LOG_LEVEL: 'error',
    ...(database.url
      ? { DATABASE_URL: database.url, LEADLOOP_SECRET_KEY: crypto.randomBytes(32).toString('hex') }
      : {}),
  };
  const cli = path.join(ROOT, 'bin', 'leadloop.js');
  const { sandbox, connectArgs } = await SandboxChild.start(options.crm, leads, options.latencyMs);
  try {
    const connect = await runNode([cli, 'connect', options.crm, '--name', 'bench', ...connectArgs, '--json'], env);
    if (connect.code !== 0) throw new Error(`connect ${options.crm} failed: ${connect.stderr.slice(0, 500)}`);
    const setup = await runNode([cli, 'setup', 'bench', '--json'], env);
    if (setup.code !== 0) throw new Error(`setup failed: ${setup.stderr.slice(0, 500)}`);

    // A nightly run comes a day after the full run, so the full run's own writes are far
    // behind its overlap window (LEADLOOP_SYNC_OVERLAP_SECONDS, 300 s by default). Here it
    // comes a second later: the overlap is shortened to stand for the day in between, or
    // every lead the full run wrote would be read back once.
    const nightlyEnv = { ...env, LEADLOOP_SYNC_OVERLAP_SECONDS: String(options.nightlyOverlapSeconds) };
    const sync = async (label: string, args: string[], note: string) => {
      await sandbox.ask({ type: 'resetCalls' });
      const full = args.includes('--full');
      const run = await runNode(
        [
          ...(process.env['LEADLOOP_BENCH_PROF']
            ? ['--cpu-prof', `--cpu-prof-dir=${process.env['LEADLOOP_BENCH_PROF']}`]
            : []),
          ...options.syncNodeArgs,
          cli,
          'sync',
          'bench',
          ...args,
          ...options.syncArgs,
          '--json',
        ],
        full ? env : nightlyEnv,
      );
      const calls = await sandbox.calls();
      if (run.code !== 0 && !run.stdout.includes('{')) throw new Error(`${label} failed: ${run.stderr.slice(0, 800)}`);
      const s = firstJson<SyncJson>(run.stdout);
      const seconds = s.durationMs / 1000;
      const row: Row = {
        case: `${label} (${options.crm}, ${options.latencyMs} ms/call)`,
        leads,
        wallS: Number(run.wallS.toFixed(1)),
        leadsPerS: full ? Math.round(s.pulled / seconds) : '–',
        apiCalls: calls.total,
        minCalls: full ? minimumCalls(options.crm, leads, s.written) : '≤ 10 target',
        written: s.written,
        peakRssMb: run.peakRssMb ?? '?',
        cpuS: run.cpuS === null ? '?' : Number(run.cpuS.toFixed(1)),
        cpuUsPerLead: run.cpuS === null ? '?' : Math.round((run.cpuS * 1e6) / leads),
        vsFloor: '–',
        note: `${note}pulled ${s.pulled}, run ${seconds.toFixed(1)} s; ${Object.entries(calls.byEndpoint)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}${s.status !== 'completed' ? `; ${s.status}: ${s.stopReason ?? ''}` : ''}`,
      };
      rows.push(row);
      return row;
    };

    const fullRow = await sync('full sync', ['--full'], '');
    // the sandbox stamps whole seconds; a run reads what was stamped before its start second.
    // The touch comes a second after the full run's last write, so the nightly floor (records
    // stamped at or after the touch's second) reads none of the full run's writes.
    await new Promise((r) => setTimeout(r, 1_100));
    const touchedFrom = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    const touched = (await sandbox.ask<{ count: number }>({ type: 'touch', fraction: options.touchFraction })).count;
    await new Promise((r) => setTimeout(r, 1_100));
    const nightlyRow = await sync(
      `nightly, ${Number((options.touchFraction * 100).toFixed(2))}% changed`,
      [],
      `${touched} touched, overlap ${options.nightlyOverlapSeconds} s; `,
    );
    await new Promise((r) => setTimeout(r, 1_100));
    await sync('nightly, nothing changed', [], `overlap ${options.nightlyOverlapSeconds} s; `);
    // the floor runs last: its writes would otherwise be read back by leadloop's nightly runs
    if (options.floor) {
      const nightlyFloor = await floor(
        options,
        sandbox,
        connectArgs,
        leads,
        `I/O floor, nightly (records modified since the touch)`,
        touchedFrom,
      );
      const fullFloor = await floor(options, sandbox, connectArgs, leads, 'I/O floor, full', undefined);
      fullRow.vsFloor = `${(Number(fullRow.wallS) / Number(fullFloor.wallS)).toFixed(1)}×`;
      nightlyRow.vsFloor = `${(Number(nightlyRow.wallS) / Number(nightlyFloor.wallS)).toFixed(1)}×`;
      rows.push(nightlyFloor, fullFloor);
    }
  } finally {
    await sandbox.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  }
  return rows;
}

/**
 * The I/O floor (bench/floorClient.ts) in its own child process against the same sandbox:
 * what a sync must read, read once, and one field written on every unconverted lead.
 */
async function floor(
  options: Options,
  sandbox: SandboxChild,
  connectArgs: string[],
  leads: number,
  label: string,
  since: string | undefined,
): Promise<Row> {
  await sandbox.ask({ type: 'resetCalls' });
  const request = { crm: options.crm, connectArgs, ...(since ? { since } : {}) };
  const run = await runNode([path.join(__dirname, 'floorClient.js'), JSON.stringify(request)]);
  const calls = await sandbox.calls();
  if (run.code !== 0) throw new Error(`${label} failed: ${run.stderr.slice(0, 800)}`);
  const r = firstJson<FloorResult>(run.stdout);
  return {
    case: `${label} (${options.crm}, ${options.latencyMs} ms/call)`,
    leads,
    wallS: Number(run.wallS.toFixed(1)),
    leadsPerS: since ? '–' : Math.round(leads / run.wallS),
    apiCalls: calls.total,
    minCalls: '–',
    written: r.written,
    peakRssMb: run.peakRssMb ?? '?',
    cpuS: run.cpuS === null ? '?' : Number(run.cpuS.toFixed(1)),
    cpuUsPerLead: run.cpuS === null ? '?' : Math.round((run.cpuS * 1e6) / leads),
    vsFloor: '1.0×',
    note: `read ${Object.entries(r.reads)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}${r.failed ? `; ${r.failed} refused` : ''}; ${Object.entries(calls.byEndpoint)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  };
}

async function benchEnrich(): Promise<Row[]> {
  const result = await runNode([path.join(__dirname, 'enrichCache.js'), '10000']);
  if (result.code !== 0) throw new Error(`enrich bench failed: ${result.stderr.slice(0, 800)}`);
  const r = firstJson<{
    leads: number;
    distinctDomains: number;
    cold: { seconds: number; lookups: number; lookupsPer1000: number; cacheHits: number };
    warm: { seconds: number; lookups: number; lookupsPer1000: number; cacheHits: number };
  }>(result.stdout);
  return (['cold', 'warm'] as const).map((k) => ({
    case: `enrichment, ${k} cache (local fake provider)`,
    leads: r.leads,
    wallS: Number(r[k].seconds.toFixed(1)),
    leadsPerS: Math.round(r.leads / r[k].seconds),
    apiCalls: `${r[k].lookupsPer1000} lookups/1k`,
    minCalls: '–',
    written: '–',
    peakRssMb: result.peakRssMb ?? '?',
    cpuS: '–',
    cpuUsPerLead: '–',
    vsFloor: '–',
    note: `${r[k].lookups} lookups, ${r[k].cacheHits} cache hits, ${r.distinctDomains} distinct domains`,
  }));
}

function cpuModel(): string {
  return os.cpus()[0]?.model.trim() ?? 'unknown CPU';
}

const COLUMNS: [keyof Row, string][] = [
  ['case', 'case'],
  ['leads', 'leads'],
  ['wallS', 'wall s'],
  ['leadsPerS', 'leads/s'],
  ['apiCalls', 'API calls'],
  ['minCalls', 'minimum'],
  ['written', 'written'],
  ['peakRssMb', 'peak RSS MB'],
  ['cpuS', 'CPU s'],
  ['cpuUsPerLead', 'CPU µs/lead'],
  ['vsFloor', 'wall vs floor'],
  ['note', 'note'],
];

function fmt(v: number | string): string {
  return typeof v === 'number' ? v.toLocaleString('en') : v;
}

function renderTable(rows: Row[]): string {
  const lines = [`| ${COLUMNS.map(([, h]) => h).join(' | ')} |`, `|${COLUMNS.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${COLUMNS.map(([k]) => fmt(row[k]).replace(/\|/g, '\\|')).join(' | ')} |`);
  return lines.join('\n');
}

export function machineLine(): string {
  return `${cpuModel()}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}, ${new Date().toISOString()}`;
}

/** Calibration quality (bench/calibrationQuality.ts): its own table and section of docs/benchmarks.md. */
async function benchCalibration(options: Options): Promise<void> {
  const result = await runNode([
    path.join(__dirname, 'calibrationQuality.js'),
    '9240',
    '--seeds',
    options.seeds,
    '--shrinkage',
    options.calibrateShrinkage,
    '--json',
  ]);
  if (result.code !== 0) throw new Error(`calibration bench failed: ${result.stderr.slice(0, 800)}`);
  const table = renderCalibrationTable(JSON.parse(result.stdout.trim().split('\n').pop()!));
  if (!options.json) console.log(`Calibration quality\n\n${table}\n`);
  if (options.write)
    writeCalibrationDoc(ROOT, table, `npm run bench -- ${process.argv.slice(2).join(' ')}`, machineLine());
}

/**
 * Replaces this command's generated section of docs/benchmarks.md (one section per distinct
 * command line, so a Salesforce run does not erase the SugarCRM one), keeping the hand-written
 * notes around it.
 */
function writeDoc(table: string, options: Options): void {
  const file = path.join(ROOT, 'docs', 'benchmarks.md');
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  const key = command.replace(/postgres(ql)?:\/\/\S+/g, 'postgres://…').replace(/--/g, '-');
  const start = `<!-- runAll:start ${key} -->`;
  const end = `<!-- runAll:end ${key} -->`;
  const shownCommand = command.replace(/postgres(ql)?:\/\/\S+/g, 'postgres://…');
  const generated =
    `${start}\n### \`${shownCommand}\`\n\nMachine: ${machineLine()}\nCommand: \`${shownCommand}\` (crm ${options.crm}, ${options.latencyMs} ms per API round trip, ` +
    `${options.databaseUrl ? 'PostgreSQL server, a new database per case' : 'embedded PGlite, a new data directory per case'})\n\n${table}\n${end}`;
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const from = before.indexOf(start);
  const to = before.indexOf(end);
  const next =
    from >= 0 && to > from
      ? before.slice(0, from) + generated + before.slice(to + end.length)
      : `${before.trimEnd()}\n\n${generated}\n`;
  fs.writeFileSync(file, next);
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const sizes = options.sizes ?? (options.large ? [10_000, 100_000, 1_000_000] : [10_000, 100_000]);
  const rows: Row[] = [];
  const add = (r: Row[]) => {
    rows.push(...r);
    if (!options.json)
      for (const row of r)
        console.error(
          `  ${row.case} ${fmt(row.leads)}: ${fmt(row.wallS)} s, ${fmt(row.leadsPerS)} leads/s, ${fmt(row.apiCalls)} calls, RSS ${fmt(row.peakRssMb)} MB, CPU ${fmt(row.cpuS)} s (${fmt(row.cpuUsPerLead)} µs/lead), ${fmt(row.vsFloor)} the floor`,
        );
  };
  if (!options.only || options.only.includes('score')) add(await benchScore());
  if (!options.only || options.only.includes('sync')) for (const n of sizes) add(await benchSync(options, n));
  if (!options.only || options.only.includes('enrich')) add(await benchEnrich());
  if (!options.only || options.only.includes('calibrate')) await benchCalibration(options);
  if (options.only && !options.only.some((p) => p !== 'calibrate')) return 0;
  const table = renderTable(rows);
  if (options.json)
    console.log(
      JSON.stringify({ machine: machineLine(), crm: options.crm, latencyMs: options.latencyMs, rows }, null, 2),
    );
  else console.log(`${machineLine()}\n\n${table}`);
  if (options.write) writeDoc(table, options);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
