import path from 'node:path';
import { formatTable } from '../cli/output';
import { createProgress } from '../cli/progress';
import { createOrgRepository } from '../store/orgRepository';
import type { OrgRuntimeDeps } from '../app/createOrgRuntime';
import { createOrgRuntime } from '../app/createOrgRuntime';
import { syncOrg } from '../app/syncOrg';
import type { RunSummary } from '../sync/syncTypes';
import type { DemoSandbox } from './demoSandboxes';
import { writeDemoMapping } from './writeDemoMapping';
import { writeDemoRouting } from './writeDemoRouting';

export interface DemoResult {
  crm: string;
  org: string;
  leads: number;
  full: ReturnType<typeof brief>;
  incremental: ReturnType<typeof brief>;
  repActions: Record<string, number>;
  byGradeAndStatus: Record<string, Record<string, number>>;
  handovers: number;
  outcomes: Record<string, number>;
  sandboxApiCalls: number;
  seconds: number;
}

const brief = (s: RunSummary) => ({
  status: s.status,
  pulled: s.counts.pulled,
  scored: s.counts.scored,
  written: s.counts.written,
  unchanged: s.counts.unchanged,
  failed: s.counts.failed,
  skipped: s.counts.skipped,
  handovers: s.counts.handovers,
  outcomes: s.counts.outcomes,
  apiCalls: s.apiCalls,
  seconds: Math.round(s.durationMs / 100) / 10,
});

/**
 * The main job, end to end, on a sandbox CRM: connect, setup, full sync, play a rep
 * (accept, convert and win or lose, recycle), incremental sync reading those outcomes,
 * and a short report.
 */
