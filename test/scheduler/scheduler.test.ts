import crypto from 'node:crypto';
import cron from 'node-cron';
import { createSilentLogger } from '../../src/log/createLogger';
import { createSecretBox } from '../../src/security/secretBox';
import type { Database } from '../../src/store/database';
import { createOrgRepository } from '../../src/store/orgRepository';
import { createMemoryQueue, type SyncJob } from '../../src/scheduler/jobQueue';
import { previousSlot, startScheduler } from '../../src/scheduler/startScheduler';
import { testDatabaseTargets } from '../helpers/testDatabases';

describe('previousSlot', () => {
  it.each([
    ['0 2 * * *', 'UTC', '2026-11-23T10:00:00Z', '2026-11-23T02:00:00.000Z'],
    ['0 2 * * *', 'UTC', '2026-11-23T01:59:00Z', '2026-11-22T02:00:00.000Z'],
    ['0 2 * * *', 'Europe/Madrid', '2026-11-23T10:00:00Z', '2026-11-23T01:00:00.000Z'],
    ['0 2 * * *', 'America/Mexico_City', '2026-11-23T10:00:00Z', '2026-11-23T08:00:00.000Z'],
    ['30 6 * * 1', 'UTC', '2026-11-25T00:00:00Z', '2026-11-23T06:30:00.000Z'],
  ])('%s in %s before %s is %s', (expression, timezone, at, expected) => {
    const task = cron.createTask(expression, () => undefined, { timezone });
    expect(previousSlot(task, new Date(at))?.toISOString()).toBe(expected);
    void task.destroy();
  });
});

describe.each(testDatabaseTargets())('scheduler on $name', (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => db.close());

  it('runs every tick of an org exactly once across two workers, and never more than the concurrency', async () => {
    const orgs = createOrgRepository(db, createSecretBox(crypto.randomBytes(32)));
    const org = await orgs.upsert({
      name: `sched-${target.name}`,
      crm: 'salesforce',
      credentials: {},
      schedule: '* * * * * *',
    });
    const jobs: (SyncJob & { worker: string })[] = [];
    let running = 0;
    let maxRunning = 0;
    const start = (worker: string) =>
      startScheduler({
        db,
        queue: createMemoryQueue(createSilentLogger()),
        logger: createSilentLogger(),
        workerId: worker,
        concurrency: 1,
        listOrgs: async () => [(await orgs.findById(org.id))!],
        runJob: async (job) => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          jobs.push({ ...job, worker });
          await new Promise((r) => setTimeout(r, 50));
          running--;
        },
      });
    const a = await start('worker-a');
    const b = await start('worker-b');
    await new Promise((r) => setTimeout(r, 3300));
    await a.stop();
    await b.stop();
    const ticks = jobs.filter((j) => !j.slot.startsWith('catch-up'));
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ticks.map((j) => j.slot)).size).toBe(ticks.length);
    expect(maxRunning).toBeLessThanOrEqual(2);
  });

  it('runs a missed schedule once at start-up, even with two workers starting together', async () => {
    const orgs = createOrgRepository(db, createSecretBox(crypto.randomBytes(32)));
    const org = await orgs.upsert({
      name: `missed-${target.name}`,
      crm: 'salesforce',
      credentials: {},
      schedule: '0 2 * * *',
    });
    await db.query(`UPDATE orgs SET created_at = now() - interval '3 days' WHERE id = $1`, [org.id]);
    const jobs: SyncJob[] = [];
    const start = (worker: string) =>
      startScheduler({
        db,
        queue: createMemoryQueue(createSilentLogger()),
        logger: createSilentLogger(),
        workerId: worker,
        concurrency: 1,
        listOrgs: async () => [(await orgs.findById(org.id))!],
        runJob: async (job) => void jobs.push(job),
      });
    const [a, b] = await Promise.all([start('w1'), start('w2')]);
    await new Promise((r) => setTimeout(r, 100));
    await a.stop();
    await b.stop();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.slot).toMatch(/^catch-up:/);
  });

  it("installs every other org's schedule when one org's time zone or cron is bad (issue 24, item 7)", async () => {
    const orgs = createOrgRepository(db, createSecretBox(crypto.randomBytes(32)));
    const good = await orgs.upsert({
      name: `good-${target.name}`,
      crm: 'salesforce',
      credentials: {},
      schedule: '0 3 * * *',
      timezone: 'Europe/Madrid',
    });
    const mars = await orgs.upsert({ name: `mars-${target.name}`, crm: 'salesforce', credentials: {} });
    const junk = await orgs.upsert({ name: `junk-${target.name}`, crm: 'salesforce', credentials: {} });
    // stored before validation existed (the repository now refuses both)
    await db.query(`UPDATE orgs SET timezone = 'Mars/Olympus' WHERE id = $1`, [mars.id]);
    await db.query(`UPDATE orgs SET schedule = 'every night' WHERE id = $1`, [junk.id]);
    const warnings: string[] = [];
    const logger = { ...createSilentLogger(), warn: (message: string) => void warnings.push(message) };
    const scheduler = await startScheduler({
      db,
      queue: createMemoryQueue(createSilentLogger()),
      logger,
      workerId: 'w',
      concurrency: 1,
      listOrgs: async () => [
        (await orgs.findById(mars.id))!,
        (await orgs.findById(junk.id))!,
        (await orgs.findById(good.id))!,
      ],
      runJob: async () => undefined,
    });
    const installed = scheduler.installed();
    await scheduler.stop();
    expect(installed).toEqual([
      expect.objectContaining({ orgId: good.id, cron: '0 3 * * *', timezone: 'Europe/Madrid' }),
    ]);
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^org mars-${target.name}: nightly schedule not installed: time zone: "Mars/Olympus" is not an IANA time zone`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^org junk-${target.name}: nightly schedule not installed: schedule: "every night" is not a cron expression`,
        ),
      ),
    ]);
    await expect(orgs.updateSettings(good.id, { timezone: 'Mars/Olympus' })).rejects.toThrow(
      /time zone: "Mars\/Olympus" is not an IANA time zone/,
    );
    await expect(
      orgs.upsert({ name: 'x', crm: 'salesforce', credentials: {}, schedule: '61 2 * * *' }),
    ).rejects.toThrow(/schedule: "61 2 \* \* \*" is not a cron expression/);
  });
});
