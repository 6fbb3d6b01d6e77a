import { isGuardInstalled, isLoopback, refusal } from '../helpers/loopbackOnly';

// The guard every test file runs under (jest.config.js): checked as a decision, never by dialling out.
describe('tests reach loopback only', () => {
  it('is installed in this file, which does not load nock', () => {
    expect(isGuardInstalled()).toBe(true);
  });

  it.each([
    [[{ host: '127.0.0.1', port: 80 }], null],
    [[[{ host: 'localhost', port: 80 }, () => undefined]], null],
    [[{ host: '::1', port: 80 }], null],
    [[{ port: 5432 }], null],
    [[{ path: '/var/run/postgresql/.s.PGSQL.5432' }], null],
    [[80, '127.0.0.9'], null],
    [[{ host: '10.0.0.1', port: 80 }], 'tests may not connect to 10.0.0.1: loopback only'],
    [[[{ host: 'acme.example', port: 443 }, () => undefined]], 'tests may not connect to acme.example: loopback only'],
    [[443, '93.184.216.34'], 'tests may not connect to 93.184.216.34: loopback only'],
    [[{ host: 'rebind.example', port: 80, lookup: () => undefined }], 'lookup'],
  ])('connect(%j) → %p', (args, expected) => {
    expect(refusal(args as unknown[])).toBe(expected);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.5.0.1', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['localhost', true],
    ['10.0.0.1', false],
    ['::', false],
    ['0.0.0.0', false],
    ['localhost.evil', false],
  ])('%s is loopback: %p', (address, expected) => expect(isLoopback(address)).toBe(expected));
});
