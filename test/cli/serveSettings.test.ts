import { listeningAt } from '../../src/cli/commands/serve';
import { loadSettings } from '../../src/settings/loadSettings';
import { runCli } from '../helpers/runCli';

/** Issue 24, item 9: `serve` binds where HOST says, logs that address, and needs its public URL in production. */
describe('leadloop serve settings', () => {
  it('refuses to start in production without LEADLOOP_PUBLIC_URL, in one line', async () => {
    const run = await runCli(['serve'], {
      NODE_ENV: 'production',
      LEADLOOP_SECRET_KEY: 'c'.repeat(64),
      LEADLOOP_DATA_DIR: '/tmp/leadloop-serve-settings',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'leadloop: Invalid setting LEADLOOP_PUBLIC_URL: required in production: the console address Salesforce sends admins back to (e.g. https://leadloop.example.com)\n',
    );
  });

  it.each([
    [{ address: '127.0.0.1', family: 'IPv4', port: 3000 }, 'http://127.0.0.1:3000'],
    [{ address: '0.0.0.0', family: 'IPv4', port: 8080 }, 'http://0.0.0.0:8080 (every interface)'],
    [{ address: '::', family: 'IPv6', port: 3000 }, 'http://[::]:3000 (every interface)'],
    [{ address: '::1', family: 'IPv6', port: 3000 }, 'http://[::1]:3000'],
  ])('logs %j as %s', (address, expected) => {
    expect(listeningAt(address)).toBe(expected);
  });

  it.each([
    ['0.0.0.0', '0.0.0.0'],
    ['::', '::'],
    ['localhost', 'localhost'],
  ])('accepts HOST=%s', (value, expected) => {
    expect(loadSettings({ HOST: value }).HOST).toBe(expected);
  });

  it('refuses a HOST that is not an address', () => {
    expect(() => loadSettings({ HOST: 'every interface' })).toThrow(/^Invalid setting HOST: /);
  });
});
