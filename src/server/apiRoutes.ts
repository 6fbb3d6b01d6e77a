import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { CONNECTORS } from '../../connectors';
import { configureOrgFromText } from '../app/configureOrgFromText';
import { describeOrgConfig } from '../app/describeOrgConfig';
import { AlreadyConnectedError, saveConnectedOrg } from '../app/saveConnectedOrg';
import { createDefinitionStore } from '../definition/definitionStore';
import { parseDefinition } from '../definition/loadDefinition';
import { ConfigurationError, isLeadloopError } from '../domain/errors';
import { buildReport } from '../feedback/buildReport';
import { backtestOrg, resolveCandidate } from '../feedback/backtestOrg';
import { importOutcomesFromApi } from '../feedback/importOutcomes';
import type { Logger } from '../log/createLogger';
import { describeError } from '../log/redact';
import { buildRoutingReport } from '../routing/buildRoutingReport';
import { crmUrlPolicyFromSettings } from '../security/checkCrmUrl';
import { recordAudit } from '../store/auditLog';
import { createOrgRepository, type OrgRecord } from '../store/orgRepository';
import type { OrgRuntimeDeps } from '../app/createOrgRuntime';
import { createRunStore } from '../sync/stores/runStore';
import { csrfValid, scopeAllows } from './auth';
import { DEFAULT_BODY_LIMIT, parseJsonBody } from './parseJsonBody';
import { ORG_NAME_PATTERN, ORG_NAME_RULE } from '../domain/orgName';
import { cronProblem, nextRunTimes, timeZoneProblem } from '../scheduler/checkSchedule';
import { sendApiError, sendValidationError } from './apiError';
import type { SyncRunner } from './syncRunner';
import { consoleApiRoutes, lastRuns, leadCounts } from './consoleApiRoutes';
import { orgHealth } from './orgHealth';

export interface ApiRoute {
  method: 'get' | 'post';
  path: string;
  summary: string;
  body?: z.ZodType;
  /** Bigger than DEFAULT_BODY_LIMIT only where the documented body needs it. */
  bodyLimit?: string;
  query?: z.ZodType;
  handler: (req: Request, res: Response) => Promise<void>;
}

const orgName = z.string().regex(ORG_NAME_PATTERN, { message: `the name ${ORG_NAME_RULE}` });
/** The documented maximum of one outcomes request. */
export const MAX_OUTCOMES = 10_000;
/** 10,000 outcomes of a few hundred bytes each. */
const OUTCOMES_BODY_LIMIT = '5mb';
/** A definition of up to 1,000,000 characters, JSON-escaped. */
const DEFINITION_BODY_LIMIT = '2mb';
const timezone = z
  .string()
  .refine((v) => !timeZoneProblem(v), { message: 'not an IANA time zone the scheduler accepts (e.g. Europe/Madrid)' });
const cronExpression = z
  .string()
  .refine((v) => !cronProblem(v), { message: 'not a five-field cron expression (e.g. "0 2 * * *")' });
/** The fields of an API connect every CRM shares; the registry entry adds its credential fields. */
const connectCommon = {
  name: orgName,
  timezone: timezone.default('UTC'),
  schedule: cronExpression.default('0 2 * * *'),
  replace: z
    .boolean()
    .default(false)
    .describe('the CRM org is already connected under another name: move it to this name and disable the other'),
};
const outcomeItem = z.looseObject({
  lead_id: z.string().describe('the CRM id of the lead'),
  kind: z.enum(['accepted', 'qualified', 'recycled', 'disqualified', 'won', 'lost']),
  occurred_at: z.string().describe('ISO 8601'),
  amount: z.number().optional(),
  currency: z.string().optional(),
  reason: z.string().optional(),
  source_id: z.string().optional(),
});
const outcomesBody = z.object({ outcomes: z.array(outcomeItem).min(1).max(MAX_OUTCOMES) });
const outcomesForOrgBody = z.object({ org: orgName, outcomes: z.array(outcomeItem).min(1).max(MAX_OUTCOMES) });
// items are checked one by one by the import (one result per item); the envelope and its size here
const outcomesEnvelope = z.object({ outcomes: z.array(z.unknown()).min(1).max(MAX_OUTCOMES) });
const syncBody = z.strictObject({ mode: z.enum(['incremental', 'full']).default('incremental') });
const scheduleBody = z.strictObject({
  schedule: cronExpression.optional(),
  timezone: timezone.optional(),
  incrementalSchedule: cronExpression.nullable().optional(),
});
const definitionBody = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9_-]+$/)
    .default('default'),
  yaml: z.string().min(1).max(1_000_000),
  note: z.string().max(500).optional(),
});
const sinceQuery = z.object({ since: z.iso.date().optional() });
const schedulePreviewQuery = z.object({ schedule: cronExpression, timezone });
const configBody = z.strictObject({
  definition: z
    .string()
    .regex(/^[a-z0-9_-]{1,80}$/)
    .optional()
    .describe('a stored or shipped lead definition name, e.g. consultoria-es'),
  mapping: z
    .string()
    .min(1)
    .max(1_000_000)
    .nullable()
    .optional()
    .describe('the mapping YAML; null: the shipped mappings/<crm>.yaml'),
  routing: z
    .string()
    .min(1)
    .max(1_000_000)
    .nullable()
    .optional()
    .describe('the routing YAML (definitions/routing.example.yaml); null: none'),
  bulkThreshold: z
    .number()
    .int()
    .min(1)
    .nullable()
    .optional()
    .describe('Salesforce: leads from which a pull reads through Bulk API 2.0; null: LEADLOOP_SYNC_BULK_THRESHOLD'),
});

