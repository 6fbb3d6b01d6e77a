import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { SMTPServer } from 'smtp-server';
import type { CrmUser } from '../../../src/domain/connector';
import type { CanonicalLead } from '../../../src/domain/lead';
import { createLogger, type Logger } from '../../../src/log/createLogger';
import { buildEscalationEmail, buildHandoverMessage } from '../../../src/routing/buildHandoverMessage';
import { formatDue } from '../../../src/routing/buildHandoverTask';
import { createMailer, resolveSmtp } from '../../../src/notify/createMailer';
import { buildRoutingReport } from '../../../src/routing/buildRoutingReport';
import { createRouter } from '../../../src/routing/createRouter';
import { loadRoutingFile, parseRouting } from '../../../src/routing/loadRouting';
import { SecretRegistry } from '../../../src/log/redact';
import { createSecretBox } from '../../../src/security/secretBox';
import type { Database, Queryable } from '../../../src/store/database';
import { createOrgRepository } from '../../../src/store/orgRepository';
import { runSync } from '../../../src/sync/runSync';
import { createNotificationStore } from '../../../src/notify/notificationStore';
import { createActivityStore } from '../../../src/sync/stores/activityStore';
import type { EngagementType } from '../../../src/domain/engagement';
import type { ScoreSummary } from '../../../src/sync/syncTypes';
import { createFakeCrm, createFakeScorer, createNullEnricher } from '../../helpers/fakeCrm';
import { testDatabaseTargets } from '../../helpers/testDatabases';

const lead: CanonicalLead = {
  crm: 'salesforce',
  externalId: '00Q000000000001AAA',
  modifiedAt: '2026-11-23T09:00:00.000Z',
  firstName: 'Lucía',
  lastName: 'Pérez',
  company: 'Acme Ibérica',
  title: 'CTO',
  email: 'lucia@acme.es',
  country: 'ES',
  employees: 250,
};
const result: ScoreSummary = {
  fit: 70,
  grade: 'A',
  engagement: 12,
  score: 82,
  completeness: 0.8,
  missingRequired: ['phone', 'industry'],
  proposedStatus: 'mql',
  statusCause: 'mql_threshold',
  fastLane: false,
  definitionVersion: 'b2b@3',
  reasons: [
    { code: 'title', points: 20, en: 'decision-maker title (CTO)', es: 'cargo con poder de decisión (CTO)' },
    { code: 'size', points: 15, en: '250 employees', es: '250 empleados' },
    { code: 'freemail', points: -5, en: 'free e-mail domain', es: 'dominio de correo gratuito' },
  ],
};

