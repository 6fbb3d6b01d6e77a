import { CRM_KINDS, FILE_LEADS_CRM } from '../../../connectors';
import { createLeadScorer } from '../../app/createLeadScorer';
import fs from 'node:fs';
import { once } from 'node:events';
import readline from 'node:readline';
import type { Command } from 'commander';
import { parse as parseCsv } from 'csv-parse';
import { stringify as csvLine } from 'csv-stringify/sync';
import { MAX_COLUMNS, MAX_RECORD_CHARS } from '../../config/inputLimits';
import { loadDefinitionFile, loadShippedDefinition } from '../../definition/loadDefinition';
import { engagementEventSchema, type EngagementEvent } from '../../domain/engagement';
import { canonicalLeadSchema, crmKindSchema, type CanonicalLead, type CrmKind } from '../../domain/lead';
import { leadStatusSchema, type LeadStatus } from '../../domain/status';
import { createCsvLeadReader, loadMapping, loadMappingFile, type CsvLeadReader, type Mapping } from '../../mapping';
import { checkAttributes } from '../../definition/checkAttributes';
import type { FormatReasonsOptions } from '../../scoring/formatReasons';
import type { CliContext } from '../context';
import { CliError } from '../output';
import { createProgress } from '../progress';

interface ScoreOptions {
  definition?: string;
  mapping?: string;
  format?: string;
  out?: string;
  crm?: string;
  language: string;
  maxLength: string;
  now?: string;
  json?: boolean;
}

/** How a CSV is read: through a mapping (a CRM's, or the user's), else its headers as they are. */
interface CsvSource {
  mapping: Mapping | undefined;
  /** Called once with the header row's reader: missing columns, the attributes found. */
  onHeaders: (reader: CsvLeadReader) => void;
}

/** One input record ready to score, or why it cannot be. */
type Parsed =
  | { ok: true; lead: CanonicalLead; events: EngagementEvent[]; currentStatus: LeadStatus | null; recycledAt?: string }
  | { ok: false; message: string };

const COLUMNS = [
  'externalId',
  'company',
  'email',
  'score',
  'grade',
  'fit',
  'engagement',
  'completeness',
  'status',
  'statusCause',
  'fastLane',
  'missingRequired',
  'reasons',
  'definitionVersion',
] as const;
const MAX_REPORTED_ERRORS = 100;
// csv-stringify writes booleans as 1/"" by default; spreadsheets and CRMs import true/false
const CSV_OPTIONS = { cast: { boolean: (value: boolean) => String(value) } };

function zodMessage(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(record)'}: ${i.message}`).join('; ');
}

