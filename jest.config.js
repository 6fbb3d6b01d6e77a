/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // loopback only for every file; nock only in the files that import it (see both helpers)
  setupFilesAfterEnv: ['<rootDir>/test/helpers/loopbackOnly.ts'],
  moduleNameMapper: { '^nock$': '<rootDir>/test/helpers/nockInTests.ts' },
  // a hook or test that hangs fails after 2 minutes; timeouts catch hangs, they do not measure speed
  testTimeout: 120000,
};
