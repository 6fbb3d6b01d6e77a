import type {
  Connector,
  Cursor,
  HandoverTask,
  LeadPage,
  LeadUpdate,
  PullOptions,
  RecordResult,
} from '../../src/domain/connector';
import type { EngagementEvent } from '../../src/domain/engagement';
import { LeadloopError } from '../../src/domain/errors';
import type { CanonicalLead } from '../../src/domain/lead';
import type { OutcomeEvent } from '../../src/domain/outcome';
import type { HandoverPlanner, SyncEnricher, SyncScorer } from '../../src/sync/syncTypes';
import { isSalesStatus } from '../../src/domain/status';

interface FakeRecord {
  lead: CanonicalLead;
  stamp: number;
  lastModifiedBy: 'leadloop' | 'rep';
}

/**
 * An in-memory CRM behind the Connector contract, for pipeline tests: keyset paging in
 * (stamp, id) order, one-second stamps that every write advances, own-write filtering,
 * tasks upserted by key, and fault switches.
 */
export function createFakeCrm(options: { leads: number; pageSize?: number }) {
  let clock = Date.parse('2026-11-01T00:00:00Z');
  const tick = () => (clock += 1000);
  const records = new Map<string, FakeRecord>();
  const tasks = new Map<string, HandoverTask>();
  const events: EngagementEvent[] = [];
  const outcomes: OutcomeEvent[] = [];
  const faults = { failWriteIds: new Set<string>(), rateLimitAfterCalls: Infinity, throwOnPage: -1 };
  let calls = 0;
  let writeCalls = 0;
  let readCalls = 0;

  for (let i = 0; i < options.leads; i++) {
    const id = `00Q${String(i).padStart(12, '0')}`;
    records.set(id, {
      lead: {
        crm: 'salesforce',
        externalId: id,
        modifiedAt: new Date(tick()).toISOString(),
        lastName: `Lead ${i}`,
        company: `Company ${i % 50}`,
        employees: (i * 37) % 1000,
        ownerId: '005rep0',
        leadloop: {},
      },
      stamp: clock,
      lastModifiedBy: 'rep',
    });
  }

  const call = () => {
    calls++;
    if (calls > faults.rateLimitAfterCalls)
      throw new LeadloopError('TotalRequests Limit exceeded.', {
        kind: 'rate_limited',
        crm: 'salesforce',
        code: 'REQUEST_LIMIT_EXCEEDED',
        status: 403,
      });
  };
  const ordered = () =>
    [...records.values()].sort((a, b) => a.stamp - b.stamp || a.lead.externalId.localeCompare(b.lead.externalId));
  const view = (r: FakeRecord): CanonicalLead =>
    structuredClone({ ...r.lead, modifiedAt: new Date(r.stamp).toISOString() });

  const connector: Connector = {
    crm: 'salesforce',
    check: async () => ({ orgId: '00Dfake', instanceUrl: 'https://fake' }),
    describeLeads: async () => ({ fields: [], missingFields: [] }),
    setup: async () => ({ created: [], alreadyPresent: [], manualSteps: [] }),
    async *pullLeads(opts: PullOptions): AsyncIterable<LeadPage> {
      const since = opts.since;
      const from = since ? Date.parse(since.modifiedAt) - opts.overlapMs : -Infinity;
      const rows = ordered().filter((r) => {
        if (opts.skipOwnWrites && r.lastModifiedBy === 'leadloop') return false;
        if (opts.until && r.stamp >= Date.parse(opts.until)) return false;
        if (!since) return true;
        if (opts.overlapMs > 0) return r.stamp >= from;
        return r.stamp > from || (r.stamp === from && r.lead.externalId > since.id);
      });
      const size = options.pageSize ?? 200;
      let page = 0;
      do {
        call();
        readCalls++;
        if (page === faults.throwOnPage)
          throw new LeadloopError('connection reset', { kind: 'transient', code: 'ECONNRESET' });
        const slice = rows.slice(page * size, (page + 1) * size);
        const last = slice[slice.length - 1];
        const cursor: Cursor | null = last
          ? { version: 1, modifiedAt: new Date(last.stamp).toISOString(), id: last.lead.externalId }
          : null;
        yield { leads: slice.map(view), rejected: [], cursor };
        page++;
      } while (page * size < rows.length);
    },
    async *pullEngagement(since: string | null) {
      call();
      readCalls++;
      yield events.filter((e) => !since || e.occurredAt > since);
    },
    async *pullOutcomes(since: string | null) {
      call();
      readCalls++;
      yield outcomes.filter((o) => !since || o.occurredAt > since);
    },
    async writeBack(updates: LeadUpdate[]): Promise<RecordResult[]> {
      const results: RecordResult[] = [];
      for (let i = 0; i < updates.length; i += 200) {
        call();
        writeCalls++;
        for (const u of updates.slice(i, i + 200)) {
          const r = records.get(u.externalId);
          if (!r || faults.failWriteIds.has(u.externalId)) {
            results.push({
              externalId: u.externalId,
              ok: false,
              error: {
                kind: 'record',
                code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                message: `validation rule failed on ${u.externalId}`,
              },
            });
            continue;
          }
          const { ownerId, ...fields } = u.fields;
          r.lead.leadloop = { ...r.lead.leadloop, ...fields };
          if (ownerId !== undefined) r.lead.ownerId = ownerId;
          r.stamp = tick();
          r.lastModifiedBy = 'leadloop';
          results.push({ externalId: u.externalId, ok: true });
        }
      }
      return results;
    },
    async createHandoverTasks(list: HandoverTask[]): Promise<RecordResult[]> {
      call();
      writeCalls++;
      for (const t of list) tasks.set(t.key, t);
      return list.map((t) => ({ externalId: t.leadExternalId, ok: true }));
    },
    listUsers: async () => [{ id: '005rep0', name: 'Rep Zero', isActive: true }],
    findAccounts: async () => [],
    apiUsage: () => ({ calls }),
  };

  return {
    connector,
    records,
    tasks,
    faults,
    stats: () => ({ calls, readCalls, writeCalls }),
    resetStats: () => ((calls = 0), (readCalls = 0), (writeCalls = 0)),
    rep: {
      edit(id: string, patch: Partial<CanonicalLead>) {
        const r = records.get(id)!;
        Object.assign(r.lead, patch);
        r.stamp = tick();
        r.lastModifiedBy = 'rep';
      },
      outcome(o: Omit<OutcomeEvent, 'occurredAt'>) {
        outcomes.push({ ...o, occurredAt: new Date(tick()).toISOString() });
      },
      engage(e: Omit<EngagementEvent, 'occurredAt'>) {
        events.push({ ...e, occurredAt: new Date(tick()).toISOString() });
      },
    },
  };
}

