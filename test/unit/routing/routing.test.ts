import { addBusinessHours, instantOf } from '../../../src/routing/businessHours';
import { buildHandoverTask, formatDue } from '../../../src/routing/buildHandoverTask';
import { parseRouting } from '../../../src/routing/loadRouting';
import { ruleMatches } from '../../../src/routing/matchRule';
import { pickRoundRobin, type RoundRobinCandidate } from '../../../src/routing/pickRoundRobin';
import { businessHoursSchema, type RoutingRule } from '../../../src/routing/routingSchema';
import type { ScoreSummary } from '../../../src/sync/syncTypes';

const madrid = businessHoursSchema.parse({
  timezone: 'Europe/Madrid',
  start: '09:00',
  end: '18:00',
  holidays: ['2026-12-25'],
});
const newYork = businessHoursSchema.parse({ timezone: 'America/New_York', start: '09:00', end: '17:00' });

describe('business hours', () => {
  it.each([
    ['inside hours, same day', '2026-11-23T09:00:00Z', 4, madrid, '2026-11-23T13:00:00.000Z'],
    ['crosses the close into the next morning', '2026-11-23T15:00:00Z', 4, madrid, '2026-11-24T10:00:00.000Z'],
    ['arrives at night: the clock starts at opening', '2026-11-23T22:30:00Z', 2, madrid, '2026-11-24T10:00:00.000Z'],
    ['Friday afternoon runs into Monday', '2026-11-27T16:00:00Z', 3, madrid, '2026-11-30T10:00:00.000Z'],
    ['Saturday waits for Monday', '2026-11-28T11:00:00Z', 1, madrid, '2026-11-30T09:00:00.000Z'],
    ['a holiday is skipped', '2026-12-24T16:00:00Z', 2, madrid, '2026-12-28T09:00:00.000Z'],
    ['summer time (UTC+2)', '2026-07-01T06:00:00Z', 1, madrid, '2026-07-01T08:00:00.000Z'],
    ['across the autumn DST change', '2026-10-23T15:30:00Z', 2, madrid, '2026-10-26T09:30:00.000Z'],
    ['New York, winter (UTC−5)', '2026-11-23T13:00:00Z', 8, newYork, '2026-11-23T22:00:00.000Z'],
    ['New York, a full day and a half', '2026-11-23T14:00:00Z', 12, newYork, '2026-11-24T18:00:00.000Z'],
  ])('%s', (_name, start, hours, bh, due) => {
    expect(addBusinessHours(new Date(start), hours, bh).toISOString()).toBe(due);
  });

  it('finds the instant of a local wall-clock time on both sides of DST', () => {
    expect(new Date(instantOf(2026, 3, 28, 9, 0, 'Europe/Madrid')).toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(new Date(instantOf(2026, 3, 30, 9, 0, 'Europe/Madrid')).toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });
});

describe('weighted round-robin', () => {
  const member = (key: string, capacity: number, extra: Partial<RoundRobinCandidate> = {}): RoundRobinCandidate => ({
    key,
    userId: key,
    capacity,
    dailyCap: null,
    isActive: true,
    total: 0,
    today: 0,
    ...extra,
  });

  it('shares 1000 leads in proportion to capacity, skipping inactive members', () => {
    const team = [member('ana', 2), member('bea', 1), member('carlos', 1), member('dora', 3, { isActive: false })];
    for (let i = 0; i < 1000; i++) {
      const pick = pickRoundRobin(team)!;
      pick.total++;
    }
    expect(team.map((m) => m.total)).toEqual([500, 250, 250, 0]);
  });

  it.each([
    ['the least loaded for its capacity wins', [member('a', 1, { total: 3 }), member('b', 2, { total: 3 })], 'b'],
    ['ties go to the first listed', [member('a', 1), member('b', 1)], 'a'],
    [
      'a member at the daily cap is skipped',
      [member('a', 1, { dailyCap: 5, today: 5 }), member('b', 1, { total: 9 })],
      'b',
    ],
    ['nobody left', [member('a', 1, { isActive: false }), member('b', 1, { dailyCap: 1, today: 1 })], null],
  ])('%s', (_name, team, expected) => {
    expect(pickRoundRobin(team as RoundRobinCandidate[])?.key ?? null).toBe(expected);
  });
});

describe('rule conditions', () => {
  const rule = (when: RoutingRule['when']): RoutingRule => ({ name: 'r', when, assign: { user: 'x' } });
  const lead = { country: 'MX', leadSource: 'Web', industry: 'Tecnología de la información', employees: 250 };
  it.each([
    [{}, true],
    [{ country: ['ES', 'MX'] }, true],
    [{ country: ['US'] }, false],
    [{ grade: ['A'] }, false],
    [{ grade: ['B', 'A'] }, true],
    [{ source: ['web'] }, true],
    [{ industry: ['tecnologia'] }, true],
    [{ industry: ['retail'] }, false],
    [{ minEmployees: 200, maxEmployees: 1999 }, true],
    [{ minEmployees: 500 }, false],
    [{ fastLane: true }, false],
  ])('%o → %s', (when, expected) => {
    expect(ruleMatches(rule(when as RoutingRule['when']), { lead, grade: 'B', fastLane: false })).toBe(expected);
  });
});

describe('routing files', () => {
  const valid = `
teams:
  iberia:
    members: [{ user: ana@acme.es, capacity: 2 }, { user: 0055g00000REP02AAA }]
    hours: { timezone: Europe/Madrid }
rules:
  - { name: Spain, when: { country: [es] }, assign: { roundRobin: iberia } }
  - { name: Rest, when: {}, assign: { accountOwner: true, otherwise: { user: ana@acme.es } } }
`;
  it('loads a valid file with defaults', () => {
    const config = parseRouting(valid, 'routing.yaml');
    expect(config.teams['iberia']!.hours).toMatchObject({
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      start: '09:00',
      end: '18:00',
    });
    expect(config.rules[0]!.when.country).toEqual(['ES']);
    expect(config.escalation.action).toBe('notify');
  });

  it.each([
    [valid.replace('roundRobin: iberia', 'roundRobin: mexico'), /rules\.0\.assign.*unknown team "mexico"/s],
    [
      valid.replace('timezone: Europe/Madrid', 'timezone: Mars/Olympus'),
      /teams\.iberia\.hours\.timezone.*IANA time zone/s,
    ],
    [valid.replace('capacity: 2', 'capacity: -1'), /capacity/],
  ])('refuses a broken file, naming where (%#)', (text, message) => {
    expect(() => parseRouting(text, 'routing.yaml')).toThrow(message);
  });
});

describe('hand-over task', () => {
  const result: ScoreSummary = {
    fit: 80,
    grade: 'A',
    engagement: 40,
    score: 66,
    completeness: 0.8,
    missingRequired: ['email|phone'],
    proposedStatus: 'mql',
    statusCause: 'mql',
    fastLane: false,
    reasons: [
      { code: 'seniority', points: 20, en: 'Executive (decision maker)', es: 'Alta dirección (decisor)' },
      { code: 'free', points: -5, en: 'Free email', es: 'Email gratuito' },
    ],
    definitionVersion: 'v1',
  };
  const lucia = {
    crm: 'salesforce',
    externalId: '00Q1',
    modifiedAt: '2026-11-23T10:00:00.000Z',
    firstName: 'Lucía',
    lastName: 'Pérez',
    company: 'Acme',
    title: 'CEO',
  } as never;
  it('tells the rep who, why and what is missing, in both languages', () => {
    const task = buildHandoverTask(lucia, result, { dueAt: '2026-11-23T14:00:00.000Z', language: 'both' });
    expect(task.subject).toBe('leadloop: follow up Lucía Pérez (Acme) — grade A, score 66');
    expect(task.description).toContain('+20 Executive (decision maker)');
    expect(task.description).toContain('+20 Alta dirección (decisor)');
    expect(task.description).not.toContain('Free email');
    expect(task.description).toContain('Still missing: email or phone');
    expect(task.description).toContain('Falta: correo o teléfono');
    expect(task.description).toContain('2026-11-23 14:00 UTC');
  });

  it("leads with who and why now (top three reasons), then what is missing, the deadline in the rep's time zone and the link", () => {
    const many: ScoreSummary = {
      ...result,
      reasons: [
        { code: 'a', points: 9, en: 'Requested a demo', es: 'Solicitó una demo' },
        { code: 'b', points: 25, en: 'Core size', es: 'Tamaño ideal' },
        { code: 'c', points: 20, en: 'Executive', es: 'Alta dirección' },
        { code: 'd', points: 5, en: 'Website', es: 'Web' },
      ],
    };
    const task = buildHandoverTask(lucia, many, {
      dueAt: '2026-11-23T14:00:00.000Z',
      language: 'es',
      timeZone: 'Europe/Madrid',
      link: 'https://acme.my.salesforce.com/lightning/r/Lead/00Q1/view',
    });
    expect(task.subject).toBe('leadloop: contactar a Lucía Pérez (Acme) — perfil A, puntuación 66');
    expect(task.description.split('\n')).toEqual([
      'Lucía Pérez (Acme) es ahora un lead calificado por marketing (MQL).',
      'Perfil: CEO',
      'Por qué califica (motivos principales):',
      '  +25 Tamaño ideal',
      '  +20 Alta dirección',
      '  +9 Solicitó una demo',
      'Falta: correo o teléfono',
      'Contactar antes de: 2026-11-23 15:00 Europe/Madrid',
      'Abrir el lead: https://acme.my.salesforce.com/lightning/r/Lead/00Q1/view',
    ]);
  });

  it('says a lead came back from marketing and why it had left', () => {
    const task = buildHandoverTask(lucia, result, {
      dueAt: '2026-11-23T14:00:00.000Z',
      language: 'en',
      returned: { at: '2026-10-02T08:00:00.000Z', reason: 'No budget until Q3' },
    });
    expect(task.description).toContain(
      'It came back: sales returned it to marketing on 2026-10-02 (why: No budget until Q3); it qualified again on what it did since.',
    );
  });

  it.each([
    ['UTC', '2026-11-23 14:00 UTC'],
    ['America/Mexico_City', '2026-11-23 08:00 America/Mexico_City'],
    ['Not/AZone', '2026-11-23 14:00 UTC'],
  ])('shows the deadline in %s', (tz, shown) => {
    expect(formatDue('2026-11-23T14:00:00.000Z', tz)).toBe(shown);
  });
});
