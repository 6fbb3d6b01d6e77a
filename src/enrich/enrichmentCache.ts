import type { Queryable } from '../store/database';
import type { ProviderFact } from './networkProvider';

export interface CachedOutcome {
  provider: string;
  key: string;
  outcome: 'found' | 'none' | 'failed';
  facts: ProviderFact[];
  message?: string;
  /** When the provider answered (the facts' fetchedAt). */
  fetchedAt: string;
  expiresAt: string;
}

export const cacheId = (provider: string, key: string): string => `${provider}\n${key}`;

interface Row {
  provider: string;
  cache_key: string;
  outcome: CachedOutcome['outcome'];
  facts: ProviderFact[] | string;
  message: string | null;
  fetched_at: Date | string;
  expires_at: Date | string;
}

/** The enrichment_cache table (migration 010): batched reads and writes, one statement per page. */
export function createEnrichmentCache(db: Queryable) {
  return {
    /** Unexpired entries for the given provider/key pairs, by `cacheId`. */
    async getMany(pairs: { provider: string; key: string }[], now: Date): Promise<Map<string, CachedOutcome>> {
      const out = new Map<string, CachedOutcome>();
      if (pairs.length === 0) return out;
      const { rows } = await db.query<Row>(
        `SELECT c.provider, c.cache_key, c.outcome, c.facts, c.message, c.fetched_at, c.expires_at
           FROM enrichment_cache c
           JOIN jsonb_to_recordset($1::jsonb) AS x(provider text, cache_key text)
             ON c.provider = x.provider AND c.cache_key = x.cache_key
          WHERE c.expires_at > $2`,
        [JSON.stringify(pairs.map((p) => ({ provider: p.provider, cache_key: p.key }))), now.toISOString()],
      );
      for (const r of rows) {
        out.set(cacheId(r.provider, r.cache_key), {
          provider: r.provider,
          key: r.cache_key,
          outcome: r.outcome,
          facts: typeof r.facts === 'string' ? (JSON.parse(r.facts) as ProviderFact[]) : r.facts,
          ...(r.message ? { message: r.message } : {}),
          fetchedAt: new Date(r.fetched_at).toISOString(),
          expiresAt: new Date(r.expires_at).toISOString(),
        });
      }
      return out;
    },

    async putMany(entries: CachedOutcome[]): Promise<void> {
      const unique = new Map(entries.map((e) => [cacheId(e.provider, e.key), e]));
      if (unique.size === 0) return;
      const rows = [...unique.values()].map((e) => ({
        provider: e.provider,
        cache_key: e.key,
        outcome: e.outcome,
        facts: e.facts,
        message: e.message ?? null,
        fetched_at: e.fetchedAt,
        expires_at: e.expiresAt,
      }));
      await db.query(
        `INSERT INTO enrichment_cache (provider, cache_key, outcome, facts, message, fetched_at, expires_at)
         SELECT x.provider, x.cache_key, x.outcome, x.facts, x.message, x.fetched_at, x.expires_at
           FROM jsonb_to_recordset($1::jsonb) AS x(provider text, cache_key text, outcome text, facts jsonb, message text,
                                                   fetched_at timestamptz, expires_at timestamptz)
         ON CONFLICT (provider, cache_key) DO UPDATE SET outcome = EXCLUDED.outcome, facts = EXCLUDED.facts,
           message = EXCLUDED.message, fetched_at = EXCLUDED.fetched_at, expires_at = EXCLUDED.expires_at`,
        [JSON.stringify(rows)],
      );
    },

    /** Removes every provider's entry for these keys; returns how many rows went. */
    async deleteKeys(keys: string[]): Promise<number> {
      if (keys.length === 0) return 0;
      const { rowCount } = await db.query('DELETE FROM enrichment_cache WHERE cache_key = ANY($1::text[])', [keys]);
      return rowCount;
    },

    /** Removes entries keyed by a company (GLEIF uses "name|country"). */
    async deleteCompanyKey(companyKey: string): Promise<number> {
      const { rowCount } = await db.query(
        "DELETE FROM enrichment_cache WHERE cache_key = $1 OR cache_key LIKE $2 ESCAPE '\\'",
        [companyKey, `${companyKey.replace(/[\\%_]/g, (c) => `\\${c}`)}|%`],
      );
      return rowCount;
    },

    async purgeExpired(now: Date): Promise<number> {
      const { rowCount } = await db.query('DELETE FROM enrichment_cache WHERE expires_at <= $1', [now.toISOString()]);
      return rowCount;
    },
  };
}

export type EnrichmentCache = ReturnType<typeof createEnrichmentCache>;
