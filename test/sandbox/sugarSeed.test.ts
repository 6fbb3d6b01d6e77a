import { SUGAR_LEAD_STATUSES } from '../../src/sandbox/sugarcrm/createSugarRep';
import { startSugarSandbox, type SugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';

const now = () => Date.parse('2026-04-01T00:00:00Z');
let sandbox: SugarSandbox;

beforeAll(async () => {
  sandbox = await startSugarSandbox({ leads: 600, seed: 21, now });
});
afterAll(() => sandbox.close());

const rows = (module: Parameters<SugarSandbox['store']['table']>[0]) => [...sandbox.store.table(module).all()];

describe('SugarCRM sandbox seeded data', () => {
  it('is the same for the same seed and clock', async () => {
    const twin = await startSugarSandbox({ leads: 600, seed: 21, now });
    try {
      expect([...twin.store.table('Leads').all()]).toEqual(rows('Leads'));
      expect([...twin.store.table('Opportunities').all()]).toEqual(rows('Opportunities'));
    } finally {
      await twin.close();
    }
  });

  it('uses every Sugar lead status, with reasons on recycled and dead leads', () => {
    const leads = rows('Leads');
    expect(new Set(leads.map((lead) => lead.status))).toEqual(new Set(SUGAR_LEAD_STATUSES));
    for (const lead of leads.filter((l) => l.status === 'Recycled' || l.status === 'Dead')) {
      expect(lead.status_description).toEqual(expect.any(String));
    }
    expect(leads.every((lead) => lead.date_modified >= lead.date_entered && lead.date_modified <= now())).toBe(true);
  });

  it('links converted leads to their contact, account and opportunity, some won and some lost', () => {
    const converted = rows('Leads').filter((lead) => lead.converted === true);
    expect(converted.length).toBeGreaterThan(20);
    for (const lead of converted) {
      expect(sandbox.store.get('Contacts', lead.contact_id as string)).toBeDefined();
      expect(sandbox.store.get('Accounts', lead.account_id as string)).toBeDefined();
    }
    const stages = converted
      .filter((l) => l.opportunity_id)
      .map((l) => sandbox.store.get('Opportunities', l.opportunity_id as string)!.sales_stage);
    expect(stages).toEqual(expect.arrayContaining(['Closed Won', 'Closed Lost']));
  });

  it('hangs calls, meetings, tasks and campaign log entries off existing leads', () => {
    for (const module of ['Calls', 'Meetings', 'Tasks'] as const) {
      const activities = rows(module);
      expect(activities.length).toBeGreaterThan(0);
      expect(
        activities.every((a) => a.parent_type === 'Leads' && sandbox.store.get('Leads', a.parent_id as string)),
      ).toBe(true);
    }
    const log = rows('CampaignLog');
    expect(new Set(log.map((entry) => entry.activity_type))).toEqual(new Set(['targeted', 'link']));
    expect(
      log.every(
        (entry) =>
          sandbox.store.get('Leads', entry.target_id as string) &&
          sandbox.store.get('Campaigns', entry.campaign_id as string),
      ),
    ).toBe(true);
  });

  it('has reps in teams, inactive users, and accounts whose domains match lead emails', () => {
    const users = rows('Users');
    expect(users.some((user) => user.status === 'Inactive')).toBe(true);
    expect(
      users.filter((user) => user.team_id !== '1').every((user) => sandbox.store.get('Teams', user.team_id as string)),
    ).toBe(true);
    const domains = new Set(
      rows('Accounts').map((account) => String(account.website ?? '').replace(/^https?:\/\/(www\.)?/, '')),
    );
    const emails = rows('Leads').flatMap((lead) =>
      (lead.email as { email_address: string }[]).map((e) => e.email_address.split('@')[1]),
    );
    expect(emails.filter((domain) => domains.has(String(domain))).length).toBeGreaterThan(10);
  });

  it('mixes Spanish and English: accented names, Spanish titles and countries as typed', () => {
    const leads = rows('Leads');
    expect(leads.some((lead) => /[áéíóúñ]/i.test(`${lead.first_name ?? ''}${lead.last_name}`))).toBe(true);
    expect(leads.some((lead) => /^(Director|Gerente|Jefe|Jefa)/.test(String(lead.title ?? '')))).toBe(true);
    expect(new Set(leads.map((lead) => lead.primary_address_country)).size).toBeGreaterThan(6);
  });
});
