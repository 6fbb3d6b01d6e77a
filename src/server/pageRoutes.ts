import express, { type Request, type Response, type Router } from 'express';
import { createDefinitionStore } from '../definition/definitionStore';
import { buildReport, FUNNEL_CHAIN } from '../feedback/buildReport';
import type { Logger } from '../log/createLogger';
import { describeError } from '../log/redact';
import { configureOrgFromText } from '../app/configureOrgFromText';
import { describeOrgConfig } from '../app/describeOrgConfig';
import { recordAudit } from '../store/auditLog';
import { createOrgRepository, type OrgRecord } from '../store/orgRepository';
import { createOrgRuntime, type OrgRuntimeDeps } from '../app/createOrgRuntime';
import { checkMapping } from '../mapping';
import { createRunStore, type RunRecord } from '../sync/stores/runStore';
import type { AdminStore } from './adminStore';
import { csrfValid, sessionCookie } from './auth';
import { barChart, h, jsonData, layout, pct } from './html';
import { mappingTable, orgConfigCard } from './orgConfigCard';
import { connectPages } from './connectPages';
import { loginRoutes } from './loginRoutes';
import { scheduleProblem } from '../scheduler/checkSchedule';
import type { SyncRunner } from './syncRunner';

const GRADE_COLORS: Record<string, string> = { A: '#1f9d55', B: '#2f6fde', C: '#c98a12', D: '#9aa3b2' };

export interface PageDeps {
  runtime: OrgRuntimeDeps;
  admins: AdminStore;
  runner: SyncRunner;
  logger: Logger;
  /** Where Salesforce sends the admin back (the console's public URL + /oauth/salesforce/callback); null when unknown (production without LEADLOOP_PUBLIC_URL). */
  publicUrl: (req: Request) => string | null;
  secureCookies: boolean;
}

function runRow(r: RunRecord): string {
  const secs = r.finishedAt ? Math.round((r.finishedAt.getTime() - r.startedAt.getTime()) / 100) / 10 : null;
  return (
    `<tr><td><a href="/runs/${r.id}">#${r.id}</a></td><td>${h(r.mode)}</td><td><span class="status ${h(r.status)}">${h(r.status)}</span></td><td>${h(r.startedAt.toISOString().replace('T', ' ').slice(0, 19))}</td>` +
    `<td>${secs === null ? '…' : `${secs} s`}</td><td>${r.counts.pulled ?? 0}</td><td>${r.counts.scored ?? 0}</td><td>${r.counts.written ?? 0}</td><td>${r.counts.handovers ?? 0}</td><td>${r.counts.failed ?? 0}</td><td>${r.apiCalls}</td><td class="muted">${h(r.stopReason ?? '')}</td></tr>`
  );
}
/** The CRM org may already be connected under another name: moving it here disables the other (saveConnectedOrg). */
const RUN_HEAD =
  '<tr><th>Run</th><th>Mode</th><th>Status</th><th>Started (UTC)</th><th>Time</th><th>Pulled</th><th>Scored</th><th>Written</th><th>Hand-overs</th><th>Failed</th><th>API calls</th><th></th></tr>';