const backtestBody = z.strictObject({
  yaml: z.string().min(1).max(1_000_000).optional().describe('the candidate definition'),
  definition: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*@\d+$/)
    .optional()
    .describe('or a stored version, NAME@VERSION'),
  since: z.iso.date().optional(),
});

/** The org's next five scheduled runs (the nightly and the optional frequent schedule, both incremental), soonest first. */
function upcomingRuns(o: OrgRecord): { at: string; schedule: 'nightly' | 'frequent' }[] {
  const runs = [
    ...nextRunTimes(o.schedule, o.timezone).map((at) => ({ at, schedule: 'nightly' as const })),
    ...(o.incrementalSchedule
      ? nextRunTimes(o.incrementalSchedule, o.timezone).map((at) => ({ at, schedule: 'frequent' as const }))
      : []),
  ];
  return runs
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .slice(0, 5)
    .map((r) => ({ at: r.at.toISOString(), schedule: r.schedule }));
}

/** Every API route with its schemas: served, and described in the OpenAPI document. */
export function apiRoutes(deps: OrgRuntimeDeps, runner: SyncRunner): ApiRoute[] {
  const { db } = deps;
  const orgs = createOrgRepository(db, deps.box);
  const runs = createRunStore(db);
  const urlPolicy = crmUrlPolicyFromSettings(deps.settings, deps.crmAddressLookup);
  const actor = (req: Request) => req.principal?.name ?? 'unknown';
  const withOrg =
    (fn: (req: Request, res: Response, org: OrgRecord) => Promise<void>) => async (req: Request, res: Response) => {
      const org = await orgs.findByName(String(req.params['name']));
      if (!org) return sendApiError(res, 404, 'ORG_NOT_FOUND', `no org named "${String(req.params['name'])}"`);
      await fn(req, res, org);
    };
  const publicOrg = (o: OrgRecord) => ({
    name: o.name,
    crm: o.crm,
    instanceUrl: o.instanceUrl,
    externalOrgId: o.externalOrgId,
    state: o.state,
    stateMessage: o.stateMessage,
    timezone: o.timezone,
    schedule: o.schedule,
    incrementalSchedule: o.incrementalSchedule,
    definition: o.definitionId ?? 'default',
    syncing: runner.isRunning(o.id),
    // the worker schedules connected orgs only (startScheduler)
    nextRuns: o.state === 'connected' ? upcomingRuns(o) : [],
  });

  return [
    {
      method: 'get',
      path: '/orgs',
      summary: 'Connected orgs',
      handler: async (_req, res) => {
        const [list, counts, last] = await Promise.all([orgs.list(), leadCounts(db), lastRuns(db)]);
        res.json({
          orgs: list.map((o) => ({
            ...publicOrg(o),
            health: orgHealth(o, last.get(o.id) ?? null),
            lastRun: last.get(o.id) ?? null,
            leadCount: counts.get(o.id) ?? 0,
          })),
        });
      },
    },
    {
      method: 'get',
      path: '/schedule/preview',
      summary: 'The next five times a schedule fires in a time zone (checked like POST /orgs/{name}/schedule)',
      query: schedulePreviewQuery,
      handler: async (req, res) => {
        const q = schedulePreviewQuery.parse(req.query);
        res.json({ nextRuns: nextRunTimes(q.schedule, q.timezone).map((d) => d.toISOString()) });
      },
    },
    ...consoleApiRoutes(deps, withOrg, async () => new Map((await orgs.list()).map((o) => [o.id, o.name]))),
    ...Object.values(CONNECTORS).flatMap((entry) => {
      if (!entry.api) return [];
      const body = z.strictObject({ ...connectCommon, ...entry.api.fields });
      return [
        {
          method: 'post' as const,
          path: `/orgs/${entry.crm}`,
          summary: entry.api.summary,
          body,
          handler: async (req: Request, res: Response) => {
            const { name, timezone, schedule, replace, ...credentials } = body.parse(req.body) as z.infer<
              typeof body
            > & { name: string; timezone: string; schedule: string; replace: boolean };
            const connected = await entry.connect.run(credentials as Record<string, string | undefined>, urlPolicy);
            const org = await saveConnectedOrg(db, deps.box, {
              name,
              crm: entry.crm,
              connected,
              timezone,
              schedule,
              replace,
              actor: actor(req),
            });
            res.status(201).json({ org: publicOrg(org) });
          },
        },
      ];
    }),
    {
      method: 'get',
      path: '/orgs/:name',
      summary: 'One org',
      handler: withOrg(async (_req, res, org) => {
        const lastRun = (await runs.list(org.id, 1))[0] ?? null;
        const leadCount = (await leadCounts(db)).get(org.id) ?? 0;
        res.json({ org: { ...publicOrg(org), health: orgHealth(org, lastRun), lastRun, leadCount } });
      }),
    },
    {
      method: 'get',
      path: '/orgs/:name/config',
      summary: 'What applies to the org: mapping, definition and version, routing, schedule, settings',
      handler: withOrg(async (_req, res, org) => void res.json(await describeOrgConfig(db, deps.settings, org))),
    },
    {
      method: 'post',
      path: '/orgs/:name/config',
      summary:
        'Attach a mapping, definition, routing rules or bulk threshold; checked against the org before anything is saved (422 lists the problems)',
      body: configBody,
      handler: withOrg(async (req, res, org) => {
        const { org: saved, warnings } = await configureOrgFromText(deps, org, configBody.parse(req.body), actor(req));
        res.json({ ...(await describeOrgConfig(db, deps.settings, saved)), warnings });
      }),
    },
    {
      method: 'post',
      path: '/orgs/:name/schedule',
      summary: "Change an org's nightly (and optional frequent) schedule",
      body: scheduleBody,
      handler: withOrg(async (req, res, org) => {
        const b = scheduleBody.parse(req.body);
        await orgs.updateSettings(org.id, {
          ...(b.schedule ? { schedule: b.schedule } : {}),
          ...(b.timezone ? { timezone: b.timezone } : {}),
          ...(b.incrementalSchedule !== undefined ? { incrementalSchedule: b.incrementalSchedule } : {}),
        });
        await recordAudit(db, { actor: actor(req), action: 'org.schedule', target: org.name, details: b });
        res.json({ org: publicOrg((await orgs.findById(org.id))!) });
      }),
    },
    {
      method: 'post',
      path: '/orgs/:name/sync',
      summary:
        'Start a sync now: answers the queued run at once (202); poll GET /runs/{id}. A run that cannot start ends failed with stopReason, stopCode and fix',
      body: syncBody,
      handler: withOrg(async (req, res, org) => {
        const b = syncBody.parse(req.body ?? {});
        const runId = await runner.start(org.id, b.mode);
        if (runId === null) return sendApiError(res, 409, 'SYNC_RUNNING', `a sync of ${org.name} is already running`);
        await recordAudit(db, {
          actor: actor(req),
          action: 'org.sync',
          target: org.name,
          details: { mode: b.mode, runId },
        });
        res.status(202).json({ accepted: true, org: org.name, mode: b.mode, run: await runs.get(runId) });
      }),
    },
    {
      method: 'get',
      path: '/orgs/:name/runs',
      summary: 'Recent runs with counts and live progress',
      handler: withOrg(async (_req, res, org) => void res.json({ runs: await runs.list(org.id, 50) })),
    },
    {
      method: 'get',
      path: '/runs/:id',
      summary: 'One run with its failed records',
      handler: async (req, res) => {
        const id = Number(req.params['id']);
        const run = Number.isInteger(id) ? await runs.get(id) : null;
        if (!run) return sendApiError(res, 404, 'RUN_NOT_FOUND', `no run ${String(req.params['id'])}`);
        const org = await orgs.findById(run.orgId);
        res.json({ run: { ...run, org: org?.name ?? null }, failures: await runs.failures(id, 500) });
      },
    },
    {
      method: 'get',
      path: '/orgs/:name/report',
      summary: 'Funnel, conversion by grade, score band and source, SLA',
      query: sinceQuery,
      handler: withOrg(async (req, res, org) => {
        const q = sinceQuery.parse(req.query);
        res.json(
          await buildReport(db, org.id, { orgName: org.name, ...(q.since ? { since: new Date(q.since) } : {}) }),
        );
      }),
    },
    {
      method: 'get',
      path: '/orgs/:name/routing',
      summary: 'Assignments per rep and SLA breaches',
      query: sinceQuery,
      handler: withOrg(
        async (req, res, org) =>
          void res.json(await buildRoutingReport(db, org.id, sinceQuery.parse(req.query).since ?? null)),
      ),
    },
    {
      method: 'post',
      path: '/orgs/:name/outcomes',
      summary: `Record outcomes that live outside the CRM (one result per item, at most ${MAX_OUTCOMES.toLocaleString('en')})`,
      body: outcomesBody,
      bodyLimit: OUTCOMES_BODY_LIMIT,
      handler: withOrg(async (req, res, org) => {
        outcomesEnvelope.parse(req.body);
        const result = await importOutcomesFromApi(db, org.id, req.body);
        await recordAudit(db, {
          actor: actor(req),
          action: 'outcomes.import',
          target: org.name,
          details: { accepted: result.accepted, errors: result.errors.length },
        });
        res.status(result.accepted > 0 || result.errors.length === 0 ? 200 : 422).json(result);
      }),
    },
    {
      method: 'post',
      path: '/outcomes',
      summary: `Record outcomes that live outside the CRM for the org named in the body (one result per item, at most ${MAX_OUTCOMES.toLocaleString('en')})`,
      body: outcomesForOrgBody,
      bodyLimit: OUTCOMES_BODY_LIMIT,
      handler: async (req, res) => {
        outcomesEnvelope.parse({ outcomes: (req.body as { outcomes?: unknown } | undefined)?.outcomes });
        const name = (req.body as { org?: unknown } | undefined)?.org;
        const org = typeof name === 'string' ? await orgs.findByName(name) : null;
        if (!org)
          return sendApiError(
            res,
            typeof name === 'string' ? 404 : 400,
            typeof name === 'string' ? 'ORG_NOT_FOUND' : 'INVALID_REQUEST',
            typeof name === 'string' ? `no org named "${name}"` : 'the body needs "org": the org name',
          );
        const result = await importOutcomesFromApi(db, org.id, {
          outcomes: (req.body as { outcomes?: unknown }).outcomes,
        });
        await recordAudit(db, {
          actor: actor(req),
          action: 'outcomes.import',
          target: org.name,
          details: { accepted: result.accepted, errors: result.errors.length },
        });
        res.status(result.accepted > 0 || result.errors.length === 0 ? 200 : 422).json(result);
      },
    },
    {
      method: 'post',
      path: '/orgs/:name/backtest',
      summary:
        "Replay a candidate definition over the org's stored leads and outcomes next to the active one (writes nothing)",
      body: backtestBody,
      handler: withOrg(async (req, res, org) => {
        const b = backtestBody.parse(req.body);
        if ((b.yaml === undefined) === (b.definition === undefined))
          return sendApiError(
            res,
            400,
            'INVALID_REQUEST',
            'give "yaml" (a candidate definition) or "definition" (NAME@VERSION), one of them',
          );
        let candidate;
        try {
          candidate =
            b.yaml !== undefined
              ? parseDefinition(b.yaml, 'candidate.yaml')
              : await resolveCandidate(db, b.definition!);
        } catch (error) {
          if (!(error instanceof ConfigurationError)) throw error;
          return void res
            .status(422)
            .json({ valid: false, problems: error.problems.length ? error.problems : [error.message] });
        }
        const result = await backtestOrg(db, org.id, candidate, {
          since: b.since ? new Date(`${b.since}T00:00:00Z`) : null,
        });
        res.json(result);
      }),
    },
    {
      method: 'get',
      path: '/definitions/:name',
      summary: 'Versions of a lead definition (newest first)',
      handler: async (req, res) => {
        const versions = await createDefinitionStore(db).listVersions(String(req.params['name']));
        res.json({
          versions: versions.map((v) => ({
            version: v.version,
            isActive: v.isActive,
            createdAt: v.createdAt,
            createdBy: v.createdBy,
            note: v.note,
            contentHash: v.contentHash,
          })),
        });
      },
    },
    {
      method: 'post',
      path: '/definitions/validate',
      summary: 'Validate a definition (YAML) without saving it',
      body: definitionBody,
      bodyLimit: DEFINITION_BODY_LIMIT,
      handler: async (req, res) => {
        const b = definitionBody.parse(req.body);
        try {
          const d = parseDefinition(b.yaml, `${b.name}.yaml`);
          res.json({ valid: true, name: b.name, criteria: d.fit.criteria.length });
        } catch (error) {
          res.status(422).json({
            valid: false,
            problems: error instanceof ConfigurationError ? error.problems : [String((error as Error).message)],
          });
        }
      },
    },
    {
      method: 'post',
      path: '/definitions',
      summary: 'Save (and activate) a new version of a definition',
      body: definitionBody,
      bodyLimit: DEFINITION_BODY_LIMIT,
      handler: async (req, res) => {
        const b = definitionBody.parse(req.body);
        const store = createDefinitionStore(db);
        const saved = await store.saveVersion({
          yaml: b.yaml,
          fileName: `${b.name}.yaml`,
          createdBy: actor(req),
          note: b.note ?? 'from the console',
        });
        const active = await store.activate(b.name, saved.version.version);
        await recordAudit(db, {
          actor: actor(req),
          action: 'definition.activate',
          target: b.name,
          details: { version: active.version },
        });
        res.status(saved.created ? 201 : 200).json({ version: active.version, created: saved.created });
      },
    },
  ];
}