export async function runDemo(
  deps: OrgRuntimeDeps,
  sandbox: DemoSandbox,
  leads: number,
  say: (line: string) => void,
  progressStream: NodeJS.WritableStream,
): Promise<DemoResult> {
  const started = Date.now();
  say(`\n== ${sandbox.crm}: sandbox at ${sandbox.url} with ${leads} leads`);
  const connected = await sandbox.connect();
  const orgs = createOrgRepository(deps.db, deps.box);
  const org = await orgs.upsert({
    name: sandbox.orgName,
    crm: sandbox.crm,
    instanceUrl: connected.instanceUrl,
    externalOrgId: connected.externalOrgId,
    credentials: connected.credentials,
    timezone: 'Europe/Madrid',
  });
  say(`connected ${org.name} (credentials stored encrypted)`);

  for (const step of sandbox.prepareByHand()) say(`admin: ${step}`);
  if (sandbox.crm === 'salesforce') {
    const mappingFile = writeDemoMapping(path.join(deps.settings.LEADLOOP_DATA_DIR, org.name));
    await orgs.updateSettings(org.id, { settings: { mappingFile } });
    say(
      `admin: the org's own mapping in ${mappingFile} (the shipped one plus the words its marketing tool logs on leads)`,
    );
  }
  const runtime = await createOrgRuntime(deps, (await orgs.findById(org.id)) ?? org);
  const routingFile = writeDemoRouting(
    path.join(deps.settings.LEADLOOP_DATA_DIR, org.name),
    await runtime.connector.listUsers(),
    connected.userId,
  );
  await orgs.updateSettings(org.id, { settings: { routingFile } });
  say(
    `admin: routing rules in ${routingFile} (account owners, then weighted round-robin by market; SLA in business hours)`,
  );
  const setup = await runtime.connector.setup();
  say(
    `setup: created ${setup.created.length ? setup.created.join(', ') : 'nothing'}${setup.manualSteps.length ? `; still to do by hand: ${setup.manualSteps.join('; ')}` : ''}`,
  );

  const sync = async (mode: 'full' | 'incremental') => {
    const progress = createProgress(progressStream, `${mode} sync`, { total: mode === 'full' ? leads : undefined });
    const summary = await syncOrg(deps, org.name, {
      mode,
      onProgress: (p) => progress.update(p.counts.pulled + p.counts.rescored, `written ${p.counts.written}`),
    });
    progress.finish(summary.status);
    return summary;
  };
  const full = await sync('full');
  say(
    `full sync: ${full.status}; pulled ${full.counts.pulled}, scored ${full.counts.scored}, written ${full.counts.written}, hand-over tasks ${full.counts.handovers}, ${full.apiCalls} API calls`,
  );

  const repActions = await playRep(deps, org.id, sandbox);
  say(
    `rep: accepted ${repActions.accepted}, converted ${repActions.converted} (won ${repActions.won}, lost ${repActions.lost}), returned to marketing ${repActions.recycled}`,
  );

  const incremental = await sync('incremental');
  say(
    `incremental sync: ${incremental.status}; read ${incremental.counts.outcomes} outcomes, pulled ${incremental.counts.pulled}, written ${incremental.counts.written}, ${incremental.apiCalls} API calls`,
  );

  const byGradeAndStatus = await gradeStatusTable(deps, org.id);
  const { rows: h } = await deps.db.query<{ n: string }>('SELECT count(*) AS n FROM handovers WHERE org_id = $1', [
    org.id,
  ]);
  const { rows: o } = await deps.db.query<{ kind: string; n: string }>(
    'SELECT kind, count(*) AS n FROM outcomes WHERE org_id = $1 GROUP BY kind ORDER BY kind',
    [org.id],
  );
  const result: DemoResult = {
    crm: sandbox.crm,
    org: org.name,
    leads,
    full: brief(full),
    incremental: brief(incremental),
    repActions,
    byGradeAndStatus,
    handovers: Number(h[0]?.n ?? 0),
    outcomes: Object.fromEntries(o.map((r) => [r.kind, Number(r.n)])),
    sandboxApiCalls: sandbox.apiCalls(),
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  say(renderTable(result));
  return result;
}

/** Acts on the leads leadloop handed over: what reps do between two nightly runs. */
async function playRep(deps: OrgRuntimeDeps, orgId: number, sandbox: DemoSandbox) {
  const { rows } = await deps.db.query<{ external_id: string }>(
    `SELECT external_id FROM leads WHERE org_id = $1 AND status = 'mql' ORDER BY score DESC, external_id`,
    [orgId],
  );
  const ids = rows.map((r) => r.external_id);
  const counts = { accepted: 0, converted: 0, won: 0, lost: 0, recycled: 0 };
  ids.forEach((id, i) => {
    const bucket = i % 10;
    if (bucket < 3) {
      sandbox.rep.accept(id);
      counts.accepted++;
    } else if (bucket < 5) {
      const won = bucket === 3;
      sandbox.rep.convert(id, won ? 'won' : 'lost', 5000 + (i % 7) * 2500);
      counts.converted++;
      if (won) counts.won++;
      else counts.lost++;
    } else if (bucket === 5) {
      sandbox.rep.recycle(id, 'No budget');
      counts.recycled++;
    }
  });
  return counts;
}

async function gradeStatusTable(deps: OrgRuntimeDeps, orgId: number): Promise<Record<string, Record<string, number>>> {
  const { rows } = await deps.db.query<{ grade: string | null; status: string; n: string }>(
    'SELECT grade, status, count(*) AS n FROM leads WHERE org_id = $1 GROUP BY grade, status',
    [orgId],
  );
  const out: Record<string, Record<string, number>> = {};
  for (const r of rows) {
    const g = r.grade ?? '-';
    out[g] ??= {};
    out[g]![r.status] = Number(r.n);
  }
  return out;
}

const STATUSES = ['new', 'nurture', 'mql', 'sal', 'sql', 'won', 'lost', 'recycled', 'disqualified'];

function renderTable(r: DemoResult): string {
  const grades = ['A', 'B', 'C', 'D'].filter((g) => r.byGradeAndStatus[g]);
  const table = formatTable(
    ['GRADE', ...STATUSES.map((s) => s.toUpperCase()), 'TOTAL'],
    grades.map((g) => {
      const row = r.byGradeAndStatus[g]!;
      return [g, ...STATUSES.map((s) => row[s] ?? 0), Object.values(row).reduce((a, b) => a + b, 0)];
    }),
  );
  const outcomes =
    Object.entries(r.outcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  return `\nLeads by grade and status in ${r.org}:\n${table}\nHand-over tasks: ${r.handovers}. Outcomes read back: ${outcomes}.\nAPI calls: full ${r.full.apiCalls}, incremental ${r.incremental.apiCalls}. Time: ${r.seconds} s.`;
}
