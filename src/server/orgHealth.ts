import type { OrgRecord } from '../store/orgRepository';
import type { RunRecord } from '../sync/stores/runStore';

/** The badge an admin reads in the orgs list. */
export type OrgHealthStatus = 'connected' | 'setup_needed' | 'needs_reconnect' | 'failing' | 'disabled';

export interface OrgHealth {
  status: OrgHealthStatus;
  /** What is wrong, in a sentence (null when nothing is). */
  message: string | null;
  /** What to do next. */
  nextStep: string;
}

/** From the org's state and its last run: one status, why, and what to do next. */
export function orgHealth(org: Pick<OrgRecord, 'state' | 'stateMessage'>, lastRun: RunRecord | null): OrgHealth {
  if (org.state === 'disabled')
    return {
      status: 'disabled',
      message: org.stateMessage ?? 'taken out of service; its credentials are erased',
      nextStep: 'Connect the CRM again (Connect a CRM) to use this org.',
    };
  if (org.state === 'needs_reconnect')
    return {
      status: 'needs_reconnect',
      message: org.stateMessage ?? 'the CRM refused the stored credentials',
      nextStep: 'Re-connect the org: Connect a CRM with the same name.',
    };
  if (!lastRun) return { status: 'connected', message: null, nextStep: 'Run a first sync: Sync now, mode full.' };
  if (lastRun.status === 'queued' || lastRun.status === 'running')
    return { status: 'connected', message: null, nextStep: 'A sync is under way; its counts update on the org page.' };
  if (lastRun.status === 'completed')
    return { status: 'connected', message: null, nextStep: 'Nothing to do: the schedule runs the next sync.' };
  const fix = lastRun.fix ?? 'Open the last run for its stop reason, fix it and sync again.';
  if (lastRun.stopCode === 'SETUP_INCOMPLETE')
    return { status: 'setup_needed', message: lastRun.stopReason, nextStep: fix };
  return { status: 'failing', message: lastRun.stopReason, nextStep: fix };
}
