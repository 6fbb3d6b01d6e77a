import { createCountryIndex } from '../../../src/enrich/normalizeCountry';
import { countryFromDomain, normalizeDomain } from '../../../src/enrich/normalizeDomain';

const countries = createCountryIndex();

describe('createCountryIndex().normalize', () => {
  it.each([
    ['España', 'ES'],
    ['Spain', 'ES'],
    [' spain ', 'ES'],
    ['ESPAÑA', 'ES'],
    ['ESP', 'ES'],
    ['es', 'ES'],
    ['México', 'MX'],
    ['Mexico', 'MX'],
    ['Méjico', 'MX'],
    ['MX', 'MX'],
    ['EE.UU.', 'US'],
    ['EEUU', 'US'],
    ['USA', 'US'],
    ['U.S.A.', 'US'],
    ['United States', 'US'],
    ['Estados Unidos', 'US'],
    ['United Kingdom', 'GB'],
    ['Reino Unido', 'GB'],
    ['UK', 'GB'],
    ['England', 'GB'],
    ['Perú', 'PE'],
    ['Brasil', 'BR'],
    ['Brazil', 'BR'],
    ['Alemania', 'DE'],
    ['Germany', 'DE'],
    ['Colombia', 'CO'],
    ['Chile', 'CL'],
    ['Argentina', 'AR'],
    ['República Dominicana', 'DO'],
    ['Dominican Republic', 'DO'],
    ['Panamá', 'PA'],
    ['The Netherlands', 'NL'],
    ['Países Bajos', 'NL'],
    ['Canadá', 'CA'],
  ])('%p → %s', (text, code) => {
    expect(countries.normalize(text)).toBe(code);
  });

  it.each([['Atlantis'], [''], [null], [undefined], ['n/a']])('%p is unknown', (text) => {
    expect(countries.normalize(text)).toBeUndefined();
  });
});

describe('normalizeDomain', () => {
  it.each([
    ['https://WWW.Acme.es/contacto', 'acme.es'],
    ['www.acme.com.mx', 'acme.com.mx'],
    ['acme.cl.', 'acme.cl'],
    ['http://acme.co:8080/?q=1', 'acme.co'],
    ['ana@Acme.ES', 'acme.es'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['http://127.0.0.1', undefined],
    ['http://[::1]/', undefined],
    // IPv4 in the notations the URL parser folds to dotted decimal, and in an address
    ['0x7f.1', undefined],
    ['2130706433', undefined],
    ['0177.0.0.1', undefined],
    ['ana@10.0.0.1', undefined],
    ['ana@[127.0.0.1]', undefined],
    ['localhost', undefined],
    ['not a domain', undefined],
    ['', undefined],
    [null, undefined],
  ])('%p → %p', (input, domain) => {
    expect(normalizeDomain(input)).toBe(domain);
  });
});

describe('countryFromDomain', () => {
  it.each([
    ['acme.es', 'ES', 0.6],
    ['acme.com.mx', 'MX', 0.6],
    ['acme.com.ar', 'AR', 0.6],
    ['acme.cl', 'CL', 0.6],
    ['acme.co.uk', 'GB', 0.6],
    ['acme.com.co', 'CO', 0.6],
    ['acme.co', 'CO', 0.3],
  ])('%p → %s (%d)', (domain, country, confidence) => {
    expect(countryFromDomain(domain, countries.codes)).toEqual({ country, confidence });
  });

  it.each([['acme.com'], ['acme.io'], ['acme.ai'], ['acme.tv'], ['acme.org']])(
    '%p says nothing about the country',
    (domain) => {
      expect(countryFromDomain(domain, countries.codes)).toBeUndefined();
    },
  );
});
