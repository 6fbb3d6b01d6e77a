import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPackage } from '../../../connectors/sugarcrm/buildPackage';
import { readZip } from '../../helpers/readZip';

/**
 * The built package as Module Loader takes it
 * (https://support.sugarcrm.com/documentation/sugar_developer/sugar_developer_guide_14.0/architecture/module_loader/introduction_to_the_manifest/):
 * manifest.php at the zip's root defines `$manifest` and `$installdefs`, and every `from`
 * path (`<basepath>/…`, the unzipped package) is in the zip. Every PHP file passes `php -l`
 * (Debian's php-cli; .ci/run installs it, so in CI a missing php is a failure).
 */
const hasPhp = spawnSync('php', ['-v']).status === 0;
const withPhp = hasPhp || process.env['CI'] ? it : it.skip;

describe('the SugarCRM package unzips to the layout Module Loader expects', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-sugar-pkg-'));
  const zipFile = path.join(dir, 'leadloop.zip');
  const built = buildPackage({
    outFile: zipFile,
    sourceDir: path.join(__dirname, '../../../connectors/sugarcrm/package'),
  });
  const files = readZip(fs.readFileSync(zipFile));
  const unzipped = path.join(dir, 'unzipped');
  for (const [name, data] of files) {
    fs.mkdirSync(path.dirname(path.join(unzipped, name)), { recursive: true });
    fs.writeFileSync(path.join(unzipped, name), data);
  }
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds manifest.php at the root, the card dashlet, the filter and their labels', () => {
    expect([...files.keys()]).toEqual(built.entries);
    expect(built.entries).toEqual(
      expect.arrayContaining([
        'manifest.php',
        'modules/Leads/clients/base/views/leadloop-card/leadloop-card.php',
        'modules/Leads/clients/base/views/leadloop-card/leadloop-card.js',
        'modules/Leads/clients/base/views/leadloop-card/leadloop-card.hbs',
        'modules/Leads/clients/base/filters/basic/leadloop_my_open_mqls.php',
        'language/en_us.leadloop_card.php',
        'language/es_ES.leadloop_card.php',
      ]),
    );
  });

  it('installs every label file for English, Spanish (Spain) and Spanish (Latin America)', () => {
    const manifest = files.get('manifest.php')!.toString('utf8');
    const installs = [
      ...manifest.matchAll(/'from' => '<basepath>\/(language\/[^']+)', 'to_module' => '(\w+)', 'language' => '(\w+)'/g),
    ];
    const key = (m: RegExpMatchArray) => `${m[2]} ${m[1]!.replace(/(en_us|es_ES)\./, 'LANG.')}`;
    const byFile = new Map<string, string[]>();
    for (const m of installs) byFile.set(key(m), [...(byFile.get(key(m)) ?? []), m[3]!]);
    expect(byFile.size).toBe(3);
    for (const languages of byFile.values()) expect(languages.sort()).toEqual(['en_us', 'es_ES', 'es_LA']);
  });

  withPhp('every PHP file passes php -l', () => {
    const php = [...files.keys()].filter((f) => f.endsWith('.php'));
    expect(php.length).toBeGreaterThanOrEqual(8);
    for (const file of php) {
      const lint = spawnSync('php', ['-l', path.join(unzipped, file)], { encoding: 'utf8' });
      expect({ file, status: lint.status, out: lint.stdout + lint.stderr }).toMatchObject({ file, status: 0 });
    }
  });

  withPhp('manifest.php defines $manifest and $installdefs, and every `from` is in the package', () => {
    const script = `include ${JSON.stringify(path.join(unzipped, 'manifest.php'))}; echo json_encode(array('manifest' => $manifest, 'installdefs' => $installdefs));`;
    const run = spawnSync('php', ['-r', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const { manifest, installdefs } = JSON.parse(run.stdout) as {
      manifest: Record<string, unknown>;
      installdefs: Record<string, unknown>;
    };
    expect(manifest).toMatchObject({
      type: 'module',
      is_uninstallable: true,
      name: expect.any(String),
      version: expect.any(String),
    });
    expect(installdefs['id']).toEqual(expect.any(String));
    const froms: string[] = [];
    for (const value of Object.values(installdefs)) {
      if (Array.isArray(value))
        for (const entry of value)
          if (entry && typeof entry === 'object' && typeof (entry as { from?: unknown }).from === 'string')
            froms.push((entry as { from: string }).from);
    }
    expect(froms.length).toBeGreaterThanOrEqual(6);
    for (const from of froms) {
      expect(from.startsWith('<basepath>/')).toBe(true);
      expect(fs.existsSync(path.join(unzipped, from.slice('<basepath>/'.length)))).toBe(true);
    }
    const copies = installdefs['copy'] as { to: string }[];
    expect(copies.map((c) => c.to)).toEqual([
      'custom/modules/Leads/clients/base/views/leadloop-card',
      'custom/Extension/modules/Leads/Ext/clients/base/filters/basic/leadloop_my_open_mqls.php',
    ]);
  });

  withPhp("the dashlet is offered on the Lead record view, and the filter is the rep's open MQLs", () => {
    const read = (file: string, expr: string) => {
      const run = spawnSync(
        'php',
        ['-r', `$viewdefs = array(); include ${JSON.stringify(path.join(unzipped, file))}; echo json_encode(${expr});`],
        { encoding: 'utf8' },
      );
      expect(run.stderr).toBe('');
      return JSON.parse(run.stdout) as unknown;
    };
    expect(
      read(
        'modules/Leads/clients/base/views/leadloop-card/leadloop-card.php',
        "$viewdefs['Leads']['base']['view']['leadloop-card']['dashlets'][0]['filter']",
      ),
    ).toEqual({ module: ['Leads'], view: 'record' });
    expect(
      read(
        'modules/Leads/clients/base/filters/basic/leadloop_my_open_mqls.php',
        "$viewdefs['Leads']['base']['filter']['basic']['filters'][0]",
      ),
    ).toMatchObject({
      id: 'leadloop_my_open_mqls',
      filter_definition: [{ $owner: '' }, { leadloop_status_c: { $equals: 'mql' } }, { converted: { $equals: 0 } }],
    });
  });

  withPhp('every label the card and the filter use exists in English and Spanish', () => {
    const labelsOf = (file: string) => {
      const run = spawnSync(
        'php',
        [
          '-r',
          `$mod_strings = array(); include ${JSON.stringify(path.join(unzipped, file))}; echo json_encode($mod_strings);`,
        ],
        { encoding: 'utf8' },
      );
      return JSON.parse(run.stdout) as Record<string, string>;
    };
    const en = labelsOf('language/en_us.leadloop_card.php');
    const es = labelsOf('language/es_ES.leadloop_card.php');
    const used = new Set<string>();
    for (const file of [
      'modules/Leads/clients/base/views/leadloop-card/leadloop-card.js',
      'modules/Leads/clients/base/views/leadloop-card/leadloop-card.php',
      'modules/Leads/clients/base/filters/basic/leadloop_my_open_mqls.php',
    ]) {
      for (const m of files
        .get(file)!
        .toString('utf8')
        .matchAll(/LBL_LEADLOOP_[A-Z_]+/g))
        used.add(m[0]);
    }
    for (const status of ['NEW', 'NURTURE', 'MQL', 'SAL', 'SQL', 'WON', 'LOST', 'RECYCLED', 'DISQUALIFIED'])
      used.add(`LBL_LEADLOOP_STATUS_${status}`);
    used.delete('LBL_LEADLOOP_STATUS_');
    for (const label of used) {
      expect([label, typeof en[label]]).toEqual([label, 'string']);
      expect([label, typeof es[label]]).toEqual([label, 'string']);
    }
  });
});
