// How the kept-loaded mocha runner (mocha-runner-kept-loaded.mjs) runs each mutant. CommonJS
// JavaScript: Stryker loads that plugin without a TypeScript loader, and jest tests this file.
const { sep } = require('node:path');

/** The tests that reached each mutant while they ran, by mutant id, from a dry run's coverage. */
function testsByMutant(mutantCoverage) {
  const tests = {};
  for (const [testId, reached] of Object.entries(mutantCoverage?.perTest ?? {})) {
    for (const mutantId of Object.keys(reached)) (tests[mutantId] ??= []).push(testId);
  }
  return tests;
}

/**
 * What to do for one of Stryker's mutant runs. `run` is what Stryker asks (a static mutant comes
 * without a test filter, to run with every test after a reload); `loadedWithMutant` whether the
 * modules now loaded were loaded with the previous mutant on. A static mutant reached by no test
 * reloads the modules with the mutant on; one also reached inside tests ("hybrid") runs only those
 * tests, switched on at run time, as Stryker does itself when static mutants are ignored; any run
 * after a reload with a mutant reloads without it first.
 */
function planMutantRun(run, reachedInTests, loadedWithMutant) {
  const tests = reachedInTests[run.activeMutant.id];
  if (run.mutantActivation !== 'static') return { reload: loadedWithMutant, loadsWithMutant: false, run };
  if (tests === undefined) return { reload: true, loadsWithMutant: true, run };
  return { reload: loadedWithMutant, loadsWithMutant: false, run: { ...run, mutantActivation: 'runtime', testFilter: tests } };
}

/** Forgets the modules under `root` outside node_modules (the project under test), so they load again. */
function forgetProjectModules(cache, root) {
  const project = root.endsWith(sep) ? root : root + sep;
  const forgotten = Object.keys(cache).filter((path) => path.startsWith(project) && !path.includes(`${sep}node_modules${sep}`));
  for (const path of forgotten) delete cache[path];
  return forgotten;
}

module.exports = { testsByMutant, planMutantRun, forgetProjectModules };
