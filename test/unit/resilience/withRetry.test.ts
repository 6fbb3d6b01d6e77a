import { LeadloopError } from '../../../src/domain/errors';
import { backoffDelay, parseRetryAfter, withRetry } from '../../../src/resilience/withRetry';

const transient = () => new LeadloopError('503', { kind: 'transient', code: 'HTTP_503' });

describe('withRetry', () => {
  it('retries transient errors and returns the first success', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const value = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw transient();
        return 'ok';
      },
      { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    );
    expect(value).toBe('ok');
    expect(calls).toBe(3);
    expect(sleeps).toEqual([375, 750]);
  });

  it.each([
    ['record', new LeadloopError('bad', { kind: 'record', code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' })],
    ['rate_limited', new LeadloopError('quota', { kind: 'rate_limited', code: 'REQUEST_LIMIT_EXCEEDED' })],
    ['plain error', new Error('bug')],
  ])('does not retry %s', async (_name, error) => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw error;
        },
        { sleep: async () => undefined },
      ),
    ).rejects.toBe(error);
    expect(calls).toBe(1);
  });

  it('gives up after maxAttempts', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw transient();
        },
        { maxAttempts: 3, sleep: async () => undefined },
      ),
    ).rejects.toThrow('503');
    expect(calls).toBe(3);
  });

  it('waits at least Retry-After', () => {
    expect(backoffDelay(1, { random: () => 0 }, 7000)).toBe(7000);
    expect(backoffDelay(5, { baseDelayMs: 500, maxDelayMs: 2000, random: () => 1 })).toBe(2000);
  });

  it.each([
    ['7', 7000],
    ['0.5', 500],
    [new Date(Date.UTC(2026, 0, 1, 0, 0, 10)).toUTCString(), 10_000],
    ['soon', undefined],
    [undefined, undefined],
  ])('parses Retry-After %s', (header, ms) => {
    expect(parseRetryAfter(header, Date.UTC(2026, 0, 1))).toBe(ms);
  });
});
