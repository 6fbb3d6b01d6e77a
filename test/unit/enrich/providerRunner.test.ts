import type {
  LookupOutcome,
  NetworkProvider,
  ProviderLimits,
  ProviderSubject,
} from '../../../src/enrich/networkProvider';
import { createProviderRunner, SKIPPED_BUDGET, SKIPPED_CIRCUIT } from '../../../src/enrich/providerRunner';

/**
 * A provider whose answers are scripted per call. Not an HTTP fake: the runner's
 * contract is the NetworkProvider interface, and this drives its failure branches.
 */
function scripted(
  script: (keys: string[], call: number) => Map<string, LookupOutcome> | Error,
  limits: Partial<ProviderLimits> = {},
) {
  let call = 0;
  const starts: number[] = [];
  const provider: NetworkProvider = {
    id: 'test',
    limits: {
      concurrency: 1,
      minIntervalMs: 0,
      batchSize: 1,
      timeoutMs: 1000,
      ttlMs: 1,
      negativeTtlMs: 1,
      breakerThreshold: 3,
      breakerCooldownMs: 60_000,
      ...limits,
    },
    subjectFor: () => undefined,
    async lookup(subjects) {
      starts.push(clock.now);
      const answer = script(
        subjects.map((s) => s.key),
        call++,
      );
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return { provider, starts };
}

const clock = { now: 0 };
const sleep = async (ms: number) => {
  clock.now += ms;
};
const subjects = (...keys: string[]): ProviderSubject[] => keys.map((key) => ({ key }));
const found = (keys: string[]) => new Map<string, LookupOutcome>(keys.map((k) => [k, { kind: 'found', facts: [] }]));
const signal = new AbortController().signal;

describe('createProviderRunner', () => {
  beforeEach(() => {
    clock.now = 1_000_000;
  });

  it('spaces request starts by the provider rate limit', async () => {
    const { provider, starts } = scripted(found, { minIntervalMs: 1000 });
    const runner = createProviderRunner(provider, { clock: () => clock.now, sleep });
    await runner.run(subjects('a', 'b', 'c'), clock.now + 10_000, signal);
    expect(starts.map((t) => t - 1_000_000)).toEqual([0, 1000, 2000]);
    expect(runner.lookups).toBe(3);
  });

  it('defers what would start after the page deadline', async () => {
    const { provider } = scripted(found, { minIntervalMs: 1000 });
    const runner = createProviderRunner(provider, { clock: () => clock.now, sleep });
    const results = await runner.run(subjects('a', 'b', 'c'), clock.now + 1500, signal);
    expect([...results.values()].map((r) => r.kind)).toEqual(['found', 'found', 'skipped']);
    expect(results.get('c')).toEqual({ kind: 'skipped', message: SKIPPED_BUDGET });
  });

  it('batches subjects', async () => {
    const seen: string[][] = [];
    const { provider } = scripted((keys) => (seen.push(keys), found(keys)), { batchSize: 2 });
    await createProviderRunner(provider, { clock: () => clock.now, sleep }).run(
      subjects('a', 'b', 'c'),
      clock.now + 10_000,
      signal,
    );
    expect(seen).toEqual([['a', 'b'], ['c']]);
  });

  it('opens after 3 consecutive failures, then lets one trial through after the cooldown', async () => {
    const { provider } = scripted((keys, call) => (call < 3 || call === 3 ? new Error('boom') : found(keys)));
    const runner = createProviderRunner(provider, { clock: () => clock.now, sleep });
    const first = await runner.run(subjects('a', 'b', 'c', 'd'), clock.now + 10_000, signal);
    expect([...first.values()].map((r) => ('message' in r ? r.message : r.kind))).toEqual([
      'error',
      'error',
      'error',
      SKIPPED_CIRCUIT,
    ]);
    expect(runner.isOpen).toBe(true);

    clock.now += 60_000;
    const trialFails = await runner.run(subjects('e', 'f'), clock.now + 10_000, signal);
    expect([...trialFails.values()].map((r) => r.kind)).toEqual(['failed', 'skipped']);

    clock.now += 60_000;
    const recovered = await runner.run(subjects('g', 'h'), clock.now + 10_000, signal);
    expect([...recovered.values()].map((r) => r.kind)).toEqual(['found', 'found']);
    expect(runner.isOpen).toBe(false);
  });

  it('honours a Retry-After even before the failure threshold', async () => {
    const { provider } = scripted((keys, call) =>
      call === 0 ? Object.assign(new Error('HTTP 429'), { retryAfterMs: 30_000 }) : found(keys),
    );
    const runner = createProviderRunner(provider, { clock: () => clock.now, sleep });
    const results = await runner.run(subjects('a', 'b'), clock.now + 10_000, signal);
    expect(results.get('b')).toEqual({ kind: 'skipped', message: SKIPPED_CIRCUIT });
    clock.now += 30_000;
    expect((await runner.run(subjects('b'), clock.now + 10_000, signal)).get('b')!.kind).toBe('found');
  });

  it('counts a subject the provider did not answer as failed', async () => {
    const { provider } = scripted(() => new Map());
    const results = await createProviderRunner(provider, { clock: () => clock.now, sleep }).run(
      subjects('a'),
      clock.now + 10_000,
      signal,
    );
    expect(results.get('a')).toEqual({ kind: 'failed', message: 'no answer for this subject' });
  });
});
