import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse';
import { checkAttributes } from '../definition/checkAttributes';
import type { Definition } from '../definition/definitionSchema';
import { definitionsDir, loadDefinitionFile, parseDefinition } from '../definition/loadDefinition';
import { ConfigurationError } from '../domain/errors';
import type { CanonicalLead } from '../domain/lead';
import { createOfflineEnricher } from '../enrich/enrichOffline';
import { createCsvLeadReader, loadMappingFile } from '../mapping';
import { compileDefinition } from '../scoring/compileDefinition';
import { scoreLead } from '../scoring/scoreLead';
import {
  calibrateSamples,
  type CalibrationOptions,
  type CalibrationResult,
  type CalibrationSample,
} from './calibrateSamples';
import { createFeatureExtractor, featureSpace } from './calibrationFeatures';
import { discoverCriteria, discoveredDefinition } from './discoverCriteria';

export interface FileCalibrationOptions {
  file: string;
  outcome: string;
  positive?: string | undefined;
  id?: string | undefined;
  exclude: string[];
  mapping?: string | undefined;
  definition?: string | undefined;
  discover: boolean;
  out?: string | undefined;
}

/** Outcome values read as won when no --positive is given (compared without case). */
const WON_VALUES = new Set([
  'won',
  'win',
  'true',
  'yes',
  'y',
  '1',
  'converted',
  'closed won',
  'closed - won',
  'ganado',
  'si',
  'sí',
]);

export interface FileLeads {
  leads: CanonicalLead[];
  won: (boolean | null)[];
  /** Column → values, for discovery (excluded and outcome columns left out). */
  columns: { name: string; values: (string | null)[] }[];
  attributes: string[];
  problems: string[];
}

/** Reads a CSV of past leads with their outcome; bad rows are named and skipped. */
export async function readLeadsFile(o: FileCalibrationOptions, now: Date): Promise<FileLeads> {
  if (!fs.existsSync(o.file)) throw new ConfigurationError(`Input file ${o.file} does not exist`);
  const mapping = o.mapping ? loadMappingFile(o.mapping) : undefined;
  const parser = fs
    .createReadStream(o.file)
    .pipe(parseCsv({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  const out: FileLeads = { leads: [], won: [], columns: [], attributes: [], problems: [] };
  let reader: ReturnType<typeof createCsvLeadReader> | undefined;
  const positive = o.positive?.trim().toLowerCase();
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    if (!reader) {
      const headers = Object.keys(record);
      for (const [flag, column] of [
        ['--outcome', o.outcome],
        ['--id', o.id],
        ...o.exclude.map((c) => ['--exclude', c]),
      ] as [string, string | undefined][]) {
        if (column !== undefined && !headers.includes(column))
          throw new ConfigurationError(
            `${o.file}: ${flag} column "${column}" is not in the file (columns: ${headers.join(', ')})`,
          );
      }
      const exclude = new Set([o.outcome, ...o.exclude, ...(o.id ? [o.id] : [])]);
      reader = createCsvLeadReader(headers, { mapping, idColumn: o.id, exclude, nowIso: now.toISOString() });
      if (reader.missing.length)
        out.problems.push(
          `${o.file}: ${reader.missing.length} column(s) the mapping reads are not in the file, leads are read without them: ${reader.missing.join(', ')}`,
        );
      out.attributes = reader.attributes;
      out.columns = headers.filter((h) => !exclude.has(h)).map((name) => ({ name, values: [] }));
    }
    const mapped = reader.read(record, info.lines);
    if (!mapped.lead) {
      out.problems.push(`${o.file}:${info.lines}: ${mapped.issues.map((i) => i.message).join('; ')}`);
      continue;
    }
    const raw = (record[o.outcome] ?? '').trim().toLowerCase();
    out.leads.push(mapped.lead);
    out.won.push(raw === '' ? null : positive !== undefined ? raw === positive : WON_VALUES.has(raw));
    for (const c of out.columns) c.values.push(record[c.name]?.trim() || null);
  }
  return out;
}

/** A shipped definition name or a YAML file, with its text for line numbers. */
function resolveDefinition(spec: string): { def: Definition; text: string; fileName: string } {
  const file = fs.existsSync(spec) ? spec : path.join(definitionsDir(), `${spec}.yaml`);
  if (!fs.existsSync(file))
    throw new ConfigurationError(
      `--definition ${spec} is neither a file nor a shipped definition in ${definitionsDir()}`,
    );
  return { def: loadDefinitionFile(file), text: fs.readFileSync(file, 'utf8'), fileName: file };
}

/**
 * Calibration from a file of past leads and their outcomes, without an org: re-weights
 * the given definition, or with `discover` builds criteria from the columns and fits
 * their points, compared against the given definition when there is one.
 */
export async function calibrateFromFile(
  o: FileCalibrationOptions,
  options: CalibrationOptions,
  warn: (line: string) => void,
): Promise<{ result: CalibrationResult; written: string | null }> {
  if (!o.discover && !o.definition)
    throw new ConfigurationError(
      '--from needs --definition NAME|FILE (the definition to re-weight) or --discover (build one from the columns)',
    );
  const now = new Date();
  const data = await readLeadsFile(o, now);
  for (const p of data.problems.slice(0, 100)) warn(p);
  const enrich = createOfflineEnricher();
  const current = o.definition ? resolveDefinition(o.definition) : null;
  if (current)
    checkAttributes(current.def, data.attributes, {
      text: current.text,
      fileName: current.fileName,
      where: o.mapping ? `the mapping ${o.mapping}` : `the file ${o.file}`,
    });
  const samplesOf = (def: Definition) => {
    const extract = createFeatureExtractor(def, featureSpace(def), (lead) => enrich(lead, now), now);
    return data.leads.map((lead, i): CalibrationSample => ({
      id: lead.externalId,
      fired: extract(lead),
      won: data.won[i]!,
      engagement: null,
    }));
  };
  let result: CalibrationResult;
  if (!o.discover) {
    result = calibrateSamples(current!.def, samplesOf(current!.def), options);
  } else {
    const name = o.out
      ? path
          .basename(o.out)
          .replace(/\.[^.]*$/, '')
          .toLowerCase()
          .replace(/[^a-z0-9_-]+/g, '-')
          .replace(/^[^a-z]+/, '') || 'discovered'
      : 'discovered';
    const criteria = discoverCriteria(data.columns);
    if (!criteria.length)
      throw new ConfigurationError(
        `${o.file}: no column to learn from (every column is excluded, empty or holds one value)`,
      );
    const def = discoveredDefinition(
      name,
      criteria,
      `Built by leadloop calibrate --discover from ${path.basename(o.file)} (${data.leads.length} leads).`,
    );
    let currentFits: number[] | undefined;
    if (current) {
      const compiled = compileDefinition(current.def);
      currentFits = data.leads.map(
        (lead) =>
          scoreLead(compiled, { lead, enrichment: enrich(lead, now), events: [], currentStatus: null, now }).fit,
      );
    }
    result = calibrateSamples(def, samplesOf(def), {
      ...options,
      mode: 'discover',
      ...(current && currentFits
        ? {
            currentFits,
            currentDefinition: { name: current.def.name, version: current.def.version },
            currentGrades: current.def.grades,
          }
        : {}),
    });
  }
  let written: string | null = null;
  if (o.out && result.yaml) {
    // what is written must load as it is: a broken proposal is a bug, never a file
    parseDefinition(result.yaml, o.out);
    fs.writeFileSync(o.out, result.yaml);
    written = o.out;
  }
  return { result, written };
}
