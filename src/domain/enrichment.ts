import { z } from 'zod';

/** A fact learnt about a lead or its company from public data, with provenance. */
export const enrichmentFactSchema = z.object({
  /** Canonical field or fact name, e.g. `emailType`, `employees`, `phoneE164`, `mxProvider`. */
  field: z.string().min(1),
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  /** Provider id, e.g. `offline:email`, `dns:mx`, `website`, `wikidata`, `gleif`. */
  source: z.string().min(1),
  fetchedAt: z.iso.datetime({ offset: true }),
  /** 0..1: how sure the provider is. */
  confidence: z.number().min(0).max(1),
});
export type EnrichmentFact = z.infer<typeof enrichmentFactSchema>;

export const EMAIL_TYPES = ['corporate', 'free', 'disposable', 'role', 'malformed', 'missing'] as const;
export type EmailType = (typeof EMAIL_TYPES)[number];

export const SENIORITIES = [
  'owner',
  'c_level',
  'vp',
  'director',
  'head',
  'manager',
  'senior',
  'staff',
  'entry',
  'student',
  'unknown',
] as const;
export type Seniority = (typeof SENIORITIES)[number];

export const DEPARTMENTS = [
  'executive',
  'sales',
  'marketing',
  'it',
  'engineering',
  'finance',
  'operations',
  'hr',
  'purchasing',
  'legal',
  'customer_service',
  'product',
  'other',
  'unknown',
] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** Enrichment result for a lead: facts plus a summary of providers that failed or were skipped. */
export interface Enrichment {
  facts: EnrichmentFact[];
  /** Providers that could not answer (timeout, circuit open …) for the run summary. */
  problems: { source: string; message: string }[];
  /**
   * A lookup this lead needs could not be made (network off, resolver unreachable, timeout,
   * circuit open, page budget spent): what it would have said is unknown, so nothing was
   * scored for it, and the lead is enriched again on a later run with the network on.
   */
  pending?: boolean;
}

/** Convenience: the first fact value for a field, or undefined. */
export function factValue(enrichment: Enrichment | undefined, field: string): EnrichmentFact['value'] | undefined {
  if (!enrichment) return undefined;
  for (const fact of enrichment.facts) if (fact.field === field) return fact.value;
  return undefined;
}
