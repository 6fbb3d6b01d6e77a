import { parsePhone } from '../../../src/enrich/parsePhone';

describe('parsePhone', () => {
  it.each([
    // Spain
    ['612 34 56 78', 'ES', '+34612345678', 'ES', 'mobile'],
    ['91 123 45 67', 'ES', '+34911234567', 'ES', 'fixed_line'],
    ['+34 912 345 678', undefined, '+34912345678', 'ES', 'fixed_line'],
    ['0034 612345678', undefined, '+34612345678', 'ES', 'mobile'],
    ['+34 612 34 56 78 ext. 12', undefined, '+34612345678', 'ES', 'mobile'],
    // Mexico: an international number wins over the default region
    ['0034 612345678', 'MX', '+34612345678', 'ES', 'mobile'],
    ['55 1234 5678', 'MX', '+525512345678', 'MX', 'fixed_line_or_mobile'],
    ['+52 1 55 1234 5678', undefined, '+525512345678', 'MX', 'fixed_line_or_mobile'],
    ['800 123 4567', 'MX', '+528001234567', 'MX', 'toll_free'],
    // Argentina: mobile "15" prefix
    ['011 4123-4567', 'AR', '+541141234567', 'AR', 'fixed_line'],
    ['011 15 2345-6789', 'AR', '+5491123456789', 'AR', 'mobile'],
    ['+54 9 11 2345-6789', undefined, '+5491123456789', 'AR', 'mobile'],
    // Colombia
    ['601 2345678', 'CO', '+576012345678', 'CO', 'fixed_line'],
    ['300 1234567', 'CO', '+573001234567', 'CO', 'mobile'],
    ['+57 300 123 4567', undefined, '+573001234567', 'CO', 'mobile'],
    // Chile
    ['9 6123 4567', 'CL', '+56961234567', 'CL', 'fixed_line_or_mobile'],
    ['+56 2 2123 4567', undefined, '+56221234567', 'CL', 'fixed_line_or_mobile'],
    // United States
    ['(201) 555-0123', 'US', '+12015550123', 'US', 'fixed_line_or_mobile'],
    ['+1 201-555-0123', undefined, '+12015550123', 'US', 'fixed_line_or_mobile'],
    ['1-800-555-0199', 'US', '+18005550199', 'US', 'toll_free'],
  ])('%p (region %p) → %s %s %s', (text, region, e164, country, type) => {
    expect(parsePhone(text, region)).toEqual({ valid: true, e164, country, type });
  });

  it.each([
    ['12345', 'ES'],
    ['n/a', 'ES'],
    ['612 34 56 78', undefined],
    ['+34 000', undefined],
  ])('%p (region %p) is invalid', (text, region) => {
    expect(parsePhone(text, region)).toEqual({ valid: false });
  });

  it.each([[null], [undefined], ['']])('%p is absent', (text) => {
    expect(parsePhone(text, 'ES')).toBeUndefined();
  });
});
