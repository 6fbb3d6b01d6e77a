import type { Criterion, Definition, Grade, Matcher } from '../definition/definitionSchema';
import { definitionHash } from '../definition/definitionHash';
import type { CanonicalLead, CanonicalLeadField } from '../domain/lead';
import { ENGAGEMENT_TYPES, type EngagementType } from '../domain/engagement';
import { compileMatcher, compileTemplate, type CompiledMatcher, type CompiledTemplate } from './compileMatcher';
import { parseTitle, type ParsedTitle } from './parseTitle';
import { createReasonCollector, type ReasonCollector } from './reasonCollector';
import { SIGNAL_READERS, attributeReader, emptyFactSlots, type FactSlots, type SignalReader } from './signalReaders';

export interface CompiledRule {
  code: string;
  points: number;
  match: CompiledMatcher;
  en: CompiledTemplate;
  es: CompiledTemplate;
}

export interface CompiledCriterion {
  read: SignalReader;
  bands: CompiledRule[];
}

export interface CompiledDisqualifier extends CompiledRule {
  read: SignalReader;
}

export interface CompiledEngagementRule {
  type: EngagementType;
  code: string;
  points: number;
  /** ln 2 / half-life in ms: decay factor is exp(-decayPerMs × age). */
  decayPerMs: number;
  cap: number;
  en: CompiledTemplate;
  es: CompiledTemplate;
}

/** The rules a rep is told about when a lead is not an MQL yet. */
export interface ExplainInfo {
  mql: { minGrade: Grade; minEngagement: number; requireComplete: boolean };
  engagementRules: { type: EngagementType; code: string; points: number; cap: number }[];
  fastLane: {
    code: string;
    minGrade: Grade;
    requireComplete: boolean;
    events: EngagementType[];
    withinDays: number;
    en: string;
    es: string;
  }[];
  disqualify: { maxFit: number; maxEngagement: number } | undefined;
}

export interface CompiledFastLane {
  code: string;
  /** Indexes into ENGAGEMENT_TYPES. */
  typeIndexes: number[];
  withinMs: number;
  minGradeRank: number;
  requireComplete: boolean;
  en: string;
  es: string;
}

type FieldReader = (lead: CanonicalLead) => unknown;

/**
 * Working memory reused by every score of this definition (scoring is synchronous, so two
 * scores never share it at once): no per-lead allocation of buffers.
 */
export interface ScoringScratch {
  sums: Float64Array;
  counts: Uint32Array;
  /** Latest counted event time per ENGAGEMENT_TYPES index (fast lane). */
  latest: Float64Array;
  reasons: ReasonCollector;
  facts: FactSlots;
}

export interface CompiledDefinition {
  name: string;
  /** `name@version#hash8`: recorded with every score. */
  version: string;
  hash: string;
  definition: Definition;
  required: { label: string; fields: CanonicalLeadField[]; read: FieldReader[] }[];
  desirable: FieldReader[];
  fit: CompiledCriterion[];
  qualification: CompiledCriterion[];
  negative: CompiledCriterion[];
  maxFitPoints: number;
  disqualifiers: CompiledDisqualifier[];
  engagement: {
    rules: CompiledEngagementRule[];
    /** Rule index per ENGAGEMENT_TYPES index, -1 when the type has no rule. */
    ruleByType: Int32Array;
    maxPoints: number;
  };
  grades: { A: number; B: number; C: number };
  weights: { fit: number; engagement: number };
  mql: { minGradeRank: number; minEngagement: number; requireComplete: boolean };
  fastLane: CompiledFastLane[];
  disqualify: { maxFit: number; maxEngagement: number } | undefined;
  /** How long after sales returned a lead its engagement does not count yet (status.recycle.coolOffDays). */
  recycleCoolOffMs: number;
  reasonsMax: number;
  /** What an explanation of a score needs from the definition (one object, shared by every score). */
  explainInfo: ExplainInfo;
  /** parseTitle with a bounded memo: titles repeat a lot across a CRM. */
  parseTitle: (title: string | null | undefined) => ParsedTitle;
  scratch: ScoringScratch;
}

export const TYPE_INDEX: ReadonlyMap<string, number> = new Map(ENGAGEMENT_TYPES.map((t, i) => [t, i]));

/** Plain property reads per canonical field: a monomorphic load instead of lead[name]. */
const FIELD_READERS: Record<CanonicalLeadField, FieldReader> = {
  firstName: (l) => l.firstName,
  lastName: (l) => l.lastName,
  email: (l) => l.email,
  phone: (l) => l.phone,
  mobilePhone: (l) => l.mobilePhone,
  title: (l) => l.title,
  company: (l) => l.company,
  website: (l) => l.website,
  industry: (l) => l.industry,
  employees: (l) => l.employees,
  annualRevenue: (l) => l.annualRevenue,
  country: (l) => l.country,
  state: (l) => l.state,
  city: (l) => l.city,
  leadSource: (l) => l.leadSource,
  crmStatus: (l) => l.crmStatus,
  ownerId: (l) => l.ownerId,
  isConverted: (l) => l.isConverted,
  unsubscribed: (l) => l.unsubscribed,
  createdAt: (l) => l.createdAt,
};

export const GRADE_RANK: Record<Grade, number> = { A: 3, B: 2, C: 1, D: 0 };

const DAY_MS = 86_400_000;
/** status.recycle.coolOffDays when a definition does not say. */
export const DEFAULT_RECYCLE_COOL_OFF_DAYS = 30;
const TITLE_MEMO_LIMIT = 20_000;

