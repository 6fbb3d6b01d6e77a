import fs from 'node:fs';
import path from 'node:path';
import { parseYamlWithSchema } from '../config/parseYamlWithSchema';
import { definitionsDir } from '../definition/loadDefinition';
import { routingSchema, type RoutingConfig } from './routingSchema';

export function parseRouting(text: string, fileName: string): RoutingConfig {
  return parseYamlWithSchema(text, fileName, routingSchema, 'routing rules');
}

/**
 * The routing file of an org: its own `routingFile` setting, else
 * `definitions/<definition>.routing.yaml` when it exists; null when there is none
 * (leads are scored and qualified, owners stay as the CRM has them).
 */
export function findRoutingFile(definition: string, explicit?: string): string | null {
  if (explicit) return path.resolve(explicit);
  const file = path.join(definitionsDir(), `${definition}.routing.yaml`);
  return fs.existsSync(file) ? file : null;
}

export function loadRoutingFile(file: string): RoutingConfig {
  return parseRouting(fs.readFileSync(file, 'utf8'), file);
}
