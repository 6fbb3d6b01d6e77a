import type { Request, Response } from 'express';
import { checkMapping } from '../mapping';
import { createOrgRuntime, type OrgRuntimeDeps } from '../app/createOrgRuntime';
import { describeError } from '../log/redact';
import { loadMapping } from '../mapping';
import type { Queryable } from '../store/database';
import type { OrgRecord } from '../store/orgRepository';
import { createRunStore, type RunRecord } from '../sync/stores/runStore';
import type { ApiRoute } from './apiRoutes';
import { sendApiError } from './apiError';

/** Leads stored per org id. */
export async function leadCounts(db: Queryable): Promise<Map<number, number>> {
  const { rows } = await db.query<{ org_id: string; n: string }>(
    'SELECT org_id, count(*) AS n FROM leads GROUP BY org_id',
  );
  return new Map(rows.map((r) => [Number(r.org_id), Number(r.n)]));
}

/** The newest run per org id. */
export async function lastRuns(db: Queryable): Promise<Map<number, RunRecord>> {
  const runs = createRunStore(db);
  const { rows } = await db.query<{ id: string }>('SELECT max(id) AS id FROM sync_runs GROUP BY org_id');
  const found = new Map<number, RunRecord>();
  for (const r of rows) {
    const run = await runs.get(Number(r.id));
    if (run) found.set(run.orgId, run);
  }
  return found;
}

/** What the org's mapping reads and where it writes, from the mapping file itself. */
export function describeMapping(org: OrgRecord): {
  fields: { leadloop: string; crmField: string; direction: 'read' | 'written' }[];
  error: string | null;
} {
  try {
    const mapping = loadMapping(org.crm, org.settings.mappingFile);
    const rows = (entries: [string, { field: string } | undefined][], direction: 'read' | 'written') =>
      entries.filter(([, r]) => r).map(([k, r]) => ({ leadloop: k, crmField: r!.field, direction }));
    return {
      fields: [
        ...rows(Object.entries(mapping.writeBack) as [string, { field: string } | undefined][], 'written'),
        ...rows(Object.entries(mapping.fields) as [string, { field: string } | undefined][], 'read'),
      ],
      error: null,
    };
  } catch (error) {
    return { fields: [], error: String(describeError(error)['message']) };
  }
}

/** Routes the console reads that scripts can use too: who is signed in, every org's runs, an org's mapping. */
export function consoleApiRoutes(
  deps: OrgRuntimeDeps,
  withOrg: (fn: (req: Request, res: Response, org: OrgRecord) => Promise<void>) => ApiRoute['handler'],
  orgNames: () => Promise<Map<number, string>>,
): ApiRoute[] {
  const runs = createRunStore(deps.db);
  return [
    {
      method: 'get',
      path: '/session',
      summary: 'Who is calling; for a console session also the CSRF token to send as X-CSRF-Token',
      handler: async (req, res) => {
        const p = req.principal!;
        res.json({ kind: p.kind, name: p.name, scope: p.scope, csrfToken: p.session?.csrfToken ?? null });
      },
    },
    {
      method: 'get',
      path: '/runs',
      summary: 'The newest runs of every org (newest first, at most 100)',
      handler: async (_req, res) => {
        const names = await orgNames();
        res.json({ runs: (await runs.recent(100)).map((r) => ({ ...r, org: names.get(r.orgId) ?? null })) });
      },
    },
    {
      method: 'get',
      path: '/orgs/:name/mapping',
      summary: "The org's mapping: each leadloop field and the CRM field it is read from or written to",
      handler: withOrg(async (_req, res, org) => {
        const mapping = describeMapping(org);
        if (mapping.error) return sendApiError(res, 422, 'MAPPING_INVALID', mapping.error);
        res.json({ fields: mapping.fields });
      }),
    },
    {
      method: 'get',
      path: '/orgs/:name/setup-check',
      summary:
        "Read the org's lead fields from the CRM and check the mapping against them (what `leadloop setup` checks, creating nothing)",
      handler: withOrg(async (_req, res, org) => {
        const runtime = await createOrgRuntime(deps, org);
        const described = await runtime.connector.describeLeads();
        const { problems, warnings } = checkMapping(runtime.mapping, described.fields);
        res.json({
          missingFields: described.missingFields,
          problems,
          warnings,
          fieldCount: described.fields.length,
          ready: problems.length === 0,
        });
      }),
    },
  ];
}
