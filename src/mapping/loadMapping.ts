import fs from 'node:fs';
import path from 'node:path';
import type { CrmKind } from '../domain/lead';
import { ConfigurationError } from '../domain/errors';
import { parseYamlWithSchema } from '../config/parseYamlWithSchema';
import { mappingSchema, type Mapping } from './mappingSchema';

/** `mappings/` at the project root, from src/ or from dist/src/. */
export function mappingsDir(): string {
  for (const candidate of [path.join(__dirname, '../../mappings'), path.join(__dirname, '../../../mappings')]) {
    if (fs.existsSync(path.join(candidate, 'salesforce.yaml'))) return candidate;
  }
  return path.join(__dirname, '../../mappings');
}

export function parseMapping(text: string, fileName: string): Mapping {
  return parseYamlWithSchema(text, fileName, mappingSchema, 'Mapping');
}

/** Loads `mappings/<crm>.yaml` (or `file`) and checks it is a mapping for that CRM. */
export function loadMapping(crm: CrmKind, file?: string): Mapping {
  const fileName = file ?? path.join(mappingsDir(), `${crm}.yaml`);
  let text: string;
  try {
    text = fs.readFileSync(fileName, 'utf8');
  } catch {
    throw new ConfigurationError(`Mapping file ${fileName} cannot be read`);
  }
  const mapping = parseMapping(text, fileName);
  if (mapping.crm !== crm) throw new ConfigurationError(`Mapping ${fileName} is for ${mapping.crm}, not ${crm}`);
  return mapping;
}

/** Loads a mapping from any file, whichever CRM it is for (a CSV export read through it). */
export function loadMappingFile(file: string): Mapping {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ConfigurationError(`Mapping file ${file} cannot be read`);
  }
  return parseMapping(text, file);
}
