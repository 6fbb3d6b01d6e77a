/**
 * The I/O floor of a lead sync (child of runAll, or called by a test): a bare client that
 * reads once what a sync needs and writes one field back on every unconverted lead, with
 * nothing in between (no mapping of records, scoring, enrichment or database). leadloop's
 * own figures are compared with it, against the same sandbox at the same latency.
 *
 * Salesforce, jsforce over REST: query + queryMore (batches of 2,000) of the unconverted
 * leads, closed Tasks on leads, responded CampaignMembers, converted leads and closed
 * Opportunities; then the write-back field on every unconverted lead through sObject
 * Collections (`PATCH /services/data/vXX.X/composite/sobjects`, at most 200 records a call,
 * allOrNone false; jsforce's `sobject(type).update(records[])` sends one such call), three
 * calls in flight, with `Sforce-Auto-Assign: FALSE` as leadloop sends.
 * https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-update.html
 *
 * SugarCRM, axios over REST v11_1: the password-grant token, then `POST /<module>/filter`
 * pages of 1,000 (following `next_offset` until -1) of the unconverted Leads, held or
 * attempted Calls and held Meetings on leads, campaign responses in CampaignLog, converted
 * Leads and closed Opportunities; then one `PUT /Leads/<id>` per unconverted lead inside
 * `POST /bulk` calls of 100 (the connector's DEFAULT_BULK_BATCH_SIZE), three in flight.
 * https://support.sugarcrm.com/documentation/sugar_developer/sugar_developer_guide_13.0/integration/web_services/rest_api/endpoints/bulk_post/
 *
 * The lead fields selected are the mapping's (mappedCrmFields), so a page weighs what
 * leadloop's pages weigh. With `since`, every read asks only for records modified at or
 * after it: the floor of an incremental (nightly) run. Usage as a child:
 * `node dist/bench/floorClient.js '<json FloorRequest>'`, one JSON line on stdout.
 */
import axios, { type AxiosInstance } from 'axios';
import { Connection } from 'jsforce';
import { CAMPAIGN_ACTIVITY_TYPES } from '../connectors/sugarcrm/pullSugarEngagement';
import { toSugarIso } from '../connectors/sugarcrm/walkSugarFilter';
import { soqlDateTime } from '../connectors/salesforce/soql';
import { DEFAULT_BULK_BATCH_SIZE, DEFAULT_PAGE_SIZE } from '../connectors/sugarcrm/sugarConstants';
import {
  COLLECTION_SIZE,
  QUERY_BATCH_SIZE,
  SALESFORCE_API_VERSION,
} from '../connectors/salesforce/salesforceConstants';
import { loadMapping, mappedCrmFields } from '../src/mapping';
import type { BenchCrm } from './sandboxProcess';

export interface FloorRequest {
  crm: BenchCrm;
  /** The flags `leadloop connect <crm>` was given (bench/sandboxProcess.ts connectArgs). */
  connectArgs: string[];
  /** Read only what was modified at or after this instant (ISO); absent: everything. */
  since?: string;
  /** Write calls in flight at once (default 3, as leadloop's write-back). */
  concurrency?: number;
}

export interface FloorResult {
  /** Records read, by what was read. */
  reads: Record<string, number>;
  /** Unconverted leads written back (the CRM accepted). */
  written: number;
  /** Records the CRM refused. */
  failed: number;
}

