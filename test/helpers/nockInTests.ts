import net from 'node:net';
import path from 'node:path';

/**
 * What `import nock from 'nock'` gives a test file (jest.config.js maps 'nock' here): the real
 * nock, active for that file only. It intercepts every socket of the process while active
 * (TOOLCHAIN.md §2), so it is activated when a file loads it and restored after the file;
 * files that do not use it never have it in their sockets (test/helpers/loopbackOnly.ts).
 */
// on the net module, which every test file's context shares (test/helpers/loopbackOnly.ts)
const NOCK_ACTIVE = Symbol.for('leadloop.test.nockActive');
const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

// an absolute path, so the mapping of 'nock' does not point back here
const real = require(path.join(__dirname, '..', '..', 'node_modules', 'nock', 'dist', 'index.js'));
const nock = (real.default ?? real) as typeof import('nock').default;

(net as unknown as Record<symbol, unknown>)[NOCK_ACTIVE] = true;
beforeAll(() => {
  if (!nock.isActive()) nock.activate();
  (net as unknown as Record<symbol, unknown>)[NOCK_ACTIVE] = true;
  nock.disableNetConnect();
  nock.enableNetConnect(LOOPBACK);
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
  (net as unknown as Record<symbol, unknown>)[NOCK_ACTIVE] = false;
});

module.exports = real;