/** Score = employees / 10 (+10 per event); mql at 60; the lifecycle guard of the real engine. */
export function createFakeScorer(): SyncScorer {
  return {
    version: 'fake@1',
    score({ lead, events, currentStatus }) {
      const score = Math.min(100, Math.round((lead.employees ?? 0) / 10) + events.length * 10);
      const grade = score >= 75 ? 'A' : score >= 50 ? 'B' : score >= 25 ? 'C' : 'D';
      const proposed =
        currentStatus && isSalesStatus(currentStatus) && currentStatus !== 'recycled'
          ? currentStatus
          : score >= 60
            ? 'mql'
            : 'nurture';
      return {
        fit: score,
        grade,
        engagement: events.length * 10,
        score,
        completeness: 1,
        missingRequired: [],
        proposedStatus: proposed,
        statusCause: proposed === 'mql' ? 'mql_threshold' : 'nurture',
        fastLane: false,
        reasons: [{ code: 'size', points: score, en: `+${score} size`, es: `+${score} tamaño` }],
        definitionVersion: 'fake@1',
      };
    },
    formatReasons: (r) => `Score ${r.score} (${r.grade}): ${r.reasons.map((x) => x.en).join('; ')}`,
  };
}

export function createNullEnricher(): SyncEnricher {
  return { enrichPage: async () => new Map(), summary: () => ({ lookups: {}, cacheHits: 0, problems: [] }) };
}

export function createFixedRouter(ownerId = '005rep1'): HandoverPlanner {
  return {
    async plan({ lead, result, now }) {
      return {
        ownerId,
        assign: true,
        slaDueAt: new Date(now.getTime() + 24 * 3600_000).toISOString(),
        task: { subject: `Follow up ${lead.lastName}`, description: `Qualified with ${result.score}` },
      };
    },
  };
}
