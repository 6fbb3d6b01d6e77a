import { ConfigurationError } from '../../../src/domain/errors';
import { loadMapping, mapRecord, mappedCrmFields, meaningOfCrmStatus, parseMapping, toCrmFields, validateMappingAgainstDescribe } from '../../../src/mapping';
import type { FieldDescription } from '../../../src/domain/connector';

const sf = loadMapping('salesforce');

describe('shipped mappings', () => {
  it.each(['salesforce', 'sugarcrm'] as const)('%s mapping loads', (crm) => {
    expect(loadMapping(crm).crm).toBe(crm);
  });
});

describe('parseMapping errors name file, line and path', () => {
  it.each([
    ['unknown transform', 'fields:\n  email: { field: Email, transform: shout }', /bad\.yaml:\d+ fields\.email\.transform/],
    ['unknown canonical field', 'fields:\n  favouriteColour: Colour__c', /fields\.favouriteColour/],
    ['bad field name', 'fields:\n  email: "Email; DROP"', /fields\.email/],
    ['missing write-back', 'fields:\n  email: Email\nwriteBack: {}', /writeBack\.score/],
  ])('%s', (_name, patch, pattern) => {
    const base = 'crm: salesforce\nobject: Lead\nid: Id\nmodifiedAt: SystemModstamp\n';
    const wb = patch.includes('writeBack') ? '' : '\nwriteBack: { score: S__c, grade: G__c, status: T__c, reasons: R__c }';
    let error: unknown;
    try {
      parseMapping(base + patch + wb, 'bad.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(pattern);
  });

  it('reports YAML syntax errors with the line', () => {
    expect(() => parseMapping('crm: salesforce\nfields: [a\n', 'broken.yaml')).toThrow(/broken\.yaml:\d+/);
  });
});

describe('mapRecord', () => {
  const base = { Id: '00Q000000000001AAA', SystemModstamp: '2026-11-20T10:00:00.000+0000' };

  it('maps fields and keeps 0 and false as values', () => {
    const { lead, issues } = mapRecord(sf, { ...base, LastName: ' Pérez ', Email: 'Ana@Acme.ES', NumberOfEmployees: 0, HasOptedOutOfEmail: false, LeadLoop_Score__c: 42, LeadLoop_Status__c: 'mql' });
    expect(issues).toEqual([]);
    expect(lead).toMatchObject({ externalId: base.Id, modifiedAt: '2026-11-20T10:00:00.000Z', lastName: 'Pérez', email: 'ana@acme.es', employees: 0, unsubscribed: false, leadloop: { score: 42, status: 'mql' } });
  });

  it.each([
    [{ NumberOfEmployees: 'lots' }, 'NumberOfEmployees'],
    [{ CreatedDate: '2026-02-31T99:00:00Z' }, 'CreatedDate'],
    [{ LeadLoop_Status__c: 'hot' }, 'LeadLoop_Status__c'],
    [{ Email: { nested: true } }, 'Email'],
  ])('turns a bad value into a field issue naming the field: %j', (patch, field) => {
    const { lead, issues } = mapRecord(sf, { ...base, LastName: 'X', ...patch });
    expect(lead?.externalId).toBe(base.Id);
    expect(issues.map((i) => i.field)).toContain(field);
    expect(issues[0]!.message).toContain(base.Id);
  });

  it('rejects a record without id or stamp', () => {
    expect(mapRecord(sf, { LastName: 'X' }).lead).toBeUndefined();
    expect(mapRecord(sf, { Id: 'a', SystemModstamp: 'yesterday' }).issues[0]!.field).toBe('SystemModstamp');
  });

  it('strips control characters and cuts 100 KB strings', () => {
    const { lead, issues } = mapRecord(sf, { ...base, LastName: 'A\u0000B\u0007C', Company: 'x'.repeat(100_000) });
    expect(lead?.lastName).toBe('ABC');
    expect(lead?.company).toHaveLength(10_000);
    expect(issues[0]!.field).toBe('Company');
  });
});

describe('write-back and describe checks', () => {
  it('writes only defined values, mapped to CRM names, clearing with null', () => {
    expect(toCrmFields(sf, { score: 0, grade: 'B', reasons: undefined, slaDueAt: null, ownerId: '005x' })).toEqual({
      LeadLoop_Score__c: 0, LeadLoop_Grade__c: 'B', LeadLoop_SLA_Due__c: null, OwnerId: '005x',
    });
  });

  it('selects every mapped field once', () => {
    const fields = mappedCrmFields(sf);
    expect(fields).toContain('SystemModstamp');
    expect(fields).toContain('LeadLoop_Reasons__c');
    expect(new Set(fields).size).toBe(fields.length);
  });

  it('names unknown and read-only fields before anything is written', () => {
    const describe: FieldDescription[] = mappedCrmFields(sf)
      .filter((f) => f !== 'Industry')
      .map((name) => ({ name, label: name, type: name.endsWith('Score__c') ? 'double' : name.endsWith('_At__c') || name.endsWith('Due__c') || name === 'SystemModstamp' ? 'datetime' : 'string', updateable: name !== 'LeadLoop_Grade__c', custom: name.endsWith('__c') }));
    const problems = validateMappingAgainstDescribe(sf, describe);
    expect(problems).toEqual([
      expect.stringMatching(/fields\.industry: field Industry does not exist on Lead/),
      expect.stringMatching(/writeBack\.grade: field LeadLoop_Grade__c is not updateable/),
    ]);
  });

  it('reads what reps\' statuses mean', () => {
    expect(meaningOfCrmStatus(sf, 'working - contacted')).toBe('accepted');
    expect(meaningOfCrmStatus(sf, 'Open - Not Contacted')).toBeNull();
  });
});
