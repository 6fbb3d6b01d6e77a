import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const SANDBOX = path.join(ROOT, 'src', 'sandbox');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sources(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** The files a source imports or requires by relative path, resolved (without extension). */
function relativeImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|require\(|import\()'(\.{1,2}\/[^']*)'/g)].map((m) =>
    path.resolve(path.dirname(file), m[1]!),
  );
}

const inSandbox = (p: string) => p === SANDBOX || p.startsWith(SANDBOX + path.sep);

describe('the sandbox is an island', () => {
  it('imports nothing of leadloop', () => {
    const leaving = sources(SANDBOX).flatMap((file) =>
      relativeImports(file)
        .filter((target) => !inSandbox(target))
        .map((target) => `${path.relative(ROOT, file)} → ${path.relative(ROOT, target)}`),
    );
    expect(leaving).toEqual([]);
  });

  it('is entered through src/sandbox/index.ts only', () => {
    const product = ['src', 'connectors', 'bench'].flatMap((d) => sources(path.join(ROOT, d)));
    const inner = product
      .filter((file) => !inSandbox(file))
      .flatMap((file) =>
        relativeImports(file)
          .filter((target) => inSandbox(target) && target !== SANDBOX && target !== path.join(SANDBOX, 'index'))
          .map((target) => `${path.relative(ROOT, file)} → ${path.relative(ROOT, target)}`),
      );
    expect(inner).toEqual([]);
  });

  it('finds an import that leaves or enters the island (the check itself)', () => {
    const file = path.join(SANDBOX, 'salesforce', 'x.ts');
    const resolved = path.resolve(path.dirname(file), '../../store/database');
    expect(inSandbox(resolved)).toBe(false);
    expect(
      inSandbox(path.resolve(path.join(ROOT, 'src', 'demo'), '../sandbox/salesforce/startSalesforceSandbox')),
    ).toBe(true);
  });
});
