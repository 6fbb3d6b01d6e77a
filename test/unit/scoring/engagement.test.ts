import type { EngagementEvent } from '../../../src/domain/engagement';
import { scoreLead } from '../../../src/scoring/scoreLead';
import { NOW, compileTest, event, lead } from './fixtures';

const compiled = compileTest((d) => {
  d.reasons = { max: 20 };
});

function engagement(events: EngagementEvent[], options: { currentStatus?: 'recycled'; recycledAt?: string } = {}) {
  return scoreLead(compiled, {
    lead: lead(),
    events,
    currentStatus: options.currentStatus ?? null,
    now: NOW,
    recycledAt: options.recycledAt,
  });
}

describe('engagement: points with half-life decay, caps per type', () => {
  it.each<[string, EngagementEvent[], number]>([
    ['no events', [], 0],
    ['demo request today', [event('demo_request', 0)], 40],
    ['one half-life old (10 days)', [event('demo_request', 10)], 20],
    ['two half-lives old', [event('demo_request', 20)], 10],
    ['per-type half-life (email open, 5 days)', [event('email_open', 5)], 1],
    ['a future event counts as today (clock skew)', [event('demo_request', -2)], 40],
    [
      'cap per type after decay (3 demos today: 120 → 60)',
      [event('demo_request', 0), event('demo_request', 0), event('demo_request', 0)],
      60,
    ],
    [
      'caps are per type (5 opens capped at 5, plus a form)',
      [...Array.from({ length: 5 }, () => event('email_open', 0)), event('form_submit', 0)],
      25,
    ],
    ['event types without a rule are ignored', [event('meeting', 0), event('website_visit', 0)], 0],
    [
      'normalised and clamped at 100',
      [event('demo_request', 0), event('demo_request', 0), event('form_submit', 0), event('form_submit', 0)],
      100,
    ],
  ])('%s → %i', (_name, events, expected) => {
    expect(engagement(events).engagement).toBe(expected);
  });

  it('skips an event with an unreadable date', () => {
    expect(engagement([{ ...event('demo_request', 0), occurredAt: 'yesterday' }]).engagement).toBe(0);
  });

  it('reports engagement reasons with decayed points and counts in both languages', () => {
    const result = engagement([event('demo_request', 10), event('demo_request', 10), event('email_open', 0)]);
    expect(result.reasons).toEqual([
      { code: 'engagement_demo_request', points: 40, en: 'demo en 2', es: 'demo es 2' },
      { code: 'engagement_email_open', points: 2, en: 'open en 1', es: 'open es 1' },
    ]);
  });

  it('uses the rule code when the definition names one', () => {
    expect(engagement([event('form_submit', 0)]).reasons[0]!.code).toBe('form');
  });

  it('counts only events after the recycle for a recycled lead', () => {
    // returned 35 days ago: after the default 30-day cool-off, only the last 5 days count
    const recycledAt = new Date(NOW.getTime() - 35 * 86_400_000).toISOString();
    const events = [event('demo_request', 8), event('form_submit', 1)];
    expect(engagement(events, { currentStatus: 'recycled', recycledAt }).engagement).toBe(19);
    expect(engagement(events).engagement).toBe(Math.round(40 * 0.5 ** 0.8 + 20 * 0.5 ** 0.1));
  });
});