/** A canonical JSON line: a lead, optionally with `events`, `currentStatus` and `recycledAt`. */
function parseJsonLine(text: string, lineNo: number, crm: CrmKind, nowIso: string): Parsed {
  if (text.length > MAX_RECORD_CHARS)
    return { ok: false, message: `longer than ${MAX_RECORD_CHARS.toLocaleString('en')} characters; not read` };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not JSON (${(error as Error).message})` };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, message: 'not a JSON object' };
  const { events, currentStatus, recycledAt, ...fields } = raw as Record<string, unknown>;
  const lead = canonicalLeadSchema.safeParse({ crm, externalId: `line-${lineNo}`, modifiedAt: nowIso, ...fields });
  if (!lead.success) return { ok: false, message: zodMessage(lead.error.issues) };
  const id = lead.data.externalId;
  const list = Array.isArray(events) ? events : [];
  const parsedEvents: EngagementEvent[] = [];
  for (let i = 0; i < list.length; i++) {
    const e = engagementEventSchema.safeParse({
      externalId: `${id}-event-${i}`,
      leadExternalId: id,
      ...(list[i] as object),
    });
    if (!e.success) return { ok: false, message: `events.${i}: ${zodMessage(e.error.issues)}` };
    parsedEvents.push(e.data);
  }
  const status =
    currentStatus === undefined || currentStatus === null
      ? (lead.data.leadloop?.status ?? null)
      : leadStatusSchema.safeParse(currentStatus);
  if (status && typeof status === 'object' && !status.success)
    return { ok: false, message: `currentStatus: "${String(currentStatus)}" is not a leadloop status` };
  return {
    ok: true,
    lead: lead.data,
    events: parsedEvents,
    currentStatus: status && typeof status === 'object' ? status.data : status,
    ...(typeof recycledAt === 'string' ? { recycledAt } : {}),
  };
}

/** Records of the input file with their line numbers, streamed. */
async function* readRecords(
  file: string,
  crm: CrmKind | undefined,
  nowIso: string,
  csv: CsvSource,
): AsyncGenerator<{ line: number; parsed: Parsed }> {
  const input = fs.createReadStream(file);
  if (file.toLowerCase().endsWith('.csv')) {
    const parser = input.pipe(
      parseCsv({
        bom: true,
        skip_empty_lines: true,
        relax_column_count: true,
        info: true,
        max_record_size: MAX_RECORD_CHARS,
        columns: (header: string[]) => {
          if (header.length > MAX_COLUMNS)
            throw new CliError(
              `${file}: the header has ${header.length.toLocaleString('en')} columns; at most ${MAX_COLUMNS.toLocaleString('en')} are read`,
              2,
            );
          return header;
        },
      }),
    );
    let reader: CsvLeadReader | undefined;
    for await (const { record, info } of tooLongAsCliError(
      parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>,
      file,
    )) {
      if (!reader) {
        reader = createCsvLeadReader(Object.keys(record), { mapping: csv.mapping, crm, nowIso });
        csv.onHeaders(reader);
      }
      const mapped = reader.read(record, info.lines);
      yield {
        line: info.lines,
        parsed: mapped.lead
          ? { ok: true, lead: mapped.lead, events: [], currentStatus: mapped.lead.leadloop?.status ?? null }
          : { ok: false, message: mapped.issues.map((i) => i.message).join('; ') },
      };
    }
    return;
  }
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    yield { line, parsed: parseJsonLine(text, line, crm ?? FILE_LEADS_CRM, nowIso) };
  }
}

function pick<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new CliError(`--${name} must be one of ${allowed.join(', ')} (got "${value}")`, 2);
  return value as T;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('score')
    .description(
      'Score and qualify a file of leads without connecting a CRM (JSON lines, or any CSV: through --mapping or --crm, else by its headers)',
    )
    .argument(
      '<file>',
      'canonical JSON lines (.jsonl), or a CSV (.csv): a CRM export, or any file whose columns a definition scores as attributes',
    )
    .option('--definition <file>', 'lead definition YAML (default: definitions/default.yaml)')
    .option(
      '--crm <crm>',
      `${CRM_KINDS.join(' | ')}: the CRM a CSV was exported from (read through its shipped mapping)`,
    )
    .option(
      '--mapping <file>',
      "a mapping that reads the CSV's columns (API names or labels, any order) into leads and their attributes",
    )
    .option('--format <format>', 'output format: csv | jsonl (default: from --out, else jsonl)')
    .option('--out <file>', 'write scored leads here instead of stdout')
    .option('--language <language>', 'reasons text: en | es | both', 'both')
    .option('--max-length <n>', 'reasons text length limit', '255')
    .option('--now <iso>', 'score as of this time (default: now)')
    .option('--json', 'end with one JSON summary line {scored, failed, byGrade, byStatus}')
    .action(async (file: string, opts: ScoreOptions) => {
      const crm = opts.crm === undefined ? undefined : crmKindSchema.safeParse(opts.crm).data;
      if (opts.crm !== undefined && !crm)
        throw new CliError(`--crm must be one of ${CRM_KINDS.join(', ')} (got "${opts.crm}")`, 2);
      const format =
        pick(opts.format, ['csv', 'jsonl'] as const, 'format') ??
        (opts.out?.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl');
      const language = pick(opts.language, ['en', 'es', 'both'] as const, 'language')!;
      const reasonOptions: FormatReasonsOptions = { language, maxLength: Number(opts.maxLength) || 255 };
      const now = opts.now ? new Date(opts.now) : new Date();
      if (Number.isNaN(now.getTime())) throw new CliError(`--now is not a date: ${opts.now}`, 2);
      if (!fs.existsSync(file)) throw new CliError(`Input file ${file} does not exist`);
      const definition = opts.definition ? loadDefinitionFile(opts.definition) : loadShippedDefinition();
      const scorer = createLeadScorer(definition);
      if (opts.mapping && opts.crm) throw new CliError('give --mapping FILE or --crm CRM, not both', 2);
      const mapping = opts.mapping ? loadMappingFile(opts.mapping) : crm ? loadMapping(crm) : undefined;
      const csv: CsvSource = {
        mapping,
        onHeaders: (reader) => {
          // a column the mapping names but the file lacks: one line, and the rest is scored without it
          if (reader.missing.length)
            ctx.io.stderr.write(
              `${file}: ${reader.missing.length} column(s) the mapping reads are not in the file, leads are scored without them: ${reader.missing.join(', ')}\n`,
            );
          checkAttributes(definition, reader.attributes, {
            text: opts.definition ? fs.readFileSync(opts.definition, 'utf8') : undefined,
            fileName: opts.definition ?? 'definitions/default.yaml',
            where: mapping
              ? `the mapping${opts.mapping ? ` ${opts.mapping}` : ''} (with this file's columns)`
              : `the file ${file}`,
          });
        },
      };

      const out: NodeJS.WritableStream = opts.out ? fs.createWriteStream(opts.out) : ctx.io.stdout;
      const write = async (chunk: string) => {
        if (!out.write(chunk)) await once(out, 'drain');
      };
      const progress = createProgress(ctx.io.stderr, 'scored', {
        enabled: !opts.json || Boolean((ctx.io.stderr as NodeJS.WriteStream).isTTY),
      });
      const summary = {
        scored: 0,
        failed: 0,
        byGrade: { A: 0, B: 0, C: 0, D: 0 } as Record<string, number>,
        byStatus: {} as Record<string, number>,
        definitionVersion: scorer.version,
      };

      if (format === 'csv') await write(csvLine([[...COLUMNS]]));
      for await (const { line, parsed } of readRecords(file, crm, now.toISOString(), csv)) {
        if (!parsed.ok) {
          summary.failed++;
          if (summary.failed <= MAX_REPORTED_ERRORS) ctx.io.stderr.write(`${file}:${line}: ${parsed.message}\n`);
          continue;
        }
        const { lead } = parsed;
        const result = scorer.scoreOffline({
          lead,
          events: parsed.events,
          currentStatus: parsed.currentStatus,
          now,
          recycledAt: parsed.recycledAt,
        });
        const row = {
          externalId: lead.externalId,
          company: lead.company ?? null,
          email: lead.email ?? null,
          score: result.score,
          grade: result.grade,
          fit: result.fit,
          engagement: result.engagement,
          completeness: result.completeness,
          status: result.proposedStatus,
          statusCause: result.statusCause,
          fastLane: result.fastLane,
          missingRequired: result.missingRequired,
          reasons: scorer.formatReasons(result, reasonOptions),
          definitionVersion: result.definitionVersion,
        };
        if (format === 'csv')
          await write(
            csvLine(
              [COLUMNS.map((c) => (c === 'missingRequired' ? row.missingRequired.join(' ') : row[c]))],
              CSV_OPTIONS,
            ),
          );
        else
          await write(
            JSON.stringify({ ...row, reasonCodes: result.reasons.map((r) => ({ code: r.code, points: r.points })) }) +
              '\n',
          );
        summary.scored++;
        summary.byGrade[result.grade]!++;
        summary.byStatus[result.proposedStatus] = (summary.byStatus[result.proposedStatus] ?? 0) + 1;
        progress.update(summary.scored + summary.failed);
      }
      progress.finish();
      if (summary.failed > MAX_REPORTED_ERRORS)
        ctx.io.stderr.write(`… and ${summary.failed - MAX_REPORTED_ERRORS} more bad records\n`);
      if (opts.out) {
        out.end();
        await once(out, 'finish');
      }

      const human =
        `Scored ${summary.scored} leads (${summary.failed} failed) with ${scorer.version}: ` +
        `grades ${Object.entries(summary.byGrade)
          .map(([g, n]) => `${g} ${n}`)
          .join(', ')}; ` +
        `statuses ${
          Object.entries(summary.byStatus)
            .map(([s, n]) => `${s} ${n}`)
            .join(', ') || 'none'
        }`;
      if (opts.json) ctx.io.stdout.write(JSON.stringify(summary) + '\n');
      // scored rows on stdout stay machine-readable: the human summary then goes to stderr
      else (opts.out ? ctx.io.stdout : ctx.io.stderr).write(human + '\n');
      if (summary.failed > 0)
        throw new CliError(`${summary.failed} record(s) could not be scored (see above); the others were`, 1);
    });
}

/** csv-parse stops at a record over max_record_size; that becomes one line naming the file and where. */
async function* tooLongAsCliError<T>(records: AsyncIterable<T>, file: string): AsyncGenerator<T> {
  try {
    yield* records;
  } catch (error) {
    const e = error as { code?: string; lines?: number };
    if (e.code === 'CSV_MAX_RECORD_SIZE')
      throw new CliError(
        `${file}:${e.lines ?? '?'}: a record longer than ${MAX_RECORD_CHARS.toLocaleString('en')} characters; nothing after it was read`,
        2,
      );
    throw error;
  }
}
