import { generateSeed, type SeedLead } from '../../src/sandbox/seed/generateSeed';

const NOW = new Date('2026-05-01T12:00:00Z');
const data = generateSeed({ leads: 5000, seed: 42, now: NOW });
const leads: SeedLead[] = [...data.leads()];
const share = (predicate: (lead: SeedLead) => boolean): number => leads.filter(predicate).length / leads.length;

describe('generateSeed', () => {
  it('is deterministic for the same seed and differs for another seed', () => {
    const again = generateSeed({ leads: 5000, seed: 42, now: NOW });
    expect(JSON.stringify([...again.leads()].slice(0, 200))).toBe(JSON.stringify(leads.slice(0, 200)));
    expect(again.users).toEqual(data.users);
    expect(again.accounts).toEqual(data.accounts);
    const other = generateSeed({ leads: 5000, seed: 43, now: NOW });
    expect(other.lead(0)).not.toEqual(data.lead(0));
  });

  it('produces any lead alone, equal to the same lead from the stream', () => {
    expect(data.lead(4321)).toEqual(leads[4321]);
    expect(() => data.lead(5000)).toThrow(/lead index 5000/);
  });

  it('keeps the tables independent of the lead count, except accounts', () => {
    const bigger = generateSeed({ leads: 20000, seed: 42, now: NOW });
    expect(bigger.users).toEqual(data.users);
    expect(bigger.accounts.length).toBeGreaterThan(data.accounts.length);
  });

  it.each([
    ['corporate', 0.45, 0.65],
    ['free', 0.15, 0.3],
    ['disposable', 0.02, 0.07],
    ['role', 0.04, 0.1],
    ['malformed', 0.02, 0.07],
    ['missing', 0.05, 0.12],
  ] as const)('gives %s emails a realistic share', (kind, min, max) => {
    const value = share((l) => l.emailKind === kind);
    expect(value).toBeGreaterThan(min);
    expect(value).toBeLessThan(max);
  });

  it.each([
    ['new', 0.5, 0.7],
    ['working', 0.1, 0.2],
    ['returned', 0.04, 0.1],
    ['disqualified', 0.05, 0.11],
    ['converted', 0.07, 0.13],
  ] as const)('gives status %s a realistic share', (status, min, max) => {
    const value = share((l) => l.status === status);
    expect(value).toBeGreaterThan(min);
    expect(value).toBeLessThan(max);
  });

  it('covers every country, lead source, title language and phone format', () => {
    expect(new Set(leads.map((l) => l.countryCode))).toEqual(new Set(['ES', 'MX', 'AR', 'CO', 'CL', 'US']));
    expect(new Set(leads.map((l) => l.leadSource))).toEqual(
      new Set([
        'Web',
        'Event',
        'Phone Inquiry',
        'Partner Referral',
        'Purchased List',
        'Webinar',
        'Advertisement',
        'Employee Referral',
        'Other',
        null,
      ]),
    );
    expect(new Set(leads.map((l) => l.titleLanguage))).toEqual(new Set(['en', 'es', null]));
    expect(leads.some((l) => l.country === 'España')).toBe(true);
    expect(leads.some((l) => l.country === null)).toBe(true);
    expect(leads.some((l) => l.phone?.startsWith('+'))).toBe(true);
    expect(leads.some((l) => l.phone !== null && !l.phone.startsWith('+'))).toBe(true);
    expect(share((l) => l.company === null)).toBeGreaterThan(0.01);
  });

  it('reasons every returned and disqualified lead, and converts with won, lost and open opportunities', () => {
    expect(
      leads
        .filter((l) => l.status === 'returned' || l.status === 'disqualified')
        .every((l) => l.statusReason && l.statusChangedAt),
    ).toBe(true);
    const stages = new Set(leads.flatMap((l) => (l.conversion?.opportunity ? [l.conversion.opportunity.stage] : [])));
    expect(stages).toContain('Closed Won');
    expect(stages).toContain('Closed Lost');
    expect(stages).toContain('Prospecting');
    const lost = leads.find((l) => l.conversion?.opportunity?.stage === 'Closed Lost')!;
    expect(lost.conversion!.opportunity!.lossReason).toEqual(expect.any(String));
    expect(leads.every((l) => (l.status === 'converted') === (l.conversion !== null))).toBe(true);
  });

  it('matches some leads to accounts by domain', () => {
    const domains = new Map(data.accounts.map((a) => [a.domain, a.key]));
    const matched = leads.filter(
      (l) => l.emailKind === 'corporate' && l.email && domains.get(l.email.split('@')[1]!) === l.matchingAccountKey,
    );
    expect(matched.length / leads.length).toBeGreaterThan(0.05);
    expect(
      leads.filter((l) => l.matchingAccountKey === null).every((l) => !l.email || !domains.has(l.email.split('@')[1]!)),
    ).toBe(true);
  });

  it('keeps every timestamp in the past, whole-second and ordered', () => {
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
    for (const lead of leads) {
      expect(lead.createdAt).toMatch(iso);
      expect(lead.createdAt <= lead.modifiedAt && lead.modifiedAt < NOW.toISOString()).toBe(true);
      for (const activity of lead.activities)
        expect(activity.occurredAt >= lead.createdAt && activity.occurredAt <= lead.modifiedAt).toBe(true);
    }
    expect(new Set(leads.flatMap((l) => l.activities.map((a) => a.type))).size).toBe(8);
    expect(share((l) => l.campaignResponses.some((r) => r.respondedAt !== null))).toBeGreaterThan(0.1);
  });

  it('has users with teams, time zones and some inactive reps', () => {
    expect(data.teams).toHaveLength(5);
    expect(data.users.filter((u) => !u.isActive).length).toBeGreaterThan(0);
    expect(data.users.filter((u) => u.role === 'sales_rep').every((u) => u.teamKey && u.timeZone.includes('/'))).toBe(
      true,
    );
    const ownerKeys = new Set(data.users.map((u) => u.key));
    expect(leads.every((l) => ownerKeys.has(l.ownerKey))).toBe(true);
  });
});
