import { loadSettings, SettingsError } from '../../../src/settings/loadSettings';

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
