import fs from 'node:fs';
import path from 'node:path';

/** leadloop's version from package.json (two levels up from src/enrich, three from dist/src/enrich). */
function readVersion(): string {
  for (const up of ['../..', '../../..']) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, up, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'leadloop' && pkg.version) return pkg.version;
    } catch {
      // not at this level
    }
  }
  return '0.0.0';
}

/** The honest User-Agent every enrichment request sends. */
export const ENRICH_USER_AGENT = `leadloop-enrich/${readVersion()} (+https://github.com/leadloop)`;
