/**
 * Scoring benchmark: 1,000,000 synthetic leads (with enrichment facts, 0–8 engagement
 * events each and a reasons text) through the default definition on one core.
 * Target ≥ 200,000 leads/s. Run: `npx tsc -p . && node dist/bench/score.js [count]`.
 * Not part of the test suite.
 */
import { ENGAGEMENT_TYPES, type EngagementEvent } from '../src/domain/engagement';
import type { CanonicalLead } from '../src/domain/lead';
import type { LeadStatus } from '../src/domain/status';
import { loadShippedDefinition } from '../src/definition/loadDefinition';
import { enrichOffline } from '../src/enrich/enrichOffline';
import { compileDefinition } from '../src/scoring/compileDefinition';
import { formatReasons } from '../src/scoring/formatReasons';
import { scoreLead, type ScoreInput } from '../src/scoring/scoreLead';

const TITLES = ['CEO', 'Gerente General', 'Jefe de Ventas', 'VP Sales', 'Head of IT', 'Analista de Compras', 'Director Comercial', 'Marketing Manager',
  'Software Engineer', 'Estudiante', 'Directora de Marketing', 'Customer Success Manager', 'Founder', 'Sales Representative', 'CFO', 'Becario', ''];
const INDUSTRIES = ['Software', 'Manufacturing', 'Retail', 'Financial Services', 'Tecnología', 'Healthcare', 'Education', null];
const COUNTRIES = ['US', 'GB', 'ES', 'MX', 'DE', 'AR', 'Spain', 'France', null];
const DOMAINS = ['acme.example', 'gmail.com', 'hotmail.es', 'mailinator.com', 'globex.example', 'initech.example'];
const STATUSES: (LeadStatus | null)[] = [null, null, null, 'nurture', 'mql', 'sal', 'recycled', 'disqualified'];
/**
 * Distinct synthetic leads, cycled. In a sync run each lead was just mapped (its objects
 * are hot in the CPU cache); a pool much larger than the cache measures memory latency
 * instead. `node dist/bench/score.js COUNT POOL` to try other sizes.
 */
const POOL = Number(process.argv[3] ?? 2_000);

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

function buildPool(now: Date): Omit<ScoreInput, 'now'>[] {
  const rnd = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const pool: Omit<ScoreInput, 'now'>[] = [];
  for (let i = 0; i < POOL; i++) {
    const id = `00Q${String(i).padStart(15, '0')}`;
    const lead: CanonicalLead = {
      crm: 'salesforce', externalId: id, modifiedAt: now.toISOString(),
      firstName: 'Ana', lastName: rnd() < 0.97 ? `Lead${i}` : null, company: rnd() < 0.9 ? `Company ${i % 700}` : null,
      email: rnd() < 0.95 ? `user${i}@${pick(DOMAINS)}` : null, phone: rnd() < 0.6 ? '+34 912 345 678' : null,
      title: pick(TITLES), industry: pick(INDUSTRIES), country: pick(COUNTRIES), employees: rnd() < 0.8 ? Math.floor(rnd() * 5000) : null,
      website: rnd() < 0.5 ? 'https://acme.example' : null, leadSource: pick(['Web', 'Event', 'Partner', 'Purchased list']),
      unsubscribed: rnd() < 0.02,
      ...(rnd() < 0.1 ? { qualification: { budget: pick(['approved', 'planned', 'none'] as const), decisionMaker: rnd() < 0.5, timeline: pick(['immediate', 'quarter', 'year'] as const) } } : {}),
    };
    const events: EngagementEvent[] = [];
    const n = Math.floor(rnd() * 9);
    for (let e = 0; e < n; e++) {
      const at = new Date(now.getTime() - Math.floor(rnd() * 120) * 86_400_000);
      // as the sync's engagement reader gives them: the time parsed once, with its text
      events.push({ externalId: `${id}-${e}`, leadExternalId: id, type: pick(ENGAGEMENT_TYPES), occurredAt: at.toISOString(), occurredAtMs: at.getTime() });
    }
    pool.push({ lead, enrichment: enrichOffline(lead, now), events, currentStatus: pick(STATUSES) });
  }
  return pool;
}

function main(): void {
  const count = Number(process.argv[2] ?? 1_000_000);
  const now = new Date('2026-03-01T00:00:00.000Z');
  const compiled = compileDefinition(loadShippedDefinition('default'));
  const pool = buildPool(now);
  const inputs: ScoreInput[] = pool.map((p) => ({ ...p, now }));
  const options = { language: 'both', maxLength: 255 } as const;

  // warm-up so the timed loop measures optimised code
  for (let i = 0; i < 50_000; i++) formatReasons(scoreLead(compiled, inputs[i % POOL]!), options);

  let checksum = 0;
  let textLength = 0;
  const cpuStarted = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const result = scoreLead(compiled, inputs[i % POOL]!);
    checksum += result.score;
    textLength += formatReasons(result, options).length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  // CPU time too: on a shared machine wall time also counts waiting for a core
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const rate = Math.round(count / seconds);
  console.log(JSON.stringify({
    leads: count, seconds: Number(seconds.toFixed(2)), leadsPerSecond: rate,
    cpuSeconds: Number(cpuSeconds.toFixed(2)), leadsPerCpuSecond: Math.round(count / cpuSeconds), peakRssMb: Math.round(peakRssMb),
    definition: compiled.version, meanScore: Number((checksum / count).toFixed(2)), meanReasonsChars: Math.round(textLength / count),
  }));
  console.log(`${count} leads scored with reasons in ${seconds.toFixed(2)} s (${cpuSeconds.toFixed(2)} s CPU): ${rate.toLocaleString('en')} leads/s, peak RSS ${Math.round(peakRssMb)} MB ` +
    `(target ≥ 200,000 leads/s: ${rate >= 200_000 ? 'met' : 'NOT met'})`);
}

main();