/** The reader of a criterion's signal; an attribute's reads the named attribute (as an age when its bands ask for one). */
function readerOf(
  c: { signal: Criterion['signal']; attribute?: string | undefined },
  matchers: Matcher[],
): SignalReader {
  if (c.signal !== 'attribute') return SIGNAL_READERS[c.signal];
  return attributeReader(
    c.attribute ?? '',
    matchers.some((m) => m.withinDays !== undefined || m.olderThanDays !== undefined),
  );
}

function compileCriteria(list: Criterion[], regions: Record<string, string[]>): CompiledCriterion[] {
  return list.map((c) => ({
    read: readerOf(c, c.bands),
    bands: c.bands.map((b) => ({
      code: b.code,
      points: b.points,
      match: compileMatcher(b, c.signal, regions),
      en: compileTemplate(b.en),
      es: compileTemplate(b.es),
    })),
  }));
}

function memoParseTitle(): (title: string | null | undefined) => ParsedTitle {
  const memo = new Map<string, ParsedTitle>();
  return (title) => {
    if (!title) return parseTitle(title);
    let parsed = memo.get(title);
    if (!parsed) {
      if (memo.size >= TITLE_MEMO_LIMIT) memo.clear();
      parsed = parseTitle(title);
      memo.set(title, parsed);
    }
    return parsed;
  };
}

/**
 * Compiles a validated definition once into plain functions and lookup tables, so that
 * scoring a lead is a handful of calls and no parsing.
 */
export function compileDefinition(def: Definition): CompiledDefinition {
  const hash = definitionHash(def);
  const fit = compileCriteria(def.fit.criteria, def.regions);
  const best = (c: CompiledCriterion) => Math.max(0, ...c.bands.map((b) => b.points));
  const maxFitPoints =
    def.fit.maxPoints ??
    Math.max(
      1,
      fit.reduce((sum, c) => sum + best(c), 0),
    );

  const rules: CompiledEngagementRule[] = [];
  const ruleByType = new Int32Array(ENGAGEMENT_TYPES.length).fill(-1);
  for (const [type, rule] of Object.entries(def.engagement.events)) {
    if (!rule) continue;
    ruleByType[TYPE_INDEX.get(type)!] = rules.length;
    rules.push({
      type: type as EngagementType,
      code: rule.code ?? `engagement_${type}`,
      points: rule.points,
      decayPerMs: Math.LN2 / ((rule.halfLifeDays ?? def.engagement.halfLifeDays) * DAY_MS),
      cap: rule.cap ?? Infinity,
      en: compileTemplate(rule.en),
      es: compileTemplate(rule.es),
    });
  }

  const criteriaCount = def.fit.criteria.length + def.qualification.criteria.length + def.negative.length;
  const totalWeight = def.score.fitWeight + def.score.engagementWeight;
  return {
    name: def.name,
    version: `${def.name}@${def.version}#${hash.slice(0, 8)}`,
    hash,
    definition: def,
    required: def.fields.required.map((r) => {
      const fields = Array.isArray(r) ? r : [r];
      return { label: fields.join('|'), fields, read: fields.map((f) => FIELD_READERS[f]) };
    }),
    desirable: def.fields.desirable.map((f) => FIELD_READERS[f]),
    fit,
    qualification: compileCriteria(def.qualification.criteria, def.regions),
    negative: compileCriteria(def.negative, def.regions),
    maxFitPoints,
    disqualifiers: def.disqualifiers.map((d) => ({
      code: d.code,
      points: -100,
      read: readerOf(d, [d]),
      match: compileMatcher(d, d.signal, def.regions),
      en: compileTemplate(d.en),
      es: compileTemplate(d.es),
    })),
    engagement: { rules, ruleByType, maxPoints: def.engagement.maxPoints },
    grades: def.grades,
    weights: { fit: def.score.fitWeight / totalWeight, engagement: def.score.engagementWeight / totalWeight },
    mql: {
      minGradeRank: GRADE_RANK[def.status.mql.minGrade],
      minEngagement: def.status.mql.minEngagement,
      requireComplete: def.status.mql.requireComplete,
    },
    fastLane: def.status.fastLane.map((f) => ({
      code: f.code,
      typeIndexes: f.events.map((e) => TYPE_INDEX.get(e)!),
      withinMs: f.withinDays * DAY_MS,
      minGradeRank: GRADE_RANK[f.minGrade],
      requireComplete: f.requireComplete,
      en: f.en,
      es: f.es,
    })),
    disqualify: def.status.disqualify,
    recycleCoolOffMs: (def.status.recycle?.coolOffDays ?? DEFAULT_RECYCLE_COOL_OFF_DAYS) * DAY_MS,
    reasonsMax: def.reasons.max,
    explainInfo: {
      mql: { ...def.status.mql },
      engagementRules: rules.map((r) => ({ type: r.type, code: r.code, points: r.points, cap: r.cap })),
      fastLane: def.status.fastLane.map((f) => ({
        code: f.code,
        minGrade: f.minGrade,
        requireComplete: f.requireComplete,
        events: f.events,
        withinDays: f.withinDays,
        en: f.en,
        es: f.es,
      })),
      disqualify: def.status.disqualify,
    },
    parseTitle: memoParseTitle(),
    scratch: {
      sums: new Float64Array(rules.length),
      counts: new Uint32Array(rules.length),
      latest: new Float64Array(ENGAGEMENT_TYPES.length),
      reasons: createReasonCollector(criteriaCount + rules.length + 1),
      facts: emptyFactSlots(),
    },
  };
}
