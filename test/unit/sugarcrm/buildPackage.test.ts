import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { buildPackage } from '../../../connectors/sugarcrm/buildPackage';
import { loadMapping } from '../../../src/mapping';

/** Reads a zip through its central directory, as Module Loader's unzip does. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = inflateRawSync(zip.subarray(dataStart, dataStart + size));
    expect(crc32(data) >>> 0).toBe(zip.readUInt32LE(at + 16));
    files.set(name, data);
    at += 46 + nameLength;
  }
  return files;
}

describe('SugarCRM package', () => {
  const out = path.join(os.tmpdir(), `leadloop-pkg-${process.pid}`, 'leadloop-fields.zip');
  afterAll(() => fs.rmSync(path.dirname(out), { recursive: true, force: true }));

  it('zips the package with manifest.php at the root, reproducibly', () => {
    const built = buildPackage({
      outFile: out,
      sourceDir: path.join(__dirname, '../../../connectors/sugarcrm/package'),
    });
    const first = fs.readFileSync(out);
    const files = readZip(first);
    expect([...files.keys()]).toEqual(built.entries);
    expect(built.entries).toEqual(
      expect.arrayContaining([
        'manifest.php',
        'vardefs/leadloop_fields.php',
        'language/en_us.leadloop.php',
        'language/es_ES.leadloop.php',
      ]),
    );
    expect(files.get('manifest.php')!.toString()).toContain("'type' => 'module'");
    buildPackage({ outFile: out, sourceDir: path.join(__dirname, '../../../connectors/sugarcrm/package') });
    expect(fs.readFileSync(out).equals(first)).toBe(true);
  });

  it('creates every custom write-back field of the default mapping, each with a label in English and Spanish', () => {
    const dir = path.join(__dirname, '../../../connectors/sugarcrm/package');
    const manifest = fs.readFileSync(path.join(dir, 'manifest.php'), 'utf8');
    const english = fs.readFileSync(path.join(dir, 'language/en_us.leadloop.php'), 'utf8');
    const spanish = fs.readFileSync(path.join(dir, 'language/es_ES.leadloop.php'), 'utf8');
    const custom = Object.values(loadMapping('sugarcrm').writeBack)
      .map((r) => r!.field)
      .filter((f) => f.endsWith('_c'));
    expect(custom).toHaveLength(6);
    for (const field of custom) {
      expect(manifest).toContain(`'name' => '${field}'`);
      const label = new RegExp(`'id' => 'Leads${field}',\\s*'name' => '${field}',\\s*'label' => '(LBL_[A-Z_]+)'`).exec(
        manifest,
      )?.[1];
      expect(label).toBeDefined();
      expect(english).toContain(`['${label}']`);
      expect(spanish).toContain(`['${label}']`);
    }
  });
});

describe('SugarCRM package: the return reason', () => {
  const dir = path.join(__dirname, '../../../connectors/sugarcrm/package');
  const manifest = fs.readFileSync(path.join(dir, 'manifest.php'), 'utf8');
  const field = loadMapping('sugarcrm').returnReasonField!;
  const lists = (lang: string) => fs.readFileSync(path.join(dir, `language/application/${lang}.leadloop.php`), 'utf8');

  it("adds the mapping's return-reason field as a dropdown on leadloop_return_reason_list, installed for the application", () => {
    expect(field).toBe('leadloop_return_reason_c');
    expect(manifest).toMatch(
      /'name' => 'leadloop_return_reason_c',[\s\S]*?'type' => 'enum',[\s\S]*?'ext1' => 'leadloop_return_reason_list'/,
    );
    for (const lang of ['en_us', 'es_ES'])
      expect(manifest).toContain(
        `'from' => '<basepath>/language/application/${lang}.leadloop.php', 'to_module' => 'application', 'language' => '${lang}'`,
      );
  });

  it.each([
    ['Not ready to buy', 'No está listo para comprar'],
    ['No budget', 'Sin presupuesto'],
    ['Not the decision maker', 'No es quien decide'],
    ['Bad timing', 'No es el momento'],
    ['Not a fit', 'No encaja'],
    ['No response', 'Sin respuesta'],
    ['Competitor chosen', 'Eligió a la competencia'],
    ['Other', 'Otro'],
  ])('keys %s (the value leadloop records) and labels it in Spanish as %s', (key, es) => {
    expect(lists('en_us')).toContain(`'${key}' => '${key}',`);
    expect(lists('es_ES')).toContain(`'${key}' => '${es}',`);
  });
});
