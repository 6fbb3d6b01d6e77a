import fs from 'node:fs';
import path from 'node:path';
import { loadSettings, SettingsError, settingsSchema } from '../../../src/settings/loadSettings';

describe('loadSettings', () => {
  it('applies the documented defaults', () => {
    const s = loadSettings({});
    expect(s).toMatchObject({
      LEADLOOP_DATA_DIR: './.leadloop',
      PORT: 3000,
      LOG_LEVEL: 'info',
      DATABASE_URL: undefined,
    });
  });

  it.each([
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['DATABASE_URL', 'not a url'],
    ['LEADLOOP_SECRET_KEY', 'too-short'],
    ['LEADLOOP_SECRET_KEY', 'z'.repeat(64)],
    ['PORT', '70000'],
    ['PORT', 'abc'],
    ['LOG_LEVEL', 'verbose'],
    ['LEADLOOP_API_BUDGET_SHARE', '2'],
  ])('rejects %s=%s with one line naming it', (name, value) => {
    let error: unknown;
    try {
      loadSettings({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const message = (error as Error).message;
    expect(message).toContain(name);
    expect(message.split('\n')).toHaveLength(1);
    expect(message).not.toContain(value.length > 8 ? value : '\u0000');
  });

  it('accepts a hex or base64 secret key and a postgres URL', () => {
    const hex = 'ab'.repeat(32);
    expect(loadSettings({ LEADLOOP_SECRET_KEY: hex }).LEADLOOP_SECRET_KEY).toBe(hex);
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadSettings({ LEADLOOP_SECRET_KEY: b64 }).LEADLOOP_SECRET_KEY).toBe(b64);
    expect(loadSettings({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/test' }).DATABASE_URL).toContain('127.0.0.1');
  });
});

describe('the settings schema is the one truth', () => {
  const root = path.join(__dirname, '..', '..', '..');
  const example = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
  /** `KEY=value` and commented-out `# KEY=` lines of .env.example. */
  const documented = new Map(
    [...example.matchAll(/^(#\s*)?([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[2]!, { value: m[3]!, set: !m[1] }]),
  );
  const keys = Object.keys(settingsSchema.shape);
  /** Every TypeScript source of the product, but the schema itself. */
  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'sandbox' ? [] : sources(p);
      return p.endsWith('.ts') && !p.endsWith('loadSettings.ts') ? [fs.readFileSync(p, 'utf8')] : [];
    });
  const code = [...sources(path.join(root, 'src')), ...sources(path.join(root, 'connectors'))].join('\n');

  it('documents every setting in .env.example, and nothing else', () => {
    expect([...documented.keys()].sort()).toEqual([...keys].sort());
  });

  it('has every value .env.example sets equal to the default it documents', () => {
    const defaults = loadSettings({});
    for (const [key, { value, set }] of documented) {
      if (!set) continue;
      const parsed = loadSettings({ [key]: value }) as Record<string, unknown>;
      expect([key, parsed[key]]).toEqual([key, (defaults as Record<string, unknown>)[key]]);
    }
  });

  it('reads every setting somewhere in the code', () => {
    // NODE_ENV is read by express and the logger's format choice through the same schema
    const unread = keys.filter((key) => !new RegExp(`\\b${key}\\b`).test(code));
    expect(unread).toEqual([]);
  });
});
