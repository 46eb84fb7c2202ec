/**
 * Unit, compliance and harness tests. The control-plane suite (test/control-plane, npm run
 * test:control-plane) and the integration suite run on Node's test runner.
 */
module.exports = {
  testEnvironment: 'node',
  // Jest's default leaves a core idle (cores - 1 workers); the test files are independent
  // synthesis-bound processes, and on the 2-core machine two workers cut the run by a quarter.
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/integration/', '<rootDir>/test/control-plane/'],
  // The first test to read a configuration's template, construct tree or cloud assembly synthesizes
  // it: 3 to 4 s on an idle core, several times that on the shared machine, beyond jest's 5 s.
  testTimeout: 60_000,
  // Templates are synthesized once per configuration and state of lib/ and shared through a cache
  // on disk (test/support/synth.ts); this removes those of sources that are gone.
  globalSetup: '<rootDir>/test/support/prune-synth-cache.ts',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};
