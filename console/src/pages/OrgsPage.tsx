import { orgPath } from '../api';
import { HealthBadge, RunBadge } from '../components/Badges';
import { ErrorNote, Loading } from '../components/States';
import { inZone, isLive, when } from '../format';
import { Link } from '../router';
import type { Org } from '../types';
import { useApi } from '../useApi';

const CRM_LABEL: Record<Org['crm'], string> = { salesforce: 'Salesforce', sugarcrm: 'SugarCRM' };

export function OrgsPage() {
  const orgs = useApi<{ orgs: Org[] }>('/orgs', (d) =>
    d.orgs.some((o) => o.lastRun && isLive(o.lastRun)) ? 1000 : null,
  );
  return (
    <>
      <div className="title-row">
        <h1>Orgs</h1>
        <a className="btn" href="/connect">
          Connect a CRM
        </a>
      </div>
      {orgs.loading && <Loading />}
      {orgs.error && <ErrorNote error={orgs.error} />}
      {orgs.data && !orgs.data.orgs.length && <p className="card empty">No CRM connected yet.</p>}
      {orgs.data && orgs.data.orgs.length > 0 && (
        <div className="card table-wrap">
          <table className="orgs">
            <thead>
              <tr>
                <th scope="col">Org</th>
                <th scope="col">CRM</th>
                <th scope="col">Health</th>
                <th scope="col">Last run</th>
                <th scope="col">Leads</th>
                <th scope="col">Next run</th>
              </tr>
            </thead>
            <tbody>
              {orgs.data.orgs.map((o) => (
                <tr key={o.name} data-org={o.name}>
                  <td>
                    <Link href={orgPath(o.name)}>{o.name}</Link>
                  </td>
                  <td>{CRM_LABEL[o.crm] ?? o.crm}</td>
                  <td>
                    <HealthBadge status={o.health.status} />
                  </td>
                  <td>
                    {o.lastRun ? (
                      <>
                        <Link href={`/runs/${o.lastRun.id}`}>#{o.lastRun.id}</Link>{' '}
                        <RunBadge status={o.lastRun.status} />{' '}
                        <span className="muted">{when(o.lastRun.startedAt)}</span>
                      </>
                    ) : (
                      <span className="muted">never</span>
                    )}
                  </td>
                  <td>{o.leadCount.toLocaleString()}</td>
                  <td>
                    {o.nextRuns[0] ? (
                      inZone(o.nextRuns[0].at, o.timezone)
                    ) : (
                      <span className="muted">not scheduled</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
