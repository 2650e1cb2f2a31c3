/**
 * Everything: unit, workflow (time-skipping server), integration, and the browser tests in
 * test/browser (Debian's chromium through playwright-core).
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testMatch: ['**/*.test.ts'],
  // test/cluster has its own config and command (jest.cluster.config.js, npm run test:cluster).
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/', '/.tools/', '<rootDir>/test/cluster/'],
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
};
