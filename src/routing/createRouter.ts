import type { ScoreSummary } from '../domain/score';
import type { Connector } from '../domain/connector';
import type { CanonicalLead } from '../domain/lead';
import { domainLabel, normalizeDomain } from '../enrich/normalizeDomain';
import type { Logger } from '../log/createLogger';
import type { Database } from '../store/database';
import type { HandoverPlan, HandoverPlanner } from '../domain/handover';
import { addBusinessHours, localDate } from './businessHours';
import type { SecretRegistry } from '../log/redact';
import type { NotificationEntry } from '../notify/notificationStore';
import { buildHandoverMessage } from './buildHandoverMessage';
import { buildHandoverTask, type HandoverContext } from './buildHandoverTask';
import { readerLanguage } from '../scoring/formatReasons';
import type { LeadHistory } from '../domain/handover';
import type { SendMail } from '../notify/createMailer';
import { sendNotifications, type NotificationSummary } from '../notify/sendNotifications';
import { checkSla, type SlaCheckResult } from './checkSla';
import { firstMatchingRule, ruleMatches } from './matchRule';
import { pickRoundRobin } from './pickRoundRobin';
import { createUserDirectory, type UserDirectory } from './resolveUsers';
import type { RoutingAction, RoutingConfig, RoutingRule, TeamConfig } from './routingSchema';
import { createRoutingStore, type AssignmentRecord, type RoundRobinTurn, type StoredCounter } from './routingStore';

export interface RouterDeps {
  db: Database;
  orgId: number;
  connector: Pick<
    Connector,
    'listUsers' | 'findAccounts' | 'writeBack' | 'createHandoverTasks' | 'addToCampaign' | 'recordUrl'
  >;
  config: RoutingConfig;
  logger: Logger;
  /** SMTP for hand-over and escalation e-mails; null or absent when none is configured. */
  sendMail?: SendMail | null;
  postWebhook?: (url: string, body: { text: string }) => Promise<void>;
  /** Masked in recorded send errors (the SMTP password). */
  secrets?: SecretRegistry;
}

export interface Assignment {
  ownerId: string;
  teamKey?: string;
  memberKey?: string;
  /** Queues cannot own tasks. */
  isQueue?: boolean;
  /** The round-robin turn this assignment takes (counted when the page is stored). */
  turn?: RoundRobinTurn;
}

/** What a plan keeps: stored with the page (HandoverPlanner.storePlans). */
interface PlanRecord {
  turn?: RoundRobinTurn;
  assignment: AssignmentRecord;
}

export interface Router extends HandoverPlanner {
  /** After a run: escalate MQLs whose owner has not acted by the SLA deadline. */
  checkSla(now: Date): Promise<SlaCheckResult>;
  sendNotifications(): Promise<NotificationSummary>;
}

const WEBMAIL_BRANDS = new Set([
  'gmail',
  'googlemail',
  'hotmail',
  'outlook',
  'live',
  'yahoo',
  'icloud',
  'me',
  'aol',
  'proton',
  'protonmail',
  'gmx',
  'yandex',
]);

/**
 * A free-mail domain says nothing about the company: account matching uses the website then.
 * The brand is read from the registrable domain (public-suffix list), so `mail.yahoo.co.uk`
 * is webmail and `yahoo.acme.example` is Acme's.
 */
export function domainsOf(lead: Pick<CanonicalLead, 'website' | 'email'>): string[] {
  const out = new Set<string>();
  const website = normalizeDomain(lead.website);
  if (website) out.add(website);
  const emailDomain = lead.email?.split('@')[1];
  const fromEmail = emailDomain ? normalizeDomain(emailDomain) : undefined;
  if (fromEmail && !WEBMAIL_BRANDS.has(domainLabel(fromEmail) ?? '')) out.add(fromEmail);
  return [...out];
}

/**
 * Routing as the sync pipeline's hand-over planner: for a lead that just became an MQL,
 * the first rule whose conditions hold and whose action finds an active owner wins;
 * round-robin turns are weighted by capacity, capped per day and kept in the database;
 * the SLA deadline counts the team's business hours; the rep gets one task.
 */