/** The value of a `--flag value` pair. */
function flag(args: string[], name: string): string {
  const i = args.indexOf(name);
  const v = i >= 0 ? args[i + 1] : undefined;
  if (v === undefined) throw new Error(`floor client: connect arguments lack ${name}`);
  return v;
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function eachConcurrently<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type Row = Record<string, unknown>;

interface QueryAnswer {
  done: boolean;
  nextRecordsUrl?: string;
  records: Row[];
}

export async function runSalesforceFloor(request: FloorRequest): Promise<FloorResult> {
  const args = request.connectArgs;
  const conn = new Connection({
    version: SALESFORCE_API_VERSION,
    oauth2: {
      loginUrl: flag(args, '--login-url'),
      clientId: flag(args, '--client-id'),
      clientSecret: flag(args, '--client-secret'),
    },
  });
  await conn.login(flag(args, '--username'), flag(args, '--password'));
  const mapping = loadMapping('salesforce');
  const since = request.since ? ` AND SystemModstamp >= ${soqlDateTime(request.since)}` : '';
  const reads: Record<string, number> = {};

  /** One REST query and its queryMore batches; `onPage` sees each batch's records. */
  const readAll = async (label: string, soql: string, onPage?: (records: Row[]) => void) => {
    reads[label] = 0;
    let answer = (await conn.query(soql, {
      autoFetch: false,
      headers: { 'Sforce-Query-Options': `batchSize=${QUERY_BATCH_SIZE}` },
    } as never)) as unknown as QueryAnswer;
    for (;;) {
      reads[label] += answer.records.length;
      onPage?.(answer.records);
      if (answer.done || !answer.nextRecordsUrl) return;
      answer = (await conn.queryMore(answer.nextRecordsUrl)) as unknown as QueryAnswer;
    }
  };

  const open: string[] = [];
  await readAll(
    'unconverted leads',
    `SELECT ${mappedCrmFields(mapping).join(', ')} FROM ${mapping.object} WHERE IsConverted = false${since}`,
    (records) => {
      for (const r of records) open.push(r['Id'] as string);
    },
  );
  await readAll(
    'closed Tasks',
    `SELECT Id, WhoId, Subject, Type, TaskSubtype, CallType, CallDurationInSeconds, CallDisposition, ActivityDate, CompletedDateTime, CreatedDate, SystemModstamp FROM Task WHERE WhoId != null AND IsClosed = true${since}`,
  );
  await readAll(
    'responded CampaignMembers',
    `SELECT Id, LeadId, CampaignId, Campaign.Type, Campaign.Name, FirstRespondedDate, CreatedDate, SystemModstamp FROM CampaignMember WHERE LeadId != null AND HasResponded = true${since}`,
  );
  await readAll(
    'converted leads',
    `SELECT Id, Status, IsConverted, ConvertedDate, ConvertedOpportunityId, ConvertedContactId, OwnerId, SystemModstamp FROM ${mapping.object} WHERE IsConverted = true${since}`,
  );
  await readAll(
    'closed Opportunities',
    `SELECT Id, IsWon, Amount, CloseDate, OwnerId, SystemModstamp FROM Opportunity WHERE IsClosed = true${since}`,
  );

  let written = 0;
  let failed = 0;
  const field = mapping.writeBack.score.field;
  await eachConcurrently(chunks(open, COLLECTION_SIZE), request.concurrency ?? 3, async (ids) => {
    const results = (await conn.sobject(mapping.object).update(
      ids.map((Id) => ({ Id, [field]: 1 })),
      { allOrNone: false, headers: { 'Sforce-Auto-Assign': 'FALSE' } } as never,
    )) as unknown as { success: boolean }[];
    for (const r of results)
      if (r.success) written++;
      else failed++;
  });
  return { reads, written, failed };
}

export async function runSugarFloor(request: FloorRequest): Promise<FloorResult> {
  const args = request.connectArgs;
  const base = `${flag(args, '--url').replace(/\/$/, '')}/rest/v11_1`;
  const token = await axios.post<{ access_token: string }>(`${base}/oauth2/token`, {
    grant_type: 'password',
    username: flag(args, '--username'),
    password: flag(args, '--password'),
    client_id: 'sugar',
    client_secret: '',
    platform: flag(args, '--platform'),
  });
  const http: AxiosInstance = axios.create({
    baseURL: base,
    headers: { 'OAuth-Token': token.data.access_token },
  });
  const mapping = loadMapping('sugarcrm');
  const since = request.since ? [{ date_modified: { $gte: toSugarIso(request.since) } }] : [];
  const reads: Record<string, number> = {};

  /** POST /<module>/filter pages, following next_offset until -1. */
  const readAll = async (
    label: string,
    module: string,
    filter: unknown[],
    fields: string[],
    onPage?: (records: Row[]) => void,
  ) => {
    reads[label] = 0;
    let offset = 0;
    while (offset >= 0) {
      const page = await http.post<{ records: Row[]; next_offset: number }>(`/${module}/filter`, {
        filter: [...filter, ...since],
        fields: fields.join(','),
        max_num: DEFAULT_PAGE_SIZE,
        offset,
      });
      reads[label] += page.data.records.length;
      onPage?.(page.data.records);
      offset = page.data.next_offset;
    }
  };

  const open: string[] = [];
  await readAll(
    'unconverted leads',
    mapping.object,
    [{ converted: { $equals: 0 } }],
    mappedCrmFields(mapping),
    (records) => {
      for (const r of records) open.push(r['id'] as string);
    },
  );
  const activity = ['id', 'name', 'status', 'date_start', 'parent_type', 'parent_id', 'date_modified'];
  await readAll(
    'held Calls',
    'Calls',
    [{ parent_type: { $equals: 'Leads' } }, { status: { $in: ['Held', 'Not Held'] } }],
    [...activity, 'direction', 'duration_hours', 'duration_minutes'],
  );
  await readAll(
    'held Meetings',
    'Meetings',
    [{ parent_type: { $equals: 'Leads' } }, { status: { $equals: 'Held' } }],
    activity,
  );
  await readAll(
    'campaign responses',
    'CampaignLog',
    [{ target_type: { $in: ['Leads', 'Lead'] } }, { activity_type: { $in: Object.keys(CAMPAIGN_ACTIVITY_TYPES) } }],
    ['id', 'target_id', 'target_type', 'activity_type', 'activity_date', 'campaign_id', 'date_modified'],
  );
  await readAll(
    'converted leads',
    mapping.object,
    [{ converted: { $equals: 1 } }],
    ['id', 'status', 'converted', 'opportunity_id', 'contact_id', 'assigned_user_id', 'date_modified'],
  );
  await readAll(
    'closed Opportunities',
    'Opportunities',
    [{ sales_stage: { $in: ['Closed Won', 'Closed Lost'] } }],
    ['id', 'sales_stage', 'amount', 'date_closed', 'date_modified', 'assigned_user_id'],
  );

  let written = 0;
  let failed = 0;
  const field = mapping.writeBack.score.field;
  await eachConcurrently(chunks(open, DEFAULT_BULK_BATCH_SIZE), request.concurrency ?? 3, async (ids) => {
    const reply = await http.post<{ status: number }[]>('/bulk', {
      requests: ids.map((id) => ({
        url: `/v11_1/${mapping.object}/${id}`,
        method: 'PUT',
        data: JSON.stringify({ [field]: 1 }),
      })),
    });
    for (const r of Object.values(reply.data))
      if (r.status >= 200 && r.status < 300) written++;
      else failed++;
  });
  return { reads, written, failed };
}

export function runFloor(request: FloorRequest): Promise<FloorResult> {
  return request.crm === 'salesforce' ? runSalesforceFloor(request) : runSugarFloor(request);
}

if (require.main === module) {
  const started = process.hrtime.bigint();
  runFloor(JSON.parse(process.argv[2]!) as FloorRequest).then(
    (result) => {
      console.log(JSON.stringify({ ...result, durationMs: Number(process.hrtime.bigint() - started) / 1e6 }));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