/**
 * Mounts the routes: authentication first, then each route's own body parser (small by
 * default; nothing is parsed for a caller who is not signed in), the token's scope, CSRF on
 * changes from browser sessions, zod errors as 400s, one error body.
 */
export function mountApi(routes: ApiRoute[], logger: Logger): Router {
  const router = express.Router();
  router.use((req, res, next) =>
    req.principal
      ? next()
      : sendApiError(res, 401, 'UNAUTHENTICATED', 'sign in to the console or send "Authorization: Bearer <API token>"'),
  );
  router.use((req, res, next) =>
    scopeAllows(req.principal!, req.method, req.originalUrl.split('?')[0]!)
      ? next()
      : sendApiError(
          res,
          403,
          'SCOPE',
          `this token's scope (${req.principal!.scope}) does not allow ${req.method} requests here`,
        ),
  );
  const csrf: RequestHandler = (req, res, next) =>
    req.method === 'GET' || csrfValid(req)
      ? next()
      : sendApiError(res, 403, 'CSRF', 'missing or wrong CSRF token (header X-CSRF-Token)');
  for (const route of routes) {
    const parse = route.method === 'get' ? [] : [parseJsonBody(route.bodyLimit ?? DEFAULT_BODY_LIMIT)];
    router[route.method](route.path, ...parse, csrf, async (req, res) => {
      try {
        await route.handler(req, res);
      } catch (error) {
        if (error instanceof z.ZodError) return sendValidationError(res, error);
        if (error instanceof AlreadyConnectedError)
          return sendApiError(res, 409, 'ORG_ALREADY_CONNECTED', error.message);
        if (isLeadloopError(error))
          return sendApiError(res, error.kind === 'configuration' ? 422 : 502, error.code, error.message);
        if (error instanceof ConfigurationError)
          return sendApiError(res, 422, 'CONFIGURATION', error.message, error.problems);
        logger.error('API route failed', {
          route: `${route.method.toUpperCase()} ${route.path}`,
          error: describeError(error)['message'],
        });
        sendApiError(res, 500, 'INTERNAL', 'unexpected error; see the server log');
      }
    });
  }
  router.use((_req, res) => sendApiError(res, 404, 'NOT_FOUND', 'no such API route'));
  return router;
}
