/**
 * Enrichment answers per provider and key (a domain, or a company name and country), so
 * 10,000 leads from one company cost one lookup. Holds company-level public data only;
 * `leadloop erase --email` removes the rows keyed by a person's email domain.
 */
export const up = `
CREATE TABLE enrichment_cache (
  provider text NOT NULL,
  cache_key text NOT NULL,
  -- found | none | failed (a failure is cached only when the provider says it is stable)
  outcome text NOT NULL CHECK (outcome IN ('found', 'none', 'failed')),
  facts jsonb NOT NULL DEFAULT '[]'::jsonb,
  message text,
  fetched_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (provider, cache_key)
);
CREATE INDEX enrichment_cache_key ON enrichment_cache (cache_key);
CREATE INDEX enrichment_cache_expires ON enrichment_cache (expires_at);
`;
