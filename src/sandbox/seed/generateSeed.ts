import { seedLead, type LeadContext } from './seedLead';
import { buildAccounts, buildCampaigns, buildUsers, companyCounts, TEAMS } from './seedTables';
import type { SeedData } from './seedTypes';

export type * from './seedTypes';

export interface GenerateSeedOptions {
  leads: number;
  /** PRNG seed; the same (seed, now, leads) always gives the same data. Default 42. */
  seed?: number;
  /** The instant the data is relative to. Default: today at 00:00 UTC, so a day's runs agree. */
  now?: Date;
}

/**
 * Deterministic demo data for the CRM sandboxes, CRM-agnostic (see seedTypes.ts for the shape).
 *
 * - users: an admin/integration user, a marketing user, and per team (Iberia, Mexico, Southern Cone,
 *   Andean, North America) a manager and three reps, two reps inactive; each with a time zone.
 * - accounts: ~12% of the companies leads come from (≥10), with domains; ~18% of leads share one.
 * - leads: English- and Spanish-speaking people in ES/MX/AR/CO/CL/US; corporate, free-mail,
 *   disposable, role, malformed and missing emails; local and E.164 phones; English and Spanish
 *   titles; every lead source; countries as typed ("España", "USA") or missing; statuses mostly new,
 *   some working, returned to marketing or disqualified with a reason, ~10% converted with an
 *   opportunity won, lost or open; 0–9 engagement activities and 0–2 campaign responses each.
 *
 * Leads are produced lazily: `lead(i)` is a pure function of (seed, now, leads, i), so 100k leads
 * stream without holding them all, and tables stay small and independent of the lead count
 * (except accounts, which scale with the number of companies).
 */
export function generateSeed(options: GenerateSeedOptions): SeedData {
  if (!Number.isInteger(options.leads) || options.leads < 0)
    throw new RangeError(`generateSeed: leads must be a non-negative integer, got ${options.leads}`);
  const seed = (options.seed ?? 42) >>> 0;
  const nowMs = options.now
    ? Math.floor(options.now.getTime() / 1000) * 1000
    : Math.floor(Date.now() / 86_400_000) * 86_400_000;
  const users = buildUsers(seed);
  const campaigns = buildCampaigns(nowMs);
  const repsByCountry = new Map(
    TEAMS.flatMap((team) =>
      team.countries.map((c) => [c, users.filter((u) => u.teamKey === team.key && u.role === 'sales_rep')] as const),
    ),
  );
  const marketingUserKey = users.find((u) => u.role === 'marketing')!.key;
  const ctx: LeadContext = { seed, nowMs, users, campaigns, leadCount: options.leads, marketingUserKey, repsByCountry };
  const lead = (index: number) => {
    if (!Number.isInteger(index) || index < 0 || index >= options.leads)
      throw new RangeError(`generateSeed: lead index ${index} outside 0..${options.leads - 1}`);
    return seedLead(ctx, index);
  };
  return {
    seed,
    now: new Date(nowMs).toISOString(),
    teams: TEAMS.map((t) => ({ ...t, countries: [...t.countries] })),
    users,
    accounts: buildAccounts(seed, companyCounts(options.leads).accounts, users, nowMs),
    campaigns,
    leadCount: options.leads,
    lead,
    *leads() {
      for (let i = 0; i < options.leads; i += 1) yield seedLead(ctx, i);
    },
  };
}
