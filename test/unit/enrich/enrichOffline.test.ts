import type { CanonicalLead } from '../../../src/domain/lead';
import { factValue } from '../../../src/domain/enrichment';
import { loadEmailLists } from '../../../src/enrich/classifyEmail';
import { createOfflineEnricher, enrichOffline } from '../../../src/enrich/enrichOffline';
import { createCountryIndex } from '../../../src/enrich/normalizeCountry';
import { createOfflineEnricherReference } from './offlineEnricherReference';

const NOW = new Date('2025-03-01T10:00:00.000Z');

function lead(fields: Partial<CanonicalLead>): CanonicalLead {
  return { crm: 'salesforce', externalId: '00Q000000000001', modifiedAt: '2025-02-01T00:00:00.000Z', ...fields };
}

describe('enrichOffline', () => {
  it('derives every offline fact with provenance', () => {
    const result = enrichOffline(
      lead({
        email: 'Ana.Lopez@Acme.es',
        phone: '612 34 56 78',
        company: 'Acme Ibérica, S.L.',
        title: 'Directora de Marketing',
        country: 'España',
      }),
      NOW,
    );
    const byField = Object.fromEntries(result.facts.map((f) => [f.field, f.value]));
    expect(byField).toEqual({
      emailType: 'corporate',
      emailDomain: 'acme.es',
      domain: 'acme.es',
      companyNormalized: 'acme iberica',
      phoneValid: true,
      phoneE164: '+34612345678',
      phoneCountry: 'ES',
      phoneType: 'mobile',
      country: 'ES',
      seniority: 'director',
      department: 'marketing',
      isDecisionMaker: true,
    });
    for (const fact of result.facts) {
      expect(fact.fetchedAt).toBe(NOW.toISOString());
      expect(fact.source).toMatch(/^offline:/);
      expect(fact.confidence).toBeGreaterThan(0);
      expect(fact.confidence).toBeLessThanOrEqual(1);
    }
    expect(result.problems).toEqual([]);
  });

  it.each([
    ['the CRM country, normalised', { country: 'EE.UU.', phone: '+34 612 34 56 78' }, 'US', 'offline:country'],
    ['the phone when the CRM has none', { phone: '+52 55 1234 5678', email: 'a@acme.es' }, 'MX', 'offline:phone'],
    ['the website ccTLD when there is no phone', { website: 'https://www.acme.com.ar' }, 'AR', 'offline:tld'],
    ['a corporate email ccTLD', { email: 'a@acme.cl' }, 'CL', 'offline:tld'],
    ['a free-mail ccTLD, weakly', { email: 'a@hotmail.es' }, 'ES', 'offline:tld'],
  ])('takes the country from %s', (_label, fields, country, source) => {
    const fact = enrichOffline(lead(fields), NOW).facts.find((f) => f.field === 'country');
    expect(fact).toMatchObject({ value: country, source });
  });

  it('gives no country for a .com lead with nothing else', () => {
    expect(factValue(enrichOffline(lead({ email: 'a@acme.com' }), NOW), 'country')).toBeUndefined();
  });

  it('reads local numbers with the lead country as the region', () => {
    const result = enrichOffline(lead({ country: 'Colombia', phone: '300 1234567' }), NOW);
    expect(factValue(result, 'phoneE164')).toBe('+573001234567');
  });

  it('falls back to the mobile phone when the main phone is invalid', () => {
    const result = enrichOffline(lead({ country: 'Argentina', phone: '1234', mobilePhone: '011 15 2345-6789' }), NOW);
    expect(factValue(result, 'phoneValid')).toBe(true);
    expect(factValue(result, 'phoneType')).toBe('mobile');
  });

  it.each([
    ['no phone', {}],
    ['an unparseable phone', { phone: 'call reception' }],
  ])('reports phoneValid false for %s', (_label, fields) => {
    const result = enrichOffline(lead(fields), NOW);
    expect(factValue(result, 'phoneValid')).toBe(false);
    expect(factValue(result, 'phoneE164')).toBeUndefined();
  });

  it('does not take a free-mail domain as the company domain', () => {
    const result = enrichOffline(lead({ email: 'juan@gmail.com' }), NOW);
    expect(factValue(result, 'emailType')).toBe('free');
    expect(factValue(result, 'domain')).toBeUndefined();
  });

  it('prefers the website over the email domain', () => {
    const result = enrichOffline(lead({ email: 'ana@acme-mail.com', website: 'acme.es' }), NOW);
    expect(factValue(result, 'domain')).toBe('acme.es');
  });

  it('gives a lead with no fields only the email and phone verdicts', () => {
    const result = enrichOffline(lead({}), NOW);
    expect(result.facts.map((f) => [f.field, f.value])).toEqual([
      ['emailType', 'missing'],
      ['phoneValid', false],
    ]);
  });
});

describe('createOfflineEnricher memos', () => {
  /** Deterministic pseudo-random numbers (mulberry32). */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** Leads whose domains, websites, companies, phones, countries and titles repeat, as an account's leads do. */
  function repeatingLeads(count: number): CanonicalLead[] {
    const rnd = random(26);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
    const domains = ['acme.es', 'gmail.com', 'hotmail.com.ar', 'mailinator.com', 'acme.com.mx', 'bücher.de', 'x.cl'];
    return Array.from({ length: count }, (_, i) =>
      lead({
        email: rnd() < 0.9 ? `${pick(['ana', 'info', 'ventas', 'j.p', 'no-reply'])}${i % 7}@${pick(domains)}` : null,
        website: pick([undefined, '', 'https://www.acme.es/contacto', 'acme.com.mx', 'http://[::1]/', 'junk']),
        company: pick([undefined, '', 'Acme Ibérica, S.L.', 'Pérez y Cía. Ltda.', 'S.A.', `Globex ${i % 13} GmbH`]),
        phone: pick([
          undefined,
          '',
          '612 34 56 78',
          '+52 1 55 1234 5678',
          '1234',
          'call reception',
          `91 123 45 ${10 + (i % 50)}`,
        ]),
        mobilePhone: pick([undefined, '011 15 2345-6789', '300 1234567']),
        country: pick([undefined, 'España', 'MX', 'Argentina', 'Colombia', 'EE.UU.']),
        title: pick([undefined, '', '  ', 'CEO', 'Directora de Marketing', 'Becario', 'Jefe de Ventas']),
      }),
    );
  }

  it('give the same facts as the enricher without memos, also when a memo fills and starts again', () => {
    const lists = loadEmailLists();
    const countries = createCountryIndex();
    const reference = createOfflineEnricherReference(lists, countries);
    const fresh = createOfflineEnricher(lists, countries, 0);
    const memoised = createOfflineEnricher(lists, countries);
    const tiny = createOfflineEnricher(lists, countries, 3);
    for (const l of repeatingLeads(3_000)) {
      const expected = reference(l, NOW);
      expect(fresh(l, NOW)).toEqual(expected);
      expect(memoised(l, NOW)).toEqual(expected);
      expect(tiny(l, NOW)).toEqual(expected);
    }
  });
});
