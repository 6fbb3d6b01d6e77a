import { classifyEmail, loadEmailLists } from '../../../src/enrich/classifyEmail';

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