describe('hand-over messages', () => {
  it('tells the rep who, why, what is missing and by when, in English and Spanish', () => {
    const m = buildHandoverMessage(lead, result, 'Ana Ruiz', { dueAt: '2026-11-24T10:00:00.000Z', language: 'both' });
    expect(m.subject).toBe(
      'New qualified lead: Lucía Pérez (Acme Ibérica) — grade A / Nuevo lead calificado: Lucía Pérez (Acme Ibérica) — perfil A',
    );
    for (const text of [
      'Hi Ana Ruiz, a new qualified lead is yours: Lucía Pérez (Acme Ibérica).',
      'Hola Ana Ruiz, tienes un nuevo lead calificado',
      'Profile: CTO',
      'Why it qualified (top reasons):',
      '+20 decision-maker title (CTO)',
      'Por qué califica (motivos principales):',
      '+20 cargo con poder de decisión (CTO)',
      'Still missing: phone, industry',
      'Falta: teléfono, sector',
      'Follow up by: 2026-11-24 10:00 UTC',
      'Contactar antes de: 2026-11-24 10:00 UTC',
    ])
      expect(m.text).toContain(text);
    // only what counts for the lead is a reason to call
    expect(m.text).not.toContain('free e-mail domain');
    expect(m.chat).toBe(
      'leadloop: Lucía Pérez (Acme Ibérica) — grade A, score 82 → Ana Ruiz, follow up by 2026-11-24 10:00 UTC (decision-maker title (CTO); 250 employees)\n' +
        'leadloop: Lucía Pérez (Acme Ibérica) — perfil A, puntuación 82 → Ana Ruiz, contactar antes de 2026-11-24 10:00 UTC (cargo con poder de decisión (CTO); 250 empleados)',
    );
  });

  it.each([
    ['en', 'Why it qualified (top reasons):', 'Por qué califica'],
    ['es', 'Por qué califica (motivos principales):', 'Why it qualified'],
  ] as const)('in %s only', (language, has, hasNot) => {
    const m = buildHandoverMessage(lead, result, 'Ana Ruiz', { dueAt: '2026-11-24T10:00:00.000Z', language });
    expect(m.text).toContain(has);
    expect(m.text).not.toContain(hasNot);
    expect(m.subject).not.toContain(' / ');
  });

  it('the example routing file documents the options and parses', () => {
    const config = loadRoutingFile(path.join(__dirname, '../../../definitions/routing.example.yaml'));
    expect(config.notifications).toEqual({ email: true });
    expect(config.escalation).toMatchObject({ action: 'notify_and_reassign', email: true });
    expect(() =>
      parseRouting(
        `
teams: { a: { members: [{ user: x }], hours: { timezone: UTC }, webhookUrl: "http://127.0.0.1:9/hook" } }
rules: [{ name: r, when: {}, assign: { roundRobin: a } }]
notifications: { smtp: { host: smtp.example.com, password: hunter2 } }
`,
        'bad.yaml',
      ),
    ).toThrow(/password/);
    expect(() =>
      parseRouting(
        `
teams: { a: { members: [{ user: x }], hours: { timezone: UTC } } }
rules: [{ name: r, when: {}, assign: { roundRobin: a } }]
recycle: { campaign: "701' OR 1=1" }
`,
        'bad.yaml',
      ),
    ).toThrow(/recycle/);
  });

  it("lists a team lead's breaches in both languages", () => {
    const mail = buildEscalationEmail('Iberia', [
      '• 00Q1 (Ana, due 2026-11-24 10:00)',
      '• 00Q2 (Bea, due 2026-11-24 11:00)',
    ]);
    expect(mail.subject).toBe(
      'leadloop: 2 lead(s) of Iberia not followed up in time / 2 lead(s) sin contactar a tiempo',
    );
    expect(mail.text).toContain('passed their follow-up deadline');
    expect(mail.text).toContain('pasaron su plazo');
    expect(mail.text).toContain('• 00Q2 (Bea, due 2026-11-24 11:00)');
  });
});

