/**
 * `npm run test:cluster`: the production shape of `npm run start:cluster` under kill -9, about five
 * minutes; apart from `npm test`, which it would slow down. Needs `npm run build:temporal-server`.
 * The cluster brings its own PostgreSQL and Temporal, so there is no global setup.
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testMatch: ['<rootDir>/test/cluster/**/*.test.ts'],
  testTimeout: 900000,
  maxWorkers: 1,
};
