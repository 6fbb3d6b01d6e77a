import { lineOfPath } from '../config/parseYamlWithSchema';
import { ConfigurationError } from '../domain/errors';
import type { Definition } from './definitionSchema';

/** Every place a definition reads an attribute, with its path in the file. */
export function attributesUsed(def: Definition): { name: string; path: (string | number)[] }[] {
  const out: { name: string; path: (string | number)[] }[] = [];
  const scan = (list: Definition['fit']['criteria'], base: (string | number)[]) =>
    list.forEach(
      (c, i) =>
        c.signal === 'attribute' &&
        c.attribute !== undefined &&
        out.push({ name: c.attribute, path: [...base, i, 'attribute'] }),
    );
  scan(def.fit.criteria, ['fit', 'criteria']);
  scan(def.qualification.criteria, ['qualification', 'criteria']);
  scan(def.negative, ['negative']);
  def.disqualifiers.forEach(
    (d, i) =>
      d.signal === 'attribute' &&
      d.attribute !== undefined &&
      out.push({ name: d.attribute, path: ['disqualifiers', i, 'attribute'] }),
  );
  return out;
}

/**
 * The attributes a definition scores on must exist where the leads come from: the
 * mapping's `attributes` (a CRM) or the file's columns (a CSV without a mapping). Throws
 * one ConfigurationError listing each unknown one as `file:line path: …`.
 */
export function checkAttributes(
  def: Definition,
  known: Iterable<string>,
  source: { text?: string | undefined; fileName: string; where: string },
): void {
  const names = [...known];
  const set = new Set(names);
  const problems = attributesUsed(def)
    .filter((a) => !set.has(a.name))
    .map((a) => {
      const line = source.text ? lineOfPath(source.text, a.path) : undefined;
      return `${source.fileName}${line ? `:${line}` : ''} ${a.path.join('.')}: unknown attribute "${a.name}" (${source.where} ${names.length ? `has ${names.join(', ')}` : 'has none'})`;
    });
  if (problems.length)
    throw new ConfigurationError(
      `Lead definition ${source.fileName} scores on attributes ${source.where} does not have`,
      problems,
    );
}
