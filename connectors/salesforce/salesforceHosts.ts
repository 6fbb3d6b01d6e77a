/**
 * Salesforce's own domains: login/test hosts, My Domain (production and sandbox), Lightning and
 * Visualforce hosts, and Setup. Sources: "My Domain URL formats"
 * https://help.salesforce.com/s/articleView?id=sf.domain_name_url_formats.htm and
 * "Allow the Required Domains" https://help.salesforce.com/s/articleView?id=000384438&type=1.
 * `*.salesforce.com` already covers `*.my.salesforce.com` and `*.sandbox.my.salesforce.com`;
 * they are listed so the table reads like the documentation.
 */
export const SALESFORCE_DOMAINS = [
  'salesforce.com',
  'force.com',
  'my.salesforce.com',
  'sandbox.my.salesforce.com',
  'salesforce-setup.com',
] as const;
