import { createRandom, mixSeed } from './createRandom';
import type { SeedAccount, SeedCampaign, SeedCountryCode, SeedTeam, SeedUser } from './seedTypes';
import { COMPANY_ROOTS, COMPANY_SECTORS, COUNTRIES, slugify, type CountryVocabulary } from './seedVocabulary';

/** The small tables every lead refers to: fixed per seed, independent of the number of leads. */

const DAY_MS = 86_400_000;
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
/** `2026-03-01T10:15:00Z` (whole seconds); hand-rolled because it runs ~20 times per lead. */
export function isoSeconds(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}Z`;
}

export const TEAMS: readonly SeedTeam[] = [
  { key: 'T1', name: 'Iberia', countries: ['ES'] },
  { key: 'T2', name: 'Mexico', countries: ['MX'] },
  { key: 'T3', name: 'Southern Cone', countries: ['AR', 'CL'] },
  { key: 'T4', name: 'Andean', countries: ['CO'] },
  { key: 'T5', name: 'North America', countries: ['US'] },
];

export const countryVocabulary = (code: SeedCountryCode): CountryVocabulary => COUNTRIES.find((c) => c.code === code)!;

/** An admin (the integration user), a marketing user, then per team a manager and reps; two reps are inactive. */
export function buildUsers(seed: number): SeedUser[] {
  const random = createRandom(mixSeed(seed, -1));
  const users: SeedUser[] = [];
  const add = (role: SeedUser['role'], team: SeedTeam | null, country: SeedCountryCode, isActive = true): void => {
    const vocab = countryVocabulary(country);
    const firstName = random.pick(vocab.firstNames);
    const lastName = random.pick(vocab.lastNames);
    const key = `U${String(users.length + 1).padStart(2, '0')}`;
    const local = `${slugify(firstName, '')}.${slugify(lastName, '')}`;
    users.push({
      key,
      firstName,
      lastName,
      role,
      isActive,
      country,
      language: vocab.language,
      teamKey: team?.key ?? null,
      timeZone: random.pick(vocab.timeZones),
      username: `${local}.${key.toLowerCase()}@leadloop-demo.example`,
      email: `${local}@leadloop-demo.example`,
    });
  };
  add('admin', null, 'US');
  add('marketing', null, 'ES');
  for (const team of TEAMS) {
    add('sales_manager', team, team.countries[0]!);
    for (let r = 0; r < 3; r += 1)
      add(
        'sales_rep',
        team,
        team.countries[r % team.countries.length]!,
        !(r === 2 && (team.key === 'T2' || team.key === 'T5')),
      );
  }
  return users;
}

const EMPLOYEE_BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[1, 9], 2],
  [[10, 49], 3],
  [[50, 249], 3],
  [[250, 999], 1.5],
  [[1000, 20000], 0.5],
];
const COMPANY_COUNTRY_WEIGHTS = COUNTRIES.map(
  (c) => [c, c.code === 'US' ? 2 : c.code === 'ES' || c.code === 'MX' ? 3 : 1.5] as const,
);

export interface SeedCompany {
  name: string;
  domain: string;
  country: SeedCountryCode;
  industry: string;
  employees: number;
  annualRevenue: number;
}

/** Company `index`, a pure function of (seed, index); names repeat across cycles, domains never do. */
export function seedCompany(seed: number, index: number): SeedCompany {
  const random = createRandom(mixSeed(seed ^ 0x5eed, index));
  const vocab = random.weighted(COMPANY_COUNTRY_WEIGHTS);
  const root = COMPANY_ROOTS[index % COMPANY_ROOTS.length]!;
  const [sector, industry] = COMPANY_SECTORS[Math.floor(index / COMPANY_ROOTS.length) % COMPANY_SECTORS.length]!;
  const cycle = Math.floor(index / (COMPANY_ROOTS.length * COMPANY_SECTORS.length));
  const suffix = random.pick(vocab.companySuffixes);
  const name = [root, sector, suffix].filter((part) => part.length > 0).join(' ');
  const domain = `${slugify(`${root} ${sector}`)}${cycle > 0 ? cycle : ''}.${vocab.tld}`;
  const [low, high] = random.weighted(EMPLOYEE_BANDS);
  const employees = random.int(low, high);
  const annualRevenue = Math.round(employees * random.int(40, 180)) * 1000;
  return { name, domain, country: vocab.code, industry, employees, annualRevenue };
}

/** How many distinct companies leads are drawn from, and how many of them are already accounts. */
export function companyCounts(leadCount: number): { companies: number; accounts: number } {
  const companies = Math.max(40, Math.ceil(leadCount / 5));
  return { companies, accounts: Math.max(10, Math.ceil(companies * 0.12)) };
}

export function buildAccounts(seed: number, count: number, users: SeedUser[], nowMs: number): SeedAccount[] {
  const accounts: SeedAccount[] = [];
  for (let i = 0; i < count; i += 1) {
    const company = seedCompany(seed, i);
    const random = createRandom(mixSeed(seed ^ 0xacc7, i));
    const team = TEAMS.find((t) => t.countries.includes(company.country))!;
    const owners = users.filter((u) => u.teamKey === team.key && u.role === 'sales_rep' && u.isActive);
    accounts.push({
      key: `A${String(i + 1).padStart(5, '0')}`,
      name: company.name,
      domain: company.domain,
      website: `https://www.${company.domain}`,
      ownerKey: random.pick(owners).key,
      country: company.country,
      industry: company.industry,
      employees: company.employees,
      createdAt: isoSeconds(nowMs - random.int(400, 1500) * DAY_MS),
    });
  }
  return accounts;
}

export function buildCampaigns(nowMs: number): SeedCampaign[] {
  const at = (daysAgo: number) => isoSeconds(nowMs - daysAgo * DAY_MS).slice(0, 10);
  return [
    { key: 'C01', name: 'Webinar: Lead scoring 101', type: 'Webinar', startDate: at(200), isActive: false },
    { key: 'C02', name: 'Webinar: Calificación de leads en LATAM', type: 'Webinar', startDate: at(45), isActive: true },
    { key: 'C03', name: 'SaaS Summit Madrid', type: 'Conference', startDate: at(120), isActive: false },
    { key: 'C04', name: 'Expo Ventas México', type: 'Trade Show', startDate: at(30), isActive: true },
    { key: 'C05', name: 'Newsletter Q-current', type: 'Email', startDate: at(60), isActive: true },
    { key: 'C06', name: 'Google Ads – Demo', type: 'Advertisement', startDate: at(90), isActive: true },
    { key: 'C07', name: 'LinkedIn Ads – Guía de precios', type: 'Advertisement', startDate: at(20), isActive: true },
    { key: 'C08', name: 'Direct mail – Enterprise US', type: 'Direct Mail', startDate: at(300), isActive: false },
  ];
}
