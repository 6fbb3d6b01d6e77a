export interface RoundRobinCandidate {
  /** The member as written in the routing file. */
  key: string;
  userId: string;
  capacity: number;
  dailyCap: number | null;
  isActive: boolean;
  /** Leads given to this member so far (all time, this team). */
  total: number;
  /** Leads given today (the team's local day). */
  today: number;
}

/**
 * Weighted round-robin: among active members under their daily cap, the one whose share
 * after one more lead is smallest relative to capacity ((total + 1) / capacity); ties go
 * to the member listed first. Over time each member's count tracks their capacity.
 */
export function pickRoundRobin(candidates: RoundRobinCandidate[]): RoundRobinCandidate | null {
  let best: RoundRobinCandidate | null = null;
  let bestLoad = Infinity;
  for (const c of candidates) {
    if (!c.isActive || (c.dailyCap !== null && c.today >= c.dailyCap)) continue;
    const load = (c.total + 1) / c.capacity;
    if (load < bestLoad) {
      best = c;
      bestLoad = load;
    }
  }
  return best;
}
