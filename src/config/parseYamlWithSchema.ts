import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { ConfigurationError } from '../domain/errors';

/** Alias expansions a document may make (yaml's default too, https://eemeli.org/yaml/#tojs-options). */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses a YAML file and validates it with a zod schema. Every problem is listed with the
 * file, line and path (`mappings/salesforce.yaml:12 fields.email.transform: …`).
 */
export function parseYamlWithSchema<S extends z.ZodType>(
  text: string,
  fileName: string,
  schema: S,
  what: string,
): z.infer<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? (e.pos ? lineCounter.linePos(e.pos[0]) : undefined);
      return `${fileName}${pos ? `:${pos.line}:${pos.col}` : ''} ${e.message.split('\n')[0]}`;
    });
    throw new ConfigurationError(`${what} ${fileName} is not valid YAML`, problems);
  }
  let data: unknown;
  try {
    // aliases are expanded here: a "billion laughs" document stops at yaml's alias budget
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new ConfigurationError(`${what} ${fileName} is not valid YAML`, [
      `${fileName} ${(error as Error).message.split('\n')[0]}`,
    ]);
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const problems = result.error.issues
    .flatMap((issue) => explain(issue, []))
    .map(({ path, message }) => {
      const line = lineOf(doc, lineCounter, path);
      return `${fileName}${line ? `:${line}` : ''} ${path.length ? path.join('.') : '(top level)'}: ${message}`;
    });
  throw new ConfigurationError(`${what} ${fileName} is invalid`, problems);
}

type Issue = z.core.$ZodIssue;

/** Flattens zod issues into path + message, looking inside unions and naming unknown keys. */
function explain(issue: Issue, prefix: string[]): { path: string[]; message: string }[] {
  const path = [...prefix, ...issue.path.map(String)];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // the branch that got furthest (not a root type mismatch) says what is wrong
    const branches = issue.errors.filter(
      (b) => !(b.length === 1 && b[0]!.code === 'invalid_type' && b[0]!.path.length === 0),
    );
    const best = branches[0] ?? issue.errors[0]!;
    return best.flatMap((inner) => explain(inner, path));
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key "${key}"` }));
  }
  return [{ path, message: issue.message }];
}

/** The line of `path` (`['fit', 'criteria', 2, 'attribute']`) in a YAML text, or of its deepest existing parent. */
export function lineOfPath(text: string, path: (string | number)[]): number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  return lineOf(doc, lineCounter, path.map(String));
}

/** The line of the deepest node on `path` that exists in the document. */
function lineOf(doc: Document, counter: LineCounter, path: string[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = (doc.contents as Node | null)?.range?.[0];
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === key);
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(key)] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset === undefined ? undefined : counter.linePos(offset).line;
}
