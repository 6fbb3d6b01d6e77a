import fs from 'node:fs';
import path from 'node:path';
import { parseYamlWithSchema } from '../config/parseYamlWithSchema';
import { ConfigurationError } from '../domain/errors';
import { definitionSchema, type Definition } from './definitionSchema';

/**
 * Parses and validates a lead definition. Throws a ConfigurationError listing every
 * problem as `file:line path: message`, so an admin fixes the file in one pass.
 */
export function parseDefinition(yamlText: string, fileName: string): Definition {
  return parseYamlWithSchema(yamlText, fileName, definitionSchema, 'Lead definition');
}

export function loadDefinitionFile(file: string): Definition {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new ConfigurationError(`Lead definition ${file} ${reason}`);
  }
  return parseDefinition(text, file);
}

/** `definitions/` at the project root, from src/ or from dist/src/. */
export function definitionsDir(): string {
  for (const candidate of [path.join(__dirname, '../../definitions'), path.join(__dirname, '../../../definitions')]) {
    if (fs.existsSync(path.join(candidate, 'default.yaml'))) return candidate;
  }
  return path.join(__dirname, '../../definitions');
}

/** The shipped definition `definitions/<name>.yaml`. */
export function loadShippedDefinition(name = 'default'): Definition {
  return loadDefinitionFile(path.join(definitionsDir(), `${name}.yaml`));
}
