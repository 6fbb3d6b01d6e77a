import { companyMatchKey, normalizeCompany } from '../../../src/enrich/normalizeCompany';

describe('normalizeCompany', () => {
  it.each([
    ['Acme Ibérica, S.L.', 'Acme Ibérica', 'acme iberica'],
    ['ACME IBERICA SL', 'ACME IBERICA', 'acme iberica'],
    ['Grupo Bimbo, S.A.B. de C.V.', 'Grupo Bimbo', 'grupo bimbo'],
    ['Construcciones López S. de R.L. de C.V.', 'Construcciones López', 'construcciones lopez'],
    ['Servicios Norte SA de CV', 'Servicios Norte', 'servicios norte'],
    ['Cementos Pacasmayo S.A.A.', 'Cementos Pacasmayo', 'cementos pacasmayo'],
    ['Tienda Pérez y Cía. Ltda.', 'Tienda Pérez', 'tienda perez'],
    ['Transportes Andes Ltda', 'Transportes Andes', 'transportes andes'],
    ['Ñandú SpA', 'Ñandú', 'nandu'],
    ['Telefónica, S.A.', 'Telefónica', 'telefonica'],
    ['Acme Inc.', 'Acme', 'acme'],
    ['Acme, Inc', 'Acme', 'acme'],
    ['Globex Corporation', 'Globex', 'globex'],
    ['Initech LLC', 'Initech', 'initech'],
    ['Hooli Ltd.', 'Hooli', 'hooli'],
    ['Siemens AG', 'Siemens', 'siemens'],
    ['Foo GmbH & Co. KG', 'Foo', 'foo'],
    ['Procter & Gamble Co.', 'Procter & Gamble', 'procter and gamble'],
    ['Banco de Chile', 'Banco de Chile', 'banco de chile'],
    ['  Acme   Labs  ', 'Acme Labs', 'acme labs'],
    // a name that is only a legal form is kept
    ['S.A.', 'S.A.', 'sa'],
  ])('%p → %p / %p', (name, display, key) => {
    expect(normalizeCompany(name)).toEqual({ display, key });
  });

  it.each([[null], [undefined], [''], ['  '], ['...']])('%p has no normalised name', (name) => {
    expect(normalizeCompany(name)).toBeUndefined();
  });

  it('gives the same key to the spellings of one company', () => {
    const keys = ['Acme Ibérica, S.L.', 'ACME IBERICA S.L.U.', 'acme iberica'].map(companyMatchKey);
    expect(new Set(keys).size).toBe(1);
  });
});
