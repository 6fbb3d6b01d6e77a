import { ConfigurationError } from '../../../src/domain/errors';
import {
  loadMapping,
  mapRecord,
  mappedCrmFields,
  meaningOfCrmStatus,
  parseMapping,
  toCrmFields,
  validateMappingAgainstDescribe,
  checkMapping,
  leadOutcomes,
} from '../../../src/mapping';
import type { FieldDescription } from '../../../src/domain/connector';

const sf = loadMapping('salesforce');

describe('shipped mappings', () => {
  it.each(['salesforce', 'sugarcrm'] as const)('%s mapping loads', (crm) => {
    expect(loadMapping(crm).crm).toBe(crm);
  });
});

describe('parseMapping errors name file, line and path', () => {
  it.each([
    [
      'unknown transform',
      'fields:\n  email: { field: Email, transform: shout }',
      /bad\.yaml:\d+ fields\.email\.transform/,
    ],
    ['unknown canonical field', 'fields:\n  favouriteColour: Colour__c', /fields\.favouriteColour/],
    ['bad field name', 'fields:\n  email: "Email; DROP"', /fields\.email/],
    ['missing write-back', 'fields:\n  email: Email\nwriteBack: {}', /writeBack\.score/],
  ])('%s', (_name, patch, pattern) => {
    const base = 'crm: salesforce\nobject: Lead\nid: Id\nmodifiedAt: SystemModstamp\n';
    const wb = patch.includes('writeBack')
      ? ''
      : '\nwriteBack: { score: S__c, grade: G__c, status: T__c, reasons: R__c }';
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
    const { lead, issues } = mapRecord(sf, {
      ...base,
      LastName: ' Pérez ',
      Email: 'Ana@Acme.ES',
      NumberOfEmployees: 0,
      HasOptedOutOfEmail: false,
      LeadLoop_Score__c: 42,
      LeadLoop_Status__c: 'mql',
    });
    expect(issues).toEqual([]);
    expect(lead).toMatchObject({
      externalId: base.Id,
      modifiedAt: '2026-11-20T10:00:00.000Z',
      lastName: 'Pérez',
      email: 'ana@acme.es',
      employees: 0,
      unsubscribed: false,
      leadloop: { score: 42, status: 'mql' },
    });
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
      LeadLoop_Score__c: 0,
      LeadLoop_Grade__c: 'B',
      LeadLoop_SLA_Due__c: null,
      OwnerId: '005x',
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
      .map((name) => ({
        name,
        label: name,
        type: name.endsWith('Score__c')
          ? 'double'
          : name.endsWith('_At__c') || name.endsWith('Due__c') || name === 'SystemModstamp'
            ? 'datetime'
            : 'string',
        updateable: name !== 'LeadLoop_Grade__c',
        custom: name.endsWith('__c'),
      }));
    const problems = validateMappingAgainstDescribe(sf, describe);
    expect(problems).toEqual([
      expect.stringMatching(/fields\.industry: field Industry does not exist on Lead/),
      expect.stringMatching(/writeBack\.grade: field LeadLoop_Grade__c is not updateable/),
    ]);
  });

  it("reads what reps' statuses mean", () => {
    expect(meaningOfCrmStatus(sf, 'working - contacted')).toBe('accepted');
    expect(meaningOfCrmStatus(sf, 'Open - Not Contacted')).toBeNull();
  });
});

/** A standard (Developer Edition-shaped) org's Lead describe, after `leadloop setup`, trimmed to what the check reads. */
function standardLead(options: { withReturnReason?: boolean; statuses?: string[] } = {}): FieldDescription[] {
  const statuses = options.statuses ?? [
    'Open - Not Contacted',
    'Working - Contacted',
    'Closed - Converted',
    'Closed - Not Converted',
  ];
  const type = (name: string) =>
    name.endsWith('Score__c')
      ? 'double'
      : name.endsWith('_At__c') || name.endsWith('Due__c') || name === 'SystemModstamp'
        ? 'datetime'
        : name === 'Status'
          ? 'picklist'
          : 'string';
  return mappedCrmFields(sf)
    .filter((name) => options.withReturnReason !== false || name !== 'LeadLoop_Return_Reason__c')
    .map((name) => ({
      name,
      label: name,
      type: type(name),
      updateable: true,
      custom: name.endsWith('__c'),
      ...(name === 'Status' ? { picklistValues: statuses } : {}),
    }));
}

