/** What a company's home page says about the company. */
export interface HtmlMetadata {
  title?: string;
  description?: string;
  siteName?: string;
  organization?: OrganizationData;
}

/** The schema.org Organization (or subtype) the page publishes as JSON-LD. */
export interface OrganizationData {
  name?: string;
  legalName?: string;
  employees?: number;
  industry?: string;
  /** addressCountry as written: "ES", "España", "Spain". */
  country?: string;
}

const ORG_TYPES = new Set([
  'Organization',
  'Corporation',
  'LocalBusiness',
  'OnlineBusiness',
  'OnlineStore',
  'ProfessionalService',
  'NGO',
  'NewsMediaOrganization',
  'EducationalOrganization',
  'MedicalOrganization',
  'Store',
  'FinancialService',
  'GovernmentOrganization',
  'SportsOrganization',
  'AutomotiveBusiness',
  'LegalService',
  'FoodEstablishment',
]);

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  middot: '·',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  iexcl: '¡',
  iquest: '¿',
  ntilde: 'ñ',
  Ntilde: 'Ñ',
  uuml: 'ü',
  Uuml: 'Ü',
  ccedil: 'ç',
  aacute: 'á',
  eacute: 'é',
  iacute: 'í',
  oacute: 'ó',
  uacute: 'ú',
  Aacute: 'Á',
  Eacute: 'É',
  Iacute: 'Í',
  Oacute: 'Ó',
  Uacute: 'Ú',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name] ?? whole;
  });
}

function clean(text: string | undefined, max: number): string | undefined {
  if (!text) return undefined;
  const value = decodeEntities(text).replace(/\s+/g, ' ').trim();
  return value ? value.slice(0, max) : undefined;
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    out[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return out;
}

/**
 * Title, description (meta or OpenGraph) and the schema.org Organization from a home
 * page. Regular expressions, not a DOM: only the head-level tags are read, and a page
 * that does not parse yields what could be read (never an exception).
 */
export function parseHtmlMetadata(html: string): HtmlMetadata {
  const text = html.replace(/<!--[\s\S]*?-->/g, '');
  const meta: Record<string, string> = {};
  for (const m of text.matchAll(/<meta\b([^>]*)>/gi)) {
    const attrs = attributes(m[1]!);
    const key = (attrs['property'] ?? attrs['name'] ?? '').toLowerCase();
    if (key && attrs['content'] !== undefined && !(key in meta)) meta[key] = attrs['content'];
  }
  const title = /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
  const result: HtmlMetadata = {};
  const t = clean(title, 300) ?? clean(meta['og:title'], 300);
  if (t) result.title = t;
  const d = clean(meta['description'], 500) ?? clean(meta['og:description'], 500);
  if (d) result.description = d;
  const s = clean(meta['og:site_name'], 200);
  if (s) result.siteName = s;
  const organization = findOrganization(text);
  if (organization) result.organization = organization;
  return result;
}

function findOrganization(html: string): OrganizationData | undefined {
  let best: OrganizationData | undefined;
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if ((attributes(m[1]!)['type'] ?? '').toLowerCase() !== 'application/ld+json') continue;
    let data: unknown;
    try {
      data = JSON.parse(m[2]!.trim().replace(/^<!\[CDATA\[|\]\]>$/g, ''));
    } catch {
      continue;
    }
    for (const node of organizationNodes(data, 0)) {
      const org = toOrganization(node);
      if (!best || Object.keys(org).length > Object.keys(best).length) best = org;
    }
  }
  return best && Object.keys(best).length ? best : undefined;
}

function* organizationNodes(value: unknown, depth: number): Generator<Record<string, unknown>> {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) yield* organizationNodes(item, depth + 1);
    return;
  }
  const node = value as Record<string, unknown>;
  const types = ([] as unknown[]).concat(node['@type'] ?? []).map(String);
  if (types.some((t) => ORG_TYPES.has(t.replace(/^https?:\/\/schema\.org\//, '')))) yield node;
  for (const [key, child] of Object.entries(node)) if (key !== '@context') yield* organizationNodes(child, depth + 1);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && !Array.isArray(value))
    return str((value as Record<string, unknown>)['name']);
  if (Array.isArray(value)) return str(value[0]);
  return undefined;
}

function employeesOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value);
  if (typeof value === 'string') {
    const numbers =
      value
        .replace(/[.,](?=\d{3}\b)/g, '')
        .match(/\d+/g)
        ?.map(Number) ?? [];
    if (numbers.length === 1) return numbers[0];
    if (numbers.length >= 2) return Math.round((numbers[0]! + numbers[1]!) / 2);
    return undefined;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const exact = employeesOf(v['value']);
    if (exact !== undefined) return exact;
    const min = employeesOf(v['minValue']);
    const max = employeesOf(v['maxValue']);
    if (min !== undefined && max !== undefined) return Math.round((min + max) / 2);
    return min ?? max;
  }
  return undefined;
}

function toOrganization(node: Record<string, unknown>): OrganizationData {
  const org: OrganizationData = {};
  const name = clean(str(node['name']), 200);
  if (name) org.name = name;
  const legalName = clean(str(node['legalName']), 200);
  if (legalName) org.legalName = legalName;
  const employees = employeesOf(node['numberOfEmployees']);
  if (employees !== undefined && employees >= 0) org.employees = employees;
  // schema.org has no "industry" on Organization; sites use it anyway, or NAICS / ISIC codes
  const industry =
    clean(str(node['industry']), 200) ??
    (node['naics'] ? `NAICS ${str(node['naics'])}` : undefined) ??
    (node['isicV4'] ? `ISIC ${str(node['isicV4'])}` : undefined);
  if (industry) org.industry = industry;
  const address = ([] as unknown[]).concat(node['address'] ?? [])[0];
  const country =
    address && typeof address === 'object'
      ? clean(str((address as Record<string, unknown>)['addressCountry']), 80)
      : undefined;
  if (country) org.country = country;
  return org;
}
