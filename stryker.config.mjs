// Mutation testing with StrykerJS, one unit of the scope per run (MUTATE=lib/config, a folder of
// lib/ against the tests of its mirror in test/; tools/mutation/units.cjs). `npm run
// test:mutation` runs every unit (lib/, the lifecycle scripts and the SecureString writer) and
// merges their reports; `npm run test:mutation -- lib/config/names.ts` one file. Not part of npm
// test (docs/development/mutation-testing.md). Incremental: a re-run only tests mutants in code
// or tests changed since the last run of the same scope.
import units from './tools/mutation/units.cjs';

const { mutationRunOf, reportPath } = units;

/**
 * What a run mutates and the tests its mutants meet: those of the unit the scope lies in
 * (tools/mutation/units.cjs: lib/<folder> against test/<folder>, scripts/lifecycle against
 * test/lifecycle), so a mutant counts as killed only when the tests written for its code notice
 * it. MUTATE_ONLY narrows a run to paths inside its unit. Without MUTATE, Stryker alone mutates
 * everything against every unit test, which takes hours here; `npm run test:mutation` runs the
 * units one by one instead.
 */
const run = mutationRunOf(process.env);
const unit = run?.unit;
const report = run?.report ?? reportPath('all');
const mutate = run?.mutate ?? [
  'lib/**/*.ts',
  'lib/observability/fluent-bit/secure-string-writer/index.js',
  'scripts/lifecycle/**/*.ts',
  'scripts/run-main.ts',
];
const spec = unit === undefined ? ['test/**/*.test.ts'] : unit.tests;
/** Left out in any case, each for its reason. */
const notInMutationRuns = [
  // Not unit tests: they need a real API server or a real account.
  'test/control-plane/**',
  'test/integration/**',
  // cfn-lint and cdk-nag over whole templates: minutes per mutant (the tests of each construct run
  // the packs on it alone, and the probes in gate-is-live.test.ts test lib/compliance); cfn-lint
  // runs from .venv, which the sandbox leaves out.
  'test/compliance/ephemeral.test.ts',
  'test/compliance/production.test.ts',
  'test/compliance/cfn-lint-is-live.test.ts',
  // They start child processes (the CDK CLI, the cost and settings commands, the bench, the
  // integration suite) without Stryker's mutant switch, and take seconds per mutant. (A test that
  // starts a script through test/support/script.ts passes the switch on.)
  'test/harness/suite-outcome.test.ts',
  'test/synth/**',
  'test/cost/cli.test.ts',
  'test/config/cli.test.ts',
  'test/bench/cli.test.ts',
  // They read the repository (its layout, line lengths, generated docs, git history), not what
  // the code does, and Stryker's sandbox holds only part of it.
  'test/structure/**',
  'test/docs/**',
  'test/commits/**',
  // jest's module mocking of a lib/ module, which mocha cannot do (tools/mutation/jest-on-mocha.ts).
  'test/cluster/kubernetes-upgrade.test.ts',
];

export default {
  packageManager: 'npm',
  // Mocha, not jest, runs the (jest) tests for Stryker: its runner keeps the test files and
  // aws-cdk-lib loaded from one mutant to the next, where jest's loads them again for each.
  // (tools/mutation/mocha-runner-kept-loaded.mjs: the mocha runner kept loaded, which reloads the
  // project's modules in place for a static mutant.)
  testRunner: 'mocha-kept-loaded',
  testRunnerNodeArgs: ['--import', 'tsx'],
  mochaOptions: {
    spec,
    ignore: notInMutationRuns,
    extension: ['ts'],
    require: ['tools/mutation/jest-on-mocha.ts'],
    ui: 'bdd',
    'no-config': true,
    'no-package': true,
  },
  // The TypeScript compiler checks each mutant, in its own file (tools/mutation/mutated-file-checker.mjs);
  // one it rejects is a compile error, never run and left out of the score.
  plugins: ['@stryker-mutator/*', './tools/mutation/mutated-file-checker.mjs', './tools/mutation/mocha-runner-kept-loaded.mjs'],
  checkers: ['typescript-mutated-file'],
  tsconfigFile: 'tsconfig.json',
  mutate,
  coverageAnalysis: 'perTest',
  // A static mutant changes code that runs only while modules load (a module-level table, a
  // schema built at import): it runs with every test of its unit, after the runner has loaded the
  // project's modules again with the mutant on. A mutant also reached inside tests runs only those.
  ignoreStatic: false,
  incremental: true,
  incrementalFile: `${report}.incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${report}.html` },
  jsonReporter: { fileName: `${report}.json` },
  concurrency: 2,
  // aws-cdk-lib keeps every token it ever made in a process-wide map, so a runner that
  // synthesizes for mutant after mutant grows to 4 GB within minutes, slows in garbage collection
  // and runs out of memory; a fresh one every 100 mutant runs (about 10 s to load) stays small.
  maxTestRunnerReuse: 100,
  timeoutMS: 60000,
  thresholds: { high: 90, low: 80, break: null },
  // .venv (cfn-lint) is thousands of files that no test Stryker runs needs in its sandbox.
  ignorePatterns: ['cdk.out', 'cfn-outputs', 'reports', '.scratch', '.venv'],
};