/** A received message's header and text body, undoing quoted-printable and encoded words. */
function decodeMail(raw: string): { subject: string; body: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subjectLine = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const subject = subjectLine.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : qp(text.replace(/_/g, ' ')),
  );
  const bodyRaw = rest.join('\n\n');
  const body = /Content-Transfer-Encoding: quoted-printable/i.test(head) ? qp(bodyRaw.replace(/=\r?\n/g, '')) : bodyRaw;
  return { subject: subject.trim(), body };
}
function qp(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * The database as a process that dies at one statement sees it: the `skip + 1`-th statement
 * matching `sql` throws (inside a transaction, which then rolls back), once.
 */
function crashingAt(db: Database, fault: { sql: RegExp; skip: number }): Database {
  const check = (sql: string) => {
    if (!fault.sql.test(sql) || fault.skip-- !== 0) return;
    throw new Error('simulated crash');
  };
  const wrap = (q: Queryable): Queryable => ({
    query: <T>(sql: string, params?: unknown[]) => {
      check(sql);
      return q.query<T>(sql, params);
    },
    exec: (sql) => q.exec(sql),
  });
  return {
    ...wrap(db),
    kind: db.kind,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    tryLock: (name) => db.tryLock(name),
    close: () => db.close(),
  };
}

const SMTP_PASSWORD = 'smtp-Pa55word-7d1e';
const USERS: CrmUser[] = [
  { id: '005ana', name: 'Ana Ruiz', email: 'ana@example.com', isActive: true },
  { id: '005bea', name: 'Bea Soto', email: 'bea@example.com', isActive: true },
];

describe.each(testDatabaseTargets())('hand-over notifications on $name', (target) => {
  let db: Database;
  let orgSeq = 0;
  let smtp: SMTPServer;
  let smtpPort = 0;
  let hook: http.Server;
  let hookUrl = '';
  const mails: { to: string[]; raw: string }[] = [];
  const posts: { path: string; body: { text?: string } }[] = [];
  let hookStatus = 200;
  let smtpRefuses = false;

  beforeAll(async () => {
    db = await target.open();
    smtp = new SMTPServer({
      secure: false,
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth(auth, _session, cb) {
        if (auth.username === 'leadloop' && auth.password === SMTP_PASSWORD) cb(null, { user: 'leadloop' });
        else cb(new Error('Invalid username or password'));
      },
      onRcptTo(address, _session, cb) {
        if (smtpRefuses) cb(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        else cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    hook = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        if (hookStatus === 200) posts.push({ path: req.url ?? '', body: JSON.parse(data) as { text?: string } });
        res.writeHead(hookStatus, { 'Content-Type': 'text/plain' }).end(hookStatus === 200 ? 'ok' : 'no_service');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/services/T000/B000/secret-hook-token`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise((resolve) => hook.close(resolve));
    await db.close();
  });
  beforeEach(() => {
    mails.length = 0;
    posts.length = 0;
    hookStatus = 200;
    smtpRefuses = false;
  });

  function capture(): { logger: Logger; text: () => string } {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (c: Buffer) => lines.push(c.toString('utf8')));
    return { logger: createLogger({ level: 'debug', format: 'json', stream }), text: () => lines.join('') };
  }

  async function setup(
    options: { yaml?: string; password?: string; leads?: number; routerDb?: (db: Database) => Database } = {},
  ) {
    const org = await createOrgRepository(db, createSecretBox(crypto.randomBytes(32))).upsert({
      name: `notify-${++orgSeq}`,
      crm: 'salesforce',
      credentials: {},
    });
    const crm = createFakeCrm({ leads: options.leads ?? 30 });
    crm.connector.listUsers = async () => USERS;
    const campaignCalls: { campaignId: string; ids: string[] }[] = [];
    crm.connector.addToCampaign = async (campaignId, ids) => {
      campaignCalls.push({ campaignId, ids });
      return ids.map((id) => ({ externalId: id, ok: true as const }));
    };
    const config = parseRouting(
      options.yaml ??
        `
teams:
  sales:
    name: Sales
    members: [{ user: ana@example.com, capacity: 2 }, { user: bea@example.com }]
    hours: { timezone: Europe/Madrid, days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "23:59" }
    slaHours: 500
rules:
  - { name: Everyone, when: {}, assign: { roundRobin: sales } }
notifications: { webhookUrl: "${hookUrl}", email: true }
`,
      'routing.yaml',
    );
    const settings = {
      LEADLOOP_SMTP_HOST: '127.0.0.1',
      LEADLOOP_SMTP_PORT: smtpPort,
      LEADLOOP_SMTP_SECURE: 'none' as const,
      LEADLOOP_SMTP_USER: 'leadloop',
      LEADLOOP_SMTP_PASSWORD: options.password ?? SMTP_PASSWORD,
      LEADLOOP_SMTP_FROM: 'leadloop <leadloop@example.com>',
    };
    const smtpConfig = resolveSmtp(settings)!;
    const log = capture();
    const secrets = new SecretRegistry();
    secrets.add(smtpConfig.password);
    log.logger.addSecret(smtpConfig.password);
    const router = createRouter({
      db: options.routerDb?.(db) ?? db,
      orgId: org.id,
      connector: crm.connector,
      config,
      logger: log.logger,
      sendMail: createMailer(smtpConfig),
      secrets,
    });
    const sync = (mode: 'full' | 'incremental' = 'incremental') =>
      runSync(
        {
          db,
          org,
          connector: crm.connector,
          scorer: createFakeScorer(),
          enricher: createNullEnricher(),
          router,
          logger: log.logger,
        },
        { mode, overlapMs: 0 },
      );
    const rows = async () =>
      (
        await db.query<{
          task_key: string;
          channel: string;
          state: string;
          attempts: number;
          last_error: string | null;
          recipient: string | null;
        }>(
          `SELECT task_key, channel, state, attempts, last_error, recipient FROM notifications WHERE org_id = $1 ORDER BY task_key, channel`,
          [org.id],
        )
      ).rows;
    return { org, crm, router, sync, rows, log, campaignCalls };
  }

  it('sends each hand-over once to the team channel and to the rep by e-mail, after its state is stored; runs and replays send nothing more', async () => {
    const { crm, sync, rows, log, router, org } = await setup();
    const first = await sync('full');
    expect(first.status).toBe('completed');
    const handovers = crm.tasks.size;
    expect(handovers).toBeGreaterThanOrEqual(5);
    expect(first.notifications).toEqual({ sent: 2 * handovers, failed: 0 });
    expect(posts).toHaveLength(handovers);
    expect(mails).toHaveLength(handovers);

    for (const task of crm.tasks.values()) {
      const owner = USERS.find((u) => u.id === task.ownerId)!;
      const record = crm.records.get(task.leadExternalId)!;
      const mail = mails.find((m) =>
        decodeMail(m.raw).body.includes(`${record.lead.lastName} (${record.lead.company}) became`),
      )!;
      expect(mail.to).toEqual([owner.email]);
      const { subject, body } = decodeMail(mail.raw);
      expect(subject).toBe(
        `New qualified lead: ${record.lead.lastName} (${record.lead.company}) — grade ${record.lead.leadloop!.grade} / Nuevo lead calificado: ${record.lead.lastName} (${record.lead.company}) — perfil ${record.lead.leadloop!.grade}`,
      );
      // the fake scorer's reason, in both languages, and the deadline written to the CRM
      expect(body).toContain(`+${record.lead.leadloop!.score} size`);
      expect(body).toContain(`+${record.lead.leadloop!.score} tamaño`);
      // the CRM users carry no time zone here: the deadline is shown in the team's
      expect(body).toContain(`Follow up by: ${formatDue(task.dueAt, 'Europe/Madrid')}`);
      expect(
        posts.filter(
          (p) =>
            p.body.text?.includes(`${record.lead.lastName} (${record.lead.company})`) &&
            p.body.text.includes(`→ ${owner.name}`),
        ),
      ).toHaveLength(1);
    }
    expect(posts.every((p) => p.path === '/services/T000/B000/secret-hook-token')).toBe(true);
    expect((await rows()).every((r) => r.state === 'sent' && r.attempts === 1)).toBe(true);

    await sync('incremental');
    await sync('full');
    // a replay of the stored page queues nothing new, and a second flush finds nothing due
    const keys = [...crm.tasks.keys()];
    await createNotificationStore(db, org.id).enqueue(
      keys.map((key) => ({ key, channel: 'webhook' as const, teamKey: 'sales', payload: { text: 'again' } })),
    );
    expect(await router.sendNotifications()).toEqual({ sent: 0, failed: 0 });
    expect(posts).toHaveLength(handovers);
    expect(mails).toHaveLength(handovers);
    expect(await rows()).toHaveLength(2 * handovers);

    expect(log.text()).not.toContain(SMTP_PASSWORD);
    expect(log.text()).not.toContain('secret-hook-token');
  });

  it('records failed sends without failing the run, and the next run retries them', async () => {
    const { crm, sync, rows, log } = await setup();
    hookStatus = 500;
    smtpRefuses = true;
    const first = await sync('full');
    expect(first.status).toBe('completed');
    const handovers = crm.tasks.size;
    expect(handovers).toBeGreaterThan(0);
    expect(first.notifications).toEqual({ sent: 0, failed: 2 * handovers });
    const failed = await rows();
    expect(failed.every((r) => r.state === 'failed' && r.attempts === 1)).toBe(true);
    expect(failed.filter((r) => r.channel === 'webhook').map((r) => r.last_error)).toEqual(
      Array(handovers).fill('the webhook answered HTTP 500'),
    );
    expect(failed.filter((r) => r.channel === 'email').every((r) => /550/.test(r.last_error ?? ''))).toBe(true);
    expect(log.text()).toContain('failed (attempt 1)');

    hookStatus = 200;
    smtpRefuses = false;
    const second = await sync('incremental');
    expect(second.notifications).toEqual({ sent: 2 * handovers, failed: 0 });
    expect(posts).toHaveLength(handovers);
    expect(mails).toHaveLength(handovers);
    expect((await rows()).every((r) => r.state === 'sent' && r.attempts === 2 && r.last_error === null)).toBe(true);
    expect(log.text()).not.toContain('secret-hook-token');
  });

  it('never sends twice what a killed process may already have sent', async () => {
    const { org, router, rows } = await setup();
    const store = createNotificationStore(db, org.id);
    await store.enqueue([
      { key: '00Qkilled:1', channel: 'webhook', teamKey: 'sales', payload: { text: 'maybe sent' } },
      { key: '00Qfresh:1', channel: 'webhook', teamKey: 'sales', payload: { text: 'not yet sent' } },
    ]);
    // the process claimed the first entry and died before recording the answer
    await db.query(
      `UPDATE notifications SET state = 'sending', attempts = 1 WHERE org_id = $1 AND task_key = '00Qkilled:1'`,
      [org.id],
    );
    const [a, b] = await Promise.all([router.sendNotifications(), router.sendNotifications()]);
    expect(a.sent + b.sent).toBe(1);
    expect(posts.map((p) => p.body.text)).toEqual(['not yet sent']);
    expect((await rows()).map((r) => [r.task_key, r.state])).toEqual([
      ['00Qfresh:1', 'sent'],
      ['00Qkilled:1', 'sending'],
    ]);
  });

  it('does not log the SMTP password when the server refuses it', async () => {
    const { org, router, rows, log } = await setup({ password: 'wrong-Pa55word-91xz' });
    await createNotificationStore(db, org.id).enqueue([
      { key: '00Qx:1', channel: 'email', recipient: 'ana@example.com', payload: { subject: 's', text: 't' } },
    ]);
    expect(await router.sendNotifications()).toEqual({ sent: 0, failed: 1 });
    const [row] = await rows();
    expect(row).toMatchObject({ state: 'failed', attempts: 1 });
    expect(row!.last_error).toMatch(/EAUTH/);
    expect(row!.last_error).not.toContain('wrong-Pa55word-91xz');
    expect(log.text()).toContain('00Qx:1');
    expect(log.text()).not.toContain('wrong-Pa55word-91xz');
    expect(mails).toHaveLength(0);
  });

  it("e-mails the team lead once about the team's SLA breaches", async () => {
    const { crm, sync } = await setup({
      yaml: `
teams:
  sales:
    name: Sales Iberia
    members: [{ user: ana@example.com }, { user: bea@example.com }]
    hours: { timezone: Europe/Madrid, days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "23:59" }
    slaHours: 0.0003
    lead: jefa@example.com
rules:
  - { name: Everyone, when: {}, assign: { roundRobin: sales } }
escalation: { action: notify, email: true }
`,
    });
    await sync('full');
    const handovers = crm.tasks.size;
    expect(handovers).toBeGreaterThan(0);
    expect(mails).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const second = await sync('incremental');
    expect(second.sla).toMatchObject({ breaches: handovers });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['jefa@example.com']);
    const { subject, body } = decodeMail(mails[0]!.raw);
    expect(subject).toBe(
      `leadloop: ${handovers} lead(s) of Sales Iberia not followed up in time / ${handovers} lead(s) sin contactar a tiempo`,
    );
    for (const task of crm.tasks.values()) expect(body).toContain(`• ${task.leadExternalId} (`);
    await sync('incremental');
    expect(mails).toHaveLength(1);
  });

  it('e-mails the next rep when an SLA breach gives them the lead', async () => {
    const { crm, sync } = await setup({
      yaml: `
teams:
  sales:
    members: [{ user: ana@example.com }, { user: bea@example.com }]
    hours: { timezone: Europe/Madrid, days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "23:59" }
    slaHours: 0.0003
rules:
  - { name: Everyone, when: {}, assign: { roundRobin: sales } }
escalation: { action: reassign }
notifications: { email: true }
`,
    });
    await sync('full');
    const firstOwners = new Map([...crm.tasks.values()].map((t) => [t.leadExternalId, t.ownerId]));
    expect(mails).toHaveLength(firstOwners.size);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const second = await sync('incremental');
    expect(second.sla).toMatchObject({ breaches: firstOwners.size, reassigned: firstOwners.size });
    const reassignedMails = mails.slice(firstOwners.size);
    expect(reassignedMails).toHaveLength(firstOwners.size);
    for (const [leadId, previous] of firstOwners) {
      const mail = reassignedMails.find((m) => decodeMail(m.raw).body.includes(leadId))!;
      const next = USERS.find((u) => u.id !== previous)!;
      expect(mail.to).toEqual([next.email]);
      expect(decodeMail(mail.raw).subject).toBe(
        'leadloop: reassigned after the SLA passed — follow up now / reasignado por SLA vencido — contactar ya',
      );
    }
  });

  const slaYaml = (escalation: string, extra = '', slaHours = 0.0003) => `
teams:
  sales:
    name: Sales Iberia
    members: [{ user: ana@example.com }, { user: bea@example.com }]
    hours: { timezone: Europe/Madrid, days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "23:59" }
    slaHours: ${slaHours}
    lead: jefa@example.com
rules:
  - { name: Everyone, when: {}, assign: { roundRobin: sales } }
escalation: ${escalation}
${extra}`;
  /** The one-second SLA of `slaYaml` passes. */
  const afterTheSla = () => new Promise((resolve) => setTimeout(resolve, 1500));
  const escalationPosts = () => posts.filter((p) => p.path === '/services/T000/B000/escalation-secret-token');

  // a rep's own e-mail or call attempt after the hand-over is the owner touching the lead; what the lead did is not
  it.each([
    ['sales_email', true],
    ['outbound_call', true],
    ['connected_call', true],
    ['meeting', true],
    ['email_open', false],
    ['inbound_call', false],
    ['campaign_response', false],
  ])('a %s logged after the hand-over counts as the owner touching the lead: %p', async (type, touch) => {
    const { crm, sync, org, router } = await setup({ yaml: slaYaml('{ action: notify }') });
    await sync('full');
    const leadIds = [...crm.tasks.values()].map((t) => t.leadExternalId);
    expect(leadIds.length).toBeGreaterThan(1);
    await createActivityStore(db).saveEngagement(org.id, [
      {
        externalId: `act-${type}`,
        leadExternalId: leadIds[0]!,
        type: type as EngagementType,
        occurredAt: new Date().toISOString(),
      },
    ]);
    await afterTheSla();
    expect((await router.checkSla(new Date())).breaches).toBe(leadIds.length - (touch ? 1 : 0));
  });

  it("queues the team lead's SLA webhook message; a failed send is retried by the next run and goes out once", async () => {
    const { crm, sync, rows, log, org } = await setup({
      yaml: slaYaml(
        `{ action: notify, webhookUrl: "${hookUrl.replace('secret-hook-token', 'escalation-secret-token')}" }`,
      ),
    });
    await sync('full');
    const leadIds = [...crm.tasks.values()].map((t) => t.leadExternalId);
    expect(leadIds.length).toBeGreaterThan(0);
    await afterTheSla();
    hookStatus = 503;
    const second = await sync('incremental');
    expect(second.sla).toEqual({ breaches: leadIds.length, reassigned: 0, notified: true });
    expect(second.notifications).toEqual({ sent: 0, failed: 1 });
    const [failed] = (await rows()).filter((r) => r.task_key.startsWith('sla:'));
    expect(failed).toMatchObject({
      channel: 'webhook',
      state: 'failed',
      attempts: 1,
      last_error: 'the webhook answered HTTP 503',
    });
    expect((await buildRoutingReport(db, org.id, null)).breaches).toEqual({
      total: leadIds.length,
      reassigned: 0,
      notified: 0,
    });

    hookStatus = 200;
    const third = await sync('incremental');
    expect(third.sla).toEqual({ breaches: 0, reassigned: 0, notified: false });
    expect(third.notifications).toEqual({ sent: 1, failed: 0 });
    await sync('incremental');
    expect(escalationPosts()).toHaveLength(1);
    const text = escalationPosts()[0]!.body.text!;
    expect(text).toMatch(
      new RegExp(
        `^leadloop: ${leadIds.length} qualified lead\\(s\\) passed their follow-up deadline without a touch / ${leadIds.length} lead\\(s\\) calificados sin contactar a tiempo\\n`,
      ),
    );
    for (const id of leadIds) expect(text).toContain(`• ${id} (`);
    expect(posts).toHaveLength(1);
    expect((await rows()).filter((r) => r.task_key.startsWith('sla:'))).toMatchObject([
      { channel: 'webhook', state: 'sent', attempts: 2, last_error: null },
    ]);
    expect((await buildRoutingReport(db, org.id, null)).breaches).toEqual({
      total: leadIds.length,
      reassigned: 0,
      notified: leadIds.length,
    });
    expect(log.text()).not.toContain('escalation-secret-token');
  });

  it.each([
    ['in the middle of recording the breaches', /^INSERT INTO sla_breaches/, 2],
    [
      "after recording the breaches, while queueing the team lead's messages",
      /^UPDATE sla_breaches SET reported_at/,
      0,
    ],
  ])('a check that dies %s loses no escalation and sends none twice', async (_when, sql, skip) => {
    const fault = { sql, skip: Infinity };
    const { crm, sync, rows, org, router } = await setup({
      routerDb: (d) => crashingAt(d, fault),
      yaml: slaYaml(
        `{ action: notify_and_reassign, email: true, webhookUrl: "${hookUrl.replace('secret-hook-token', 'escalation-secret-token')}" }`,
        'notifications: { email: true }',
        1,
      ),
    });
    await sync('full');
    const firstOwners = new Map([...crm.tasks.values()].map((t) => [t.leadExternalId, t.ownerId]));
    expect(firstOwners.size).toBeGreaterThan(2);
    const handoverMails = mails.length;
    // checked as of two hours on: every deadline has passed, and none of the next reps' has
    const later = new Date(Date.now() + 2 * 3600_000);

    fault.skip = skip;
    await expect(router.checkSla(later)).rejects.toThrow('simulated crash');
    expect(fault.skip).toBe(-1);
    // what the dead check recorded is not reported yet, and nothing about it was queued
    const recorded = await db.query<{ reported_at: string | null }>(
      `SELECT reported_at FROM sla_breaches WHERE org_id = $1`,
      [org.id],
    );
    expect(recorded.rows.length).toBe(sql.source.includes('INSERT') ? skip : firstOwners.size);
    expect(recorded.rows.every((r) => r.reported_at === null)).toBe(true);
    expect((await rows()).filter((r) => r.task_key.startsWith('sla:'))).toEqual([]);
    await router.sendNotifications();
    expect(escalationPosts()).toHaveLength(0);

    expect(await router.checkSla(later)).toEqual({
      breaches: firstOwners.size - recorded.rows.length,
      reassigned: firstOwners.size - recorded.rows.length,
      notified: true,
    });
    await router.sendNotifications();
    expect(await router.checkSla(later)).toEqual({ breaches: 0, reassigned: 0, notified: false });
    expect(await router.sendNotifications()).toEqual({ sent: 0, failed: 0 });

    // one webhook message and one e-mail to the team lead, listing every breach
    expect(escalationPosts()).toHaveLength(1);
    const leadMails = mails.filter((m) => m.to[0] === 'jefa@example.com');
    expect(leadMails).toHaveLength(1);
    for (const id of firstOwners.keys()) {
      expect(escalationPosts()[0]!.body.text).toContain(`• ${id} (`);
      expect(decodeMail(leadMails[0]!.raw).body).toContain(`• ${id} (`);
    }
    // each lead went to the other rep once: one task (the replayed one upserted), one assignment, one e-mail
    expect(crm.tasks.size).toBe(2 * firstOwners.size);
    const repMails = mails.slice(handoverMails).filter((m) => m.to[0] !== 'jefa@example.com');
    expect(repMails).toHaveLength(firstOwners.size);
    for (const [id, previous] of firstOwners) {
      const next = USERS.find((u) => u.id !== previous)!;
      expect([...crm.tasks.values()].filter((t) => t.leadExternalId === id).map((t) => t.ownerId)).toEqual([
        previous,
        next.id,
      ]);
      expect(crm.records.get(id)!.lead.ownerId).toBe(next.id);
      expect(repMails.filter((m) => decodeMail(m.raw).body.includes(id)).map((m) => m.to)).toEqual([[next.email]]);
    }
    const report = await buildRoutingReport(db, org.id, null);
    expect(report.breaches).toEqual({
      total: firstOwners.size,
      reassigned: firstOwners.size,
      notified: firstOwners.size,
    });
    expect(report.assignments.reduce((n, a) => n + a.bySla, 0)).toBe(firstOwners.size);
    const keys = await db.query<{ report_key: string }>(
      `SELECT DISTINCT report_key FROM sla_breaches WHERE org_id = $1`,
      [org.id],
    );
    expect(keys.rows).toHaveLength(1);
    expect(
      (await rows())
        .filter((r) => r.task_key.startsWith(keys.rows[0]!.report_key))
        .map((r) => [r.task_key, r.channel, r.state]),
    ).toEqual([
      [keys.rows[0]!.report_key, 'webhook', 'sent'],
      [`${keys.rows[0]!.report_key}:sales`, 'email', 'sent'],
    ]);
  });

  it('adds a recycled lead to the nurture campaign once, stops its SLA and keeps the reason', async () => {
    const { crm, sync, org, campaignCalls } = await setup({
      yaml: `
teams:
  sales:
    members: [{ user: ana@example.com }]
    hours: { timezone: Europe/Madrid, days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "23:59" }
rules:
  - { name: Everyone, when: {}, assign: { roundRobin: sales } }
recycle: { campaign: 701000000000001AAA }
`,
    });
    await sync('full');
    const [task] = [...crm.tasks.values()];
    const id = task!.leadExternalId;
    const stored = async () =>
      (
        await db.query<{ status: string; sla_due_at: string | null }>(
          `SELECT status, sla_due_at FROM leads WHERE org_id = $1 AND external_id = $2`,
          [org.id, id],
        )
      ).rows[0]!;
    expect(await stored()).toMatchObject({ status: 'mql', sla_due_at: expect.anything() });
    expect(crm.records.get(id)!.lead.leadloop!.slaDueAt).toEqual(expect.any(String));

    // the rep returns the lead to marketing; it no longer scores as an MQL
    crm.rep.edit(id, { employees: 10 });
    crm.rep.outcome({
      leadExternalId: id,
      kind: 'recycled',
      sourceId: 'status:Recycled',
      reason: 'no budget until Q3',
    });
    const summary = await sync('incremental');
    expect(summary.status).toBe('completed');
    expect(campaignCalls).toEqual([{ campaignId: '701000000000001AAA', ids: [id] }]);
    expect((await stored()).sla_due_at).toBeNull();
    expect(crm.records.get(id)!.lead.leadloop!.slaDueAt).toBeNull();
    const history = await db.query<{ to_status: string; detail: string | null }>(
      `SELECT to_status, detail FROM lead_status_history WHERE org_id = $1 AND external_id = $2 ORDER BY at, id`,
      [org.id, id],
    );
    expect(history.rows).toContainEqual({ to_status: 'recycled', detail: 'no budget until Q3' });

    await sync('incremental');
    await sync('full');
    expect(campaignCalls).toHaveLength(1);
  });

  it('clears the deadline in the CRM when the lead is re-scored from its stored snapshot (record not read again)', async () => {
    const { crm, sync, org } = await setup();
    await sync('full');
    const [task] = [...crm.tasks.values()];
    const id = task!.leadExternalId;
    expect(crm.records.get(id)!.lead.leadloop!.slaDueAt).toEqual(expect.any(String));
    // an outcome that does not touch the lead record: the run re-scores its snapshot
    crm.rep.outcome({ leadExternalId: id, kind: 'accepted', sourceId: 'status:Working - Contacted' });
    const summary = await sync('incremental');
    expect(summary.counts).toMatchObject({ pulled: 0, rescored: 1 });
    expect(crm.records.get(id)!.lead.leadloop).toMatchObject({ status: 'sal', slaDueAt: null });
    const row = (
      await db.query<{ sla_due_at: string | null }>(
        `SELECT sla_due_at FROM leads WHERE org_id = $1 AND external_id = $2`,
        [org.id, id],
      )
    ).rows[0]!;
    expect(row.sla_due_at).toBeNull();
  });
});