describe('a standard org works with the shipped mapping', () => {
  it('has no blocking problem, and says which Lead Status values it lacks and what that switches off', () => {
    const { problems, warnings } = checkMapping(sf, standardLead());
    expect(problems).toEqual([]);
    expect(warnings).toEqual([
      "mappings/salesforce.yaml statusMeaning.qualified: Lead.Status has no 'Qualified': a lead becomes sql when it is converted",
      "mappings/salesforce.yaml statusMeaning.recycled: Lead.Status has no 'Recycled', 'Returned to Marketing': reps return leads through LeadLoop_Return_Reason__c",
      "mappings/salesforce.yaml statusMeaning.disqualified: Lead.Status has no 'Unqualified'",
    ]);
  });

  it.each([
    [
      'the return reason is missing (before setup)',
      { ...sf },
      { withReturnReason: false },
      /returnReasonField: field LeadLoop_Return_Reason__c does not exist on Lead .*`leadloop setup` creates LeadLoop_Return_Reason__c/,
    ],
    [
      'the status reason field is missing',
      { ...sf, statusReasonField: 'Status_Reason__c' },
      {},
      /statusReasonField: field Status_Reason__c does not exist .*recorded without a reason/,
    ],
    [
      'a qualification answer is missing',
      { ...sf, qualification: { budget: { field: 'Budget__c' } } },
      {},
      /qualification\.budget: field Budget__c does not exist .*counts as unknown/,
    ],
    [
      'no recycled status and no return reason',
      { ...sf },
      { withReturnReason: false },
      /statusMeaning\.recycled: .*reps cannot return leads to marketing until LeadLoop_Return_Reason__c exists/,
    ],
  ])('warns, never stops, when %s', (_case, mapping, shape, warning) => {
    const { problems, warnings } = checkMapping(mapping, standardLead(shape));
    expect(problems).toEqual([]);
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(warning)]));
  });

  it('says nothing about statuses a customized org holds', () => {
    const { warnings } = checkMapping(
      sf,
      standardLead({
        statuses: [
          'Open - Not Contacted',
          'Working - Contacted',
          'Qualified',
          'Recycled',
          'Returned to Marketing',
          'Closed - Converted',
          'Closed - Not Converted',
          'Unqualified',
        ],
      }),
    );
    expect(warnings).toEqual([]);
  });
});

describe('a return reason is a return to marketing', () => {
  const facts = {
    id: '00Q000000000001AAA',
    modifiedAt: '2026-03-01T10:00:00.000Z',
    ownerId: null,
    converted: false,
    conversionTarget: '00Q000000000001AAA',
    statusReason: null,
  };
  it.each([
    [
      'a reason with an open status',
      'Open - Not Contacted',
      'No budget',
      [['recycled', 'No budget', 'returnReason:No budget:2026-03-01T10:00:00.000Z']],
    ],
    [
      'a reason with the closing status',
      'Closed - Not Converted',
      'Not a fit',
      [['recycled', 'Not a fit', 'returnReason:Not a fit:2026-03-01T10:00:00.000Z']],
    ],
    [
      'a reason beside an accepting status',
      'Working - Contacted',
      'Bad timing',
      [
        ['accepted', null, 'status:Working - Contacted'],
        ['recycled', 'Bad timing', 'returnReason:Bad timing:2026-03-01T10:00:00.000Z'],
      ],
    ],
    [
      'a recycled status: the reason explains it, and counts even where the status is stale',
      'Recycled',
      'Other',
      [
        ['recycled', 'Other', 'status:Recycled'],
        ['recycled', 'Other', 'returnReason:Other:2026-03-01T10:00:00.000Z'],
      ],
    ],
    ['an empty reason', 'Open - Not Contacted', '  ', []],
  ])('%s', (_case, status, returnReason, expected) => {
    expect(
      leadOutcomes(sf, { ...facts, status, returnReason }).map((o) => [o.kind, o.reason ?? null, o.sourceId]),
    ).toEqual(expected);
  });

  it('is a new return each time the value is read on a later change, even with the same reason', () => {
    const first = leadOutcomes(sf, { ...facts, status: 'Open - Not Contacted', returnReason: 'No budget' })[0]!;
    const second = leadOutcomes(sf, {
      ...facts,
      modifiedAt: '2026-05-01T10:00:00.000Z',
      status: 'Open - Not Contacted',
      returnReason: 'No budget',
    })[0]!;
    expect(first.sourceId).not.toBe(second.sourceId);
  });

  it("is cleared, never set, by leadloop's write", () => {
    expect(toCrmFields(sf, { returnReason: null, status: 'nurture' })).toEqual({
      LeadLoop_Return_Reason__c: null,
      LeadLoop_Status__c: 'nurture',
    });
    expect(toCrmFields({ ...sf, returnReasonField: undefined }, { returnReason: null })).toEqual({});
  });
});
