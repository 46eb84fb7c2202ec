/** Unit, compliance and harness tests; the integration suite runs on its own (npm run test:integration). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/integration/'],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};
