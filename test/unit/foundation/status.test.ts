import { canTransition, isSalesStatus, LEAD_STATUSES } from '../../../src/domain/status';

describe('lead lifecycle', () => {
  it.each([
    ['new', 'mql', true],
    ['new', 'nurture', true],
    ['mql', 'sal', true],
    ['sal', 'sql', true],
    ['sql', 'won', true],
    ['sal', 'recycled', true],
    ['recycled', 'nurture', true],
    ['won', 'nurture', false],
    ['sal', 'mql', false],
    ['sql', 'nurture', false],
  ] as const)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it('classifies every status as sales- or marketing-side', () => {
    expect(LEAD_STATUSES.filter(isSalesStatus)).toEqual(['sal', 'sql', 'won', 'lost', 'recycled']);
  });
});
