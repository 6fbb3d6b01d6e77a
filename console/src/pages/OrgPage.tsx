import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, orgPath } from '../api';
import { HealthBadge, RunBadge } from '../components/Badges';
import { ConfigForm } from '../components/ConfigForm';
import { RunTable } from '../components/RunTable';
import { ErrorNote, Loading } from '../components/States';
import { inZone, isLive, pollMs } from '../format';
import { Link } from '../router';
import type { MappingField, Org, OrgConfiguration, Run } from '../types';
import { useApi } from '../useApi';
import { NotFoundPage } from './NotFoundPage';

interface SetupCheck {
  missingFields: string[];
  problems: string[];
  warnings: string[];
  fieldCount: number;
}

/** "Sync now": the queued run shows at once and is followed until it is done or failed. */
function SyncNow({ org, onQueued }: { org: Org; onQueued: (run: Run) => void }) {
  const [mode, setMode] = useState<'incremental' | 'full'>('incremental');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api.post<{ run: Run }>(`${orgPath(org.name)}/sync`, { mode });
      onQueued(answer.run);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="inline-form" aria-label="Sync now">
      <label htmlFor="sync-mode">Mode</label>
      <select id="sync-mode" value={mode} onChange={(e) => setMode(e.target.value as 'incremental' | 'full')}>
        <option value="incremental">incremental</option>
        <option value="full">full</option>
      </select>
      <button disabled={busy || org.state === 'disabled'}>Sync now</button>
      {error && <ErrorNote error={error} />}
    </form>
  );
}

/** The newest run, spelled out: where it is, and for a failed one why and what to do. */
function LatestRun({ run }: { run: Run }) {
  return (
    <div
      className={`note ${run.status === 'failed' || run.status === 'stopped' ? 'bad' : ''}`}
      role="status"
      aria-live="polite"
    >
      <p>
        <Link href={`/runs/${run.id}`}>Run #{run.id}</Link> <RunBadge status={run.status} />
        {run.status === 'queued' && ' — waiting to start'}
        {run.status === 'running' &&
          ` — ${run.counts['pulled'] ?? 0} pulled, ${run.counts['written'] ?? 0} written so far`}
      </p>
      {run.stopReason && (
        <p className="reason" data-testid="stop-reason">
          {run.stopReason}
        </p>
      )}
      {run.fix && (
        <p className="fix" data-testid="fix">
          <strong>What to do:</strong> {run.fix}
        </p>
      )}
    </div>
  );
}

/** The next five runs of what is typed, from the server's scheduler engine, or the problem with each field. */
function useSchedulePreview(schedule: string, timezone: string) {
  const [preview, setPreview] = useState<{ nextRuns: string[]; problems: Record<string, string> }>({
    nextRuns: [],
    problems: {},
  });
  useEffect(() => {
    const timer = window.setTimeout(() => {
      const q = new URLSearchParams({ schedule, timezone });
      api
        .get<{ nextRuns: string[] }>(`/schedule/preview?${q}`)
        .then((r) => setPreview({ nextRuns: r.nextRuns, problems: {} }))
        .catch((err: unknown) => {
          if (!(err instanceof ApiError)) return;
          const problems: Record<string, string> = {};
          for (const d of Array.isArray(err.body.details)
            ? (err.body.details as { path: string; message: string }[])
            : [])
            problems[d.path] = d.message;
          setPreview({ nextRuns: [], problems });
        });
    }, 250);
    return () => window.clearTimeout(timer);
  }, [schedule, timezone]);
  return preview;
}

function ScheduleForm({ org, onSaved }: { org: Org; onSaved: () => void }) {
  const [schedule, setSchedule] = useState(org.schedule);
  const [timezone, setTimezone] = useState(org.timezone);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const preview = useSchedulePreview(schedule, timezone);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await api.post(`${orgPath(org.name)}/schedule`, { schedule, timezone });
      setSaved(true);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Schedule">
      <label htmlFor="schedule">Nightly run (cron: minute hour day month weekday, in the org's time zone)</label>
      <input
        id="schedule"
        value={schedule}
        onChange={(e) => setSchedule(e.target.value)}
        aria-invalid={preview.problems['schedule'] ? true : undefined}
        aria-describedby="schedule-problem"
      />
      <p id="schedule-problem" className="error field-problem">
        {preview.problems['schedule'] ?? ''}
      </p>
      <label htmlFor="timezone">Time zone</label>
      <input
        id="timezone"
        value={timezone}
        onChange={(e) => setTimezone(e.target.value)}
        aria-invalid={preview.problems['timezone'] ? true : undefined}
        aria-describedby="timezone-problem"
      />
      <p id="timezone-problem" className="error field-problem">
        {preview.problems['timezone'] ?? ''}
      </p>
      {preview.nextRuns.length > 0 && (
        <div aria-label="Next runs">
          <p className="muted">Next runs:</p>
          <ul className="next-runs">
            {preview.nextRuns.map((at) => (
              <li key={at}>{inZone(at, timezone)}</li>
            ))}
          </ul>
        </div>
      )}
      <p>
        <button className="secondary">Save schedule</button>
      </p>
      {saved && (
        <p className="ok" role="status">
          Saved.
        </p>
      )}
      {error && <ErrorNote error={error} />}
    </form>
  );
}

