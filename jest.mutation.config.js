/**
 * The tests StrykerJS runs against the mutants of one scope (MUTATE): for lib/<folder>,
 * scripts/<folder> and tools/<folder>, the tests of the mirroring folder, test/<folder>, so that
 * a mutant counts as killed only when the tests written for that code notice it; for all of lib/
 * (no MUTATE), every test. Stryker's per-test coverage then runs, for each mutant, only the tests
 * that reached it. Left out in any case: the compliance gate and the IAM access evaluation
 * (minutes per run, whole-template checks) and tests that start child processes (the CLI, cost,
 * synth-summary and integration-harness tests).
 */
const base = require('./jest.config');

const scope = process.env.MUTATE?.replace(/\/+$/, '') || undefined;
/**
 * lib/config/names.ts -> test/config; scripts/lifecycle -> test/lifecycle; tools/commits ->
 * test/commits; lib/platform-stack.ts -> test.
 */
const folder = scope === undefined ? undefined : /^(?:lib|scripts|tools)\/([^/]+)\//.exec(`${scope}/`)?.[1];
const roots = folder === undefined || folder.endsWith('.ts') ? ['<rootDir>/test'] : [`<rootDir>/test/${folder}`];

module.exports = {
  ...base,
  roots,
  globalSetup: undefined,
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
