import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeReports, planRuns, reportOf, runUnits, strykerEnvironment } from '../../tools/mutation/run';
import { mutationRunOf, mutationUnits, unitOf } from '../../tools/mutation/units.cjs';

/** A repository with lib/a (tested by test/a), the lifecycle scripts, scripts/run-main.ts and lib/platform-stack.ts. */
function repository(): string {
  const root = mkdtempSync(join(tmpdir(), 'mutation-units-'));
  for (const folder of ['lib/a', 'test/a', 'scripts/lifecycle', 'test/lifecycle']) mkdirSync(join(root, folder), { recursive: true });
  writeFileSync(join(root, 'lib/platform-stack.ts'), '');
  return root;
}

describe('the units of the whole mutation scope', () => {
  test('each folder of lib/ meets its mirror in test/, the lifecycle scripts test/lifecycle, run-main its harness test', () => {
    const root = repository();
    expect(mutationUnits(root).map((unit) => [unit.scope, unit.tests])).toEqual([
      ['lib/a', ['test/a/**/*.test.ts']],
      ['scripts/lifecycle', ['test/lifecycle/**/*.test.ts']],
      ['scripts/run-main.ts', ['test/harness/run-main.test.ts']],
      ['lib/platform-stack.ts', ['test/platform-stack.test.ts', 'test/global-names.test.ts']],
    ]);
    expect(unitOf('lib/a/deep/x.ts', root).mutate).toEqual(['lib/a/**/*.{ts,js}']);
  });

  test('a folder of lib/ without tests of its own stops the run, naming the folder and where to name its tests', () => {
    const root = repository();
    mkdirSync(join(root, 'lib/b'));
    expect(() => mutationUnits(root)).toThrow('lib/b has no test/b; name its tests in testsElsewhere of tools/mutation/units.cjs');
  });

  test('a path outside every unit is refused, naming it and the units', () => {
    expect(() => unitOf('bin/platform.ts', repository())).toThrow(
      'MUTATE=bin/platform.ts is in no unit; allowed: one of lib/a, scripts/lifecycle, scripts/run-main.ts, lib/platform-stack.ts, ' +
        'or a file or folder inside one',
    );
  });
});

describe('npm run test:mutation with paths', () => {
  const units = [
    { scope: 'lib/a', mutate: ['lib/a/**/*.ts'], tests: [] },
    { scope: 'scripts/lifecycle', mutate: ['scripts/lifecycle/**/*.ts'], tests: [] },
  ];
  const unitFor = (path: string) => {
    const unit = units.find((candidate) => path.startsWith(candidate.scope));
    if (!unit) throw new Error(`no unit for ${path}`);
    return unit;
  };

  test('without paths every unit runs whole', () => {
    expect(planRuns([], units, unitFor)).toEqual([{ unit: 'lib/a' }, { unit: 'scripts/lifecycle' }]);
  });

  test('changed files run only their units, mutating only them', () => {
    expect(planRuns(['lib/a/x.ts', 'lib/a/sub/', 'scripts/lifecycle/deploy.ts'], units, unitFor)).toEqual([
      { unit: 'lib/a', only: ['lib/a/x.ts', 'lib/a/sub'] },
      { unit: 'scripts/lifecycle', only: ['scripts/lifecycle/deploy.ts'] },
    ]);
  });

  // Stryker's --mutate splits its value at every comma, so `lib/a/sub/**/*.{ts,js}` passed there
  // became `lib/a/sub/**/*.{ts` and `js}`, which match nothing: the paths go in the environment.
  test('the paths reach Stryker in its environment, and a folder stands for its TypeScript and JavaScript files', () => {
    const env = strykerEnvironment({ unit: 'lib/a', only: ['lib/a/x.ts', 'lib/a/sub'] });
    expect(env).toEqual({ MUTATE: 'lib/a', MUTATE_ONLY: 'lib/a/x.ts,lib/a/sub' });
    const run = mutationRunOf(env, repository());
    expect(run?.mutate).toEqual(['lib/a/x.ts', 'lib/a/sub/**/*.{ts,js}']);
    expect(run?.report).toBe('reports/mutation/lib-a');
  });

  test('a whole unit is mutated whole, and a path outside its unit is refused, naming both', () => {
    const root = repository();
    expect(mutationRunOf(strykerEnvironment({ unit: 'lib/a' }), root)?.mutate).toEqual(['lib/a/**/*.{ts,js}']);
    expect(() => mutationRunOf({ MUTATE: 'lib/a', MUTATE_ONLY: 'lib/a/x.ts,scripts/lifecycle/deploy.ts' }, root)).toThrow(
      'MUTATE_ONLY=scripts/lifecycle/deploy.ts is outside MUTATE=lib/a; allowed: paths inside lib/a',
    );
    expect(mutationRunOf({}, root)).toBeUndefined();
  });

  test('a unit named whole runs whole', () => {
    expect(planRuns(['lib/a', 'lib/a/x.ts'], units, unitFor)).toEqual([{ unit: 'lib/a' }]);
  });

  test("each unit's report is named by its scope", () => {
    expect(reportOf('scripts/lifecycle')).toBe('reports/mutation/scripts-lifecycle.json');
  });
});

test("the merged report holds every unit's files, and a file in two reports stops it", () => {
  const a = { files: { 'lib/a/x.ts': { mutants: [{ status: 'Killed' as const }] } } };
  const b = { files: { 'lib/b/y.ts': { mutants: [{ status: 'Survived' as const }] } } };
  expect(Object.keys(mergeReports([a, b]).files)).toEqual(['lib/a/x.ts', 'lib/b/y.ts']);
  expect(() => mergeReports([a, a])).toThrow("lib/a/x.ts is in two units' reports");
});

describe('running the units', () => {
  beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());
  const report = (path: string) => ({ files: { [path]: { mutants: [{ status: 'Killed' as const }] } } });

  test('a unit whose run fails adds nothing, not even its report from an earlier run, and is named', () => {
    const root = repository();
    mkdirSync(join(root, 'reports/mutation'), { recursive: true });
    writeFileSync(join(root, reportOf('lib/a')), JSON.stringify(report('lib/a/old.ts')));
    const asked: Record<string, string>[] = [];
    const outcome = runUnits(
      [{ unit: 'lib/a' }, { unit: 'scripts/lifecycle', only: ['scripts/lifecycle/deploy.ts'] }],
      (env) => {
        asked.push(env);
        if (env.MUTATE === 'lib/a') return 1;
        writeFileSync(join(root, reportOf(env.MUTATE)), JSON.stringify(report('scripts/lifecycle/deploy.ts')));
        return 0;
      },
      root,
    );
    expect(asked).toEqual([{ MUTATE: 'lib/a' }, { MUTATE: 'scripts/lifecycle', MUTATE_ONLY: 'scripts/lifecycle/deploy.ts' }]);
    expect(outcome.failed).toEqual(['lib/a']);
    expect(Object.keys(outcome.merged?.files ?? {})).toEqual(['scripts/lifecycle/deploy.ts']);
    expect(existsSync(join(root, reportOf('lib/a')))).toBe(false);
    expect(outcome.timings.map((timing) => timing.unit)).toEqual(['lib/a', 'scripts/lifecycle']);
  });

  test('a run that exits 0 without a report is a failure', () => {
    const outcome = runUnits([{ unit: 'lib/a' }], () => 0, repository());
    expect(outcome).toMatchObject({ failed: ['lib/a'], merged: undefined });
  });
});
