import type { LeadTimeline, TimelineTransition } from './getLeadTimeline';

const DAY_MS = 86_400_000;
const SALES_CAUSES = new Set(['rep', 'opportunity', 'import', 'api', 'conversion']);
const day = (iso: string) => iso.slice(0, 10);
const why = (detail: string | null) => (detail ? ` (${detail})` : '');

/** One transition in the words of the lifecycle: who decided, what and why. */
function describe(t: TimelineTransition): string {
  const at = day(t.at);
  if (t.cause === 'rep' && t.detail?.startsWith('reopened'))
    return `${at}: a rep reopened it (${t.detail.replace(/^reopened: /, '')}); scoring decides again → ${t.to}`;
  if (SALES_CAUSES.has(t.cause)) {
    switch (t.to) {
      case 'disqualified':
        return `${at}: disqualified by sales${why(t.detail)}`;
      case 'recycled':
        return `${at}: returned to marketing by sales${why(t.detail)}`;
      case 'sal':
        return `${at}: accepted by sales`;
      case 'sql':
        return `${at}: qualified by sales (converted or opportunity)`;
      case 'won':
        return `${at}: won`;
      case 'lost':
        return `${at}: lost${why(t.detail)}`;
      default:
        return `${at}: ${t.from ?? 'new'} → ${t.to} by ${t.cause}${why(t.detail)}`;
    }
  }
  if (t.to === 'mql')
    return `${at}: handed over to sales as an MQL (score ${t.score ?? '–'}, grade ${t.grade ?? '–'}; ${t.detail ?? 'scoring'})`;
  return `${at}: scoring moved it ${t.from ?? 'new'} → ${t.to}${why(t.detail)}`;
}

/**
 * A lead's history as sentences an admin can read out to a rep: every transition with who
 * decided it, then the sales decision scoring keeps today (a rep's disqualification until a rep
 * reopens the lead; a return to marketing and when new engagement counts again).
 */
export function explainTimeline(timeline: LeadTimeline, options: { coolOffDays: number }): string[] {
  const lines = timeline.history.map(describe);
  const d = timeline.salesDecision;
  if (timeline.status === 'disqualified' && d.disqualifiedBySales) {
    const last = [...timeline.history].reverse().find((t) => t.to === 'disqualified' && SALES_CAUSES.has(t.cause));
    lines.push(
      `Disqualified by sales${why(last?.detail ?? null)} on ${last ? day(last.at) : '–'}; it stays disqualified until a rep reopens it.`,
    );
  } else if (d.recycledAt && ['recycled', 'nurture', 'mql', 'disqualified'].includes(timeline.status)) {
    const from = new Date(Date.parse(d.recycledAt) + options.coolOffDays * DAY_MS).toISOString();
    lines.push(
      `Returned to marketing${why(d.recycleReason)} on ${day(d.recycledAt)}; new engagement counts from ${from.slice(0, 16).replace('T', ' ')} UTC.`,
    );
  } else if (['sal', 'sql', 'won', 'lost'].includes(timeline.status)) {
    lines.push(`Sales owns this lead (${timeline.status}); scoring never moves it back to marketing.`);
  }
  return lines;
}
