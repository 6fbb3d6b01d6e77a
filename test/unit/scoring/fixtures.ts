import { definitionSchema, type DefinitionInput } from '../../../src/definition/definitionSchema';
import type { EngagementEvent, EngagementType } from '../../../src/domain/engagement';
import type { Enrichment } from '../../../src/domain/enrichment';
import type { CanonicalLead } from '../../../src/domain/lead';
import { compileDefinition, type CompiledDefinition } from '../../../src/scoring/compileDefinition';

export const NOW = new Date('2026-03-01T12:00:00.000Z');
const DAY = 86_400_000;

const t = (code: string) => ({ en: `${code} en {value}`, es: `${code} es {value}` });

/**
 * A small definition whose numbers are easy to follow: fit criteria add up to 100, so
 * fit equals the points; engagement maxPoints is 100, so engagement equals the points.
 */
export function testDefinitionInput(): DefinitionInput {
  return {
    name: 'test',
    version: 1,
    regions: { core: ['ES', 'MX'] },
    fields: { required: ['lastName', 'company', ['email', 'phone']], desirable: ['title', 'website'] },
    fit: {
      criteria: [
        {
          signal: 'employees',
          bands: [
            { code: 'size_core', min: 100, max: 999, points: 30, ...t('size_core') },
            { code: 'size_tiny', max: 9, points: -10, ...t('size_tiny') },
          ],
        },
        {
          signal: 'industry',
          bands: [{ code: 'industry_ideal', contains: ['software', 'tecnologia'], points: 20, ...t('industry_ideal') }],
        },
        {
          signal: 'region',
          bands: [
            { code: 'market_core', in: ['core'], points: 10, ...t('market_core') },
            { code: 'market_other', otherwise: true, points: -5, ...t('market_other') },
          ],
        },
        {
          signal: 'seniority',
          bands: [{ code: 'senior_exec', in: ['c_level', 'owner', 'director'], points: 20, ...t('senior_exec') }],
        },
        {
          signal: 'emailType',
          bands: [
            { code: 'email_corporate', in: ['corporate'], points: 10, ...t('email_corporate') },
            { code: 'email_free', in: ['free'], points: -10, ...t('email_free') },
          ],
        },
        { signal: 'phoneValid', bands: [{ code: 'phone_valid', is: true, points: 5, ...t('phone_valid') }] },
        { signal: 'website', bands: [{ code: 'website_present', present: true, points: 5, ...t('website_present') }] },
      ],
    },
    qualification: {
      criteria: [
        {
          signal: 'budget',
          bands: [{ code: 'budget_approved', in: ['approved'], points: 15, ...t('budget_approved') }],
        },
        {
          signal: 'decisionMakerInvolved',
          bands: [{ code: 'dm_involved', is: true, points: 10, ...t('dm_involved') }],
        },
        { signal: 'timeline', bands: [{ code: 'timeline_now', in: ['immediate'], points: 10, ...t('timeline_now') }] },
        { signal: 'urgencyEvent', bands: [{ code: 'urgency', present: true, points: 5, ...t('urgency') }] },
        { signal: 'competingProposals', bands: [{ code: 'competing', is: true, points: 4, ...t('competing') }] },
        {
          signal: 'complementaryInterest',
          bands: [{ code: 'complementary', is: true, points: 3, ...t('complementary') }],
        },
      ],
    },
    negative: [{ signal: 'mxAcceptsMail', bands: [{ code: 'mx_dead', is: false, points: -20, ...t('mx_dead') }] }],
    disqualifiers: [
      { code: 'disposable_email', signal: 'emailType', in: ['disposable'], ...t('disposable_email') },
      { code: 'competitor', signal: 'emailDomain', in: ['rival.example'], ...t('competitor') },
      { code: 'student', signal: 'seniority', in: ['student'], ...t('student') },
      { code: 'unsubscribed', signal: 'unsubscribed', is: true, ...t('unsubscribed') },
    ],
    engagement: {
      halfLifeDays: 10,
      maxPoints: 100,
      events: {
        demo_request: { points: 40, cap: 60, en: 'demo en {count}', es: 'demo es {count}' },
        email_open: { points: 2, cap: 5, halfLifeDays: 5, en: 'open en {count}', es: 'open es {count}' },
        form_submit: { code: 'form', points: 20, en: 'form en', es: 'form es' },
      },
    },
    grades: { A: 75, B: 50, C: 25 },
    score: { fitWeight: 1, engagementWeight: 1 },
    status: {
      mql: { minGrade: 'B', minEngagement: 30, requireComplete: true },
      fastLane: [
        {
          code: 'demo_a',
          events: ['demo_request'],
          withinDays: 14,
          minGrade: 'A',
          requireComplete: true,
          en: 'fast en',
          es: 'fast es',
        },
      ],
      disqualify: { maxFit: 5, maxEngagement: 5 },
    },
    reasons: { max: 5 },
  };
}

export function compileTest(patch: (d: DefinitionInput) => void = () => undefined): CompiledDefinition {
  const input = testDefinitionInput();
  patch(input);
  return compileDefinition(definitionSchema.parse(input));
}

export function lead(fields: Partial<CanonicalLead> = {}): CanonicalLead {
  return {
    crm: 'salesforce',
    externalId: '00Q1',
    modifiedAt: '2026-02-01T00:00:00.000Z',
    lastName: 'Ruiz',
    company: 'Acme',
    email: 'ana@acme.example',
    ...fields,
  };
}

export function facts(values: Record<string, string | number | boolean | null>): Enrichment {
  return {
    facts: Object.entries(values).map(([field, value]) => ({
      field,
      value,
      source: 'test',
      fetchedAt: NOW.toISOString(),
      confidence: 1,
    })),
    problems: [],
  };
}

let seq = 0;
export function event(type: EngagementType, daysAgo: number): EngagementEvent {
  return {
    externalId: `ev${++seq}`,
    leadExternalId: '00Q1',
    type,
    occurredAt: new Date(NOW.getTime() - daysAgo * DAY).toISOString(),
  };
}
