// Mutation testing of lib/ with StrykerJS: `npm run test:mutation` (all of lib/), or one folder
// at a time, `MUTATE=lib/config npm run test:mutation`. Not part of npm test: a full run takes
// hours on two cores (README, "Mutation testing"). Incremental: a re-run only tests mutants in
// code or tests changed since the last run of the same scope.
const scope = (process.env.MUTATE ?? 'lib').replace(/\/+$/, '');
const report = `reports/mutation/${scope.replace(/\//g, '-')}`;

export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  mutate: [scope.endsWith('.ts') ? scope : `${scope}/**/*.ts`],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: `${report}.incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${report}.html` },
  jsonReporter: { fileName: `${report}.json` },
  concurrency: 2,
  timeoutMS: 60000,
  thresholds: { high: 90, low: 80, break: null },
  ignorePatterns: ['cdk.out', 'cfn-outputs', 'reports', '.scratch'],
};
