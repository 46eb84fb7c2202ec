// Stryker's mocha runner, without the restarts that change nothing. A "hybrid" mutant is reached
// both while modules load and inside tests; with ignoreStatic (stryker.config.mjs) it runs with
// the mutant switched on at run time only, so only the tests' part of it is tested. Because that
// runner says it cannot reload its files, Stryker starts a new runner for each such mutant, which
// loads the files again with the mutant still off: the same test of the same code, after 5 to
// 20 s of loading. This runner says it reloads, and Stryker keeps it. It never reloads, so a
// static mutant (reached only while modules load) would run against unmutated modules and
// survive for nothing: it refuses to run unless static mutants are ignored.
// Plain JavaScript: Stryker's main process imports its plugins without a TypeScript loader.
import { commonTokens, declareFactoryPlugin, PluginKind, tokens } from '@stryker-mutator/api/plugin';
import { createMochaTestRunner } from '@stryker-mutator/mocha-runner';

function createRunner(injector, options) {
  if (options.ignoreStatic !== true) {
    throw new Error(
      'the mocha-kept-loaded test runner never reloads modules, so static mutants would survive untested: ' +
        'set ignoreStatic: true, or testRunner: "mocha" to run them (a new process for each)',
    );
  }
  const runner = createMochaTestRunner(injector);
  runner.capabilities = () => Promise.resolve({ reloadEnvironment: true });
  return runner;
}
createRunner.inject = tokens(commonTokens.injector, commonTokens.options);

export const strykerPlugins = [declareFactoryPlugin(PluginKind.TestRunner, 'mocha-kept-loaded', createRunner)];
