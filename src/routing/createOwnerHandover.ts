import type { ScoreSummary } from '../domain/score';
import type { Connector } from '../domain/connector';
import type { CanonicalLead } from '../domain/lead';
import type { Logger } from '../log/createLogger';
import type { Database } from '../store/database';
import { readerLanguage } from '../scoring/formatReasons';
import type { LeadHistory } from '../domain/handover';
import type { HandoverPlan, HandoverPlanner, HandoverSummary } from '../domain/handover';
import { addBusinessHours } from './businessHours';
import { buildHandoverTask, type HandoverContext } from './buildHandoverTask';
import { checkSla } from './checkSla';
import { createUserDirectory, type UserDirectory } from './resolveUsers';
import type { BusinessHours, RoutingConfig } from './routingSchema';
import { createRoutingStore, type AssignmentRecord } from './routingStore';

export interface OwnerHandoverDeps {
  db: Database;
  orgId: number;
  orgName: string;
  connector: Pick<Connector, 'listUsers' | 'writeBack' | 'createHandoverTasks' | 'recordUrl'>;
  /** The default SLA: LEADLOOP_DEFAULT_SLA_* in the org's time zone. */
  hours: BusinessHours;
  slaHours: number;
  logger: Logger;
}

/** Why an MQL stayed unassigned. */
type Unassigned = 'no owner' | 'queue or not a user' | 'inactive user';

/** A routing file with no teams and no rules: checkSla records breaches and reassigns nobody. */
const NO_ROUTING: RoutingConfig = {
  teams: {},
  rules: [],
  escalation: { action: 'notify', email: false },
  notifications: { email: false },
  language: 'both',
};

/**
 * The hand-over when an org has no routing file: a new MQL stays with the owner the CRM
 * gives it when that owner is an active user — it gets the default SLA (business hours in
 * the org's time zone) and one hand-over task, and nothing is written to its owner. An
 * owner that is not among the CRM's users (a Salesforce queue, a Group id with prefix 00G
 * — https://help.salesforce.com/s/articleView?id=000385203&type=1 — or anything else that
 * `listUsers` does not return) or an inactive user leaves the MQL unassigned: no task, no
 * SLA, counted in the run's summary so the admin hears about it.
 */
export function createOwnerHandover(deps: OwnerHandoverDeps): HandoverPlanner {
  const store = createRoutingStore(deps.db, deps.orgId);
  let directory: Promise<UserDirectory> | null = null;
  const users = () => (directory ??= deps.connector.listUsers().then(createUserDirectory));
  const unassigned: Record<Unassigned, number> = { 'no owner': 0, 'queue or not a user': 0, 'inactive user': 0 };
  const examples: string[] = [];

  const leave = (lead: CanonicalLead, why: Unassigned): null => {
    unassigned[why] += 1;
    if (examples.length < 5) examples.push(`${lead.externalId} (${why}${lead.ownerId ? ` ${lead.ownerId}` : ''})`);
    deps.logger.info(
      `hand-over: MQL ${lead.externalId} left unassigned (${why}${lead.ownerId ? `: ${lead.ownerId}` : ''}); no routing configured for ${deps.orgName}`,
    );
    return null;
  };

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
      if (!lead.ownerId) return leave(lead, 'no owner');
      const owner = (await users()).byId(lead.ownerId);
      if (!owner) return leave(lead, 'queue or not a user');
      if (!owner.isActive) return leave(lead, 'inactive user');
      // a replay (the stopped run stored this hand-over) keeps its deadline and logs nothing new
      const slaDueAt = replay?.slaDueAt ?? addBusinessHours(now, deps.slaHours, deps.hours).toISOString();
      const record: AssignmentRecord = {
        externalId: lead.externalId,
        rule: 'no routing: CRM owner',
        ownerId: owner.id,
      };
      const link = deps.connector.recordUrl?.(lead.externalId);
      const ctx: HandoverContext = {
        dueAt: slaDueAt,
        language: readerLanguage(owner.language) ?? 'both',
        timeZone: owner.timeZone ?? deps.hours.timezone,
        ...(link ? { link } : {}),
        ...(stored?.recycledAt ? { returned: { at: stored.recycledAt, reason: stored.recycleReason ?? null } } : {}),
      };
      const task = buildHandoverTask(lead, result, ctx);
      return { ownerId: owner.id, slaDueAt, assign: false, task, ...(replay ? {} : { record }) };
    },
    async storePlans(tx, records) {
      for (const r of records as AssignmentRecord[]) await store.recordAssignment(tx, r);
    },
    checkSla: (now) => checkSla({ ...deps, config: NO_ROUTING, users, nextRep: async () => null }, now),
    summary(): HandoverSummary {
      const left = Object.values(unassigned).reduce((a, b) => a + b, 0);
      return {
        routing: 'not configured',
        hint: `routing is not configured for ${deps.orgName}: MQLs stay with their CRM owner when active (default SLA ${deps.slaHours} business hours); attach rules with \`leadloop orgs set ${deps.orgName} --routing FILE\``,
        unassigned: left,
        ...(left
          ? { unassignedWhy: Object.fromEntries(Object.entries(unassigned).filter(([, n]) => n > 0)), examples }
          : {}),
      };
    },
  };
}
