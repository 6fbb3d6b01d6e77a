import { orgHealth } from '../../../src/server/orgHealth';
import { emptyCounts, type RunRecord } from '../../../src/sync/stores/runStore';

const run = (over: Partial<RunRecord>): RunRecord => ({
  id: 1,
  orgId: 1,
  mode: 'incremental',
  status: 'completed',
  startedAt: new Date('2026-12-01T02:00:00Z'),
  finishedAt: new Date('2026-12-01T02:01:00Z'),
  counts: emptyCounts(),
  apiCalls: 3,
  stopReason: null,
  stopCode: null,
  fix: null,
  skippedSources: [],
  ...over,
});
const connected = { state: 'connected' as const, stateMessage: null };

/** One row a rule: the org's state and its last run → the badge and what to do next. */
describe('orgHealth', () => {
  it.each([
    ['never synced', connected, null, 'connected', /^Run a first sync/],
    ['last run completed', connected, run({}), 'connected', /^Nothing to do/],
    ['a run is queued', connected, run({ status: 'queued', finishedAt: null }), 'connected', /under way/],
    ['a run is running', connected, run({ status: 'running', finishedAt: null }), 'connected', /under way/],
    [
      'setup incomplete',
      connected,
      run({ status: 'failed', stopCode: 'SETUP_INCOMPLETE', stopReason: 'no field', fix: 'Run setup' }),
      'setup_needed',
      /^Run setup$/,
    ],
    [
      'stopped on the API limit',
      connected,
      run({ status: 'stopped', stopReason: 'API limit reached' }),
      'failing',
      /^Open the last run/,
    ],
    ['failed with a fix', connected, run({ status: 'failed', stopReason: 'x', fix: 'Do y' }), 'failing', /^Do y$/],
    [
      'credentials refused',
      { state: 'needs_reconnect' as const, stateMessage: 'invalid_grant' },
      run({}),
      'needs_reconnect',
      /^Re-connect/,
    ],
    ['disconnected', { state: 'disabled' as const, stateMessage: null }, null, 'disabled', /^Connect the CRM again/],
  ])('%s', (_name, org, last, status, nextStep) => {
    const health = orgHealth(org, last);
    expect(health.status).toBe(status);
    expect(health.nextStep).toMatch(nextStep);
  });

  it('says what is wrong in the words of the run or the org', () => {
    expect(orgHealth(connected, run({ status: 'failed', stopReason: 'the lock is held' })).message).toBe(
      'the lock is held',
    );
    expect(orgHealth({ state: 'needs_reconnect', stateMessage: 'invalid_grant' }, null).message).toBe('invalid_grant');
    expect(orgHealth(connected, run({})).message).toBeNull();
  });
});
