import type { Run } from './types';

/** A timestamp as the admin's browser shows local time, to the minute. */
export function when(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A timestamp in a given IANA time zone (the org's), with the zone's short name. */
export function inZone(iso: string, timeZone: string): string {
  try {
    return new Date(iso).toLocaleString(undefined, {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
  } catch {
    return when(iso);
  }
}

export function duration(run: Pick<Run, 'startedAt' | 'finishedAt' | 'status'>): string {
  if (!run.finishedAt) return run.status === 'queued' ? '—' : '…';
  const s = (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
  return s < 60 ? `${Math.max(0, Math.round(s * 10) / 10)} s` : `${Math.round(s / 6) / 10} min`;
}

export const pct = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`;

export const isLive = (run: Pick<Run, 'status'>) => run.status === 'queued' || run.status === 'running';

/**
 * How often to poll while a run is live: fast while it is young (a run that cannot start fails
 * within a second and should show at once), then once a second.
 */
export function pollMs(runs: Pick<Run, 'status' | 'startedAt'>[]): number | null {
  const live = runs.filter(isLive);
  if (!live.length) return null;
  return live.some((r) => Date.now() - Date.parse(r.startedAt) < 30_000) ? 200 : 1_000;
}
