import { generateSeed, type SeedUser } from '../seed/generateSeed';
import { sugarIdFrom, type SugarStore } from './createSugarStore';
import { mapSeedLead, type SeedLeadRows } from './mapSeedLead';
import type { SugarRow } from './SugarModuleTable';

export interface SeedSugarOptions {
  leads: number;
  seed: number;
  /** The instant the seeded history ends; undefined uses the generator's default (today 00:00 UTC). */
  now?: Date;
  /** The integration user the sandbox's credentials log in as (an admin). */
  apiUser: { id: string; username: string; password: string };
}

/** Every seeded person can log in with this password (demo only). */
export const SEEDED_USER_PASSWORD = 'sandbox';
/** Sugar's built-in Global team has the id "1". */
export const GLOBAL_TEAM_ID = '1';

const ROLE_TITLES: Record<SeedUser['role'], string> = {
  admin: 'Administrator',
  marketing: 'Marketing Manager',
  sales_manager: 'Sales Manager',
  sales_rep: 'Account Executive',
};

const ms = (iso: string) => Date.parse(iso);

function row(values: Record<string, unknown> & { id: string }, at: number, actorId: string): SugarRow {
  return {
    created_by: actorId,
    modified_user_id: actorId,
    deleted: false,
    ...values,
    date_entered: at,
    date_modified: at,
  };
}

/**
 * Loads the CRM-neutral seed (src/sandbox/seed) into the Sugar store: teams, users, accounts,
 * campaigns, leads with their calls, meetings, tasks, campaign log, and the contacts,
 * accounts and opportunities of converted leads. Returns the login password per user id.
 */
export function seedSugarStore(store: SugarStore, options: SeedSugarOptions): Map<string, string> {
  const data = generateSeed({ leads: options.leads, seed: options.seed, now: options.now });
  const idOf = (kind: string, key: string) => sugarIdFrom(`sugar:${data.seed}:${kind}:${key}`);
  const start = ms(data.now) - 800 * 86_400_000;
  const apiId = options.apiUser.id;
  const passwords = new Map<string, string>([[apiId, options.apiUser.password]]);

  store
    .table('Teams')
    .load([
      row({ id: GLOBAL_TEAM_ID, name: 'Global', private: false }, start, apiId),
      ...data.teams.map((team) => row({ id: idOf('team', team.key), name: team.name, private: false }, start, apiId)),
    ]);

  const userIds = new Map(data.users.map((user) => [user.key, idOf('user', user.key)]));
  const teamOfUser = new Map(
    data.users.map((user) => [user.key, user.teamKey ? idOf('team', user.teamKey) : GLOBAL_TEAM_ID]),
  );
  const email = (address: string) => [
    { email_address: address, primary_address: true, reply_to_address: false, invalid_email: false, opt_out: false },
  ];
  store.table('Users').load([
    row(
      {
        id: apiId,
        user_name: options.apiUser.username,
        first_name: 'leadloop',
        last_name: 'Integration',
        status: 'Active',
        is_admin: true,
        title: 'Integration user',
        default_team: GLOBAL_TEAM_ID,
        team_id: GLOBAL_TEAM_ID,
      },
      start,
      apiId,
    ),
    ...data.users.map((user) => {
      passwords.set(userIds.get(user.key)!, SEEDED_USER_PASSWORD);
      const teamName = data.teams.find((team) => team.key === user.teamKey)?.name;
      return row(
        {
          id: userIds.get(user.key)!,
          user_name: user.username,
          first_name: user.firstName,
          last_name: user.lastName,
          status: user.isActive ? 'Active' : 'Inactive',
          is_admin: user.role === 'admin',
          title: ROLE_TITLES[user.role],
          department: teamName ?? (user.role === 'marketing' ? 'Marketing' : ''),
          default_team: teamOfUser.get(user.key),
          team_id: teamOfUser.get(user.key),
          email: email(user.email),
          preferred_language: user.language === 'es' ? 'es_ES' : 'en_us',
        },
        start,
        apiId,
      );
    }),
  ]);

  const accountIds = new Map(data.accounts.map((account) => [account.key, idOf('account', account.key)]));
  store.table('Accounts').load(
    data.accounts.map((account) =>
      row(
        {
          id: accountIds.get(account.key)!,
          name: account.name,
          website: account.website,
          industry: account.industry,
          employees: String(account.employees),
          billing_address_country: COUNTRY_NAMES[account.country],
          assigned_user_id: userIds.get(account.ownerKey),
          team_id: teamOfUser.get(account.ownerKey),
        },
        ms(account.createdAt),
        apiId,
      ),
    ),
  );

  const campaignIds = new Map(data.campaigns.map((campaign) => [campaign.key, idOf('campaign', campaign.key)]));
  store.table('Campaigns').load(
    data.campaigns.map((campaign) =>
      row(
        {
          id: campaignIds.get(campaign.key)!,
          name: campaign.name,
          campaign_type: CAMPAIGN_TYPES[campaign.type],
          status: campaign.isActive ? 'Active' : 'Inactive',
          start_date: campaign.startDate.slice(0, 10),
          assigned_user_id: userIds.get(data.users.find((u) => u.role === 'marketing')!.key),
          team_id: GLOBAL_TEAM_ID,
        },
        ms(campaign.startDate),
        apiId,
      ),
    ),
  );

  const rows: SeedLeadRows = {
    Leads: [],
    Calls: [],
    Meetings: [],
    Tasks: [],
    CampaignLog: [],
    Contacts: [],
    Accounts: [],
    Opportunities: [],
  };
  const newAccounts = new Set<string>();
  const context = {
    idOf,
    userIds,
    teamOfUser,
    accountIds,
    campaignIds,
    newAccounts,
    creatorId: userIds.get(data.users.find((u) => u.role === 'marketing')!.key)!,
  };
  for (const lead of data.leads()) mapSeedLead(lead, context, rows);
  for (const [module, list] of Object.entries(rows)) store.table(module as keyof SeedLeadRows).load(list);
  return passwords;
}

export const COUNTRY_NAMES = {
  ES: 'Spain',
  MX: 'Mexico',
  AR: 'Argentina',
  CO: 'Colombia',
  CL: 'Chile',
  US: 'USA',
} as const;

/** Sugar's campaign_type_dom has no event types; the nearest values stand in. */
const CAMPAIGN_TYPES: Record<string, string> = {
  Webinar: 'Web',
  Conference: 'Telesales',
  Email: 'Email',
  Advertisement: 'Print',
  'Trade Show': 'Telesales',
  'Direct Mail': 'Mail',
};