function SetupCheckCard({ org }: { org: Org }) {
  const [check, setCheck] = useState<SetupCheck | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setCheck(await api.get<SetupCheck>(`${orgPath(org.name)}/setup-check`));
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="setup-heading">
      <h2 id="setup-heading">Setup in the CRM</h2>
      <button className="secondary" onClick={() => void run()} disabled={busy}>
        {busy ? 'Checking…' : 'Check setup in the CRM'}
      </button>
      {error && <ErrorNote error={error} />}
      {check && (
        <div className="setup-result">
          {check.missingFields.length ? (
            <p className="error">Missing or invisible leadloop fields: {check.missingFields.join(', ')}.</p>
          ) : (
            <p className="ok">Every leadloop field exists and is visible.</p>
          )}
          {check.problems.length ? (
            <>
              <p>The mapping does not match the CRM yet:</p>
              <ul>
                {check.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </>
          ) : (
            <p className="ok">The mapping matches the CRM: ready to sync.</p>
          )}
          {check.warnings.length > 0 && (
            <>
              <p>Works without:</p>
              <ul>
                {check.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          )}
          <p className="muted">{check.fieldCount} fields on the lead object.</p>
        </div>
      )}
    </section>
  );
}

export function OrgPage({ name }: { name: string }) {
  const org = useApi<{ org: Org }>(orgPath(name));
  // the rest only once the org exists (an unknown name is one 404, not four)
  const known = org.data ? orgPath(name) : null;
  const runs = useApi<{ runs: Run[] }>(known && `${known}/runs`, (d) => pollMs(d.runs));
  const config = useApi<OrgConfiguration>(known && `${known}/config`);
  const mapping = useApi<{ fields: MappingField[] }>(known && `${known}/mapping`);
  const latest = runs.data?.runs[0];
  const reloadOrg = org.reload;
  // the health follows the newest run: read it again when that run ends
  useEffect(() => {
    if (latest && !isLive(latest)) void reloadOrg();
  }, [latest?.id, latest?.status, reloadOrg]);

  if (org.error?.status === 404) return <NotFoundPage what="org" />;
  if (org.error) return <ErrorNote error={org.error} />;
  if (!org.data) return <Loading />;
  const o = org.data.org;
  const queued = () => {
    void runs.reload();
    void org.reload();
  };

  return (
    <>
      <h1>
        {o.name} <span className="muted">{o.crm === 'salesforce' ? 'Salesforce' : 'SugarCRM'}</span>
      </h1>
      <section className="card health" aria-labelledby="health-heading">
        <h2 id="health-heading">
          Health <HealthBadge status={o.health.status} />
        </h2>
        {o.health.message && <p className="reason">{o.health.message}</p>}
        <p>
          <strong>Next:</strong> {o.health.nextStep}
        </p>
        <p className="muted">
          {o.instanceUrl} · {o.leadCount.toLocaleString()} leads
        </p>
        <SyncNow org={o} onQueued={queued} />
      </section>

      <section className="card" aria-labelledby="runs-heading">
        <h2 id="runs-heading">Runs</h2>
        {latest && <LatestRun run={latest} />}
        {runs.error && <ErrorNote error={runs.error} />}
        {runs.data ? <RunTable runs={runs.data.runs} /> : <Loading />}
      </section>

      <div className="grid">
        <section className="card" aria-labelledby="schedule-heading">
          <h2 id="schedule-heading">Schedule</h2>
          <ScheduleForm org={o} onSaved={() => void org.reload()} />
        </section>
        <section className="card" aria-labelledby="config-heading">
          <h2 id="config-heading">What applies</h2>
          {config.error && <ErrorNote error={config.error} />}
          {config.data && (
            <dl className="facts">
              <dt>Definition</dt>
              <dd>
                {config.data.definition.name}
                {config.data.definition.version !== null ? ` v${config.data.definition.version}` : ''} (
                {config.data.definition.source})
              </dd>
              <dt>Routing</dt>
              <dd>
                {config.data.routing.file ? `${config.data.routing.file} (${config.data.routing.source})` : 'none'}
              </dd>
              <dt>Mapping</dt>
              <dd>{config.data.mapping.shipped ? 'the shipped mapping' : config.data.mapping.file}</dd>
            </dl>
          )}
          {config.data && (
            <details>
              <summary>Change</summary>
              <ConfigForm org={o.name} config={config.data} onSaved={() => void config.reload()} />
            </details>
          )}
        </section>
        <SetupCheckCard org={o} />
      </div>

      <section className="card">
        <details>
          <summary>Mapping ({mapping.data?.fields.length ?? '…'} fields)</summary>
          {mapping.error && <ErrorNote error={mapping.error} />}
          {mapping.data && (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">leadloop</th>
                    <th scope="col">CRM field</th>
                    <th scope="col">Direction</th>
                  </tr>
                </thead>
                <tbody>
                  {mapping.data.fields.map((f) => (
                    <tr key={`${f.direction}:${f.leadloop}`}>
                      <td>{f.leadloop}</td>
                      <td>
                        <code>{f.crmField}</code>
                      </td>
                      <td>{f.direction}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </details>
      </section>
    </>
  );
}
