import { useState } from 'react';
import { orgPath } from '../api';
import { ErrorNote, Loading } from '../components/States';
import { pct } from '../format';
import type { Org } from '../types';
import { useApi } from '../useApi';

interface Breakdown {
  leads: number;
  won: number;
  lost: number;
  conversionRate: number | null;
  winRate: number | null;
  revenue: number;
}

interface Report {
  since: string | null;
  funnel: Record<string, number>;
  mqlToWonRate: number | null;
  byGrade: Record<string, Breakdown>;
  bySource: Record<string, Breakdown>;
  flags: { code: string; message: string }[];
  currencies: string[];
}

const FUNNEL = ['new', 'nurture', 'mql', 'sal', 'sql', 'won', 'lost', 'recycled', 'disqualified'];

function BreakdownTable({ caption, label, rows }: { caption: string; label: string; rows: [string, Breakdown][] }) {
  if (!rows.length) return <p className="muted">{caption}: no leads in the period.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{label}</th>
            <th scope="col">Leads</th>
            <th scope="col">Won</th>
            <th scope="col">Lost</th>
            <th scope="col">Conversion (won / leads)</th>
            <th scope="col">Win rate (won / closed)</th>
            <th scope="col">Revenue</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([key, b]) => (
            <tr key={key}>
              <th scope="row">{key}</th>
              <td>{b.leads}</td>
              <td>{b.won}</td>
              <td>{b.lost}</td>
              <td>{pct(b.conversionRate)}</td>
              <td>{pct(b.winRate)}</td>
              <td>{b.revenue.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OrgReport({ org, since }: { org: string; since: string }) {
  const report = useApi<Report>(`${orgPath(org)}/report${since ? `?since=${since}` : ''}`);
  if (report.error) return <ErrorNote error={report.error} />;
  if (!report.data) return <Loading />;
  const r = report.data;
  return (
    <>
      {r.flags.map((f) => (
        <p key={f.code} className="note bad" role="status">
          {f.message}
        </p>
      ))}
      <section className="card" aria-labelledby="funnel-heading">
        <h2 id="funnel-heading">Leads that reached each status</h2>
        <dl className="kpis">
          {FUNNEL.map((s) => (
            <div key={s}>
              <dt>{s}</dt>
              <dd>{r.funnel[s] ?? 0}</dd>
            </div>
          ))}
          <div>
            <dt>MQL → won</dt>
            <dd>{pct(r.mqlToWonRate)}</dd>
          </div>
        </dl>
      </section>
      <section className="card" aria-labelledby="conv-heading">
        <h2 id="conv-heading">Conversion</h2>
        <BreakdownTable caption="By grade" label="Grade" rows={Object.entries(r.byGrade).sort()} />
        <BreakdownTable
          caption="By source"
          label="Source"
          rows={Object.entries(r.bySource).sort((a, b) => b[1].leads - a[1].leads)}
        />
        {r.currencies.length > 1 && (
          <p className="muted">Revenue adds amounts in {r.currencies.join(', ')} as they are.</p>
        )}
      </section>
    </>
  );
}

/** GET /orgs/{name}/report, a table at a time; the rest of the CLI report is not here yet. */
export function ReportsPage() {
  const orgs = useApi<{ orgs: Org[] }>('/orgs');
  const [chosen, setChosen] = useState<string | null>(null);
  const [since, setSince] = useState('');
  const org = chosen ?? orgs.data?.orgs[0]?.name ?? null;
  return (
    <>
      <h1>Reports</h1>
      <p className="note">
        Conversion by grade and by source, from <code>GET /api/v1/orgs/&#123;name&#125;/report</code>. The funnel over
        time, response times, SLA by team and rep, recycle reasons and CSV downloads are not in the console yet: see{' '}
        <code>leadloop report ORG</code>.
      </p>
      {orgs.loading && <Loading />}
      {orgs.error && <ErrorNote error={orgs.error} />}
      {orgs.data && !orgs.data.orgs.length && <p className="card empty">No org yet, so nothing to report.</p>}
      {org && (
        <>
          <form className="inline-form card" aria-label="Report filter" onSubmit={(e) => e.preventDefault()}>
            <label htmlFor="report-org">Org</label>
            <select id="report-org" value={org} onChange={(e) => setChosen(e.target.value)}>
              {orgs.data?.orgs.map((o) => (
                <option key={o.name} value={o.name}>
                  {o.name}
                </option>
              ))}
            </select>
            <label htmlFor="report-since">Leads since</label>
            <input
              id="report-since"
              type="date"
              value={since}
              onChange={(e) => setSince(e.target.value)}
              style={{ width: 'auto' }}
            />
          </form>
          <OrgReport key={`${org}:${since}`} org={org} since={since} />
        </>
      )}
    </>
  );
}