export function createRouter(deps: RouterDeps): Router {
  const { config, logger } = deps;
  const store = createRoutingStore(deps.db, deps.orgId);
  let directory: Promise<UserDirectory> | null = null;
  const users = () => (directory ??= deps.connector.listUsers().then(createUserDirectory));

  /**
   * The team's counters as this run sees them: read once from the database, then moved by
   * each turn planned. The turns are stored with their page (storePlans); one run per org at
   * a time (the run lock), so nobody else moves them meanwhile. A run that stops before a
   * page is stored leaves no turn behind: the next run plans that page again from the same
   * counters, to the same reps.
   */
  const counters = new Map<string, Promise<Map<string, StoredCounter>>>();
  const countersOf = (teamKey: string) => {
    let c = counters.get(teamKey);
    if (!c) {
      c = store.readCounters(
        teamKey,
        config.teams[teamKey]!.members.map((m) => m.user),
      );
      counters.set(teamKey, c);
    }
    return c;
  };

  /** The member whose turn it is, from `current` counters (pure). */
  function pickMember(
    teamKey: string,
    current: Map<string, { total: number; today: number }>,
    dir: UserDirectory,
    exclude?: string,
  ): { memberKey: string; userId: string } | null {
    const team = config.teams[teamKey]!;
    const pick = pickRoundRobin(
      team.members.map((m) => {
        const user = dir.find(m.user);
        return {
          key: m.user,
          userId: user?.id ?? '',
          capacity: m.capacity,
          dailyCap: m.dailyCap,
          isActive: Boolean(user?.isActive) && user?.id !== exclude,
          total: current.get(m.user)?.total ?? 0,
          today: current.get(m.user)?.today ?? 0,
        };
      }),
    );
    return pick ? { memberKey: pick.key, userId: pick.userId } : null;
  }

  function warnUnknownMembers(teamKey: string, dir: UserDirectory) {
    for (const m of config.teams[teamKey]!.members)
      if (!dir.find(m.user)) logger.warn(`routing: team ${teamKey} names ${m.user}, who is not a user of this CRM`);
  }

  /** A round-robin turn planned for a page: counted in memory now, stored with the page. */
  async function roundRobin(teamKey: string, now: Date): Promise<Assignment | null> {
    const dir = await users();
    warnUnknownMembers(teamKey, dir);
    const day = localDate(now, config.teams[teamKey]!.hours.timezone);
    const stored = await countersOf(teamKey);
    const current = new Map(
      [...stored].map(([k, c]) => [k, { total: c.total, today: c.day === day ? c.today : 0 }] as const),
    );
    const chosen = pickMember(teamKey, current, dir);
    if (!chosen) {
      logger.warn(`routing: every member of team ${teamKey} is inactive or at the daily cap`);
      return null;
    }
    const c = stored.get(chosen.memberKey) ?? { total: 0, day: null, today: 0 };
    stored.set(chosen.memberKey, { total: c.total + 1, day, today: c.day === day ? c.today + 1 : 1 });
    const turn = { teamKey, memberKey: chosen.memberKey, day };
    return { ownerId: chosen.userId, teamKey, memberKey: chosen.memberKey, turn };
  }

  /** An escalation's next rep: the turn is taken and stored at once, under the counters' row lock. */
  async function escalationTurn(teamKey: string, now: Date, exclude?: string): Promise<Assignment | null> {
    const dir = await users();
    warnUnknownMembers(teamKey, dir);
    const chosen = await store.takeTurn(
      teamKey,
      config.teams[teamKey]!.members.map((m) => m.user),
      localDate(now, config.teams[teamKey]!.hours.timezone),
      (current) => pickMember(teamKey, current, dir, exclude),
    );
    counters.delete(teamKey); // read again if a later plan needs them
    if (!chosen) logger.warn(`routing: every member of team ${teamKey} is inactive or at the daily cap`);
    return chosen ? { ownerId: chosen.userId, teamKey, memberKey: chosen.memberKey } : null;
  }

  async function resolve(action: RoutingAction, lead: CanonicalLead, now: Date): Promise<Assignment | null> {
    if ('user' in action) {
      const user = (await users()).find(action.user);
      if (!user?.isActive) {
        logger.warn(`routing: ${action.user} is ${user ? 'inactive' : 'not a user of this CRM'}; trying the next rule`);
        return null;
      }
      return { ownerId: user.id };
    }
    if ('queue' in action) return { ownerId: action.queue, isQueue: true };
    if ('roundRobin' in action) return roundRobin(action.roundRobin, now);
    const domains = domainsOf(lead);
    const names = lead.company ? [lead.company] : [];
    if (domains.length || names.length) {
      const accounts = await deps.connector.findAccounts({ domains, names });
      const dir = await users();
      const owned = accounts.find((a) => a.ownerId && dir.byId(a.ownerId)?.isActive);
      if (owned) return { ownerId: owned.ownerId! };
    }
    return resolve(action.otherwise, lead, now);
  }

  /**
   * What the rep's task and e-mail are written for: the rep's CRM language and time zone
   * (unless the routing file forces a language; the team's time zone when the CRM has none),
   * the lead's page, and the return to marketing it came back from.
   */
  async function contextFor(
    lead: CanonicalLead,
    stored: LeadHistory | undefined,
    dueAt: string,
    ownerId: string,
    team: TeamConfig,
  ): Promise<HandoverContext> {
    const owner = (await users()).byId(ownerId);
    const language = config.language === 'owner' ? (readerLanguage(owner?.language) ?? 'both') : config.language;
    const link = deps.connector.recordUrl?.(lead.externalId);
    return {
      dueAt,
      language,
      timeZone: owner?.timeZone ?? team.hours.timezone,
      ...(link ? { link } : {}),
      ...(stored?.recycledAt ? { returned: { at: stored.recycledAt, reason: stored.recycleReason ?? null } } : {}),
    };
  }

  /** The hand-over's messages: the team's (or the global) webhook, and an e-mail to the rep when asked for. */
  async function notificationsFor(
    lead: CanonicalLead,
    result: ScoreSummary,
    ctx: HandoverContext,
    ownerId: string,
    teamKey: string,
    team: TeamConfig,
  ): Promise<Omit<NotificationEntry, 'key'>[]> {
    const wantsEmail = config.notifications.email;
    const webhook = team.webhookUrl ?? config.notifications.webhookUrl;
    if (!wantsEmail && !webhook) return [];
    const owner = (await users()).byId(ownerId);
    const message = buildHandoverMessage(lead, result, owner?.name ?? ownerId, ctx);
    const out: Omit<NotificationEntry, 'key'>[] = [];
    if (webhook) out.push({ channel: 'webhook', teamKey, payload: { text: message.chat } });
    if (wantsEmail) {
      if (owner?.email)
        out.push({
          channel: 'email',
          teamKey,
          recipient: owner.email,
          payload: { subject: message.subject, text: message.text },
        });
      else
        logger.warn(
          `routing: ${owner?.name ?? ownerId} has no e-mail address in the CRM; no hand-over e-mail for ${lead.externalId}`,
        );
    }
    return out;
  }

  function teamOf(rule: RoutingRule, assignment: Assignment): [string, TeamConfig] {
    const key = rule.team ?? assignment.teamKey ?? Object.keys(config.teams)[0]!;
    return [key, config.teams[key]!];
  }

  return {
    async plan({
      lead,
      result,
      stored,
      now,
      replay,
    }: {
      lead: CanonicalLead;
      result: ScoreSummary;
      stored: LeadHistory | undefined;
      now: Date;
      replay?: { ownerId: string; slaDueAt: string };
    }): Promise<HandoverPlan | null> {
      const facts = { lead, grade: result.grade, fastLane: result.fastLane };
      const first = firstMatchingRule(config.rules, facts);
      if (!first) return null;
      if (replay) {
        // planned and stored by a run that stopped: the same owner and deadline, no new turn
        const [teamKey, team] = teamOf(first, { ownerId: replay.ownerId });
        const base = { ownerId: replay.ownerId, slaDueAt: replay.slaDueAt, assign: true };
        if (!(await users()).byId(replay.ownerId)) return base; // a queue
        const ctx = await contextFor(lead, stored, replay.slaDueAt, replay.ownerId, team);
        return {
          ...base,
          task: buildHandoverTask(lead, result, ctx),
          notifications: await notificationsFor(lead, result, ctx, replay.ownerId, teamKey, team),
        };
      }
      for (const rule of config.rules) {
        if (!ruleMatches(rule, facts)) continue;
        const assignment = await resolve(rule.assign, lead, now);
        if (!assignment) continue;
        const [teamKey, team] = teamOf(rule, assignment);
        const slaDueAt = addBusinessHours(now, team.slaHours, team.hours).toISOString();
        const record: PlanRecord = {
          ...(assignment.turn ? { turn: assignment.turn } : {}),
          assignment: {
            externalId: lead.externalId,
            rule: rule.name,
            teamKey,
            ...(assignment.memberKey ? { memberKey: assignment.memberKey } : {}),
            ownerId: assignment.ownerId,
          },
        };
        if (assignment.isQueue) return { ownerId: assignment.ownerId, slaDueAt, assign: true, record };
        const ctx = await contextFor(lead, stored, slaDueAt, assignment.ownerId, team);
        return {
          ownerId: assignment.ownerId,
          slaDueAt,
          assign: true,
          record,
          task: buildHandoverTask(lead, result, ctx),
          notifications: await notificationsFor(lead, result, ctx, assignment.ownerId, teamKey, team),
        };
      }
      logger.warn(`routing: no rule found an active owner for ${lead.externalId}; it keeps its CRM owner`);
      return null;
    },
    async storePlans(tx, records) {
      const planned = records as PlanRecord[];
      await store.countTurns(
        tx,
        planned.flatMap((r) => (r.turn ? [r.turn] : [])),
      );
      for (const r of planned) await store.recordAssignment(tx, r.assignment);
    },
    checkSla: (now) =>
      checkSla({ ...deps, users, nextRep: (teamKey, current) => escalationTurn(teamKey, now, current) }, now),
    sendNotifications: () =>
      sendNotifications({
        db: deps.db,
        orgId: deps.orgId,
        config,
        logger,
        connector: deps.connector,
        sendMail: deps.sendMail ?? null,
        ...(deps.postWebhook ? { postWebhook: deps.postWebhook } : {}),
        ...(deps.secrets ? { secrets: deps.secrets } : {}),
      }),
    ...(config.recycle ? { recycleCampaign: config.recycle.campaign } : {}),
  };
}
