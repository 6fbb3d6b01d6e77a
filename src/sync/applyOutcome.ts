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

/**
 * The lifecycle status after a sales outcome, or null when the outcome does not move the lead.
 * A rep's disqualification of a lead leadloop had disqualified itself is still a change: from
 * then on it is sales' decision, which scoring keeps until a rep reopens the lead
 * (`disqualifiedBySales`), so it is returned (`disqualified` → `disqualified`).
 */
export function statusAfterOutcome(
  current: LeadStatus,
  kind: OutcomeKind,
  disqualifiedBySales = false,
): LeadStatus | null {
  const target = TARGET[kind];
  if (target === current) return kind === 'disqualified' && !disqualifiedBySales ? target : null;
  // a rep's acceptance after the lead already reached sql or beyond changes nothing
  if (kind === 'accepted' && ['sql', 'won', 'lost'].includes(current)) return null;
  return canTransition(current, target) ? target : null;
}
