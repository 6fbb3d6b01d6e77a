import { orgPath } from '../api';
import { RunBadge } from '../components/Badges';
import { ErrorNote, Loading } from '../components/States';
import { duration, isLive, when } from '../format';
import { Link } from '../router';
import type { Run, RunFailure } from '../types';
import { useApi } from '../useApi';
import { NotFoundPage } from './NotFoundPage';

/** Counts in the order a run does its work. */
const COUNT_LABELS: [string, string][] = [
  ['pulled', 'pulled'],
  ['rejected', 'rejected'],
  ['deduplicated', 'deduplicated'],
  ['enriched', 'enriched'],
  ['scored', 'scored'],
  ['statusChanges', 'status changes'],
  ['assigned', 'assigned'],
  ['handovers', 'hand-overs'],
  ['written', 'written'],
  ['unchanged', 'unchanged'],
  ['skipped', 'skipped'],
  ['failed', 'failed'],
  ['fieldIssues', 'field issues'],
  ['engagementEvents', 'engagement events'],
  ['outcomes', 'outcomes'],
  ['rescored', 'rescored'],
];

export function RunPage({ id }: { id: string }) {
  const loaded = useApi<{ run: Run & { org: string | null }; failures: RunFailure[] }>(`/runs/${id}`, (d) =>
    isLive(d.run) ? 500 : null,
  );
  if (loaded.error?.status === 404) return <NotFoundPage what="run" />;
  if (loaded.error) return <ErrorNote error={loaded.error} />;
  if (!loaded.data) return <Loading />;
  const { run, failures } = loaded.data;
  return (
    <>
      <h1>
        Run #{run.id} <RunBadge status={run.status} />
      </h1>
      <section className="card" aria-labelledby="run-summary">
        <h2 id="run-summary">Summary</h2>
        <dl className="facts">
          <dt>Org</dt>
          <dd>{run.org ? <Link href={orgPath(run.org)}>{run.org}</Link> : '—'}</dd>
          <dt>Mode</dt>
          <dd>{run.mode}</dd>
          <dt>Started</dt>
          <dd>{when(run.startedAt)}</dd>
          <dt>Time</dt>
          <dd>{duration(run)}</dd>
          <dt>API calls</dt>
          <dd>{run.apiCalls}</dd>
          <dt>Stop reason</dt>
          <dd className="reason" data-testid="stop-reason">
            {run.stopReason ?? (isLive(run) ? 'still going' : 'none: the run did all its work')}
          </dd>
          {run.stopCode && (
            <>
              <dt>Code</dt>
              <dd>
                <code>{run.stopCode}</code>
              </dd>
            </>
          )}
          {run.fix && (
            <>
              <dt>What to do</dt>
              <dd data-testid="fix">{run.fix}</dd>
            </>
          )}
        </dl>
      </section>
      <section className="card" aria-labelledby="run-counts">
        <h2 id="run-counts">Counts</h2>
        <dl className="kpis">
          {COUNT_LABELS.map(([key, label]) => (
            <div key={key}>
              <dt>{label}</dt>
              <dd data-count={key}>{run.counts[key] ?? 0}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="card" aria-labelledby="run-skipped">
        <h2 id="run-skipped">Skipped sources ({run.skippedSources.length})</h2>
        {run.skippedSources.length ? (
          <ul>
            {run.skippedSources.map((s) => (
              <li key={s.source}>
                <strong>{s.source}</strong>: {s.consequence} <span className="muted">({s.code})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">None: every optional source was read.</p>
        )}
      </section>
      <section className="card" aria-labelledby="run-failures">
        <h2 id="run-failures">Failed records ({failures.length})</h2>
        {failures.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Record</th>
                  <th scope="col">Stage</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Code</th>
                  <th scope="col">Message</th>
                </tr>
              </thead>
              <tbody>
                {failures.map((f, i) => (
                  <tr key={i}>
                    <td>{f.externalId ?? '—'}</td>
                    <td>{f.stage}</td>
                    <td>{f.kind}</td>
                    <td>{f.code}</td>
                    <td>{f.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">None.</p>
        )}
      </section>
    </>
  );
}