/** The console: server-rendered pages, forms with CSRF tokens, live run progress by polling the API. */
export function pageRoutes(deps: PageDeps): Router {
  const router = express.Router();
  const { db } = deps.runtime;
  const orgs = createOrgRepository(db, deps.runtime.box);
  const runs = createRunStore(db);
  const user = (req: Request) => ({ email: req.principal!.name, csrf: req.principal!.session?.csrfToken ?? '' });
  const page = (req: Request, res: Response, title: string, body: string) =>
    void res.type('html').send(layout(title, body, user(req)));

  router.use(loginRoutes(deps));
  // everything below needs a signed-in admin; forms are parsed only after that check
  router.use((req, res, next) => (req.principal?.kind === 'admin' ? next() : res.redirect(303, '/login')));
  router.use(express.urlencoded({ extended: false, limit: '100kb' }));
  router.use((req, res, next) =>
    req.method !== 'POST' || csrfValid(req)
      ? next()
      : void res
          .status(403)
          .type('html')
          .send(layout('Forbidden', '<p class="error">The form expired (CSRF check). Go back and try again.</p>')),
  );

  router.post('/logout', async (req, res) => {
    await deps.admins.logout(req.principal!.session!.tokenHash);
    res.setHeader('Set-Cookie', sessionCookie('', deps.secureCookies, 0));
    res.redirect(303, '/login');
  });

  router.get('/', async (req, res) => {
    const list = await orgs.list();
    if (!list.length)
      return page(
        req,
        res,
        'Dashboard',
        '<h1>Dashboard</h1><div class="card"><p>No CRM connected yet.</p><a class="btn" href="/connect">Connect a CRM</a></div>',
      );
    const cards: string[] = [];
    for (const org of list) cards.push(await orgDashboard(org));
    page(req, res, 'Dashboard', `<h1>Dashboard</h1>${cards.join('')}`);
  });

  async function orgDashboard(org: OrgRecord): Promise<string> {
    const report = await buildReport(db, org.id);
    const { rows: grades } = await db.query<{ grade: string; n: string }>(
      `SELECT COALESCE(grade, '-') AS grade, count(*) AS n FROM leads WHERE org_id = $1 GROUP BY 1 ORDER BY 1`,
      [org.id],
    );
    const { rows: bands } = await db.query<{ band: number; n: string }>(
      `SELECT LEAST(floor(score / 10) * 10, 90)::int AS band, count(*) AS n FROM leads WHERE org_id = $1 AND score IS NOT NULL GROUP BY 1 ORDER BY 1`,
      [org.id],
    );
    const total = grades.reduce((n, g) => n + Number(g.n), 0);
    const last = (await runs.list(org.id, 1))[0];
    const sla = report.sla;
    return `<section class="card" style="margin-bottom:16px"><h2><a href="/orgs/${h(org.name)}">${h(org.name)}</a> <span class="muted">${h(org.crm)} · ${h(org.instanceUrl)}</span></h2>
<div class="kpis"><div class="kpi"><b>${total}</b><span>leads scored</span></div><div class="kpi"><b>${report.funnel.mql ?? 0}</b><span>reached MQL</span></div>
<div class="kpi"><b>${report.funnel.won ?? 0}</b><span>won</span></div><div class="kpi"><b>${pct(report.mqlToWonRate)}</b><span>MQL → won</span></div>
<div class="kpi"><b>${pct(sla.complianceRate)}</b><span>SLA met (${sla.met}/${sla.met + sla.breached})</span></div><div class="kpi"><b>${sla.leaking.count}</b><span>leaking (MQL past SLA)</span></div>
<div class="kpi"><b>${last ? `<span class="status ${h(last.status)}">${h(last.status)}</span>` : '—'}</b><span>last sync${last ? ` ${h(last.startedAt.toISOString().slice(0, 16).replace('T', ' '))}` : ''}</span></div></div>
<div class="grid" style="margin-top:12px">
<div><h2>Grade distribution</h2>${barChart(grades.map((g) => ({ label: `Grade ${g.grade}`, value: Number(g.n), color: GRADE_COLORS[g.grade] })))}</div>
<div><h2>Score distribution</h2>${barChart(bands.map((b) => ({ label: `${b.band}–${b.band + 9}`, value: Number(b.n) })))}</div>
<div><h2>Funnel</h2>${barChart(FUNNEL_CHAIN.map((s) => ({ label: s.toUpperCase(), value: report.funnel[s] ?? 0 })))}</div>
<div><h2>Conversion by grade</h2>${barChart(
      Object.entries(report.byGrade)
        .sort()
        .map(([g, b]) => ({
          label: `Grade ${g}`,
          value: b.won,
          note: `${pct(b.conversionRate)} of ${b.leads}`,
          color: GRADE_COLORS[g],
        })),
    )}</div>
<div><h2>Conversion by source</h2>${barChart(
      Object.entries(report.bySource)
        .sort((a, b) => b[1].leads - a[1].leads)
        .slice(0, 8)
        .map(([s, b]) => ({ label: s.slice(0, 12), value: b.won, note: `${pct(b.conversionRate)} of ${b.leads}` })),
    )}</div>
<div><h2>SLA</h2>${barChart([
      { label: 'met', value: sla.met, color: '#1f9d55' },
      { label: 'breached', value: sla.breached, color: '#d64545' },
      { label: 'pending', value: sla.pending, color: '#c98a12' },
    ])}</div>
</div></section>`;
  }

  router.get('/orgs', async (req, res) => {
    const list = await orgs.list();
    page(
      req,
      res,
      'Orgs',
      `<h1>Orgs</h1><div class="card"><table><tr><th>Name</th><th>CRM</th><th>State</th><th>Schedule</th><th>Time zone</th></tr>${list
        .map(
          (o) =>
            `<tr><td><a href="/orgs/${h(o.name)}">${h(o.name)}</a></td><td>${h(o.crm)}</td><td>${h(o.state)}${o.stateMessage ? ` <span class="error">${h(o.stateMessage)}</span>` : ''}</td><td><code>${h(o.schedule)}</code></td><td>${h(o.timezone)}</td></tr>`,
        )
        .join('')}</table>
<p><a class="btn" href="/connect">Connect a CRM</a></p></div>`,
    );
  });

  router.get('/orgs/:name', async (req, res) => {
    const org = await orgs.findByName(String(req.params['name']));
    if (!org)
      return void res
        .status(404)
        .type('html')
        .send(layout('Not found', '<p>No such org.</p>', user(req)));
    const list = await runs.list(org.id, 20);
    const versions = await createDefinitionStore(db).listVersions(org.definitionId ?? 'default');
    const csrf = h(user(req).csrf);
    const config = orgConfigCard(await describeOrgConfig(db, deps.runtime.settings, org), user(req).csrf);
    page(
      req,
      res,
      org.name,
      `<h1>${h(org.name)} <span class="muted">${h(org.crm)}</span></h1>
<div class="grid"><div class="card"><h2>Connection</h2><p>${h(org.instanceUrl)}<br>State: <b>${h(org.state)}</b>${org.stateMessage ? `<br><span class="error">${h(org.stateMessage)}</span>` : ''}</p>
<form method="post" action="/orgs/${h(org.name)}/sync"><input type="hidden" name="_csrf" value="${csrf}"><select name="mode" style="width:auto"><option value="incremental">incremental</option><option value="full">full</option></select> <button>Sync now</button></form></div>
<div class="card"><h2>Schedule</h2><form method="post" action="/orgs/${h(org.name)}/schedule"><input type="hidden" name="_csrf" value="${csrf}"><label>Nightly (cron, org time zone)</label><input name="schedule" value="${h(org.schedule)}"><label>Time zone</label><input name="timezone" value="${h(org.timezone)}"><p><button class="secondary">Save</button></p></form></div>
<div class="card"><h2>Definition: ${h(org.definitionId ?? 'default')}</h2><table><tr><th>Version</th><th>Saved</th><th>By</th><th></th></tr>${
        versions
          .slice(0, 6)
          .map(
            (v) =>
              `<tr><td>v${v.version}</td><td>${h(v.createdAt.toISOString().slice(0, 10))}</td><td>${h(v.createdBy)}</td><td>${v.isActive ? '<span class="status completed">active</span>' : ''}</td></tr>`,
          )
          .join('') || '<tr><td colspan="4" class="muted">Loaded from definitions/ at the first run.</td></tr>'
      }</table></div></div>
<div class="grid" style="margin-top:16px"><div class="card"><h2>Mapping</h2>${mappingTable(org)}
<p><a class="btn secondary" style="background:#eef1f6;color:inherit" href="/orgs/${h(org.name)}/setup">Check setup in the CRM</a></p></div>${config}</div>
<div class="card" style="margin-top:16px"><h2>Runs <span class="muted" id="live"></span></h2><table id="runs">${RUN_HEAD}${list.map(runRow).join('')}</table></div>
${jsonData({ org: org.name })}<script src="/assets/orgRuns.js"></script>`,
    );
  });

  router.get('/orgs/:name/setup', async (req, res) => {
    const org = await orgs.findByName(String(req.params['name']));
    if (!org)
      return void res
        .status(404)
        .type('html')
        .send(layout('Not found', '<p>No such org.</p>', user(req)));
    try {
      const runtime = await createOrgRuntime(deps.runtime, org);
      const described = await runtime.connector.describeLeads();
      const { problems, warnings } = checkMapping(runtime.mapping, described.fields);
      page(
        req,
        res,
        `Setup of ${org.name}`,
        `<h1>Setup of ${h(org.name)}</h1><div class="card">${
          described.missingFields.length
            ? `<p class="error">Missing or invisible leadloop fields: ${described.missingFields.map(h).join(', ')}. Run <code>leadloop setup ${h(org.name)}</code>.</p>`
            : '<p class="ok">Every leadloop field exists and is visible.</p>'
        }${problems.length ? `<p>The mapping does not match the CRM yet:</p><ul>${problems.map((p) => `<li>${h(p)}</li>`).join('')}</ul>` : '<p class="ok">The mapping matches the CRM: ready to sync.</p>'}
${warnings.length ? `<p>Works without (warnings):</p><ul>${warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul>` : ''}<p class="muted">${described.fields.length} fields on the lead object.</p><p><a href="/orgs/${h(org.name)}">Back</a></p></div>`,
      );
    } catch (error) {
      res
        .status(502)
        .type('html')
        .send(
          layout(
            'Setup check failed',
            `<p class="error">${h(describeError(error)['message'])}</p><p><a href="/orgs/${h(org.name)}">Back</a></p>`,
            user(req),
          ),
        );
    }
  });

  router.post('/orgs/:name/sync', async (req, res) => {
    const org = await orgs.findByName(String(req.params['name']));
    if (!org) return void res.redirect(303, '/orgs');
    const mode = (req.body as Record<string, string>)['mode'] === 'full' ? 'full' : 'incremental';
    if (deps.runner.start(org.id, mode))
      await recordAudit(db, { actor: user(req).email, action: 'org.sync', target: org.name, details: { mode } });
    res.redirect(303, `/orgs/${encodeURIComponent(org.name)}`);
  });

  router.post('/orgs/:name/config', async (req, res) => {
    const org = await orgs.findByName(String(req.params['name']));
    if (!org) return void res.redirect(303, '/orgs');
    const b = req.body as Record<string, string>;
    const text = {
      ...(b['definition'] ? { definition: b['definition'] } : {}),
      ...(b['mapping']?.trim() ? { mapping: b['mapping'] } : {}),
      ...(b['routing']?.trim() ? { routing: b['routing'] } : {}),
    };
    try {
      const { org: saved, warnings } = await configureOrgFromText(deps.runtime, org, text, user(req).email);
      page(
        req,
        res,
        `${org.name} configuration`,
        `<h1>${h(org.name)}: saved</h1>${orgConfigCard(await describeOrgConfig(db, deps.runtime.settings, saved), user(req).csrf, { warnings })}<p><a href="/orgs/${h(org.name)}">Back</a></p>`,
      );
    } catch (error) {
      res.status(422);
      page(
        req,
        res,
        `${org.name} configuration`,
        `<h1>${h(org.name)}: nothing changed</h1>${orgConfigCard(await describeOrgConfig(db, deps.runtime.settings, org), user(req).csrf, { error: String(describeError(error)['message']) })}<p><a href="/orgs/${h(org.name)}">Back</a></p>`,
      );
    }
  });

  router.post('/orgs/:name/schedule', async (req, res) => {
    const org = await orgs.findByName(String(req.params['name']));
    if (!org) return void res.redirect(303, '/orgs');
    const b = req.body as Record<string, string>;
    const problem = scheduleProblem({ schedule: b['schedule'] ?? '', timezone: b['timezone'] ?? '' });
    if (problem)
      return void res
        .status(400)
        .type('html')
        .send(
          layout(
            'Invalid schedule',
            `<p class="error">${h(problem)}</p><p><a href="/orgs/${h(org.name)}">Back</a></p>`,
            user(req),
          ),
        );
    await orgs.updateSettings(org.id, { schedule: b['schedule']!, timezone: b['timezone']! });
    await recordAudit(db, {
      actor: user(req).email,
      action: 'org.schedule',
      target: org.name,
      details: { schedule: b['schedule'], timezone: b['timezone'] },
    });
    res.redirect(303, `/orgs/${encodeURIComponent(org.name)}`);
  });

  router.get('/runs/:id', async (req, res) => {
    const run = await runs.get(Number(req.params['id']));
    if (!run)
      return void res
        .status(404)
        .type('html')
        .send(layout('Not found', '<p>No such run.</p>', user(req)));
    const failures = await runs.failures(run.id, 500);
    page(
      req,
      res,
      `Run ${run.id}`,
      `<h1>Run #${run.id}</h1><div class="card"><table>${RUN_HEAD}${runRow(run)}</table></div>
<div class="card" style="margin-top:16px"><h2>Failed records (${failures.length})</h2><table><tr><th>Record</th><th>Stage</th><th>Kind</th><th>Code</th><th>Message</th></tr>${failures.map((f) => `<tr><td>${h(f.externalId ?? '')}</td><td>${h(f.stage)}</td><td>${h(f.kind)}</td><td>${h(f.code)}</td><td>${h(f.message)}</td></tr>`).join('') || '<tr><td colspan="5" class="muted">None.</td></tr>'}</table></div>`,
    );
  });

  router.use(connectPages(deps, user));
  return router;
}
