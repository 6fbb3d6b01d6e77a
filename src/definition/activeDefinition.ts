import fs from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '../domain/errors';
import type { Queryable } from '../store/database';
import { createDefinitionStore, type DefinitionVersion } from './definitionStore';
import { definitionsDir } from './loadDefinition';

/** Definition names as `leadloop definition save` stores them and `definitions/<name>.yaml` ships them. */
export const DEFINITION_NAME = /^[a-z0-9_-]{1,80}$/;

/**
 * The active stored version of definition `name`; when none is stored yet, the shipped
 * `definitions/<name>.yaml` is saved as its first version (and so becomes active). Throws a
 * ConfigurationError when the name is neither stored nor shipped.
 */
export async function activeDefinition(db: Queryable, name: string): Promise<DefinitionVersion> {
  if (!DEFINITION_NAME.test(name))
    throw new ConfigurationError(
      `"${name.slice(0, 80)}" is not a definition name (lowercase letters, digits, - and _)`,
    );
  const store = createDefinitionStore(db);
  const active = await store.getActive(name);
  if (active) return active;
  const file = path.join(definitionsDir(), `${name}.yaml`);
  if (!fs.existsSync(file)) {
    const shipped = fs
      .readdirSync(definitionsDir())
      .filter((f) => /^[a-z0-9_-]+\.yaml$/.test(f) && !f.includes('routing'))
      .map((f) => f.replace(/\.yaml$/, ''));
    throw new ConfigurationError(
      `Definition "${name}" is neither stored (\`leadloop definition save FILE\`) nor shipped in ${definitionsDir()} (shipped: ${shipped.join(', ')})`,
    );
  }
  const saved = await store.saveVersion({
    yaml: fs.readFileSync(file, 'utf8'),
    fileName: file,
    createdBy: 'leadloop',
    note: `loaded from ${path.basename(file)}`,
  });
  if (saved.version.name !== name)
    throw new ConfigurationError(`${file} names itself "${saved.version.name}", not "${name}"`);
  return saved.version;
}
