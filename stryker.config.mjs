// Mutation testing with StrykerJS: `npm run test:mutation` (lib/, the lifecycle scripts and the
// SecureString writer), or one folder or file at a time, `MUTATE=lib/config npm run
// test:mutation`. Not part of npm test (docs/development/mutation-testing.md). Incremental: a
// re-run only tests mutants in code or tests changed since the last run of the same scope.
const scope = process.env.MUTATE?.replace(/\/+$/, '') || undefined;
const report = `reports/mutation/${(scope ?? 'all').replace(/\//g, '-')}`;
const mutate =
  scope === undefined
    ? ['lib/**/*.ts', 'lib/observability/fluent-bit/secure-string-writer/index.js', 'scripts/lifecycle/**/*.ts']
    : /\.[jt]s$/.test(scope)
      ? [scope]
      : // lib/ ships one Lambda handler in JavaScript (the SecureString writer).
        [`${scope}/**/*.ts`, ...(scope.startsWith('lib') ? [`${scope}/**/*.js`] : [])];

export default {
  packageManager: 'npm',
  testRunner: 'jest',
  // Not jest's findRelatedTests: the tests' roots hold no lib/ file, so it finds no test for a
  // mutated one; jest.mutation.config.js already narrows the tests to the scope's folder.
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  mutate,
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: `${report}.incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${report}.html` },
  jsonReporter: { fileName: `${report}.json` },
  concurrency: 2,
  timeoutMS: 60000,
  thresholds: { high: 90, low: 80, break: null },
  // .venv (cfn-lint) is thousands of files that no test Stryker runs needs in its sandbox.
  ignorePatterns: ['cdk.out', 'cfn-outputs', 'reports', '.scratch', '.venv'],
};
