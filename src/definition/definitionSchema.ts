import { z } from 'zod';
import { CANONICAL_LEAD_FIELDS } from '../domain/lead';
import { ENGAGEMENT_TYPES, SALES_ACTIVITY_TYPES } from '../domain/engagement';
import { SIGNALS, SIGNAL_KINDS, type SignalInfo, type SignalName } from './signals';

/** Stable identifiers: they end up in the store, in reports and in the CRM's reasons. */
const codeSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a code is lower_snake_case (a-z, 0-9, _)');
const textSchema = z.string().trim().min(1).max(200);
const signalSchema = z.enum(Object.keys(SIGNALS) as [SignalName, ...SignalName[]]);
const scalar = z.union([z.string().min(1), z.number(), z.boolean()]);

/**
 * How a band matches a signal's value. Exactly one matcher per band: `in` (one of the
 * values; domains also match their subdomains), `contains` (keywords inside free text,
 * accents and case ignored), `min`/`max` (numbers, inclusive), `is` (booleans), `present`
 * (the value is known / unknown), `otherwise` (any known value no earlier band took),
 * `matches` (a regular expression) or `withinDays`/`olderThanDays` (a date's age).
 */
const matcherShape = {
  in: z.array(scalar).min(1).optional(),
  contains: z.array(z.string().min(1)).min(1).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  is: z.boolean().optional(),
  present: z.boolean().optional(),
  otherwise: z.literal(true).optional(),
  /** A regular expression (case-insensitive) the text matches; text signals and attributes. */
  matches: z.string().min(1).max(200).optional(),
  /** A date attribute at most this many days old (or at least, with olderThanDays). */
  withinDays: z.number().nonnegative().optional(),
  olderThanDays: z.number().nonnegative().optional(),
};

/** `signal: attribute` names the attribute (mapping `attributes`, or a CSV column). */
const attributeField = { attribute: z.string().min(1).max(200).optional() };

const reasonShape = { en: textSchema, es: textSchema };

const bandSchema = z.strictObject({
  code: codeSchema,
  points: z.number().min(-100).max(100),
  ...matcherShape,
  ...reasonShape,
});

/** One signal, several exclusive bands: the first band that matches gives its points. */
const criterionSchema = z.strictObject({ signal: signalSchema, ...attributeField, bands: z.array(bandSchema).min(1) });

const disqualifierSchema = z.strictObject({
  code: codeSchema,
  signal: signalSchema,
  ...attributeField,
  ...matcherShape,
  ...reasonShape,
});

const engagementRuleSchema = z.strictObject({
  code: codeSchema.optional(),
  points: z.number().min(-100).max(100),
  /** Overrides the block's half-life for this event type. */
  halfLifeDays: z.number().positive().optional(),
  /** The most this event type can add (after decay), however often it happens. */
  cap: z.number().positive().optional(),
  ...reasonShape,
});

const gradeSchema = z.enum(['A', 'B', 'C', 'D']);

const fastLaneSchema = z.strictObject({
  code: codeSchema,
  events: z.array(z.enum(ENGAGEMENT_TYPES)).min(1),
  withinDays: z.number().positive(),
  minGrade: gradeSchema,
  requireComplete: z.boolean().default(true),
  ...reasonShape,
});

const requiredFieldSchema = z.union([z.enum(CANONICAL_LEAD_FIELDS), z.array(z.enum(CANONICAL_LEAD_FIELDS)).min(2)]);

