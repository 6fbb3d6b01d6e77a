import { connectSalesforce } from '../../connectors/salesforce/connectSalesforce';
import { createSalesforceConnector } from '../../connectors/salesforce/createSalesforceConnector';
import { BEFORE_ANY_ID } from '../../connectors/salesforce/pullSalesforceLeads';
import type { Connector, Cursor } from '../../src/domain/connector';
import type { EngagementEvent } from '../../src/domain/engagement';
import type { OutcomeEvent } from '../../src/domain/outcome';
import { createSilentLogger } from '../../src/log/createLogger';
import { loadMapping } from '../../src/mapping';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';

const mapping = loadMapping('salesforce');
const OVERLAP_MS = 300_000;
const MINUTES_10 = 600_000;

/**
 * The connector's reads the way runSync drives them (cursor per read, the overlap taken
 * off the last watermark), with the org's clock moved on between runs instead of waiting.
 */
interface Cursors {
  leads: Cursor | null;
  outcomes: string | null;
  engagement: string | null;
}

describe('Salesforce incremental reads after a busy run (sandbox, real jsforce)', () => {
  let sandbox: SalesforceSandbox;
  let connector: Connector;
  const cursors: Cursors = { leads: null, outcomes: null, engagement: null };
  const now = () => new Date(sandbox.store.clock.now());
  const back = (since: string | null) => (since ? new Date(Date.parse(since) - OVERLAP_MS).toISOString() : null);
  const newest = (events: { watermark?: string; occurredAt: string }[], since: string | null) =>
    events.reduce<string | null>((max, e) => {
      const w = e.watermark ?? e.occurredAt;
      return !max || w > max ? w : max;
    }, since);

  /** One run's reads; returns what each read brought back and the calls it cost. */
  async function readAll(mode: 'full' | 'incremental') {
    const calls = sandbox.calls.total;
    const engagement: EngagementEvent[] = [];
    for await (const batch of connector.pullEngagement(back(cursors.engagement))) engagement.push(...batch);
    const outcomes: OutcomeEvent[] = [];
    for await (const batch of connector.pullOutcomes(back(cursors.outcomes))) outcomes.push(...batch);
    const leads: string[] = [];
    const until = new Date(Math.floor(now().getTime() / 1000) * 1000).toISOString();
    for await (const page of connector.pullLeads({
      since: cursors.leads,
      overlapMs: mode === 'full' ? 0 : OVERLAP_MS,
      mode: 'rest',
      skipOwnWrites: mode === 'incremental',
      until,
    })) {
      leads.push(...page.leads.map((l) => l.externalId));
      if (page.cursor) cursors.leads = page.cursor;
    }
    cursors.engagement = newest(engagement, cursors.engagement);
    cursors.outcomes = newest(outcomes, cursors.outcomes);
    return { engagement, outcomes, leads, until, calls: sandbox.calls.total - calls };
  }

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ leads: 400, seed: 3 });
    const c = sandbox.credentials;
    const { credentials } = await connectSalesforce({
      flow: 'password',
      loginUrl: sandbox.url,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      username: c.username,
      password: c.password,
    });
    connector = createSalesforceConnector({
      credentials,
      onCredentialsChanged: async () => undefined,
      mapping,
      logger: createSilentLogger(),
      options: { sleep: async () => undefined, random: () => 0.5, now },
    });
    await connector.setup();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("does not read a rep's burst again once a run has read it; reads back once only what leadloop wrote", async () => {
    const full = await readAll('full');
    expect(full.leads).toHaveLength(400);
    // a full pull ends at the run's start, not at the newest lead it read
    expect(cursors.leads).toEqual({ version: 1, modifiedAt: full.until, id: BEFORE_ANY_ID });

    sandbox.store.clock.advance(MINUTES_10);
    const open = sandbox.leadIds.filter((id) => sandbox.store.get('Lead', id)?.['IsConverted'] !== true).slice(0, 60);
    for (const id of open) sandbox.rep.touch(id);
    // the nightly run comes later than the overlap after the burst, as in a real org
    sandbox.store.clock.advance(MINUTES_10);

    const nightly = await readAll('incremental');
    expect(new Set(nightly.leads)).toEqual(new Set(open));
    expect(
      new Set(nightly.engagement.filter((e) => e.source === 'salesforce:Task').map((e) => e.leadExternalId)),
    ).toEqual(new Set(open));
    // leadloop writes the scores of 40 of them (the other 20 scored the same: nothing to write)
    const written = open.slice(0, 40);
    const results = await connector.writeBack(
      written.map((id, i) => ({ externalId: id, fields: { score: 50 + i, grade: 'B' } })),
    );
    expect(results.every((r) => r.ok)).toBe(true);

    sandbox.store.clock.advance(MINUTES_10);
    const quiet = await readAll('incremental');
    // the rep's 60 touches came 10 minutes before the last read: outside its overlap window
    // (before, the window was measured back from the newest Task and lead read: all 60 again)
    expect(quiet.engagement).toEqual([]);
    expect(quiet.leads).toEqual([]);
    // leadloop's own writes come back once, through the outcome query only (see the next test)
    expect(new Set(quiet.outcomes.map((o) => o.leadExternalId))).toEqual(new Set(written));
    // one query per read: Task, Event, CampaignMember, Lead outcomes, Opportunity, Lead
    expect(quiet.calls).toBe(6);

    sandbox.store.clock.advance(MINUTES_10);
    const again = await readAll('incremental');
    expect([again.engagement, again.outcomes, again.leads]).toEqual([[], [], []]);
  });

  it("still reads a rep's status change and new Task that land between leadloop's read and its write", async () => {
    const [lead] = sandbox.leadIds.filter((id) => sandbox.store.get('Lead', id)?.['Status'] === 'Open - Not Contacted');
    sandbox.rep.setStatus(lead!, 'Working - Contacted');
    sandbox.store.clock.advance(2_000);
    const read = await readAll('incremental');
    expect(read.leads).toEqual([lead]);

    // the rep logs a call and returns the lead (a standard org: through the return reason) while leadloop scores it; then leadloop writes
    sandbox.rep.touch(lead!);
    sandbox.rep.returnLead(lead!, 'No budget');
    expect(await connector.writeBack([{ externalId: lead!, fields: { score: 71, grade: 'B' } }])).toEqual([
      { externalId: lead, ok: true },
    ]);
    expect(sandbox.store.get('Lead', lead!)?.['LastModifiedById']).toBe(sandbox.apiUserId);

    sandbox.store.clock.advance(MINUTES_10);
    const next = await readAll('incremental');
    expect(next.outcomes.map((o) => [o.leadExternalId, o.kind, o.reason ?? null])).toEqual([
      [lead, 'accepted', null],
      [lead, 'recycled', 'No budget'],
    ]);
    expect(next.engagement.map((e) => [e.leadExternalId, e.type])).toEqual([[lead, 'outbound_call']]);
  });

  it("reads, with no overlap at all, a Task logged right after a read, in that read's own second", async () => {
    const [first, second] = sandbox.leadIds
      .filter((id) => sandbox.store.get('Lead', id)?.['IsConverted'] !== true)
      .slice(-2);
    sandbox.rep.touch(first!);
    sandbox.store.clock.advance(2_000);
    const read: EngagementEvent[] = [];
    for await (const batch of connector.pullEngagement(cursors.engagement)) read.push(...batch);
    expect(read.map((e) => e.leadExternalId)).toEqual([first]);
    // stamped in the second the read started in (the tests run in milliseconds)
    sandbox.rep.touch(second!);
    const next: EngagementEvent[] = [];
    for await (const batch of connector.pullEngagement(read[0]!.watermark!)) next.push(...batch);
    expect(next.map((e) => e.leadExternalId)).toContain(second);
  });
});
