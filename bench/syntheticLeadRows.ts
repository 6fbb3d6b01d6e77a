import { seededRandom } from './calibrationSynthetic';

/**
 * A CSV-shaped export of past leads with a known signal, for `calibrate --from` and the
 * quality bench: the shape of public labelled lead data — the "X Education" lead-scoring
 * set on Kaggle (9,240 leads, about 38 % converted, time on the website the strongest
 * predictor; described e.g. at https://ducnguyen.cc/how-to-build-a-predictive-to-predict-lead-score-data-science-project),
 * its column names and kinds of values, not its content (no third-party data is copied). Whether a lead converted is drawn from a logistic
 * model over some of the columns; the others are noise.
 */
export interface SyntheticRows {
  headers: string[];
  rows: Record<string, string>[];
  won: boolean[];
  /** The true log-odds per row. */
  logit: number[];
}

const SOURCES = [
  'Google',
  'Direct Traffic',
  'Olark Chat',
  'Organic Search',
  'Reference',
  'Welingak Website',
  'Referral Sites',
  'Facebook',
];
const SOURCE_EFFECT: Record<string, number> = {
  Reference: 2.2,
  'Welingak Website': 2.6,
  'Olark Chat': -0.6,
  Google: 0.1,
  'Direct Traffic': -0.2,
  'Organic Search': 0,
  'Referral Sites': -0.3,
  Facebook: -0.5,
};
const ORIGINS = ['Landing Page Submission', 'API', 'Lead Add Form', 'Lead Import'];
const ORIGIN_EFFECT: Record<string, number> = {
  'Landing Page Submission': 0,
  API: -0.3,
  'Lead Add Form': 1.8,
  'Lead Import': -0.8,
};
const OCCUPATIONS = ['Unemployed', 'Working Professional', 'Student', 'Other', 'Housewife', 'Businessman', ''];
const OCCUPATION_EFFECT: Record<string, number> = {
  Unemployed: -0.2,
  'Working Professional': 2,
  Student: -0.4,
  Other: 0.5,
  Housewife: 1.5,
  Businessman: 0.8,
  '': -0.9,
};
const COUNTRIES = [
  'India',
  'United States',
  'United Arab Emirates',
  'Singapore',
  'Saudi Arabia',
  'United Kingdom',
  'Australia',
  'Qatar',
  'Bahrain',
  'Hong Kong',
  'Oman',
  'France',
  '',
];
const SPECIALISATIONS = [
  'Finance Management',
  'Human Resource Management',
  'Marketing Management',
  'Operations Management',
  'Business Administration',
  'IT Projects Management',
  'Supply Chain Management',
  'Banking, Investment And Insurance',
  'Media and Advertising',
  'Travel and Tourism',
  '',
];
const ACTIVITY = [
  'Email Opened',
  'SMS Sent',
  'Olark Chat Conversation',
  'Page Visited on Website',
  'Converted to Lead',
  'Email Bounced',
  'Email Link Clicked',
  'Form Submitted on Website',
];
const ACTIVITY_EFFECT: Record<string, number> = {
  'Email Opened': 0.3,
  'SMS Sent': 1.6,
  'Olark Chat Conversation': -1,
  'Page Visited on Website': -0.2,
  'Converted to Lead': -0.8,
  'Email Bounced': -1.3,
  'Email Link Clicked': 0,
  'Form Submitted on Website': 0.2,
};

export const SYNTHETIC_HEADERS = [
  'Prospect ID',
  'Lead Origin',
  'Lead Source',
  'Do Not Email',
  'TotalVisits',
  'Total Time Spent on Website',
  'Page Views Per Visit',
  'Last Activity',
  'Country',
  'Specialization',
  'What is your current occupation',
  'Last Notable Activity',
  'Converted',
];

export function generateLeadRows(n: number, seed: number, intercept = -2): SyntheticRows {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[], skew = 1): T =>
    list[Math.min(list.length - 1, Math.floor(random() ** skew * list.length))]!;
  const out: SyntheticRows = { headers: SYNTHETIC_HEADERS, rows: [], won: [], logit: [] };
  for (let i = 0; i < n; i++) {
    const origin = pick(ORIGINS, 1.6);
    const source = pick(SOURCES, 1.4);
    const doNotEmail = random() < 0.08 ? 'Yes' : 'No';
    const visits = random() < 0.05 ? '' : String(Math.floor(-Math.log(1 - random()) * 3.5));
    const time = Math.floor(-Math.log(1 - random()) * 480);
    const pages = visits === '' || visits === '0' ? '0' : (1 + random() * 4).toFixed(2);
    const activity = pick(ACTIVITY, 1.3);
    const occupation = pick(OCCUPATIONS, 1.5);
    const row: Record<string, string> = {
      'Prospect ID': `P${String(i).padStart(6, '0')}`,
      'Lead Origin': origin,
      'Lead Source': source,
      'Do Not Email': doNotEmail,
      TotalVisits: visits,
      'Total Time Spent on Website': String(time),
      'Page Views Per Visit': pages,
      'Last Activity': activity,
      Country: pick(COUNTRIES, 3),
      Specialization: pick(SPECIALISATIONS),
      'What is your current occupation': occupation,
      // exports repeat themselves: the notable activity is mostly the last activity again
      'Last Notable Activity': random() < 0.85 ? activity : pick(ACTIVITY),
    };
    // time on the website matters most and saturates; country and specialisation are noise
    const logit =
      intercept +
      2.2 * (1 - Math.exp(-time / 600)) -
      0.6 +
      (SOURCE_EFFECT[source] ?? 0) +
      (ORIGIN_EFFECT[origin] ?? 0) +
      (OCCUPATION_EFFECT[occupation] ?? 0) +
      (ACTIVITY_EFFECT[activity] ?? 0) +
      (doNotEmail === 'Yes' ? -1 : 0) +
      (visits !== '' ? 0.08 * Math.min(10, Number(visits)) : -0.3);
    const won = random() < 1 / (1 + Math.exp(-logit));
    row['Converted'] = won ? '1' : '0';
    out.rows.push(row);
    out.won.push(won);
    out.logit.push(logit);
  }
  return out;
}

/** The rows as CSV text (quoted where needed). */
export function toCsv(data: SyntheticRows): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return (
    [
      data.headers.map(cell).join(','),
      ...data.rows.map((r) => data.headers.map((h) => cell(r[h] ?? '')).join(',')),
    ].join('\n') + '\n'
  );
}
