import type { Queryable } from '../store/database';

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Prometheus text exposition (0.0.4) from the runs table and the process. */
export async function renderMetrics(db: Queryable): Promise<string> {
  const lines: string[] = [];
  const metric = (
    name: string,
    type: 'counter' | 'gauge',
    help: string,
    samples: [Record<string, string>, number][],
  ) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) {
      const l = Object.entries(labels)
        .map(([k, v]) => `${k}="${esc(v)}"`)
        .join(',');
      lines.push(`${name}${l ? `{${l}}` : ''} ${Number.isFinite(value) ? value : 0}`);
    }
  };
  const { rows } = await db.query<{
    org: string;
    status: string;
    runs: string;
    seconds: string;
    pulled: string;
    written: string;
    failed: string;
    api_calls: string;
  }>(
    `SELECT o.name AS org, r.status, count(*) AS runs,
            COALESCE(sum(EXTRACT(EPOCH FROM (COALESCE(r.finished_at, now()) - r.started_at))), 0) AS seconds,
            COALESCE(sum((r.counts->>'pulled')::bigint), 0) AS pulled, COALESCE(sum((r.counts->>'written')::bigint), 0) AS written,
            COALESCE(sum((r.counts->>'failed')::bigint), 0) AS failed, COALESCE(sum(r.api_calls), 0) AS api_calls
       FROM sync_runs r JOIN orgs o ON o.id = r.org_id GROUP BY o.name, r.status ORDER BY o.name, r.status`,
  );
  metric(
    'leadloop_sync_runs_total',
    'counter',
    'Sync runs by org and final status',
    rows.map((r) => [{ org: r.org, status: r.status }, Number(r.runs)]),
  );
  metric(
    'leadloop_sync_run_seconds_total',
    'counter',
    'Time spent in sync runs',
    rows.map((r) => [{ org: r.org, status: r.status }, Number(r.seconds)]),
  );
  const byOrg = new Map<string, { pulled: number; written: number; failed: number; api: number }>();
  for (const r of rows) {
    const o = byOrg.get(r.org) ?? { pulled: 0, written: 0, failed: 0, api: 0 };
    o.pulled += Number(r.pulled);
    o.written += Number(r.written);
    o.failed += Number(r.failed);
    o.api += Number(r.api_calls);
    byOrg.set(r.org, o);
  }
  const per = (key: 'pulled' | 'written' | 'failed' | 'api') =>
    [...byOrg].map(([org, v]) => [{ org }, v[key]] as [Record<string, string>, number]);
  metric('leadloop_records_pulled_total', 'counter', 'Leads read from the CRM', per('pulled'));
  metric('leadloop_records_written_total', 'counter', 'Leads written back to the CRM', per('written'));
  metric('leadloop_records_failed_total', 'counter', 'Records that failed (see the run failures)', per('failed'));
  metric('leadloop_api_calls_total', 'counter', 'CRM API calls made by syncs', per('api'));
  const last = await db.query<{ org: string; at: string | null }>(
    `SELECT o.name AS org, EXTRACT(EPOCH FROM max(r.finished_at)) AS at FROM orgs o LEFT JOIN sync_runs r ON r.org_id = o.id AND r.status = 'completed' GROUP BY o.name`,
  );
  metric(
    'leadloop_last_completed_sync_timestamp_seconds',
    'gauge',
    'When the last completed sync of an org finished',
    last.rows.map((r) => [{ org: r.org }, Number(r.at ?? 0)]),
  );
  const mem = process.memoryUsage();
  metric('process_resident_memory_bytes', 'gauge', 'Resident memory of the web process', [[{}, mem.rss]]);
  metric('process_uptime_seconds', 'gauge', 'Seconds since the web process started', [
    [{}, Math.round(process.uptime())],
  ]);
  return `${lines.join('\n')}\n`;
}
