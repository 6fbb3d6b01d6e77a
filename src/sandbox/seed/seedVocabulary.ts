import type { Random } from './createRandom';
import type { SeedCountryCode } from './seedTypes';

/** Per-country vocabulary: how people there write names, places, phones, companies and the country itself. */
export interface CountryVocabulary {
  code: SeedCountryCode;
  language: 'en' | 'es';
  /** Spellings people type into a form; the first one is the canonical English name. */
  typedNames: readonly string[];
  firstNames: readonly string[];
  lastNames: readonly string[];
  places: readonly (readonly [city: string, state: string])[];
  companySuffixes: readonly string[];
  tld: string;
  timeZones: readonly string[];
  /** A landline and a mobile in the local format and in E.164. */
  phone(random: Random): { localLandline: string; localMobile: string; e164Landline: string; e164Mobile: string };
}

const digits = (random: Random, count: number): string => {
  let out = '';
  for (let i = 0; i < count; i += 1) out += String(random.int(0, 9));
  return out;
};

const HISPANIC_FIRST = [
  'José',
  'María',
  'Juan',
  'Ana',
  'Luis',
  'Carmen',
  'Carlos',
  'Lucía',
  'Javier',
  'Sofía',
  'Miguel',
  'Valentina',
  'Andrés',
  'Camila',
  'Diego',
  'Isabel',
  'Fernando',
  'Paula',
  'Alejandro',
  'Martina',
  'Raúl',
  'Daniela',
  'Sebastián',
  'Gabriela',
  'Ignacio',
  'Ximena',
  'Íñigo',
  'Begoña',
];
const HISPANIC_LAST = [
  'García',
  'Rodríguez',
  'Martínez',
  'López',
  'González',
  'Pérez',
  'Sánchez',
  'Ramírez',
  'Torres',
  'Flores',
  'Rivera',
  'Gómez',
  'Díaz',
  'Muñoz',
  'Rojas',
  'Castillo',
  'Vargas',
  'Ortiz',
  'Núñez',
  'Fernández',
  'Herrera',
  'Jiménez',
  'Álvarez',
  'Romero',
  'Ibáñez',
  'de la Fuente',
  'Echeverría',
];

