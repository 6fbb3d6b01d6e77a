import type { LeadStatus } from './status';

/** What the pipeline, routing and the rep's texts need of a score (the scoring engine's ScoreResult extends it). */
export interface ScoreSummary {
  fit: number;
  grade: string;
  engagement: number;
  score: number;
  completeness: number;
  missingRequired: string[];
  proposedStatus: LeadStatus;
  statusCause: string;
  fastLane: boolean;
  reasons: { code: string; points: number; en: string; es: string }[];
  definitionVersion: string;
}
