import { z } from 'zod';

/**
 * The per-org settings kept in `orgs.settings` (JSON), parsed whenever an org is read.
 * Each value is validated when it is set (`leadloop orgs set`, the API, the console); a
 * stored value that no longer parses (written by an older version, edited by hand) is
 * dropped here rather than read with a cast, so the org falls back to the default.
 */
export const orgSettingsSchema = z.object({
  /** A mapping file used instead of the shipped `mappings/<crm>.yaml` (absolute path). */
  mappingFile: z.string().min(1).optional().catch(undefined),
  /** The org's routing file (absolute path); none: MQLs keep their CRM owner (see createOwnerHandover). */
  routingFile: z.string().min(1).optional().catch(undefined),
  /** Share of the org's daily API requests leadloop may use; overrides LEADLOOP_API_BUDGET_SHARE. */
  apiBudgetShare: z.number().gt(0).max(1).optional().catch(undefined),
  /** Leads from which a pull reads through the CRM's bulk API; overrides LEADLOOP_SYNC_BULK_THRESHOLD. */
  bulkThreshold: z.number().int().min(1).optional().catch(undefined),
});

export type OrgSettings = z.infer<typeof orgSettingsSchema>;

/** The stored JSON → typed settings (unknown keys are ignored, malformed values dropped). */
export function parseOrgSettings(raw: unknown): OrgSettings {
  const parsed = orgSettingsSchema.safeParse(raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {});
  return parsed.success ? parsed.data : {};
}
