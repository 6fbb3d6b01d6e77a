import { parse } from 'tldts';
import { classifyEmail, FREE_MAIL_BRANDS, isFreeMailVariant, loadEmailLists } from '../../../src/enrich/classifyEmail';

const lists = loadEmailLists();

describe('classifyEmail', () => {
  it.each([
    ['ana.lopez@acme.es', 'corporate', 'acme.es'],
    ['  Ana.Lopez@ACME.com.mx ', 'corporate', 'acme.com.mx'],
    ['ana+crm@acme.es', 'corporate', 'acme.es'],
    ['juan@gmail.com', 'free', 'gmail.com'],
    ['juan@hotmail.es', 'free', 'hotmail.es'],
    ['maria@yahoo.com.mx', 'free', 'yahoo.com.mx'],
    ['maria@outlook.es', 'free', 'outlook.es'],
    ['info@gmail.com', 'free', 'gmail.com'],
    ['test@mailinator.com', 'disposable', 'mailinator.com'],
    ['x@guerrillamail.com', 'disposable', 'guerrillamail.com'],
    ['info@acme.es', 'role', 'acme.es'],
    ['ventas@acme.com.mx', 'role', 'acme.com.mx'],
    ['contacto@acme.cl', 'role', 'acme.cl'],
    ['no-reply@acme.com', 'role', 'acme.com'],
    ['sales+web@acme.com', 'role', 'acme.com'],
    ['mailto:ana@acme.es', 'corporate', 'acme.es'],
    ['ana@bücher.de', 'malformed', undefined],
    ['ana.lopez', 'malformed', undefined],
    ['ana@acme', 'malformed', undefined],
    ['ana@@acme.es', 'malformed', undefined],
    ['ana lopez@acme.es', 'malformed', undefined],
    ['ana..lopez@acme.es', 'malformed', undefined],
    ['ana@-acme.es', 'malformed', undefined],
    ['', 'missing', undefined],
    ['   ', 'missing', undefined],
    [null, 'missing', undefined],
    [undefined, 'missing', undefined],
  ])('%p is %s', (email, type, domain) => {
    const result = classifyEmail(lists, email);
    expect(result.type).toBe(type);
    expect(result.domain).toBe(domain);
  });

  // country variants of the big webmail brands, listed or not in the maintained lists
  it.each([
    ['juan@hotmail.com.ar', 'free'],
    ['juan@hotmail.cl', 'free'],
    ['juan@hotmail.es', 'free'],
    ['juan@outlook.com.ar', 'free'],
    ['juan@outlook.es', 'free'],
    ['juan@live.co.uk', 'free'],
    ['juan@live.com.mx', 'free'],
    ['juan@yahoo.com.mx', 'free'],
    ['juan@yahoo.co.jp', 'free'],
    ['juan@yahoo.com.ar', 'free'],
    ['juan@gmail.com.br', 'free'],
    ['juan@gmx.es', 'free'],
    ['juan@msn.com.br', 'free'],
    // a role word on a free variant is still free (a person's own mailbox)
    ['info@hotmail.com.ar', 'free'],
    ['ventas@yahoo.com.mx', 'free'],
    ['contacto@outlook.cl', 'free'],
    // not variants: a company's own domain that merely contains a brand, a brand's subdomain, generic suffixes
    ['ana@hotmailers.com.ar', 'corporate'],
    ['ana@livenation.es', 'corporate'],
    ['ana@mail.yahoo.co.jp', 'corporate'],
    ['ana@outlook.consulting', 'corporate'],
    ['ventas@hotmailers.com.ar', 'role'],
  ])('%p is %s', (email, type) => {
    expect(classifyEmail(lists, email).type).toBe(type);
  });

  it.each([
    ['hotmail.com.ar', true],
    ['yahoo.co.jp', true],
    ['live.co.uk', true],
    ['outlook.es', true],
    ['acme.com.ar', false],
    ['hotmail.consulting', false],
    ['www.hotmail.es', false],
    ['hotmail.blogspot.com', false],
  ])('isFreeMailVariant(%p) is %p', (domain, expected) => {
    expect(isFreeMailVariant(domain)).toBe(expected);
  });

  it('names only brands the maintained free list itself carries under several country suffixes', () => {
    for (const brand of FREE_MAIL_BRANDS) {
      const countries = [...lists.free].filter((d) => {
        const p = parse(d);
        return p.domainWithoutSuffix === brand && !p.subdomain && /(^|\.)[a-z]{2}$/.test(p.publicSuffix ?? '');
      });
      expect({ brand, variants: countries.length >= 2 }).toEqual({ brand, variants: true });
    }
  });

  it('calls a domain free exactly when the free list names it or isFreeMailVariant says so', () => {
    const labels = [...FREE_MAIL_BRANDS, 'acme', 'mail', 'hotmailer', 'my-gmail', 'www'];
    const suffixes = ['es', 'com.ar', 'co.uk', 'co.jp', 'com', 'net', 'consulting', 'blogspot.com', 'cl', 'com.mx'];
    const domains = [...[...lists.free].slice(0, 2000)];
    for (const first of labels)
      for (const suffix of suffixes)
        domains.push(`${first}.${suffix}`, `x.${first}.${suffix}`, `${first}.mail.${suffix}`);
    let free = 0;
    for (const domain of domains) {
      const { type } = classifyEmail(lists, `ana@${domain}`);
      if (type === 'disposable' || type === 'malformed') continue;
      const expected = lists.free.has(domain) || isFreeMailVariant(domain);
      expect({ domain, free: type === 'free' }).toEqual({ domain, free: expected });
      if (expected) free++;
    }
    expect(free).toBeGreaterThan(1000);
  });

  it('treats subdomains of wildcard disposable domains as disposable', () => {
    const wildcard = [...lists.disposableWildcard][0]!;
    expect(classifyEmail(lists, `a@anything.${wildcard}`).type).toBe('disposable');
  });

  it('loads the maintained lists, not a handful of domains', () => {
    expect(lists.free.size).toBeGreaterThan(1000);
    expect(lists.disposable.size).toBeGreaterThan(10000);
    expect(lists.roleLocalParts.size).toBeGreaterThan(500);
  });
});
