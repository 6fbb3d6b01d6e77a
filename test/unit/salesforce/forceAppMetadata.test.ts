import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';

const FORCE_APP = path.join(__dirname, '../../../connectors/salesforce/force-app');

/**
 * What an admin deploys with `sf project deploy start`: Salesforce's own source/metadata library
 * resolves every file of force-app to a metadata component and converts the folder to the
 * metadata format a deploy sends (package.xml and the converted files), with no org.
 */
describe('connectors/salesforce/force-app converts and resolves with @salesforce/source-deploy-retrieve', () => {
  const set = ComponentSet.fromSource(FORCE_APP);
  const components = set.getSourceComponents().toArray();
  const names = components.map((c) => `${c.type.name}:${c.fullName}`);

  it('resolves every file to a component', () => {
    const files = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const resolved = new Set(
      components.flatMap((c) => [...c.walkContent(), ...(c.xml ? [c.xml] : [])]).map((f) => path.resolve(f)),
    );
    const unresolved = files(FORCE_APP).filter(
      (f) => !f.includes(`${path.sep}__tests__${path.sep}`) && !resolved.has(path.resolve(f)),
    );
    expect(unresolved).toEqual([]);
  });

  it.each([
    'LightningComponentBundle:leadloopLeadCard',
    'CustomLabels:CustomLabels',
    'Translations:es',
    'ListView:Lead.LeadLoop_My_Open_MQLs',
    'PermissionSet:LeadLoop_Rep',
    'PermissionSet:LeadLoop_Integration',
    'CustomField:Lead.LeadLoop_Score__c',
  ])('holds %s', (name) => {
    expect(names).toContain(name);
  });

  it('converts to the metadata format with a package.xml naming every component', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-mdapi-'));
    try {
      const result = await new MetadataConverter().convert(set, 'metadata', {
        type: 'directory',
        outputDirectory: out,
        genUniqueDir: false,
      });
      const dir = result.packagePath!;
      const manifest = fs.readFileSync(path.join(dir, 'package.xml'), 'utf8');
      for (const type of [
        'LightningComponentBundle',
        'CustomLabels',
        'Translations',
        'ListView',
        'PermissionSet',
        'CustomField',
      ])
        expect(manifest).toContain(`<name>${type}</name>`);
      expect(fs.existsSync(path.join(dir, 'lwc', 'leadloopLeadCard', 'leadloopLeadCard.js'))).toBe(true);
      // list views and fields of Lead go into one objects/Lead.object
      expect(fs.readFileSync(path.join(dir, 'objects', 'Lead.object'), 'utf8')).toContain(
        '<fullName>LeadLoop_My_Open_MQLs</fullName>',
      );
      // every label has its Spanish translation
      const labels = [
        ...fs
          .readFileSync(path.join(dir, 'labels', 'CustomLabels.labels'), 'utf8')
          .matchAll(/<fullName>([^<]+)<\/fullName>/g),
      ].map((m) => m[1]);
      const translated = [
        ...fs.readFileSync(path.join(dir, 'translations', 'es.translation'), 'utf8').matchAll(/<name>([^<]+)<\/name>/g),
      ].map((m) => m[1]);
      expect(labels.length).toBeGreaterThan(10);
      expect(translated.sort()).toEqual(labels.sort());
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
