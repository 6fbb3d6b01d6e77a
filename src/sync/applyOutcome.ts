import type { OutcomeKind } from '../domain/outcome';
import { canTransition, type LeadStatus } from '../domain/status';

const TARGET: Record<OutcomeKind, LeadStatus> = {
  accepted: 'sal',
  qualified: 'sql',
  recycled: 'recycled',
  disqualified: 'disqualified',
  won: 'won',
  lost: 'lost',
};

/** The lifecycle status after a sales outcome, or null when the outcome does not move the lead. */
export function statusAfterOutcome(current: LeadStatus, kind: OutcomeKind): LeadStatus | null {
  const target = TARGET[kind];
  if (target === current) return null;
  // a rep's acceptance after the lead already reached sql or beyond changes nothing
  if (kind === 'accepted' && ['sql', 'won', 'lost'].includes(current)) return null;
  return canTransition(current, target) ? target : null;
}
