import { assertSalesforceId, assertSoqlName, escapeSoqlLike, escapeSoqlString, soqlIdList, soqlString } from '../../../connectors/salesforce/soql';

describe('SOQL text', () => {
  it.each([
    ["O'Brien", "O\\'Brien"],
    ['back\\slash', 'back\\\\slash'],
    ["\\'", "\\\\\\'"],
    ['say "hi"', 'say \\"hi\\"'],
    ['line\nbreak\ttab', 'line\\nbreak\\ttab'],
    ['plain', 'plain'],
  ])('escapes %j as %j (backslash first, then quote)', (input, expected) => {
    expect(escapeSoqlString(input)).toBe(expected);
  });

  it('cannot be broken out of', () => {
    expect(soqlString("x' OR Name != '")).toBe("'x\\' OR Name != \\''");
    expect(soqlString("x\\' OR Id != '")).toBe("'x\\\\\\' OR Id != \\''");
  });

  it('makes % and _ literal inside LIKE', () => {
    expect(escapeSoqlLike("50%_o'k")).toBe("50\\%\\_o\\'k");
  });

  it.each(['Email', 'LeadLoop_Score__c', 'Owner.Name', 'Custom__r.Field__c'])('accepts the name %s', (name) => {
    expect(assertSoqlName(name)).toBe(name);
  });

  it.each(['', 'Email,Id', 'Name FROM User', "Id'", '1Field', 'a.b.c.d.e.f'])('refuses the name %j', (name) => {
    expect(() => assertSoqlName(name)).toThrow(/Not a Salesforce field or object name/);
  });

  it('checks an allowlist case-insensitively', () => {
    expect(assertSoqlName('email', ['Email', 'Id'])).toBe('email');
    expect(() => assertSoqlName('Password__c', ['Email'])).toThrow(/not one leadloop may query/);
  });

  it.each([
    ['00Q5e00000AbCdE', true],
    ['00Q5e00000AbCdEAAV', true],
    ["00Q5e00000AbCdE' OR", false],
    ['00Q5e00000AbCd', false],
    ['00Q5e00000AbCdEAAVX', false],
  ])('id %j valid: %s', (id, valid) => {
    if (valid) expect(assertSalesforceId(id)).toBe(id);
    else expect(() => assertSalesforceId(id)).toThrow(/Not a Salesforce record id/);
  });

  it('builds IN lists of checked ids', () => {
    expect(soqlIdList(['00Q5e00000AbCdEAAV', '00Q5e00000AbCdF'])).toBe("'00Q5e00000AbCdEAAV','00Q5e00000AbCdF'");
    expect(() => soqlIdList(["x'"])).toThrow();
    expect(() => soqlIdList([])).toThrow();
  });
});
