import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');

/**
 * Where a CRM may be named in code: the connector registry and the connectors themselves;
 * the sandbox (an island that plays the CRMs), the demo and the `sandbox` command that start
 * it; applied migrations (history, never edited).
 */
const ALLOWED = [
  /^connectors\//,
  /^src\/sandbox\//,
  /^src\/demo\//,
  /^src\/cli\/commands\/sandbox\.ts$/,
  /^src\/store\/migrations\//,
  // the console's connect pages (the Salesforce OAuth web-server flow, the Sugar form): still to move into the registry (issue 20)
  /^src\/server\/connectPages\.ts$/,
];

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return /\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

/** Code that names a CRM: its kind as a string ('salesforce'), a property or a case of it. Comments are prose. */
function crmNamesIn(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return [
    ...code.matchAll(/['"`](salesforce|sugarcrm)['"`]|\.(salesforce|sugarcrm)\b|\b(salesforce|sugarcrm)\s*:/g),
  ].map((m) => m[0]);
}

describe('the CRMs are named in the connector registry only', () => {
  it('finds a CRM named in code (the check itself)', () => {
    expect(crmNamesIn(`if (org.crm === 'salesforce') x(); // 'sugarcrm' in a comment`)).toEqual(["'salesforce'"]);
    expect(crmNamesIn('const labels = { sugarcrm: 1 }; /* salesforce: */')).toEqual(['sugarcrm:']);
  });

  it('no file of the product outside connectors/ names a CRM', () => {
    const offenders = sources('src')
      .filter((file) => !ALLOWED.some((re) => re.test(file)))
      .flatMap((file) => crmNamesIn(fs.readFileSync(path.join(ROOT, file), 'utf8')).map((name) => `${file}: ${name}`));
    expect(offenders).toEqual([]);
  });
});
