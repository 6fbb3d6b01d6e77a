import { existsSync } from 'node:fs';
import path from 'node:path';
import { createDefinitionStore } from '../definition/definitionStore';
import { definitionsDir } from '../definition/loadDefinition';
import { mappingsDir } from '../mapping/loadMapping';
import { findRoutingFile } from '../routing/loadRouting';
import { effectiveOrgSettings, type EffectiveOrgSettings } from '../settings/effectiveOrgSettings';
import type { Settings } from '../settings/loadSettings';
import type { Queryable } from '../store/database';
import type { OrgRecord } from '../store/orgRepository';

/** What applies to an org's runs, and where each piece comes from. */
export interface OrgConfiguration {
  org: string;
  crm: OrgRecord['crm'];
  state: OrgRecord['state'];
  mapping: { file: string; shipped: boolean };
  /** `version` null: nothing stored yet (the shipped file is stored as version 1 at the first run). */
  definition: { name: string; version: number | null; source: 'stored' | 'shipped file' | 'missing' };
  routing: { file: string | null; source: 'org' | 'definition' | 'none' };
  schedule: { nightly: string; incremental: string | null; timezone: string };
  settings: Pick<EffectiveOrgSettings, 'bulkThreshold' | 'apiBudgetShare'>;
}

export async function describeOrgConfig(db: Queryable, settings: Settings, org: OrgRecord): Promise<OrgConfiguration> {
  const name = org.definitionId ?? 'default';
  const active = await createDefinitionStore(db).getActive(name);
  const shippedFile = path.join(definitionsDir(), `${name}.yaml`);
  const routingFile = findRoutingFile(name, org.settings.routingFile);
  return {
    org: org.name,
    crm: org.crm,
    state: org.state,
    mapping: {
      file: org.settings.mappingFile ?? path.join(mappingsDir(), `${org.crm}.yaml`),
      shipped: !org.settings.mappingFile,
    },
    definition: {
      name,
      version: active?.version ?? null,
      source: active ? 'stored' : existsSync(shippedFile) ? 'shipped file' : 'missing',
    },
    routing: { file: routingFile, source: org.settings.routingFile ? 'org' : routingFile ? 'definition' : 'none' },
    schedule: { nightly: org.schedule, incremental: org.incrementalSchedule, timezone: org.timezone },
    settings: (({ bulkThreshold, apiBudgetShare }) => ({ bulkThreshold, apiBudgetShare }))(
      effectiveOrgSettings(settings, org.settings),
    ),
  };
}

const sourceOf = (s: { source: string }) => (s.source === 'org' ? 'this org' : s.source);

/** The configuration as an admin reads it in a terminal. */
export function renderOrgConfig(c: OrgConfiguration): string {
  const definition =
    c.definition.version !== null
      ? `${c.definition.name}@${c.definition.version}`
      : `${c.definition.name} (${c.definition.source === 'missing' ? 'MISSING: attach one with `leadloop orgs set ' + c.org + ' --definition NAME`' : 'shipped file, stored as version 1 at the first run'})`;
  const routing = c.routing.file
    ? `${c.routing.file}${c.routing.source === 'definition' ? ' (for every org on this definition)' : ''}`
    : `not configured: MQLs stay with their CRM owner when active, default SLA; attach rules with \`leadloop orgs set ${c.org} --routing FILE\``;
  const rows: [string, string][] = [
    ['crm', `${c.crm} (${c.state})`],
    ['mapping', `${c.mapping.file}${c.mapping.shipped ? ' (shipped default)' : ''}`],
    ['definition', definition],
    ['routing', routing],
    [
      'schedule',
      `${c.schedule.nightly}${c.schedule.incremental ? `, every ${c.schedule.incremental}` : ''} (${c.schedule.timezone})`,
    ],
    ['bulk threshold', `${c.settings.bulkThreshold.value} leads (${sourceOf(c.settings.bulkThreshold)})`],
    [
      'API budget share',
      `stops at ${Math.round(c.settings.apiBudgetShare.value * 100)} % of the daily API requests (${sourceOf(c.settings.apiBudgetShare)})`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [`${c.org}`, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n');
}
