import fs from 'node:fs';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CliError, formatTable, printResult } from '../output';
import { buildReport, type Breakdown, type Report, type SourceBreakdown } from '../../feedback/buildReport';
import { findOrg } from '../../app/syncOrg';
import { runtimeDeps } from '../runtimeDeps';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('report')
    .description(
      'Close the loop: funnel, conversion and revenue by grade, score and source, SLA compliance, recycle reasons, response times',
    )
    .argument('<name>', 'org name')
    .option('--since <date>', 'only leads first seen on or after this date (YYYY-MM-DD or ISO time)')
    .option('--costs <file>', 'spend per lead source: JSON {"web": 1200, …} or CSV with columns source,cost')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (name: string, opts: { since?: string; costs?: string; json?: boolean }) => {
      const since = opts.since ? parseSince(opts.since) : undefined;
      const costs = opts.costs ? readCosts(opts.costs) : undefined;
      const deps = await runtimeDeps(ctx);
      const org = await findOrg(deps, name);
      const report = await buildReport(deps.db, org.id, { since, costs, orgName: org.name });
      printResult(ctx.io, Boolean(opts.json), { org: org.name, ...report }, () => formatReport(report, org.name));
    });
}

function parseSince(value: string): Date {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) throw new CliError(`--since "${value}" is not a date (use YYYY-MM-DD)`);
  return new Date(ms);
}

