import { parseHtmlMetadata } from '../../../src/enrich/parseHtmlMetadata';

const ld = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;

describe('parseHtmlMetadata', () => {
  it.each([
    [
      'title and meta description',
      '<html><head><title> Acme &amp; Co — Inicio </title><meta name="description" content="Software de gesti&oacute;n"></head></html>',
      { title: 'Acme & Co — Inicio', description: 'Software de gestión' },
    ],
    [
      'OpenGraph when there is no title/description',
      `<meta property="og:title" content="Acme"><meta property='og:description' content='We build'><meta property="og:site_name" content="Acme SL">`,
      { title: 'Acme', description: 'We build', siteName: 'Acme SL' },
    ],
    ['numeric entities', '<title>Caf&#233; &#x26; T&eacute;</title>', { title: 'Café & Té' }],
    ['commented-out tags are ignored', '<!-- <title>old</title> --><title>new</title>', { title: 'new' }],
    ['nothing useful', '<html><body>hi</body></html>', {}],
    ['not HTML at all', '\u0000\u0001 garbage <<<', {}],
  ])('%s', (_label, html, expected) => {
    expect(parseHtmlMetadata(html)).toEqual(expected);
  });

  it.each([
    [
      'a plain Organization',
      {
        '@context': 'https://schema.org',
        '@type': 'Organization',
        name: 'Acme',
        legalName: 'Acme Ibérica, S.L.',
        numberOfEmployees: 120,
        industry: 'Software',
        address: { '@type': 'PostalAddress', addressCountry: 'ES' },
      },
      { name: 'Acme', legalName: 'Acme Ibérica, S.L.', employees: 120, industry: 'Software', country: 'ES' },
    ],
    [
      'a Corporation inside @graph with a QuantitativeValue range',
      {
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'WebSite', name: 'Acme' },
          {
            '@type': 'Corporation',
            name: 'Acme',
            numberOfEmployees: { '@type': 'QuantitativeValue', minValue: 51, maxValue: 200 },
            address: { addressCountry: { '@type': 'Country', name: 'México' } },
          },
        ],
      },
      { name: 'Acme', employees: 126, country: 'México' },
    ],
    [
      'a publisher nested in a WebPage, employees as text',
      {
        '@context': 'https://schema.org',
        '@type': 'WebPage',
        publisher: {
          '@type': ['Organization', 'LocalBusiness'],
          name: 'Panadería Sol',
          numberOfEmployees: '1.200 empleados',
          naics: '311811',
        },
      },
      { name: 'Panadería Sol', employees: 1200, industry: 'NAICS 311811' },
    ],
  ])('reads %s', (_label, data, organization) => {
    expect(parseHtmlMetadata(`<title>x</title>${ld(data)}`).organization).toEqual(organization);
  });

  it('skips a JSON-LD block that does not parse and reads the next', () => {
    const html = `<script type="application/ld+json">{ not json</script>${ld({ '@type': 'Organization', legalName: 'Acme SA' })}`;
    expect(parseHtmlMetadata(html).organization).toEqual({ legalName: 'Acme SA' });
  });

  it('ignores scripts of other types', () => {
    expect(
      parseHtmlMetadata(
        `<script type="text/javascript">${JSON.stringify({ '@type': 'Organization', name: 'X' })}</script>`,
      ).organization,
    ).toBeUndefined();
  });
});
