import type { Definition } from '../src/definition/definitionSchema';
import type { CanonicalLead } from '../src/domain/lead';
import { createOfflineEnricher } from '../src/enrich/enrichOffline';
import {
  createFeatureExtractor,
  featureSpace,
  type FeatureSpace,
  type FiredRules,
} from '../src/feedback/calibrationFeatures';

/**
 * Synthetic leads with a known generating model, for checking that calibration recovers
 * it. Leads have realistic CRM fields (titles, emails, phones, sizes, BANT answers) so the
 * definition's real signal readers decide which rules fire; whether a lead is won is then
 * drawn from a logistic model over those rules with weights that differ from the
 * definition's points (some rules matter more, some less, some not at all).
 */
export interface SyntheticData {
  space: FeatureSpace;
  leads: CanonicalLead[];
  fired: FiredRules[];
  /** The true model's linear predictor per lead (without intercept). */
  trueScore: number[];
  won: boolean[];
  /** True log-odds per rule code. */
  trueWeights: Record<string, number>;
}

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EMPLOYEES = [4, 25, 120, 600, 1500, 5000, null];
const INDUSTRIES = [
  'Software',
  'Financial Services',
  'Internet',
  'Consulting',
  'Manufacturing',
  'Retail',
  'Agriculture',
  'Education',
  null,
];
const COUNTRIES = ['US', 'GB', 'CA', 'DE', 'ES', 'FR', 'MX', 'BR', 'JP', null];
const TITLES = [
  'CEO',
  'Founder',
  'VP of Sales',
  'Marketing Director',
  'Head of IT',
  'IT Manager',
  'Sales Manager',
  'Operations Manager',
  'Senior Engineer',
  'Financial Analyst',
  'Office Assistant',
  null,
];
const SOURCES = ['Web', 'Event', 'Partner', 'Purchased List'];
const BUDGETS = ['approved', 'planned', 'none', undefined, undefined] as const;
const TIMELINES = ['immediate', 'quarter', 'half_year', 'none', undefined, undefined] as const;

/** Multipliers on the definition's points that make the true model differ from it. */
const TRUE_MULTIPLIER: Record<string, number> = {
  size_enterprise: 2.2,
  size_core: 1.4,
  size_micro: 2.5,
  industry_ideal: 0.3,
  industry_good: 1.6,
  market_core: 0.5,
  market_served: 1.8,
  seniority_executive: 1.3,
  seniority_staff: -1,
  department_related: 0,
  email_free: 3,
  email_corporate: 0.6,
  phone_valid: 2,
  website_present: 0.2,
  budget_approved: 1.8,
  budget_none: 2,
  timeline_immediate: 1.5,
  timeline_none: 1.5,
  decision_maker_involved: 0.5,
  source_purchased_list: 3,
};
const POINT_TO_LOGODDS = 0.06;
const INTERCEPT = -3.6;

export function generateSyntheticData(def: Definition, n: number, seed: number): SyntheticData {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const space = featureSpace(def);
  const enrich = createOfflineEnricher();
  const now = new Date('2024-06-01T00:00:00Z');
  const extract = createFeatureExtractor(def, space, (lead) => enrich(lead, now));
  const trueWeights = Object.fromEntries(
    space.rules.map((r) => [r.code, r.points * (TRUE_MULTIPLIER[r.code] ?? 1) * POINT_TO_LOGODDS]),
  );
  const weightOf = space.rules.map((r) => trueWeights[r.code]!);

  const data: SyntheticData = { space, leads: [], fired: [], trueScore: [], won: [], trueWeights };
  for (let i = 0; i < n; i++) {
    const company = `company${i % 997}`;
    const emailKind = random();
    const email =
      emailKind < 0.6
        ? `lead${i}@${company}.com`
        : emailKind < 0.85
          ? `lead${i}@gmail.com`
          : emailKind < 0.95
            ? `info@${company}.com`
            : `lead${i}.${company}.com`;
    const budget = pick(BUDGETS);
    const timeline = pick(TIMELINES);
    const lead: CanonicalLead = {
      crm: 'salesforce',
      externalId: `SYN${String(i).padStart(6, '0')}`,
      modifiedAt: '2024-05-01T00:00:00Z',
      lastName: `Lead${i}`,
      company,
      email,
      phone: random() < 0.6 ? '+1 415 555 2671' : random() < 0.5 ? '12' : null,
      title: pick(TITLES),
      industry: pick(INDUSTRIES),
      employees: pick(EMPLOYEES),
      country: pick(COUNTRIES),
      website: random() < 0.5 ? `https://${company}.com` : null,
      leadSource: pick(SOURCES),
      qualification: {
        ...(budget ? { budget } : {}),
        ...(timeline ? { timeline } : {}),
        ...(random() < 0.3 ? { decisionMaker: true } : {}),
      },
    };
    const fired = extract(lead);
    let score = 0;
    for (const rule of fired) if (rule >= 0) score += weightOf[rule]!;
    data.leads.push(lead);
    data.fired.push(fired);
    data.trueScore.push(score);
    data.won.push(random() < 1 / (1 + Math.exp(-(INTERCEPT + score))));
  }
  return data;
}
