import { Link } from '../router';
import type { Run } from '../types';
import { RunBadge } from './Badges';
import { duration, when } from '../format';

/** Runs, newest first: status, counts and why a run stopped. */
export function RunTable({ runs, showOrg = false }: { runs: Run[]; showOrg?: boolean }) {
  if (!runs.length) return <p className="muted">No runs yet.</p>;
  return (
    <div className="table-wrap">
      <table className="runs">
        <thead>
          <tr>
            <th scope="col">Run</th>
            {showOrg && <th scope="col">Org</th>}
            <th scope="col">Mode</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Time</th>
            <th scope="col">Pulled</th>
            <th scope="col">Written</th>
            <th scope="col">Failed</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-run-id={r.id}>
              <td>
                <Link href={`/runs/${r.id}`}>#{r.id}</Link>
              </td>
              {showOrg && <td>{r.org ? <Link href={`/orgs/${encodeURIComponent(r.org)}`}>{r.org}</Link> : '—'}</td>}
              <td>{r.mode}</td>
              <td>
                <RunBadge status={r.status} />
              </td>
              <td>{when(r.startedAt)}</td>
              <td>{duration(r)}</td>
              <td>{r.counts['pulled'] ?? 0}</td>
              <td>{r.counts['written'] ?? 0}</td>
              <td>{r.counts['failed'] ?? 0}</td>
              <td className="reason">{r.stopReason?.split('\n')[0] ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
