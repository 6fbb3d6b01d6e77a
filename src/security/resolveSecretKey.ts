import fs from 'node:fs';
import path from 'node:path';
import { decodeKey, SettingsError, type Settings } from '../settings/loadSettings';
import { generateKey } from './secretBox';

/**
 * The key that seals credentials. From LEADLOOP_SECRET_KEY; in embedded dev mode (no
 * DATABASE_URL) a key is generated into the data dir once, with a warning.
 */
export function resolveSecretKey(settings: Settings, warn: (message: string) => void): Buffer {
  if (settings.LEADLOOP_SECRET_KEY) return decodeKey(settings.LEADLOOP_SECRET_KEY)!;
  if (settings.DATABASE_URL || settings.NODE_ENV === 'production') {
    throw new SettingsError(
      'LEADLOOP_SECRET_KEY',
      'is required with DATABASE_URL or NODE_ENV=production (generate one with: leadloop keygen)',
    );
  }
  const file = path.join(path.resolve(settings.LEADLOOP_DATA_DIR), 'secret.key');
  if (fs.existsSync(file)) {
    const key = decodeKey(fs.readFileSync(file, 'utf8'));
    if (!key) throw new SettingsError('LEADLOOP_SECRET_KEY', `the generated key file ${file} is corrupt`);
    return key;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, generateKey() + '\n', { mode: 0o600, flag: 'wx' });
  warn(`No LEADLOOP_SECRET_KEY set: generated a development key in ${file}. Set LEADLOOP_SECRET_KEY in production.`);
  return decodeKey(fs.readFileSync(file, 'utf8'))!;
}
