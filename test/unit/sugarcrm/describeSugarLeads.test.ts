import nock from 'nock';
import { API, BASE, harness } from './sugarFixtures';

const vardef = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
  name,
  vname: `LBL_${name.toUpperCase()}`,
  type,
  ...extra,
});
const standard = {
  id: vardef('id', 'id'),
  date_modified: vardef('date_modified', 'datetime'),
  date_entered: vardef('date_entered', 'datetime'),
  first_name: vardef('first_name', 'varchar', { len: 100 }),
  last_name: vardef('last_name', 'varchar', { len: 100 }),
  email1: vardef('email1', 'varchar', { source: 'non-db' }),
  email: vardef('email', 'email', { source: 'non-db' }),
  phone_work: vardef('phone_work', 'phone'),
  phone_mobile: vardef('phone_mobile', 'phone'),
  title: vardef('title', 'varchar'),
  account_name: vardef('account_name', 'varchar'),
  website: vardef('website', 'url'),
  primary_address_country: vardef('primary_address_country', 'varchar'),
  primary_address_state: vardef('primary_address_state', 'varchar'),
  primary_address_city: vardef('primary_address_city', 'varchar'),
  lead_source: vardef('lead_source', 'enum', { options: 'lead_source_dom' }),
  status: vardef('status', 'enum', { options: 'lead_status_dom' }),
  status_description: vardef('status_description', 'text'),
  converted: vardef('converted', 'bool'),
  email_opt_out: vardef('email_opt_out', 'bool', { source: 'non-db' }),
  assigned_user_id: vardef('assigned_user_id', 'relate', { dbType: 'id', module: 'Users' }),
  calls: vardef('calls', 'link', { source: 'non-db' }),
};
const custom = {
  leadloop_score_c: vardef('leadloop_score_c', 'int', { source: 'custom_fields', custom_module: 'Leads' }),
  leadloop_grade_c: vardef('leadloop_grade_c', 'varchar', { source: 'custom_fields', len: 2, custom_module: 'Leads' }),
  leadloop_status_c: vardef('leadloop_status_c', 'varchar', {
    source: 'custom_fields',
    len: 20,
    custom_module: 'Leads',
  }),
  leadloop_reasons_c: vardef('leadloop_reasons_c', 'text', { source: 'custom_fields', custom_module: 'Leads' }),
  leadloop_scored_at_c: vardef('leadloop_scored_at_c', 'datetimecombo', {
    source: 'custom_fields',
    custom_module: 'Leads',
  }),
  leadloop_sla_due_c: vardef('leadloop_sla_due_c', 'datetimecombo', {
    source: 'custom_fields',
    custom_module: 'Leads',
  }),
};
const metadata = (fields: Record<string, unknown>) => ({
  _hash: 'abc123',
  modules: { Leads: { fields, _hash: 'def456' } },
});

function replyMetadata(fields: Record<string, unknown>) {
  return nock(BASE)
    .get(`${API}/metadata`)
    .query({ type_filter: 'modules', module_filter: 'Leads' })
    .reply(200, metadata(fields));
}

describe('SugarCRM describeLeads and setup', () => {
  it('lists the vardefs and the write-back fields that are missing', async () => {
    const scope = replyMetadata({
      ...standard,
      leadloop_score_c: custom.leadloop_score_c,
      leadloop_grade_c: custom.leadloop_grade_c,
    });
    const description = await harness().connector.describeLeads();
    scope.done();
    expect(description.missingFields).toEqual([
      'leadloop_status_c',
      'leadloop_reasons_c',
      'leadloop_scored_at_c',
      'leadloop_sla_due_c',
    ]);
    expect(description.fields.find((f) => f.name === 'leadloop_score_c')).toEqual({
      name: 'leadloop_score_c',
      label: 'LBL_LEADLOOP_SCORE_C',
      type: 'int',
      updateable: true,
      custom: true,
    });
    expect(description.fields.find((f) => f.name === 'calls')?.updateable).toBe(false);
    expect(description.fields.find((f) => f.name === 'first_name')).toMatchObject({ custom: false, length: 100 });
  });

  it('setup tells the admin exactly what is missing and how to install the package', async () => {
    const scope = replyMetadata({ ...standard, leadloop_score_c: custom.leadloop_score_c });
    const report = await harness().connector.setup();
    scope.done();
    expect(report.created).toEqual([]);
    expect(report.alreadyPresent).toEqual(['leadloop_score_c', 'assigned_user_id']);
    const text = report.manualSteps.join('\n');
    expect(text).toContain(
      'leadloop_grade_c, leadloop_status_c, leadloop_reasons_c, leadloop_scored_at_c, leadloop_sla_due_c',
    );
    expect(text).toContain('Admin → Module Loader');
    expect(text).toContain('connectors/sugarcrm/dist/leadloop-fields.zip');
    expect(text).toContain('node dist/connectors/sugarcrm/buildPackage.js');
    expect(text).not.toMatch(/Fix: .*does not exist/);
  });

  it('setup has nothing to do once the package is installed, but flags a field of the wrong type', async () => {
    const scope = replyMetadata({
      ...standard,
      ...custom,
      leadloop_score_c: vardef('leadloop_score_c', 'varchar', { source: 'custom_fields' }),
    });
    const report = await harness().connector.setup();
    scope.done();
    expect(report.alreadyPresent).toHaveLength(7);
    expect(report.manualSteps).toEqual([
      'Fix: mappings/sugarcrm.yaml writeBack.score: field leadloop_score_c is varchar, expected a number field',
    ]);
  });
});