/** Costs per source from a JSON object or a two-column CSV; every bad entry is named. */
export function readCosts(file: string): Record<string, number> {
  if (!fs.existsSync(file)) throw new CliError(`Costs file ${file} does not exist`);
  const text = fs.readFileSync(file, 'utf8');
  const entries: [string, unknown, string][] = [];
  if (/\.json$/i.test(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new CliError(`Costs file ${file} is not valid JSON: ${(error as Error).message}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new CliError(`Costs file ${file} must hold an object {"source": cost}`);
    for (const [k, v] of Object.entries(parsed)) entries.push([k, v, `key "${k}"`]);
  } else {
    const lines = text.split(/\r?\n/);
    lines.forEach((line, i) => {
      if (i === 0 && /^\s*source\s*,/i.test(line)) return;
      if (!line.trim()) return;
      const at = line.lastIndexOf(',');
      entries.push([
        line.slice(0, at).trim().replace(/^"|"$/g, ''),
        at < 0 ? '' : line.slice(at + 1).trim(),
        `line ${i + 1}`,
      ]);
    });
  }
  const costs: Record<string, number> = {};
  const problems: string[] = [];
  for (const [source, raw, where] of entries) {
    const n = typeof raw === 'number' ? raw : Number(String(raw));
    if (!source || String(raw).trim() === '' || !Number.isFinite(n) || n < 0)
      problems.push(`${where}: expected a source and a cost ≥ 0`);
    else costs[source] = n;
  }
  if (problems.length) throw new CliError(`Costs file ${file}: ${problems.join('; ')}`);
  return costs;
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
const hrs = (v: number | null) => (v === null ? '–' : v >= 48 ? `${(v / 24).toFixed(1)} d` : `${v.toFixed(1)} h`);
const money = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: 2 });

function breakdownTable(title: string, data: Record<string, Breakdown>): string {
  const rows = Object.entries(data).map(([key, b]) => [
    key,
    b.leads,
    b.won,
    b.lost,
    pct(b.conversionRate),
    pct(b.winRate),
    money(b.revenue),
  ]);
  return `${title}\n${formatTable(['KEY', 'LEADS', 'WON', 'LOST', 'CONVERSION', 'WIN RATE', 'REVENUE'], rows)}`;
}

function sourceTable(data: Record<string, SourceBreakdown>): string {
  const withCosts = Object.values(data).some((b) => b.cost !== undefined);
  const headers = [
    'SOURCE',
    'LEADS',
    'WON',
    'LOST',
    'CONVERSION',
    'REVENUE',
    ...(withCosts ? ['COST', 'COST/LEAD', 'COST/WON', 'ROI'] : []),
  ];
  const rows = Object.entries(data)
    .sort(([, a], [, b]) => b.leads - a.leads)
    .map(([key, b]) => [
      key,
      b.leads,
      b.won,
      b.lost,
      pct(b.conversionRate),
      money(b.revenue),
      ...(withCosts ? [money(b.cost), money(b.costPerLead), money(b.costPerWon), pct(b.roi)] : []),
    ]);
  return `By lead source\n${formatTable(headers, rows)}`;
}

/** The report as readable terminal tables (the same figures as the JSON). */
function formatReport(report: Report, orgName: string): string {
  const f = report.funnel;
  const parts: string[] = [];
  parts.push(
    `Report for ${orgName}${report.since ? ` (leads first seen since ${report.since.slice(0, 10)})` : ''}, ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC`,
  );
  parts.push(
    `Funnel\n${formatTable(
      ['STAGE', 'LEADS', 'FROM PREVIOUS', 'MEDIAN TIME FROM PREVIOUS'],
      [
        ['new', f.new, '', ''],
        ...report.steps.map((s) => [
          s.to,
          f[s.to],
          pct(s.conversionRate),
          s.timedLeads ? `${hrs(s.medianHours)} (${s.timedLeads} leads)` : '–',
        ]),
      ],
    )}\nAlso: nurture ${f.nurture}, lost ${f.lost}, recycled ${f.recycled}, disqualified ${f.disqualified}. MQL → won: ${pct(report.mqlToWonRate)}.`,
  );
  const r = report.ranking;
  parts.push(
    [
      r.auc !== null
        ? `Does the score rank outcomes? AUC ${r.auc.toFixed(3)} on ${r.won} won and ${r.notWon} closed-not-won leads (0.5 is chance).`
        : `Does the score rank outcomes? Too few closed leads to say (${r.won} won, ${r.notWon} not-won; 20 of each needed).`,
      ...report.flags.map((flag) => `WARNING: ${flag.message}`),
    ].join('\n'),
  );
  parts.push(breakdownTable('By grade at hand-over', report.byGrade));
  parts.push(breakdownTable('By score at hand-over', report.byScoreBand));
  parts.push(sourceTable(report.bySource));
  if (report.currencies.length > 1)
    parts.push(`Note: revenue adds amounts in ${report.currencies.join(', ')} without conversion.`);
  const s = report.sla;
  const leaking = s.leaking.leads
    .slice(0, 10)
    .map((l) => `  ${l.externalId} (owner ${l.ownerId ?? 'none'}): ${hrs(l.hoursOverdue)} past the deadline`);
  parts.push(
    [
      `SLA: ${s.handovers} hand-over(s), ${s.withSla} with a deadline: ${s.met} met, ${s.breached} breached, ${s.pending} pending; compliance ${pct(s.complianceRate)}` +
        (s.recordedBreaches !== null ? `; ${s.recordedBreaches} breach(es) recorded by routing` : ''),
      s.leaking.count ? `Leaking: ${s.leaking.count} MQL(s) untouched past the deadline:` : 'Leaking: none.',
      ...leaking,
      ...(s.leaking.count > leaking.length ? [`  … and ${s.leaking.count - leaking.length} more (use --json)`] : []),
    ].join('\n'),
  );
  if (report.responseTimes.length) {
    parts.push(
      `Response times (hand-over → first sales touch)\n${formatTable(
        ['OWNER', 'HAND-OVERS', 'TOUCHED', 'MEDIAN', 'SLA MET', 'SLA BREACHED'],
        report.responseTimes.map((r) => [r.ownerId, r.handovers, r.touched, hrs(r.medianHours), r.met, r.breached]),
      )}`,
    );
  }
  parts.push(
    report.recycleReasons.length
      ? `Recycle reasons\n${formatTable(
          ['REASON', 'LEADS'],
          report.recycleReasons.map((r) => [r.reason, r.count]),
        )}`
      : 'Recycle reasons: none recorded.',
  );
  return parts.join('\n\n');
}
