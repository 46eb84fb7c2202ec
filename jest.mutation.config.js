/**
 * The tests StrykerJS runs against the mutants of one folder of lib/ (MUTATE=lib/<folder>): the
 * tests of the mirroring folder, test/<folder>. A mutant counts as killed only when the tests
 * written for that code notice it. Almost every test file synthesizes the whole stack while it
 * loads, which Stryker cannot attribute to single tests, so with every test file in play each
 * mutant would re-run the whole suite (minutes per mutant). Left out in any case: the compliance
 * gate and the IAM access evaluation (minutes per run, whole-template checks) and tests that
 * start child processes (the CLI, cost, synth-summary and integration-harness tests).
 */
const base = require('./jest.config');

const scope = /^lib\/([^/]+)\//.exec(`${process.env.MUTATE ?? 'lib'}/`)?.[1];
// lib/platform-stack.ts is tested by test/platform-stack.test.ts.
const roots = scope === undefined ? ['<rootDir>/test'] : scope === 'platform-stack.ts' ? ['<rootDir>/test'] : [`<rootDir>/test/${scope}`];

module.exports = {
  ...base,
  roots,
  reporters: ['default'],
  testPathIgnorePatterns: [
    ...base.testPathIgnorePatterns,
    '<rootDir>/test/compliance/',
    '<rootDir>/test/access/',
    '<rootDir>/test/harness/',
    '<rootDir>/test/cost/cli.test.ts',
    '<rootDir>/test/config/cli.test.ts',
    '<rootDir>/test/synth/',
  ],
};
