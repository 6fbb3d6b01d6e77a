import { createRandom, mixSeed, type Random } from './createRandom';
import { seedSalesActivities } from './seedSalesActivities';
import { companyCounts, countryVocabulary, isoSeconds, seedCompany } from './seedTables';
import type {
  SeedActivity,
  SeedActivityType,
  SeedCampaign,
  SeedCampaignResponse,
  SeedConversion,
  SeedEmailKind,
  SeedLead,
  SeedLeadStatus,
  SeedOpportunityStage,
  SeedUser,
} from './seedTypes';
import {
  COUNTRIES,
  DISPOSABLE_MAIL,
  DISQUALIFY_REASONS,
  FREE_MAIL,
  LEAD_SOURCES,
  LOSS_REASONS,
  RETURN_REASONS,
  ROLE_LOCALS,
  slugify,
  TITLES,
} from './seedVocabulary';

/** What every lead draws from; built once per generateSeed call. */
export interface LeadContext {
  seed: number;
  nowMs: number;
  users: SeedUser[];
  campaigns: SeedCampaign[];
  leadCount: number;
  marketingUserKey: string;
  /** Reps (active or not: leads keep owners who left) of the team covering each country. */
  repsByCountry: Map<string, SeedUser[]>;
}

const DAY_MS = 86_400_000;
const ACTIVITY_SUBJECTS: Record<SeedActivityType, readonly [en: string, es: string]> = {
  form_submit: ['Form submitted: Contact us', 'Formulario enviado: Contacto'],
  demo_request: ['Demo requested', 'Solicitud de demo'],
  content_download: ['Downloaded: Lead scoring guide', 'Descarga: Guía de calificación de leads'],
  webinar_attended: ['Attended webinar', 'Asistió al webinar'],
  email_click: ['Email click: pricing link', 'Clic en email: enlace de precios'],
  email_open: ['Email opened: newsletter', 'Email abierto: newsletter'],
  inbound_call: ['Inbound call', 'Llamada entrante'],
  pricing_page_visit: ['Visited pricing page', 'Visitó la página de precios'],
};
const ACTIVITY_WEIGHTS: readonly (readonly [SeedActivityType, number])[] = [
  ['email_open', 5],
  ['email_click', 3],
  ['form_submit', 2],
  ['content_download', 2],
  ['webinar_attended', 1],
  ['pricing_page_visit', 1.5],
  ['demo_request', 0.8],
  ['inbound_call', 0.7],
];
const STATUS_WEIGHTS: readonly (readonly [SeedLeadStatus, number])[] = [
  ['new', 60],
  ['working', 15],
  ['returned', 7],
  ['disqualified', 8],
  ['converted', 10],
];
const TITLES_BY_LANGUAGE = {
  en: TITLES.filter(([, lang]) => lang === 'en'),
  es: TITLES.filter(([, lang]) => lang === 'es'),
};
const SOURCE_WEIGHTS = LEAD_SOURCES.map((s) => [s, s === 'Web' ? 6 : s === 'Other' ? 0.5 : 1.5] as const);
const TYPED_COUNTRY_WEIGHTS = new Map(
  COUNTRIES.map((c) => [c.code, c.typedNames.map((n, i) => [n, i === 0 ? 4 : 1] as const)]),
);
const EMAIL_WEIGHTS: readonly (readonly [SeedEmailKind, number])[] = [
  ['corporate', 55],
  ['free', 22],
  ['disposable', 4],
  ['role', 7],
  ['malformed', 4],
  ['missing', 8],
];

function buildEmail(random: Random, kind: SeedEmailKind, first: string, last: string, domain: string): string | null {
  const f = slugify(first, '');
  const l = slugify(last, '');
  switch (kind) {
    case 'corporate':
      return random.pick([`${f}.${l}@${domain}`, `${f[0]}${l}@${domain}`, `${f}@${domain}`]);
    case 'free':
      return `${f}.${l}${random.chance(0.5) ? random.int(1, 99) : ''}@${random.pick(FREE_MAIL)}`;
    case 'disposable':
      return `${f}${random.int(100, 999)}@${random.pick(DISPOSABLE_MAIL)}`;
    case 'role':
      return `${random.pick(ROLE_LOCALS)}@${domain}`;
    case 'malformed':
      return random.pick([
        `${f}.${l}@`,
        `${f}.${l}.gmail.com`,
        `${f} ${l}@${domain}`,
        `${f}@${domain.split('.')[0]}`,
        `${f}@@${domain}`,
      ]);
    case 'missing':
      return null;
  }
}

