import type { CanonicalLead } from '../../src/domain/lead';
import { stripLead } from '../../src/sync/processPage';

describe('stripLead (the snapshot kept for re-scoring)', () => {
  const lead = { externalId: '00Q1', crm: 'salesforce', modifiedAt: '2026-01-01T00:00:00.000Z' } as CanonicalLead;

  it('leaves out the field issues and leaves the lead read from the CRM as it was', () => {
    const issues = [{ field: 'Phone', message: 'not a phone number' }] as CanonicalLead['fieldIssues'];
    const withIssues = { ...lead, fieldIssues: issues };
    const snapshot = stripLead(withIssues);
    expect(snapshot).toEqual(lead);
    expect('fieldIssues' in snapshot).toBe(false);
    expect(withIssues.fieldIssues).toBe(issues);
  });

  it('keeps a lead without issues as it is, with no copy', () => {
    expect(stripLead(lead)).toBe(lead);
  });
});
