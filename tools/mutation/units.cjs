// The mutation scope as units: each unit's code is mutated against the tests written for it, and
// `npm run test:mutation` (tools/mutation/run.ts) runs the units one after another and merges
// their reports. A mutant counts as killed only when the tests of its own folder notice it: a
// mutant of the configuration that only a cluster test notices is a gap in test/config.
// CommonJS JavaScript: stryker.config.mjs imports it, and Stryker loads its configuration without
// a TypeScript loader; jest, which runs its tests, loads no ES modules.
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

/**
 * Folders whose tests live elsewhere than test/<folder>, and the code under lib/ that is not in
 * a folder. A folder of lib/ missing here needs a test/<folder> of the same name.
 */
const testsElsewhere = {
  // The secrets-reader role and the CSI driver add-on are asserted where the platform grants
  // access and installs add-ons.
  'lib/secrets': ['test/access', 'test/addons'],
  'lib/platform-stack.ts': ['test/platform-stack.test.ts', 'test/global-names.test.ts'],
  'lib/build-platform.ts': ['test/platform-stack.test.ts', 'test/global-names.test.ts'],
  // How deploy and destroy start and end as commands (runAsScript, runMain).
  'scripts/run-main.ts': ['test/harness/run-main.test.ts'],
};

/** The units of the whole scope, in the order they run. */
function mutationUnits(root = '.') {
  const lib = readdirSync(join(root, 'lib'), { withFileTypes: true });
  const folders = lib.filter((entry) => entry.isDirectory()).map((entry) => `lib/${entry.name}`);
  const files = lib.filter((entry) => entry.isFile() && entry.name.endsWith('.ts')).map((entry) => `lib/${entry.name}`);
  const units = [...folders, 'scripts/lifecycle', 'scripts/run-main.ts'].map((scope) => ({ scope, mutate: mutateGlobs(scope) }));
  units.push(...files.map((scope) => ({ scope, mutate: mutateGlobs(scope) })));
  return units.map((unit) => ({ ...unit, tests: testsOf(unit.scope, root) }));
}

/** The test files (globs) of a unit's scope: its mirror in test/, or the ones named above. */
function testsOf(scope, root) {
  const named = testsElsewhere[scope];
  if (named) return named.map((path) => (path.endsWith('.ts') ? path : `${path}/**/*.test.ts`));
  const mirror = scope.replace(/^(lib|scripts)\//, 'test/');
  if (!existsSync(join(root, mirror))) {
    throw new Error(`mutation testing: ${scope} has no ${mirror}; name its tests in testsElsewhere of tools/mutation/units.cjs`);
  }
  return [`${mirror}/**/*.test.ts`];
}

/** The unit a scope (a unit's own path, or a file or folder inside one) belongs to. */
function unitOf(scope, root = '.') {
  const unit = mutationUnits(root).find((candidate) => scope === candidate.scope || scope.startsWith(`${candidate.scope}/`));
  if (!unit) {
    const known = mutationUnits(root).map((candidate) => candidate.scope);
    throw new Error(`mutation testing: MUTATE=${scope} is in no unit; allowed: one of ${known.join(', ')}, or a file or folder inside one`);
  }
  return unit;
}

/** What Stryker mutates for a path: a file itself; a folder, its TypeScript and JavaScript files. */
function mutateGlobs(path) {
  return /\.[jt]s$/.test(path) ? [path] : [`${path}/**/*.{ts,js}`];
}

/** Where a run of a scope (a unit, or a path inside one) writes its reports, without extension. */
function reportPath(scope) {
  return `reports/mutation/${scope.replace(/\//g, '-')}`;
}

/**
 * What one Stryker run mutates, read from its environment: MUTATE, a unit or a path inside one,
 * and MUTATE_ONLY, paths inside that unit separated by commas (the files a pull request changed).
 * The paths travel in the environment because Stryker's `--mutate` splits its value at every
 * comma, a glob's `{ts,js}` included. Undefined without MUTATE.
 */
function mutationRunOf(env, root = '.') {
  const scope = env.MUTATE?.replace(/\/+$/, '') || undefined;
  if (scope === undefined) return undefined;
  const unit = unitOf(scope, root);
  const only = (env.MUTATE_ONLY ?? '')
    .split(',')
    .filter(Boolean)
    .map((path) => path.replace(/\/+$/, ''));
  const outside = only.filter((path) => path !== unit.scope && !path.startsWith(`${unit.scope}/`));
  if (outside.length > 0) {
    throw new Error(`mutation testing: MUTATE_ONLY=${outside.join(',')} is outside MUTATE=${scope}; allowed: paths inside ${unit.scope}`);
  }
  return { unit, mutate: (only.length > 0 ? only : [scope]).flatMap(mutateGlobs), report: reportPath(scope) };
}

module.exports = { mutationUnits, unitOf, mutateGlobs, reportPath, mutationRunOf };
