// Stryker's mocha runner, kept loaded from one mutant to the next, which runs static mutants too.
//
// A static mutant changes code that runs while modules load (a module-level table, a policy
// document built at import). Stryker runs it with every test and asks the runner to reload, and
// since the stock mocha runner cannot, Stryker starts a new process for it: aws-cdk-lib and every
// test file loaded again, 8 to 10 s here. This runner reloads in place instead: it forgets the
// project's own modules (never node_modules, so aws-cdk-lib stays loaded), loads the test files
// again with the mutant on, and once more without it before the next mutant. A "hybrid" mutant,
// reached both while modules load and inside tests, runs only those tests (mutant-runs.cjs).
// The dry run's coverage, which tells the two apart, is kept in the sandbox for the runners
// Stryker starts later (a fresh one every 100 mutant runs, stryker.config.mjs).
// Plain JavaScript: Stryker's main process imports its plugins without a TypeScript loader.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { commonTokens, declareFactoryPlugin, PluginKind, tokens } from '@stryker-mutator/api/plugin';
import { createMochaTestRunner } from '@stryker-mutator/mocha-runner';
import mutantRuns from './mutant-runs.cjs';

const { forgetProjectModules, planMutantRun, testsByMutant } = mutantRuns;
const require = createRequire(import.meta.url);
const coverageFile = () => join(process.cwd(), '.mutant-coverage.json');

function createRunner(injector) {
  const runner = createMochaTestRunner(injector);
  let reachedInTests;
  let loadedWithMutant = false;

  const dryRun = runner.dryRun.bind(runner);
  runner.dryRun = async (options) => {
    const result = await dryRun(options);
    if (result.mutantCoverage) {
      reachedInTests = testsByMutant(result.mutantCoverage);
      writeFileSync(coverageFile(), JSON.stringify(reachedInTests));
    }
    return result;
  };

  const mutantRun = runner.mutantRun.bind(runner);
  runner.mutantRun = async (options) => {
    reachedInTests ??= JSON.parse(readFileSync(coverageFile(), 'utf8'));
    const plan = planMutantRun(options, reachedInTests, loadedWithMutant);
    if (plan.reload) {
      await runner.dispose();
      forgetProjectModules(require.cache, process.cwd());
      await runner.init();
      runner.loadedEnv = false;
    }
    loadedWithMutant = plan.loadsWithMutant;
    return mutantRun(plan.run);
  };

  runner.capabilities = () => Promise.resolve({ reloadEnvironment: true });
  return runner;
}
createRunner.inject = tokens(commonTokens.injector);

export const strykerPlugins = [declareFactoryPlugin(PluginKind.TestRunner, 'mocha-kept-loaded', createRunner)];