export const COUNTRIES: readonly CountryVocabulary[] = [
  {
    code: 'ES',
    language: 'es',
    typedNames: ['Spain', 'España', 'Espana', 'ES', 'spain', 'ESPAÑA'],
    firstNames: HISPANIC_FIRST,
    lastNames: HISPANIC_LAST,
    places: [
      ['Madrid', 'Madrid'],
      ['Barcelona', 'Cataluña'],
      ['Valencia', 'Comunidad Valenciana'],
      ['Sevilla', 'Andalucía'],
      ['Bilbao', 'País Vasco'],
      ['Zaragoza', 'Aragón'],
    ],
    companySuffixes: ['S.L.', 'S.A.', ''],
    tld: 'es',
    timeZones: ['Europe/Madrid'],
    phone: (r) => {
      const land = `9${r.pick(['1', '3', '5', '6'])}${digits(r, 7)}`;
      const mob = `${r.pick(['6', '7'])}${digits(r, 8)}`;
      const fmt = (n: string) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
      return { localLandline: fmt(land), localMobile: fmt(mob), e164Landline: `+34${land}`, e164Mobile: `+34${mob}` };
    },
  },
  {
    code: 'MX',
    language: 'es',
    typedNames: ['Mexico', 'México', 'MX', 'mexico', 'Méjico'],
    firstNames: HISPANIC_FIRST,
    lastNames: HISPANIC_LAST,
    places: [
      ['Ciudad de México', 'CDMX'],
      ['Guadalajara', 'Jalisco'],
      ['Monterrey', 'Nuevo León'],
      ['Puebla', 'Puebla'],
      ['Querétaro', 'Querétaro'],
    ],
    companySuffixes: ['S.A. de C.V.', 'S. de R.L.', ''],
    tld: 'com.mx',
    timeZones: ['America/Mexico_City', 'America/Monterrey'],
    phone: (r) => {
      const land = `55${digits(r, 8)}`;
      const mob = `${r.pick(['33', '81', '55'])}${digits(r, 8)}`;
      const fmt = (n: string) => `${n.slice(0, 2)} ${n.slice(2, 6)} ${n.slice(6)}`;
      return { localLandline: fmt(land), localMobile: fmt(mob), e164Landline: `+52${land}`, e164Mobile: `+52${mob}` };
    },
  },
  {
    code: 'AR',
    language: 'es',
    typedNames: ['Argentina', 'AR', 'argentina', 'Rep. Argentina'],
    firstNames: HISPANIC_FIRST,
    lastNames: HISPANIC_LAST,
    places: [
      ['Buenos Aires', 'CABA'],
      ['Córdoba', 'Córdoba'],
      ['Rosario', 'Santa Fe'],
      ['Mendoza', 'Mendoza'],
    ],
    companySuffixes: ['S.A.', 'S.R.L.', ''],
    tld: 'com.ar',
    timeZones: ['America/Argentina/Buenos_Aires'],
    phone: (r) => {
      const land = `11${r.pick(['4', '5'])}${digits(r, 7)}`;
      const mob = `11${r.pick(['5', '6'])}${digits(r, 7)}`;
      return {
        localLandline: `(011) ${land.slice(2, 6)}-${land.slice(6)}`,
        localMobile: `15 ${mob.slice(2, 6)}-${mob.slice(6)}`,
        e164Landline: `+54${land}`,
        e164Mobile: `+549${mob}`,
      };
    },
  },
  {
    code: 'CO',
    language: 'es',
    typedNames: ['Colombia', 'CO', 'colombia', 'COLOMBIA'],
    firstNames: HISPANIC_FIRST,
    lastNames: HISPANIC_LAST,
    places: [
      ['Bogotá', 'Cundinamarca'],
      ['Medellín', 'Antioquia'],
      ['Cali', 'Valle del Cauca'],
      ['Barranquilla', 'Atlántico'],
    ],
    companySuffixes: ['S.A.S.', 'S.A.', 'Ltda.'],
    tld: 'com.co',
    timeZones: ['America/Bogota'],
    phone: (r) => {
      const land = `601${r.pick(['2', '3', '4', '7'])}${digits(r, 6)}`;
      const mob = `3${r.pick(['0', '1', '2', '5'])}${digits(r, 8)}`;
      return {
        localLandline: `(601) ${land.slice(3, 6)} ${land.slice(6)}`,
        localMobile: `${mob.slice(0, 3)} ${mob.slice(3, 6)} ${mob.slice(6)}`,
        e164Landline: `+57${land}`,
        e164Mobile: `+57${mob}`,
      };
    },
  },
  {
    code: 'CL',
    language: 'es',
    typedNames: ['Chile', 'CL', 'chile'],
    firstNames: HISPANIC_FIRST,
    lastNames: HISPANIC_LAST,
    places: [
      ['Santiago', 'Región Metropolitana'],
      ['Valparaíso', 'Valparaíso'],
      ['Concepción', 'Biobío'],
    ],
    companySuffixes: ['SpA', 'S.A.', 'Ltda.'],
    tld: 'cl',
    timeZones: ['America/Santiago'],
    phone: (r) => {
      const land = `22${digits(r, 7)}`;
      const mob = `9${r.pick(['5', '6', '7', '8', '9'])}${digits(r, 7)}`;
      return {
        localLandline: `(2) ${land.slice(1, 5)} ${land.slice(5)}`,
        localMobile: `9 ${mob.slice(1, 5)} ${mob.slice(5)}`,
        e164Landline: `+56${land}`,
        e164Mobile: `+56${mob}`,
      };
    },
  },
  {
    code: 'US',
    language: 'en',
    typedNames: ['United States', 'USA', 'US', 'U.S.', 'United States of America', 'Estados Unidos'],
    firstNames: [
      'James',
      'Mary',
      'Robert',
      'Patricia',
      'Michael',
      'Jennifer',
      'David',
      'Linda',
      'Sarah',
      'Kevin',
      'Emily',
      'Brian',
      'Ashley',
      'Daniel',
      'Megan',
      'Carlos',
      'Maria',
    ],
    lastNames: [
      'Smith',
      'Johnson',
      'Williams',
      'Brown',
      'Jones',
      'Miller',
      'Davis',
      'Wilson',
      'Anderson',
      'Taylor',
      "O'Brien",
      'Thompson',
      'Garcia',
      'Martinez',
      'Nguyen',
      'Lee',
    ],
    places: [
      ['Austin', 'TX'],
      ['Miami', 'FL'],
      ['New York', 'NY'],
      ['San Francisco', 'CA'],
      ['Chicago', 'IL'],
      ['Denver', 'CO'],
    ],
    companySuffixes: ['Inc.', 'LLC', 'Corp.', ''],
    tld: 'com',
    timeZones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
    phone: (r) => {
      const area = r.pick(['512', '305', '212', '415', '312', '720']);
      const land = `${area}${r.int(2, 9)}${digits(r, 6)}`;
      const mob = `${area}${r.int(2, 9)}${digits(r, 6)}`;
      const fmt = (n: string) => `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`;
      return { localLandline: fmt(land), localMobile: fmt(mob), e164Landline: `+1${land}`, e164Mobile: `+1${mob}` };
    },
  },
];