function buildActivities(
  random: Random,
  key: string,
  language: 'en' | 'es',
  fromMs: number,
  toMs: number,
): SeedActivity[] {
  const count = random.weighted([
    [0, 30],
    [1, 25],
    [2, 18],
    [3, 12],
    [4, 8],
    [6, 5],
    [9, 2],
  ] as const);
  const activities: SeedActivity[] = [];
  for (let n = 0; n < count; n += 1) {
    const type = random.weighted(ACTIVITY_WEIGHTS);
    const subjects = ACTIVITY_SUBJECTS[type];
    activities.push({
      key: `${key}-A${n + 1}`,
      type,
      kind: type === 'inbound_call' ? 'call' : 'task',
      subject: language === 'es' ? subjects[1] : subjects[0],
      occurredAt: isoSeconds(fromMs + random.next() * (toMs - fromMs)),
    });
  }
  return activities.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}

function buildCampaignResponses(
  random: Random,
  campaigns: SeedCampaign[],
  createdMs: number,
  nowMs: number,
): SeedCampaignResponse[] {
  const count = random.weighted([
    [0, 55],
    [1, 30],
    [2, 15],
  ] as const);
  const responses: SeedCampaignResponse[] = [];
  for (let n = 0; n < count; n += 1) {
    const campaign = campaigns[(random.int(0, campaigns.length - 1) + n) % campaigns.length]!;
    if (responses.some((r) => r.campaignKey === campaign.key)) continue;
    const addedMs = Math.max(createdMs, Date.parse(campaign.startDate)) + random.next() * 5 * DAY_MS;
    const added = Math.min(addedMs, nowMs - 3600_000);
    const responded = random.chance(0.6);
    responses.push({
      campaignKey: campaign.key,
      status: responded ? 'Responded' : 'Sent',
      addedAt: isoSeconds(added),
      respondedAt: responded ? isoSeconds(added + random.next() * Math.min(7 * DAY_MS, nowMs - added)) : null,
    });
  }
  return responses;
}

function buildConversion(
  random: Random,
  key: string,
  company: string | null,
  accountKey: string | null,
  statusMs: number,
  nowMs: number,
): SeedConversion {
  const hasOpportunity = random.chance(0.85);
  const stage: SeedOpportunityStage = random.weighted([
    ['Closed Won', 35],
    ['Closed Lost', 35],
    ['Prospecting', 8],
    ['Qualification', 8],
    ['Proposal/Price Quote', 8],
    ['Negotiation/Review', 6],
  ] as const);
  const isClosed = stage === 'Closed Won' || stage === 'Closed Lost';
  const closeMs = isClosed ? statusMs + random.next() * (nowMs - statusMs) : nowMs + random.int(10, 120) * DAY_MS;
  return {
    convertedAt: isoSeconds(statusMs),
    accountKey: accountKey ?? `A-${key}`,
    isExistingAccount: accountKey !== null,
    contactKey: `K-${key}`,
    opportunity: hasOpportunity
      ? {
          key: `O-${key}`,
          name: `${company ?? 'Unknown'} - ${random.pick(['Starter', 'Growth', 'Enterprise'])}`,
          amount: random.int(3, 240) * 500,
          currency: random.chance(0.3) ? 'EUR' : 'USD',
          stage,
          isClosed,
          isWon: stage === 'Closed Won',
          closeDate: isoSeconds(closeMs).slice(0, 10),
          lossReason: stage === 'Closed Lost' ? random.pick(LOSS_REASONS) : null,
          createdAt: isoSeconds(statusMs),
        }
      : null,
  };
}

