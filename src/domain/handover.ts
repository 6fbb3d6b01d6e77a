import type { Queryable } from '../store/database';
import type { HandoverTask } from './connector';
import type { CanonicalLead } from './lead';
import type { ScoreSummary } from './score';

/** What a planner reads of a lead's stored history: when and why sales last returned it. */
export interface LeadHistory {
  recycledAt: string | null;
  recycleReason: string | null;
}

/** A message about a hand-over, queued in the outbox under the hand-over's key (src/notify). */
export interface HandoverMessage {
  channel: 'webhook' | 'email' | 'campaign';
  teamKey?: string;
  recipient?: string;
  payload: Record<string, unknown>;
}

/** A hand-over decided for a lead that just became an MQL. */
export interface HandoverPlan {
  ownerId: string;
  slaDueAt: string;
  /** False when leadloop keeps the CRM's owner (nothing to write). */
  assign: boolean;
  task?: Omit<HandoverTask, 'key' | 'leadExternalId' | 'ownerId' | 'dueAt'>;
  /** Messages about the hand-over (webhook, e-mail), queued with the lead's state under the task's key. */
  notifications?: HandoverMessage[];
  /** What the planner keeps of this decision (a round-robin turn, the assignment log), stored with the page. */
  record?: unknown;
}

export interface HandoverPlanner {
  plan(input: {
    lead: CanonicalLead;
    result: ScoreSummary;
    stored: LeadHistory | undefined;
    now: Date;
    /**
     * This hand-over was planned and stored already, by a run that stopped before it stored
     * the lead: plan it again for the same owner and deadline, taking no new turn and keeping
     * no new record.
     */
    replay?: { ownerId: string; slaDueAt: string };
  }): Promise<HandoverPlan | null>;
  /**
   * Stores the `record`s of a page's plans (round-robin turns, the assignment log) in the
   * transaction that stores the page's hand-overs, before anything is sent to the CRM. A page
   * replayed after a crash finds its hand-overs stored and plans them again as `replay`, so
   * each lead keeps the owner it was given and takes one turn.
   */
  storePlans?(tx: Queryable, records: unknown[]): Promise<void>;
  /** At the end of a completed run: escalate MQLs nobody touched by their SLA deadline. */
  checkSla?(now: Date): Promise<{ breaches: number; reassigned: number; notified: boolean }>;
  /** Sends the queued notifications (and campaign adds); never throws for a failed send. */
  sendNotifications?(): Promise<{ sent: number; failed: number }>;
  /** CRM id of the nurture campaign recycled leads join, when the routing file names one. */
  recycleCampaign?: string;
  /** What the run's summary says about hand-overs (the planner without a routing file says how to attach one). */
  summary?(): HandoverSummary;
}

export interface HandoverSummary {
  routing: 'configured' | 'not configured';
  /** One line for the admin (e.g. how to attach routing rules). */
  hint?: string;
  /** New MQLs left without an owner to hand over to (a queue owner, an inactive user). */
  unassigned: number;
  unassignedWhy?: Record<string, number>;
  examples?: string[];
}
