import fs from 'node:fs';
import path from 'node:path';
import { createZip, type ZipEntry } from './createZip';

/** The project root, whether this runs from source (ts) or from dist/. */
function projectRoot(): string {
  for (const candidate of [path.join(__dirname, '../..'), path.join(__dirname, '../../..')]) {
    if (fs.existsSync(path.join(candidate, 'connectors/sugarcrm/package/manifest.php'))) return candidate;
  }
  throw new Error('Cannot find connectors/sugarcrm/package/manifest.php from ' + __dirname);
}

function listFiles(dir: string, prefix = ''): ZipEntry[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      const name = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return listFiles(full, name);
      return entry.isFile() ? [{ name, data: fs.readFileSync(full) }] : [];
    });
}

export interface BuiltPackage {
  file: string;
  entries: string[];
  bytes: number;
}

/**
 * Zips connectors/sugarcrm/package (manifest.php at the root, as Module Loader expects)
 * into connectors/sugarcrm/dist/leadloop-fields.zip.
 */
export function buildPackage(options: { sourceDir?: string; outFile?: string } = {}): BuiltPackage {
  const root = options.sourceDir && options.outFile ? '' : projectRoot();
  const sourceDir = options.sourceDir ?? path.join(root, 'connectors/sugarcrm/package');
  const outFile = options.outFile ?? path.join(root, 'connectors/sugarcrm/dist/leadloop-fields.zip');
  const entries = listFiles(sourceDir);
  if (!entries.some((e) => e.name === 'manifest.php')) throw new Error(`${sourceDir} has no manifest.php at its root`);
  const zip = createZip(entries);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, zip);
  return { file: outFile, entries: entries.map((e) => e.name), bytes: zip.length };
}

if (require.main === module) {
  const built = buildPackage();
  process.stdout.write(
    `Wrote ${built.file} (${built.bytes} bytes, ${built.entries.length} files).\n` +
      'Install it in Sugar as an administrator: Admin → Module Loader → Upload → Install.\n',
  );
}
