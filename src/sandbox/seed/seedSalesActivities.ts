import { createRandom, mixSeed } from './createRandom';
import { isoSeconds } from './seedTables';
import type { SeedLeadStatus, SeedSalesActivity, SeedSalesActivityType } from './seedTypes';

const DAY_MS = 86_400_000;

type Phrases = readonly [en: string, es: string];
const SUBJECTS: Record<SeedSalesActivityType, readonly Phrases[]> = {
  email: [
    ['Email: Following up on your inquiry', 'Email: Seguimiento de su consulta'],
    ['Email: Proposal', 'Email: Propuesta'],
    ['Email: Checking in', 'Email: ¿Seguimos?'],
  ],
  call_attempt: [
    ['Call', 'Llamada'],
    ['Follow-up call', 'Llamada de seguimiento'],
  ],
  connected_call: [
    ['Call', 'Llamada'],
    ['Discovery call', 'Llamada de descubrimiento'],
  ],
  meeting: [
    ['Discovery meeting', 'Reunión de descubrimiento'],
    ['Product demo', 'Demostración del producto'],
  ],
  scheduled_meeting: [
    ['Proposal review', 'Revisión de la propuesta'],
    ['Product demo', 'Demostración del producto'],
  ],
};
const ATTEMPT_RESULTS: readonly Phrases[] = [
  ['No answer', 'Sin respuesta'],
  ['Left voicemail', 'Dejé mensaje en el buzón'],
  ['Busy', 'Ocupado'],
];
const CONVERSATION_RESULTS: readonly Phrases[] = [
  ['Spoke with lead', 'Hablé con el lead'],
  ['Interested, send proposal', 'Interesado, enviar propuesta'],
  ['Call back next month', 'Volver a llamar el mes que viene'],
];

/** How much a rep does on a lead in each sales status, and what. */
const COUNT: Record<SeedLeadStatus, readonly (readonly [number, number])[]> = {
  new: [
    [0, 5],
    [1, 3],
    [2, 1],
  ],
  working: [
    [1, 3],
    [2, 4],
    [3, 3],
    [5, 1],
  ],
  returned: [
    [1, 3],
    [2, 3],
    [3, 1],
  ],
  disqualified: [
    [0, 2],
    [1, 3],
    [2, 2],
  ],
  converted: [
    [2, 3],
    [3, 3],
    [5, 2],
  ],
};
const KINDS: Record<SeedLeadStatus, readonly (readonly [SeedSalesActivityType, number])[]> = {
  new: [
    ['email', 3],
    ['call_attempt', 3],
  ],
  working: [
    ['email', 4],
    ['call_attempt', 4],
    ['connected_call', 2],
    ['meeting', 1],
  ],
  returned: [
    ['email', 4],
    ['call_attempt', 4],
    ['connected_call', 1],
    ['meeting', 0.3],
  ],
  disqualified: [
    ['email', 3],
    ['call_attempt', 4],
    ['connected_call', 1],
  ],
  converted: [
    ['email', 3],
    ['call_attempt', 2],
    ['connected_call', 3],
    ['meeting', 2],
  ],
};

/**
 * A rep's own activity on one lead: e-mails, call attempts, calls with a conversation and
 * meetings between the lead's creation and its last change, plus sometimes a meeting still
 * ahead. Leads marketing still owns get none. A stream of its own (not the lead's), so the
 * rest of the seed stays what it was.
 */
export function seedSalesActivities(input: {
  seed: number;
  index: number;
  key: string;
  language: 'en' | 'es';
  status: SeedLeadStatus;
  ownedBySales: boolean;
  fromMs: number;
  toMs: number;
  nowMs: number;
}): SeedSalesActivity[] {
  if (!input.ownedBySales) return [];
  const random = createRandom(mixSeed(input.seed ^ 0x5a1e5ac7, input.index));
  const say = (p: Phrases) => (input.language === 'es' ? p[1] : p[0]);
  const out: SeedSalesActivity[] = [];
  const count = random.weighted(COUNT[input.status]);
  for (let n = 0; n < count; n += 1) {
    const type = random.weighted(KINDS[input.status]);
    const at = isoSeconds(input.fromMs + random.next() * (input.toMs - input.fromMs));
    const base = { key: `${input.key}-S${n + 1}`, type, subject: say(random.pick(SUBJECTS[type])), occurredAt: at };
    if (type === 'call_attempt')
      out.push({ ...base, durationSeconds: random.int(0, 50), result: say(random.pick(ATTEMPT_RESULTS)) });
    else if (type === 'connected_call')
      out.push({ ...base, durationSeconds: random.int(90, 1500), result: say(random.pick(CONVERSATION_RESULTS)) });
    else if (type === 'meeting') out.push({ ...base, durationSeconds: random.pick([30, 45, 60]) * 60 });
    else out.push(base);
  }
  if ((input.status === 'working' || input.status === 'converted') && random.chance(0.15)) {
    const startMs = input.nowMs + random.int(2, 14) * DAY_MS + random.int(9, 16) * 3_600_000;
    out.push({
      key: `${input.key}-S${count + 1}`,
      type: 'scheduled_meeting',
      subject: say(random.pick(SUBJECTS.scheduled_meeting)),
      occurredAt: isoSeconds(startMs),
      durationSeconds: 3600,
    });
  }
  return out.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}