export const COMPANY_ROOTS = [
  'Andina',
  'Ibérica',
  'Pacífico',
  'Altamar',
  'Cóndor',
  'Austral',
  'Sierra',
  'Atlas',
  'Nexo',
  'Vértice',
  'Horizonte',
  'Quetzal',
  'Ceiba',
  'Aurora',
  'Brisa',
  'Cumbre',
  'Delta',
  'Faro',
  'Granito',
  'Lumen',
  'Mirador',
  'Norte',
  'Orión',
  'Puerto',
  'Rivera',
  'Solaris',
  'Tierra',
  'Vega',
  'Zenit',
  'Bluewater',
  'Ironwood',
  'Northstar',
  'Redwood',
  'Summit',
  'Keystone',
  'Pinnacle',
];
export const COMPANY_SECTORS: readonly (readonly [word: string, industry: string])[] = [
  ['Logística', 'Transportation'],
  ['Tecnologías', 'Technology'],
  ['Software', 'Technology'],
  ['Alimentos', 'Food & Beverage'],
  ['Seguros', 'Insurance'],
  ['Energía', 'Energy'],
  ['Construcciones', 'Construction'],
  ['Salud', 'Healthcare'],
  ['Consultores', 'Consulting'],
  ['Retail', 'Retail'],
  ['Manufacturing', 'Manufacturing'],
  ['Analytics', 'Technology'],
  ['Capital', 'Finance'],
  ['Telecom', 'Telecommunications'],
  ['Educación', 'Education'],
  ['Media', 'Media'],
  ['Agro', 'Agriculture'],
  ['Hoteles', 'Hospitality'],
  ['Fundación', 'Not For Profit'],
  ['Industrial', 'Machinery'],
];

export const TITLES: readonly (readonly [title: string, language: 'en' | 'es'])[] = [
  ['CEO', 'en'],
  ['Chief Technology Officer', 'en'],
  ['VP of Sales', 'en'],
  ['VP Marketing', 'en'],
  ['Head of Operations', 'en'],
  ['IT Director', 'en'],
  ['Marketing Manager', 'en'],
  ['Procurement Manager', 'en'],
  ['Sales Representative', 'en'],
  ['Software Engineer', 'en'],
  ['Business Analyst', 'en'],
  ['Office Manager', 'en'],
  ['Student', 'en'],
  ['Owner', 'en'],
  ['Consultant', 'en'],
  ['Director General', 'es'],
  ['Gerente General', 'es'],
  ['Director Comercial', 'es'],
  ['Directora de Marketing', 'es'],
  ['Gerente de TI', 'es'],
  ['Jefe de Compras', 'es'],
  ['Responsable de Operaciones', 'es'],
  ['Coordinadora de Marketing', 'es'],
  ['Analista de Datos', 'es'],
  ['Ingeniero de Software', 'es'],
  ['Asistente Administrativa', 'es'],
  ['Estudiante', 'es'],
  ['Dueño', 'es'],
  ['Socio Fundador', 'es'],
  ['Consultor Independiente', 'es'],
];

export const FREE_MAIL = [
  'gmail.com',
  'hotmail.com',
  'yahoo.com',
  'outlook.com',
  'hotmail.es',
  'yahoo.com.mx',
  'live.com.ar',
];
export const DISPOSABLE_MAIL = ['mailinator.com', 'yopmail.com', 'guerrillamail.com', '10minutemail.com'];
export const ROLE_LOCALS = ['info', 'ventas', 'sales', 'contacto', 'admin', 'marketing', 'compras'];

/** Every lead source a form, a rep or an import sets (Salesforce defaults plus common additions). */
export const LEAD_SOURCES = [
  'Web',
  'Event',
  'Phone Inquiry',
  'Partner Referral',
  'Purchased List',
  'Webinar',
  'Advertisement',
  'Employee Referral',
  'Other',
] as const;

export const RETURN_REASONS = [
  'No budget this year',
  'Not the decision maker',
  'Timing: revisit next quarter',
  'Sin presupuesto este año',
  'No es quien decide',
  'Volver a contactar en 6 meses',
  'No responde tras 5 intentos',
];
export const DISQUALIFY_REASONS = [
  'Student / not a buyer',
  'Competitor',
  'Duplicate',
  'Estudiante',
  'Empresa demasiado pequeña',
  'Datos falsos',
];
export const LOSS_REASONS = [
  'Price',
  'Lost to competitor',
  'No decision',
  'Precio',
  'Eligió a la competencia',
  'Proyecto cancelado',
];

const slugCache = new Map<string, string>();

/** Lowercase ASCII slug: "Ibérica Logística" → "iberica-logistica". Memoized: the inputs are a small vocabulary. */
export function slugify(text: string, separator = '-'): string {
  const cacheKey = `${separator}|${text}`;
  let slug = slugCache.get(cacheKey);
  if (slug === undefined) {
    const words = text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .split(/[^a-z0-9]+/);
    slug = words.filter((w) => w.length > 0).join(separator);
    if (slugCache.size < 10_000) slugCache.set(cacheKey, slug);
  }
  return slug;
}
