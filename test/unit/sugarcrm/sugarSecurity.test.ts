import nock from 'nock';
import { sugarPath } from '../../../connectors/sugarcrm/sugarPath';
import { assertRelativePath } from '../../../connectors/sugarcrm/sugarHttp';
import { API, BASE, harness } from './sugarFixtures';

const EVIL = 'https://evil.example.net';

describe('SugarCRM requests stay on the Sugar host (B11)', () => {
  it('never sends a CRM-supplied absolute URL as a request, nor the OAuth-Token to another host', async () => {
    const evil = nock(EVIL).persist().get(/.*/).reply(200, {}).put(/.*/).reply(200, {}).post(/.*/).reply(200, {});
    let bulkBody: { requests: unknown[] } | undefined;
    const sugar = nock(BASE)
      .post(`${API}/Leads/filter`)
      .reply(200, { next_offset: -1, records: [{ id: '30000001-aaaa-4bbb-8ccc-000000000000', converted: false }] })
      .post(`${API}/bulk`, (b) => {
        bulkBody = b;
        return true;
      })
      .reply(200, [{ contents: { id: '30000001-aaaa-4bbb-8ccc-000000000000' }, headers: [], status: 200 }]);
    const h = harness();
    const results = await h.connector.writeBack([
      { externalId: `${EVIL}/steal`, fields: { score: 1 } },
      { externalId: '//evil.example.net/x', fields: { score: 1 } },
      { externalId: '../../oauth2/token', fields: { score: 1 } },
      { externalId: '30000001-aaaa-4bbb-8ccc-000000000000', fields: { score: 2 } },
    ]);
    sugar.done();
    expect(evil.isDone()).toBe(false);
    expect(evil.pendingMocks().length).toBeGreaterThan(0);
    expect(results.map((r) => r.ok)).toEqual([false, false, false, true]);
    expect(JSON.stringify(bulkBody)).not.toContain('evil');
    evil.persist(false);
  });

  it.each([
    ['https://evil.example.net/x'],
    ['//evil.example.net'],
    ['a/b'],
    ['x'.repeat(37)],
    ['id with space'],
    ['%2e%2e'],
  ])('sugarPath refuses the id %s', (id) => {
    expect(() => sugarPath('Leads', id)).toThrow(/not a valid Sugar id/);
  });

  it.each([['https://evil.example.net/x'], ['//evil.example.net/x'], ['Leads'], ['/a\\b']])(
    'the HTTP layer refuses the path %s',
    (path) => {
      expect(() => assertRelativePath(path)).toThrow(/not a relative API path/);
    },
  );

  it('does not follow redirects (they would carry the token elsewhere)', async () => {
    const evil = nock(EVIL)
      .get('/me')
      .reply(200, { current_user: { id: 'x' } });
    const sugar = nock(BASE)
      .get(`${API}/me`)
      .reply(302, '', { Location: `${EVIL}/me` });
    await expect(harness().connector.check()).rejects.toMatchObject({ kind: 'configuration', status: 302 });
    sugar.done();
    expect(evil.isDone()).toBe(false);
  });
});
