import { domainLabel, registrableDomain } from '../../../src/enrich/normalizeDomain';
import { domainsOf } from '../../../src/routing/createRouter';

/** Issue 24, item 9: domains are read with a maintained public-suffix list (tldts). */
describe('domains by the public-suffix list', () => {
  it.each([
    ['mail.yahoo.co.uk', 'yahoo.co.uk', 'yahoo'],
    ['acme.com.ar', 'acme.com.ar', 'acme'],
    ['sales.acme.es', 'acme.es', 'acme'],
    ['yahoo.acme.example', 'acme.example', 'acme'],
    ['co.uk', undefined, undefined],
  ])('%s → %s / %s', (host, registrable, label) => {
    expect(registrableDomain(host)).toBe(registrable);
    expect(domainLabel(host)).toBe(label);
  });

  it.each([
    [{ email: 'ana@gmail.com' }, []],
    [{ email: 'ana@mail.yahoo.co.uk' }, []],
    [{ email: 'ana@outlook.es' }, []],
    // the old prefix test took any host starting with a webmail brand for webmail
    [{ email: 'ana@yahoo.acme.example' }, ['yahoo.acme.example']],
    [{ email: 'ana@acme.es', website: 'https://www.acme.es/contacto' }, ['acme.es']],
  ])('account domains of %j: %j', (lead, expected) => {
    expect(domainsOf(lead)).toEqual(expected);
  });
});
