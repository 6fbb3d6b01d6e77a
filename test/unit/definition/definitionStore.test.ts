import fs from 'node:fs';
import path from 'node:path';
import { createDefinitionStore } from '../../../src/definition/definitionStore';
import { definitionsDir } from '../../../src/definition/loadDefinition';
import { ConfigurationError } from '../../../src/domain/errors';
import { compileDefinition } from '../../../src/scoring/compileDefinition';
import type { Database } from '../../../src/store/database';
import { testDatabaseTargets } from '../../helpers/testDatabases';

const DEFAULT_YAML = fs.readFileSync(path.join(definitionsDir(), 'default.yaml'), 'utf8');
const CHANGED_YAML = DEFAULT_YAML.replace('minEngagement: 25', 'minEngagement: 30');

describe.each(testDatabaseTargets())('definition store on $name', (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('saves a new version only when the content changed, and activates the first', async () => {
    const store = createDefinitionStore(db);
    const first = await store.saveVersion({ yaml: DEFAULT_YAML, createdBy: 'ana@acme.example', note: 'initial' });
    expect(first).toMatchObject({
      created: true,
      version: { name: 'default', version: 1, isActive: true, note: 'initial' },
    });

    const comment = await store.saveVersion({ yaml: `# only a comment\n${DEFAULT_YAML}`, createdBy: 'bob' });
    expect(comment).toMatchObject({ created: false, version: { version: 1 } });

    const second = await store.saveVersion({ yaml: CHANGED_YAML, createdBy: 'bob', note: 'stricter MQL' });
    expect(second).toMatchObject({ created: true, version: { version: 2, isActive: false } });
    expect(second.version.definition.version).toBe(2);
    expect((await store.getActive('default'))?.version).toBe(1);

    expect((await store.listVersions('default')).map((v) => [v.version, v.isActive, v.createdBy])).toEqual([
      [2, false, 'bob'],
      [1, true, 'ana@acme.example'],
    ]);
  });

  it('activates exactly one version at a time', async () => {
    const store = createDefinitionStore(db);
    const active = await store.activate('default', 2);
    expect(active.isActive).toBe(true);
    expect((await store.listVersions('default')).filter((v) => v.isActive).map((v) => v.version)).toEqual([2]);
    expect(compileDefinition(active.definition).version).toMatch(/^default@2#/);
    await expect(store.activate('default', 9)).rejects.toThrow(ConfigurationError);
  });

  it('saving with activate switches to the saved version', async () => {
    const store = createDefinitionStore(db);
    const saved = await store.saveVersion({ yaml: DEFAULT_YAML, createdBy: 'ana', activate: true });
    expect(saved).toMatchObject({ created: true, version: { version: 3, isActive: true } });
    expect((await store.getActive('default'))?.contentHash).toBe((await store.getVersion('default', 1))?.contentHash);
  });

  it('rejects an invalid definition before storing anything', async () => {
    const store = createDefinitionStore(db);
    await expect(
      store.saveVersion({ yaml: DEFAULT_YAML.replace('A: 75', 'A: 10'), fileName: 'bad.yaml', createdBy: 'x' }),
    ).rejects.toThrow(/bad\.yaml:\d+ grades/);
    expect(await store.listVersions('default')).toHaveLength(3);
    expect(await store.getActive('nobody')).toBeNull();
  });
});
