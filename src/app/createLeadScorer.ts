import type { Definition } from '../definition/definitionSchema';
import { enrichOffline } from '../enrich/enrichOffline';
import { compileDefinition } from '../scoring/compileDefinition';
import { formatReasons, type FormatReasonsOptions } from '../scoring/formatReasons';
import { scoreLead, type ScoreInput, type ScoreResult } from '../scoring/scoreLead';

/** One lead definition, ready to score: the same assembly for a sync, `leadloop score` and the benchmark. */
export interface LeadScorer {
  /** The compiled definition's version (`name@version#hash`). */
  readonly version: string;
  /** Scores one mapped lead with the enrichment it was given. */
  score(input: ScoreInput): ScoreResult;
  /** Scores one mapped lead with offline enrichment only (no network): files and benchmarks. */
  scoreOffline(input: Omit<ScoreInput, 'enrichment'>): ScoreResult;
  /** The reasons text a rep reads, in `language`, within `maxLength` characters. */
  formatReasons(result: ScoreResult, options: FormatReasonsOptions): string;
}

export function createLeadScorer(definition: Definition): LeadScorer {
  const compiled = compileDefinition(definition);
  return {
    version: compiled.version,
    score: (input) => scoreLead(compiled, input),
    scoreOffline: (input) => scoreLead(compiled, { ...input, enrichment: enrichOffline(input.lead, input.now) }),
    formatReasons,
  };
}