export const definitionSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a name is lower case: a-z, 0-9, _ and -'),
    version: z.number().int().positive(),
    description: z.string().optional(),
    regions: z
      .record(codeSchema, z.array(z.string().regex(/^[A-Z]{2}$/, 'an ISO-3166 alpha-2 code in capitals')))
      .default({}),
    fields: z.strictObject({
      /** A list inside the list means "any one of these" (email or phone). */
      required: z.array(requiredFieldSchema).default([]),
      desirable: z.array(z.enum(CANONICAL_LEAD_FIELDS)).default([]),
    }),
    fit: z.strictObject({
      /** Points that make fit 100; by default the sum of the best band of every criterion. */
      maxPoints: z.number().positive().optional(),
      criteria: z.array(criterionSchema).default([]),
    }),
    /** From sales conversations; adds to fit as a bonus (not part of maxPoints). */
    qualification: z.strictObject({ criteria: z.array(criterionSchema).default([]) }).default({ criteria: [] }),
    /** Penalties; every band must have points ≤ 0. */
    negative: z.array(criterionSchema).default([]),
    disqualifiers: z.array(disqualifierSchema).default([]),
    engagement: z.strictObject({
      halfLifeDays: z.number().positive(),
      /** Decayed points that make engagement 100. */
      maxPoints: z.number().positive(),
      events: z
        .partialRecord(z.enum(ENGAGEMENT_TYPES), engagementRuleSchema)
        .refine(
          (events) => SALES_ACTIVITY_TYPES.every((t) => events[t] === undefined),
          `${SALES_ACTIVITY_TYPES.join(' and ')} are what reps do (they count as touching the lead for the SLA), not the lead's engagement: score inbound_call, connected_call or meeting instead`,
        ),
    }),
    grades: z.strictObject({
      A: z.number().min(0).max(100),
      B: z.number().min(0).max(100),
      C: z.number().min(0).max(100),
    }),
    score: z.strictObject({ fitWeight: z.number().min(0), engagementWeight: z.number().min(0) }),
    status: z.strictObject({
      mql: z.strictObject({
        minGrade: gradeSchema,
        minEngagement: z.number().min(0).max(100),
        requireComplete: z.boolean().default(true),
      }),
      fastLane: z.array(fastLaneSchema).default([]),
      /** Soft disqualification: fit and engagement both this low is not worth nurturing. */
      disqualify: z
        .strictObject({ maxFit: z.number().min(0).max(100), maxEngagement: z.number().min(0).max(100) })
        .optional(),
      /**
       * A lead sales returned to marketing may qualify again only through engagement dated after
       * the return plus this cool-off (default 30 days when absent: left optional so definitions
       * written before it keep their hash).
       */
      recycle: z.strictObject({ coolOffDays: z.number().min(0) }).optional(),
    }),
    reasons: z.strictObject({ max: z.number().int().min(1).max(20).default(5) }).default({ max: 5 }),
  })
  .superRefine((def, ctx) => checkConsistency(def, ctx));

export type Definition = z.infer<typeof definitionSchema>;
export type DefinitionInput = z.input<typeof definitionSchema>;
export type Criterion = z.infer<typeof criterionSchema>;
export type Band = z.infer<typeof bandSchema>;
export type Disqualifier = z.infer<typeof disqualifierSchema>;
export type Matcher = Pick<
  Band,
  'in' | 'contains' | 'min' | 'max' | 'is' | 'present' | 'otherwise' | 'matches' | 'withinDays' | 'olderThanDays'
>;
export type Grade = z.infer<typeof gradeSchema>;

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

/** Rules zod cannot say field by field; every problem is reported with its path. */
function checkConsistency(def: Definition, ctx: Ctx): void {
  const seen = new Map<string, string>();
  const code = (value: string, path: Path) => {
    const where = path.join('.');
    const first = seen.get(value);
    if (first) ctx.addIssue({ code: 'custom', path, message: `code "${value}" is already used at ${first}` });
    else seen.set(value, where);
  };
  const criteria = (list: Definition['fit']['criteria'], base: Path, negative: boolean) =>
    list.forEach((criterion, i) => {
      checkAttributeName(criterion, [...base, i], ctx);
      criterion.bands.forEach((band, j) => {
        const path = [...base, i, 'bands', j];
        code(band.code, [...path, 'code']);
        checkMatcher(band, criterion.signal, path, ctx, def);
        if (negative && band.points > 0)
          ctx.addIssue({ code: 'custom', path: [...path, 'points'], message: 'a negative rule cannot add points' });
      });
    });
  criteria(def.fit.criteria, ['fit', 'criteria'], false);
  criteria(def.qualification.criteria, ['qualification', 'criteria'], false);
  criteria(def.negative, ['negative'], true);
  def.disqualifiers.forEach((d, i) => {
    code(d.code, ['disqualifiers', i, 'code']);
    checkAttributeName(d, ['disqualifiers', i], ctx);
    checkMatcher(d, d.signal, ['disqualifiers', i], ctx, def);
  });
  def.status.fastLane.forEach((f, i) => code(f.code, ['status', 'fastLane', i, 'code']));
  for (const [type, rule] of Object.entries(def.engagement.events))
    if (rule?.code) code(rule.code, ['engagement', 'events', type, 'code']);
  if (!(def.grades.A > def.grades.B && def.grades.B > def.grades.C)) {
    ctx.addIssue({
      code: 'custom',
      path: ['grades'],
      message: `grade thresholds must fall from A to C (got A ${def.grades.A}, B ${def.grades.B}, C ${def.grades.C})`,
    });
  }
  if (def.score.fitWeight + def.score.engagementWeight <= 0) {
    ctx.addIssue({ code: 'custom', path: ['score'], message: 'fitWeight and engagementWeight cannot both be 0' });
  }
}

