import type { HealthStatus, RunStatus } from '../types';

const HEALTH_LABEL: Record<HealthStatus, string> = {
  connected: 'connected',
  setup_needed: 'setup needed',
  needs_reconnect: 'needs re-connection',
  failing: 'failing',
  disabled: 'disabled',
};

const HEALTH_TONE: Record<HealthStatus, string> = {
  connected: 'good',
  setup_needed: 'warn',
  needs_reconnect: 'bad',
  failing: 'bad',
  disabled: 'neutral',
};

export function HealthBadge({ status }: { status: HealthStatus }) {
  return <span className={`badge ${HEALTH_TONE[status]}`}>{HEALTH_LABEL[status]}</span>;
}

const RUN_TONE: Record<RunStatus, string> = {
  queued: 'neutral',
  running: 'warn',
  completed: 'good',
  stopped: 'bad',
  failed: 'bad',
};

export function RunBadge({ status }: { status: RunStatus }) {
  return (
    <span className={`badge ${RUN_TONE[status]}`} data-run-status={status}>
      {status}
    </span>
  );
}
