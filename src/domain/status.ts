import { z } from 'zod';

/**
 * The leadloop lifecycle (docs/definition.md, "Status"). Marketing-side statuses are set by the
 * engine; sales-side statuses come from what reps do in the CRM and are never
 * overwritten by the engine.
 */
export const LEAD_STATUSES = [
  'new',
  'nurture',
  'mql',
  'sal',
  'sql',
  'won',
  'lost',
  'recycled',
  'disqualified',
] as const;
export const leadStatusSchema = z.enum(LEAD_STATUSES);
export type LeadStatus = z.infer<typeof leadStatusSchema>;

export const MARKETING_STATUSES: readonly LeadStatus[] = ['new', 'nurture', 'mql', 'disqualified'];
export const SALES_STATUSES: readonly LeadStatus[] = ['sal', 'sql', 'recycled', 'won', 'lost'];

export function isSalesStatus(status: LeadStatus): boolean {
  return SALES_STATUSES.includes(status);
}

export function isMarketingStatus(status: LeadStatus): boolean {
  return MARKETING_STATUSES.includes(status);
}

/** Allowed transitions: from → the statuses it may move to. */
const TRANSITIONS: Record<LeadStatus, readonly LeadStatus[]> = {
  new: ['nurture', 'mql', 'disqualified', 'sal', 'sql', 'won', 'lost', 'recycled'],
  nurture: ['mql', 'disqualified', 'sal', 'sql', 'won', 'lost', 'recycled'],
  // an mql may fall back to nurture when its score decays before a rep touches it
  mql: ['nurture', 'disqualified', 'sal', 'sql', 'won', 'lost', 'recycled'],
  disqualified: ['nurture', 'mql', 'sal', 'sql', 'recycled'],
  sal: ['sql', 'won', 'lost', 'recycled', 'disqualified'],
  sql: ['won', 'lost', 'recycled', 'disqualified'],
  // a returned lead goes back into nurture and may qualify again
  recycled: ['nurture', 'mql', 'sal', 'sql', 'won', 'lost', 'disqualified'],
  won: [],
  lost: ['recycled', 'sal', 'sql'],
};

export function canTransition(from: LeadStatus, to: LeadStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

/** Why a status changed; recorded with every transition. */
export const TRANSITION_CAUSES = ['scoring', 'rep', 'conversion', 'opportunity', 'sla', 'import', 'api'] as const;
export type TransitionCause = (typeof TRANSITION_CAUSES)[number];

export interface StatusTransition {
  from: LeadStatus | null;
  to: LeadStatus;
  at: string;
  cause: TransitionCause;
  detail?: string;
}