function checkAttributeName(c: { signal: SignalName; attribute?: string | undefined }, path: Path, ctx: Ctx): void {
  if (c.signal === 'attribute' && c.attribute === undefined)
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'signal'],
      message: 'signal attribute needs `attribute: NAME` (an attribute of the mapping, or a CSV column)',
    });
  if (c.signal !== 'attribute' && c.attribute !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'attribute'],
      message: `attribute only goes with signal: attribute (this criterion reads ${c.signal})`,
    });
}

function checkMatcher(m: Matcher, signal: SignalName, path: Path, ctx: Ctx, def: Definition): void {
  const kinds = (['in', 'contains', 'is', 'present', 'otherwise', 'matches'] as const).filter(
    (k) => m[k] !== undefined,
  ) as string[];
  if (m.min !== undefined || m.max !== undefined) kinds.push('min/max');
  if (m.withinDays !== undefined || m.olderThanDays !== undefined) kinds.push('withinDays/olderThanDays');
  if (kinds.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: `give exactly one of in, contains, min/max, is, present, otherwise, matches, withinDays/olderThanDays (found ${kinds.length ? kinds.join(', ') : 'none'})`,
    });
    return;
  }
  if (m.matches !== undefined) {
    try {
      new RegExp(m.matches, 'iu');
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'matches'],
        message: `not a regular expression: ${(error as Error).message}`,
      });
    }
  }
  const kind = SIGNAL_KINDS[signal];
  if (kind === 'attribute') {
    if (m.withinDays !== undefined && m.olderThanDays !== undefined && m.olderThanDays > m.withinDays)
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'olderThanDays'],
        message: `olderThanDays ${m.olderThanDays} is above withinDays ${m.withinDays}`,
      });
    if (m.min !== undefined && m.max !== undefined && m.min > m.max)
      ctx.addIssue({ code: 'custom', path: [...path, 'max'], message: `max ${m.max} is below min ${m.min}` });
    return;
  }
  if (m.withinDays !== undefined || m.olderThanDays !== undefined)
    ctx.addIssue({
      code: 'custom',
      path,
      message: `signal ${signal}: withinDays/olderThanDays apply to date attributes only`,
    });
  if (m.matches !== undefined && kind !== 'text')
    ctx.addIssue({ code: 'custom', path, message: `signal ${signal} holds ${kind} values: matches does not apply` });
  const wrong = (what: string) =>
    ctx.addIssue({ code: 'custom', path, message: `signal ${signal} holds ${kind} values: ${what} does not apply` });
  if ((m.min !== undefined || m.max !== undefined) && kind !== 'number') wrong('min/max');
  if (m.is !== undefined && kind !== 'boolean') wrong('is');
  if (m.contains !== undefined && kind !== 'text') wrong('contains');
  if (m.min !== undefined && m.max !== undefined && m.min > m.max)
    ctx.addIssue({ code: 'custom', path: [...path, 'max'], message: `max ${m.max} is below min ${m.min}` });
  if (m.in && signal === 'region') {
    m.in.forEach((r, i) => {
      if (!(String(r) in def.regions))
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'in', i],
          message: `unknown region "${String(r)}" (define it under regions)`,
        });
    });
  }
  const allowed = (SIGNALS[signal] as SignalInfo).values;
  if (m.in && allowed) {
    m.in.forEach((v, i) => {
      if (!allowed.includes(String(v)))
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'in', i],
          message: `"${String(v)}" is not a ${signal} (one of ${allowed.join(', ')})`,
        });
    });
  }
}
