import type { CanonicalLead } from '../domain/lead';
import type { RoutingRule } from './routingSchema';

export interface RoutingFacts {
  lead: Pick<CanonicalLead, 'country' | 'leadSource' | 'industry' | 'employees'>;
  grade: string;
  fastLane: boolean;
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Whether every condition of a rule holds (an absent condition always holds; a missing value never matches a present one). */
export function ruleMatches(rule: RoutingRule, facts: RoutingFacts): boolean {
  const w = rule.when;
  const { lead } = facts;
  if (w.country && !(lead.country && w.country.includes(lead.country.toUpperCase()))) return false;
  if (w.grade && !w.grade.includes(facts.grade as 'A')) return false;
  if (w.source && !(lead.leadSource && w.source.some((s) => fold(s) === fold(lead.leadSource!)))) return false;
  if (w.industry && !(lead.industry && w.industry.some((k) => fold(lead.industry!).includes(fold(k))))) return false;
  if (w.minEmployees !== undefined && !(typeof lead.employees === 'number' && lead.employees >= w.minEmployees))
    return false;
  if (w.maxEmployees !== undefined && !(typeof lead.employees === 'number' && lead.employees <= w.maxEmployees))
    return false;
  if (w.fastLane !== undefined && w.fastLane !== facts.fastLane) return false;
  return true;
}

/** The first rule that matches, in file order. */
export function firstMatchingRule(rules: RoutingRule[], facts: RoutingFacts): RoutingRule | null {
  return rules.find((r) => ruleMatches(r, facts)) ?? null;
}
