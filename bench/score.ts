/**
 * Scoring benchmark: COUNT (default 1,000,000) distinct synthetic leads, each enriched
 * offline (e-mail, phone, company, country), scored through the default definition and
 * given its reasons text, on one core. Leads are generated in chunks of 10,000 outside the
 * timed part; enrichment, scoring and reason formatting are inside it. Reports wall-clock
 * leads/s and CPU leads/s separately (on a shared machine wall time also counts waiting for
 * a core). Run: `npm run bench -- --only score` or `npx tsc -p . && node dist/bench/score.js [count]`.
 * Not part of the test suite.
 */
import { ENGAGEMENT_TYPES, type EngagementEvent } from '../src/domain/engagement';
import { createLeadScorer } from '../src/app/createLeadScorer';
import type { CanonicalLead } from '../src/domain/lead';
import type { LeadStatus } from '../src/domain/status';
import { loadShippedDefinition } from '../src/definition/loadDefinition';
import type { ScoreInput } from '../src/scoring/scoreLead';

const TITLES = [
  'CEO',
  'Gerente General',
  'Jefe de Ventas',
  'VP Sales',
  'Head of IT',
  'Analista de Compras',
  'Director Comercial',
  'Marketing Manager',
  'Software Engineer',
  'Estudiante',
  'Directora de Marketing',
  'Customer Success Manager',
  'Founder',
  'Sales Representative',
  'CFO',
  'Becario',
  '',
];
const INDUSTRIES = [
  'Software',
  'Manufacturing',
  'Retail',
  'Financial Services',
  'Tecnología',
  'Healthcare',
  'Education',
  null,
];
const COUNTRIES = ['US', 'GB', 'ES', 'MX', 'DE', 'AR', 'Spain', 'France', null];
const STATUSES: (LeadStatus | null)[] = [null, null, null, 'nurture', 'mql', 'sal', 'recycled', 'disqualified'];
const CHUNK = 10_000;
const FREE_MAIL = ['gmail.com', 'hotmail.es', 'outlook.com', 'yahoo.com.mx', 'mailinator.com'];
const WORDS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Vandelay',
  'Iberia',
  'Andes',
  'Norte',
  'Sur',
  'Soluciones',
  'Tecnologías',
];

/** Deterministic pseudo-random numbers (mulberry32), so every run scores the same leads. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Leads first..first+count-1 of one seeded sequence: every lead distinct (id, name, company, e-mail, phone). */
function buildChunk(
  first: number,
  count: number,
  now: Date,
  rnd: () => number,
): Omit<ScoreInput, 'now' | 'enrichment'>[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const chunk: Omit<ScoreInput, 'now' | 'enrichment'>[] = [];
  for (let i = first; i < first + count; i++) {
    const id = `00Q${String(i).padStart(15, '0')}`;
    const company = `${pick(WORDS)} ${pick(WORDS)} ${i}`;
    const corporate = `${company.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`;
    const lead: CanonicalLead = {
      crm: 'salesforce',
      externalId: id,
      modifiedAt: now.toISOString(),
      firstName: `Ana${i % 997}`,
      lastName: rnd() < 0.97 ? `Lead${i}` : null,
      company: rnd() < 0.9 ? company : null,
      email: rnd() < 0.95 ? `user${i}@${rnd() < 0.7 ? corporate : pick(FREE_MAIL)}` : null,
      phone: rnd() < 0.6 ? `+34 9${String(10_000_000 + (i % 89_999_999)).padStart(8, '0')}` : null,
      title: pick(TITLES),
      industry: pick(INDUSTRIES),
      country: pick(COUNTRIES),
      employees: rnd() < 0.8 ? Math.floor(rnd() * 5000) : null,
      website: rnd() < 0.5 ? `https://www.${corporate}` : null,
      leadSource: pick(['Web', 'Event', 'Partner', 'Purchased list']),
      unsubscribed: rnd() < 0.02,
      ...(rnd() < 0.1
        ? {
            qualification: {
              budget: pick(['approved', 'planned', 'none'] as const),
              decisionMaker: rnd() < 0.5,
              timeline: pick(['immediate', 'quarter', 'year'] as const),
            },
          }
        : {}),
    };
    const events: EngagementEvent[] = [];
    const n = Math.floor(rnd() * 9);
    for (let e = 0; e < n; e++) {
      const at = new Date(now.getTime() - Math.floor(rnd() * 120) * 86_400_000);
      // as the sync's engagement reader gives them: the time parsed once, with its text
      events.push({
        externalId: `${id}-${e}`,
        leadExternalId: id,
        type: pick(ENGAGEMENT_TYPES),
        occurredAt: at.toISOString(),
        occurredAtMs: at.getTime(),
      });
    }
    chunk.push({ lead, events, currentStatus: pick(STATUSES) });
  }
  return chunk;
}

function main(): void {
  const count = Number(process.argv[2] ?? 1_000_000);
  const now = new Date('2026-03-01T00:00:00.000Z');
  const scorer = createLeadScorer(loadShippedDefinition('default'));
  const options = { language: 'both', maxLength: 255 } as const;
  const scoreOne = (input: Omit<ScoreInput, 'now' | 'enrichment'>) => {
    const result = scorer.scoreOffline({ ...input, now });
    return { score: result.score, chars: scorer.formatReasons(result, options).length };
  };

  // warm-up on leads of another seed so the timed part measures optimised code
  for (const input of buildChunk(0, 20_000, now, random(7))) scoreOne(input);

  const rnd = random(42);
  let checksum = 0;
  let textLength = 0;
  let timedNs = 0n;
  let cpuMicros = 0;
  for (let first = 0; first < count; first += CHUNK) {
    const chunk = buildChunk(first, Math.min(CHUNK, count - first), now, rnd);
    const cpuStarted = process.cpuUsage();
    const started = process.hrtime.bigint();
    for (const input of chunk) {
      const { score, chars } = scoreOne(input);
      checksum += score;
      textLength += chars;
    }
    timedNs += process.hrtime.bigint() - started;
    const cpu = process.cpuUsage(cpuStarted);
    cpuMicros += cpu.user + cpu.system;
  }
  const seconds = Number(timedNs) / 1e9;
  const cpuSeconds = cpuMicros / 1e6;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const rate = Math.round(count / seconds);
  console.log(
    JSON.stringify({
      leads: count,
      distinct: true,
      seconds: Number(seconds.toFixed(2)),
      leadsPerSecond: rate,
      cpuSeconds: Number(cpuSeconds.toFixed(2)),
      leadsPerCpuSecond: Math.round(count / cpuSeconds),
      peakRssMb: Math.round(peakRssMb),
      definition: scorer.version,
      meanScore: Number((checksum / count).toFixed(2)),
      meanReasonsChars: Math.round(textLength / count),
    }),
  );
  console.log(
    `${count} distinct leads enriched, scored and given reasons in ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU: ` +
      `${rate.toLocaleString('en')} leads/s wall, ${Math.round(count / cpuSeconds).toLocaleString('en')} leads/s CPU, peak RSS ${Math.round(peakRssMb)} MB`,
  );
}

main();
