import { parseOrgSettings } from '../../../src/settings/orgSettings';

describe('per-org settings read from the database', () => {
  it.each([
    [{}, {}],
    [null, {}],
    [[1, 2], {}],
    [
      { mappingFile: '/srv/acme.yaml', routingFile: '/srv/r.yaml', apiBudgetShare: 0.5, bulkThreshold: 5000 },
      { mappingFile: '/srv/acme.yaml', routingFile: '/srv/r.yaml', apiBudgetShare: 0.5, bulkThreshold: 5000 },
    ],
    // a malformed value falls back to the default instead of being read with a cast
    [{ mappingFile: 42, apiBudgetShare: 3, bulkThreshold: 'lots', routingFile: '' }, {}],
    [{ bulkThreshold: 2.5, legacyKey: 'kept out' }, {}],
  ])('%j → %j', (raw, expected) => {
    expect(parseOrgSettings(raw)).toEqual(expected);
  });
});