/** Lead `index`: a pure function of (context, index), so any lead can be produced alone and in any order. */
export function seedLead(ctx: LeadContext, index: number): SeedLead {
  const random = createRandom(mixSeed(ctx.seed, index));
  const key = `L${String(index + 1).padStart(6, '0')}`;
  const counts = companyCounts(ctx.leadCount);
  // A share of leads come from companies that already are accounts: that is what account matching finds.
  const companyIndex = random.chance(0.18) ? random.int(0, counts.accounts - 1) : random.int(0, counts.companies - 1);
  const company = seedCompany(ctx.seed, companyIndex);
  const vocab = countryVocabulary(company.country);
  const firstName = random.pick(vocab.firstNames);
  const lastName = random.pick(vocab.lastNames);
  const emailKind = random.weighted(EMAIL_WEIGHTS);
  const phones = vocab.phone(random);
  const e164 = random.chance(0.5);
  // Most people write their title in their own language; some Spanish speakers use English titles and vice versa.
  const titleLanguage = random.chance(0.1)
    ? null
    : random.chance(0.85)
      ? vocab.language
      : vocab.language === 'es'
        ? 'en'
        : 'es';
  const title = titleLanguage === null ? null : random.pick(TITLES_BY_LANGUAGE[titleLanguage])[0];
  const [city, state] = random.pick(vocab.places);
  const createdMs =
    ctx.nowMs - Math.floor(Math.pow(random.next(), 1.6) * 720 * DAY_MS) - random.int(3600, 86_400) * 1000;
  const status = random.weighted(STATUS_WEIGHTS);
  const reps = ctx.repsByCountry.get(company.country)!;
  const statusMs = status === 'new' ? null : createdMs + random.next() * (ctx.nowMs - createdMs) * 0.8;
  const activities = buildActivities(random, key, vocab.language, createdMs, ctx.nowMs);
  const campaignResponses = buildCampaignResponses(random, ctx.campaigns, createdMs, ctx.nowMs);
  const matchingAccountKey = companyIndex < counts.accounts ? `A${String(companyIndex + 1).padStart(5, '0')}` : null;
  const hasCompany = !random.chance(0.04);
  const lastActivity = activities[activities.length - 1];
  const lastTouchMs = Math.max(createdMs, statusMs ?? 0, lastActivity ? Date.parse(lastActivity.occurredAt) : 0);
  const modifiedMs = Math.min(ctx.nowMs - 1000, lastTouchMs + random.next() * 2 * DAY_MS);
  const lead: SeedLead = {
    index,
    key,
    firstName: random.chance(0.05) ? null : firstName,
    lastName,
    email: buildEmail(random, emailKind, firstName, lastName, company.domain),
    emailKind,
    phone: random.chance(0.2) ? null : e164 ? phones.e164Landline : phones.localLandline,
    mobile: random.chance(0.45) ? null : e164 ? phones.e164Mobile : phones.localMobile,
    title,
    titleLanguage,
    company: hasCompany ? company.name : null,
    website:
      hasCompany && random.chance(0.6)
        ? random.pick([`https://www.${company.domain}`, `www.${company.domain}`, company.domain])
        : null,
    industry: random.chance(0.3) ? null : company.industry,
    employees: random.chance(0.4) ? null : company.employees,
    annualRevenue: random.chance(0.5) ? null : company.annualRevenue,
    country: random.chance(0.08) ? null : random.weighted(TYPED_COUNTRY_WEIGHTS.get(vocab.code)!),
    countryCode: company.country,
    state: random.chance(0.3) ? null : state,
    city: random.chance(0.2) ? null : city,
    leadSource: random.chance(0.03) ? null : random.weighted(SOURCE_WEIGHTS),
    status,
    statusReason:
      status === 'returned'
        ? random.pick(RETURN_REASONS)
        : status === 'disqualified'
          ? random.pick(DISQUALIFY_REASONS)
          : null,
    statusChangedAt: statusMs === null ? null : isoSeconds(statusMs),
    ownerKey: status === 'new' && random.chance(0.8) ? ctx.marketingUserKey : random.pick(reps).key,
    matchingAccountKey,
    hasOptedOutOfEmail: random.chance(0.05),
    createdAt: isoSeconds(createdMs),
    modifiedAt: isoSeconds(modifiedMs),
    activities,
    salesActivities: [],
    campaignResponses,
    conversion:
      status === 'converted'
        ? buildConversion(random, key, hasCompany ? company.name : null, matchingAccountKey, statusMs!, ctx.nowMs)
        : null,
  };
  lead.salesActivities = seedSalesActivities({
    seed: ctx.seed,
    index,
    key,
    language: vocab.language,
    status,
    ownedBySales: lead.ownerKey !== ctx.marketingUserKey,
    fromMs: createdMs,
    toMs: Math.min(modifiedMs, conversion(lead) ?? modifiedMs),
    nowMs: ctx.nowMs,
  });
  return lead;
}

/** A converted lead's rep worked it until the conversion, not after. */
function conversion(lead: SeedLead): number | undefined {
  return lead.conversion ? Date.parse(lead.conversion.convertedAt) : undefined;
}
