import type { CanonicalLead } from '../../../src/domain/lead';
import type { Enrichment } from '../../../src/domain/enrichment';
import { scoreLead } from '../../../src/scoring/scoreLead';
import { NOW, compileTest, facts, lead } from './fixtures';

const compiled = compileTest((d) => {
  d.reasons = { max: 20 };
  d.status!.disqualify = undefined;
});

function score(fields: Partial<CanonicalLead>, enrichment?: Enrichment) {
  return scoreLead(compiled, { lead: lead(fields), enrichment, events: [], currentStatus: null, now: NOW });
}

describe('fit criteria: one row per rule type', () => {
  it.each<
    [string, Partial<CanonicalLead>, Record<string, string | number | boolean> | undefined, string | null, number]
  >([
    ['employees band (min/max)', { employees: 250 }, undefined, 'size_core', 30],
    ['negative band clamps fit at 0', { employees: 5 }, undefined, 'size_tiny', 0],
    ['employees from a fact when the CRM has none', {}, { employees: 300 }, 'size_core', 30],
    ['the CRM value wins over a fact', { employees: 5 }, { employees: 300 }, 'size_tiny', 0],
    ['below every band gives nothing', { employees: 50 }, undefined, null, 0],
    ['industry keywords (contains)', { industry: 'Computer Software' }, undefined, 'industry_ideal', 20],
    [
      'industry keywords ignore accents and case',
      { industry: 'TECNOLOGÍA de la información' },
      undefined,
      'industry_ideal',
      20,
    ],
    ['region from an ISO code in the CRM', { country: 'es' }, undefined, 'market_core', 10],
    [
      'region from the country fact when the CRM has a name',
      { country: 'España' },
      { country: 'MX' },
      'market_core',
      10,
    ],
    ['otherwise band for a known value outside the list', { country: 'US' }, undefined, 'market_other', 0],
    ['unknown country matches no band', { country: null }, undefined, null, 0],
    ['seniority parsed from the title', { title: 'Gerente General' }, undefined, 'senior_exec', 20],
    ['seniority fact wins over the parsed title', { title: 'Analyst' }, { seniority: 'director' }, 'senior_exec', 20],
    ['email type corporate (fact)', {}, { emailType: 'corporate' }, 'email_corporate', 10],
    ['email type free (fact, negative)', {}, { emailType: 'free' }, 'email_free', 0],
    ['valid phone (is: true)', {}, { phoneValid: true }, 'phone_valid', 5],
    ['invalid phone gives nothing', {}, { phoneValid: false }, null, 0],
    ['website present', { website: 'acme.example' }, undefined, 'website_present', 5],
    ['blank website is absent', { website: '   ' }, undefined, null, 0],
    ['budget approved', { qualification: { budget: 'approved' } }, undefined, 'budget_approved', 15],
    ['decision maker involved', { qualification: { decisionMaker: true } }, undefined, 'dm_involved', 10],
    ['timeline immediate', { qualification: { timeline: 'immediate' } }, undefined, 'timeline_now', 10],
    ['urgency event present', { qualification: { urgencyEvent: 'ERP end of life' } }, undefined, 'urgency', 5],
    ['competing proposals', { qualification: { competingProposals: true } }, undefined, 'competing', 4],
    ['complementary interest', { qualification: { complementaryInterest: true } }, undefined, 'complementary', 3],
    ['negative rule: mail domain without MX', { employees: 250 }, { mxAcceptsMail: false }, 'mx_dead', 10],
  ])('%s', (_name, fields, factValues, code, fit) => {
    const result = score(fields, factValues ? facts(factValues) : undefined);
    expect(result.fit).toBe(fit);
    if (code) expect(result.reasons.map((r) => r.code)).toContain(code);
    else expect(result.reasons).toEqual([]);
  });

  it('adds the qualification bonus on top of a full profile, clamped at 100', () => {
    const result = score(
      {
        employees: 250,
        industry: 'software',
        country: 'ES',
        title: 'CEO',
        website: 'acme.example',
        qualification: { budget: 'approved', decisionMaker: true },
      },
      facts({ emailType: 'corporate', phoneValid: true }),
    );
    expect(result.fit).toBe(100);
    expect(result.grade).toBe('A');
  });

  it('renders {value} in reason texts in both languages', () => {
    const reason = score({ employees: 250 }).reasons[0]!;
    expect(reason).toEqual({ code: 'size_core', points: 30, en: 'size_core en 250', es: 'size_core es 250' });
  });
});

describe('grades on fit', () => {
  it.each([
    [{ employees: 250, industry: 'software', title: 'CEO', country: 'ES' }, 80, 'A'],
    [{ employees: 250, industry: 'software' }, 50, 'B'],
    [{ employees: 250 }, 30, 'C'],
    [{ country: 'ES' }, 10, 'D'],
  ] as const)('%j → fit %i, grade %s', (fields, fit, grade) => {
    const result = score(fields);
    expect([result.fit, result.grade]).toEqual([fit, grade]);
  });
});

describe('hard disqualifiers', () => {
  it.each<[string, Partial<CanonicalLead>, Record<string, string | number | boolean> | undefined]>([
    ['disposable_email', {}, { emailType: 'disposable' }],
    ['competitor', { email: 'bob@sales.rival.example' }, undefined],
    ['student', { title: 'Estudiante de Ingeniería' }, undefined],
    ['student', { title: 'Job seeker' }, undefined],
    ['unsubscribed', { unsubscribed: true }, undefined],
  ])('%s: disqualified with score 0 and grade D, named in the reasons', (code, fields, factValues) => {
    const result = score(
      { employees: 250, industry: 'software', ...fields },
      factValues ? facts(factValues) : undefined,
    );
    expect(result).toMatchObject({
      proposedStatus: 'disqualified',
      statusCause: `disqualified:${code}`,
      score: 0,
      grade: 'D',
      fit: 50,
    });
    expect(result.reasons[0]).toMatchObject({ code, points: -100 });
    expect(result.statusReason?.code).toBe(code);
  });

  it('an unsubscribe event disqualifies like the CRM flag', () => {
    const result = scoreLead(compiled, {
      lead: lead(),
      events: [{ externalId: 'u', leadExternalId: '00Q1', type: 'unsubscribe', occurredAt: NOW.toISOString() }],
      currentStatus: null,
      now: NOW,
    });
    expect(result.statusCause).toBe('disqualified:unsubscribed');
  });
});

describe('completeness', () => {
  it.each<[Partial<CanonicalLead>, number, string[]]>([
    [{ title: 'CEO', website: 'a.example' }, 1, []],
    [{}, 0.6, []],
    [{ company: null }, 0.4, ['company']],
    [{ email: '', phone: null }, 0.4, ['email|phone']],
    [{ email: null, phone: '+34 600 000 000' }, 0.6, []],
    [{ lastName: ' ', company: undefined, email: null }, 0, ['lastName', 'company', 'email|phone']],
  ])('%j → %d, missing %j', (fields, completeness, missing) => {
    const result = score(fields);
    expect(result.completeness).toBe(completeness);
    expect(result.missingRequired).toEqual(missing);
  });
});

it('names the definition version in every result', () => {
  expect(score({}).definitionVersion).toMatch(/^test@1#[0-9a-f]{8}$/);
});
