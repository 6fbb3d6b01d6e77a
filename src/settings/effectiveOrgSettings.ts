import type { Settings } from './loadSettings';
import type { OrgSettings } from './orgSettings';

/** A value that applies to an org's runs and where it comes from: the org's own setting or the environment's. */
export interface Effective<T, Env extends keyof Settings> {
  value: T;
  source: 'org' | Env;
}

export interface EffectiveOrgSettings {
  bulkThreshold: Effective<number, 'LEADLOOP_SYNC_BULK_THRESHOLD'>;
  apiBudgetShare: Effective<number, 'LEADLOOP_API_BUDGET_SHARE'>;
  /** Leads processed, written back and stored together (environment only). */
  batchLeads: number;
  /** How far before its cursor an incremental read starts again (environment only). */
  overlapMs: number;
}

/**
 * The one place a run's settings are resolved: the environment's value (whose default lives
 * in the settings schema), overridden by the org's own where it has one. Connectors, the
 * sync and `leadloop orgs show` all read the result, so they never disagree.
 */
export function effectiveOrgSettings(settings: Settings, org: OrgSettings): EffectiveOrgSettings {
  return {
    bulkThreshold:
      org.bulkThreshold !== undefined
        ? { value: org.bulkThreshold, source: 'org' }
        : { value: settings.LEADLOOP_SYNC_BULK_THRESHOLD, source: 'LEADLOOP_SYNC_BULK_THRESHOLD' },
    apiBudgetShare:
      org.apiBudgetShare !== undefined
        ? { value: org.apiBudgetShare, source: 'org' }
        : { value: settings.LEADLOOP_API_BUDGET_SHARE, source: 'LEADLOOP_API_BUDGET_SHARE' },
    batchLeads: settings.LEADLOOP_SYNC_BATCH_LEADS,
    overlapMs: settings.LEADLOOP_SYNC_OVERLAP_SECONDS * 1000,
  };
}
