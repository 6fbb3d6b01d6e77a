import { orgPath } from '../api';
import { HealthBadge } from '../components/Badges';
import { ErrorNote, Loading } from '../components/States';
import { pct } from '../format';
import { Link } from '../router';
import type { Org } from '../types';
import { useApi } from '../useApi';

interface Report {
  funnel: Record<string, number>;
  mqlToWonRate: number | null;
  sla: { met: number; breached: number; pending: number; complianceRate: number | null };
}

function OrgSummary({ org }: { org: Org }) {
  const report = useApi<Report>(`${orgPath(org.name)}/report`);
  return (
    <section className="card" aria-labelledby={`dash-${org.name}`}>
      <h2 id={`dash-${org.name}`}>
        <Link href={orgPath(org.name)}>{org.name}</Link> <HealthBadge status={org.health.status} />
      </h2>
      {report.error && <ErrorNote error={report.error} />}
      <dl className="kpis">
        <div>
          <dt>leads</dt>
          <dd>{org.leadCount}</dd>
        </div>
        <div>
          <dt>reached MQL</dt>
          <dd>{report.data ? (report.data.funnel['mql'] ?? 0) : '…'}</dd>
        </div>
        <div>
          <dt>won</dt>
          <dd>{report.data ? (report.data.funnel['won'] ?? 0) : '…'}</dd>
        </div>
        <div>
          <dt>MQL → won</dt>
          <dd>{report.data ? pct(report.data.mqlToWonRate) : '…'}</dd>
        </div>
        <div>
          <dt>SLA met</dt>
          <dd>
            {report.data
              ? report.data.sla.met + report.data.sla.breached > 0
                ? pct(report.data.sla.complianceRate)
                : 'no deadlines yet'
              : '…'}
          </dd>
        </div>
      </dl>
    </section>
  );
}

export function DashboardPage() {
  const orgs = useApi<{ orgs: Org[] }>('/orgs');
  return (
    <>
      <h1>Dashboard</h1>
      {orgs.loading && <Loading />}
      {orgs.error && <ErrorNote error={orgs.error} />}
      {orgs.data && !orgs.data.orgs.length && (
        <section className="card empty" aria-label="No CRM">
          <p>No CRM connected yet.</p>
          <a className="btn" href="/connect">
            Connect a CRM
          </a>
        </section>
      )}
      <div className="grid">
        {orgs.data?.orgs.map((o) => (
          <OrgSummary key={o.name} org={o} />
        ))}
      </div>
    </>
  );
}
