import { join } from 'node:path';
import { forgetProjectModules, planMutantRun, testsByMutant, type MutantRun } from '../../tools/mutation/mutant-runs.cjs';

const coverage = { static: { '1': 1, '2': 1 }, perTest: { 'suite a': { '2': 1, '3': 1 }, 'suite b': { '3': 2 } } };
const reached = testsByMutant(coverage);
const ask = (id: string, mutantActivation: MutantRun['mutantActivation'], testFilter?: string[]) => ({
  activeMutant: { id },
  mutantActivation,
  testFilter,
  timeout: 1000,
});

describe('how the kept-loaded runner runs a mutant', () => {
  test('the tests that reached each mutant while they ran, from the dry run', () => {
    expect(reached).toEqual({ '2': ['suite a'], '3': ['suite a', 'suite b'] });
    expect(testsByMutant(undefined)).toEqual({});
  });

  test('a static mutant no test reached reloads the modules with it on, and the next mutant reloads them without it', () => {
    const first = planMutantRun(ask('1', 'static'), reached, false);
    expect(first).toEqual({ reload: true, loadsWithMutant: true, run: ask('1', 'static') });
    const next = planMutantRun(ask('3', 'runtime', ['suite b']), reached, first.loadsWithMutant);
    expect(next).toEqual({ reload: true, loadsWithMutant: false, run: ask('3', 'runtime', ['suite b']) });
  });

  test('a hybrid mutant runs only the tests that reached it, switched on at run time, without a reload', () => {
    expect(planMutantRun(ask('2', 'static'), reached, false)).toEqual({
      reload: false,
      loadsWithMutant: false,
      run: ask('2', 'runtime', ['suite a']),
    });
  });

  test('a run-time mutant after another runs as Stryker asks, without a reload', () => {
    expect(planMutantRun(ask('3', 'runtime', ['suite a']), reached, false)).toEqual({
      reload: false,
      loadsWithMutant: false,
      run: ask('3', 'runtime', ['suite a']),
    });
  });

  test("a reload forgets the project's modules only, never its node_modules or another folder's", () => {
    const root = join('/sandbox', 'project');
    const cache: Record<string, unknown> = {
      [join(root, 'lib/a.ts')]: {},
      [join(root, 'test/a.test.ts')]: {},
      [join(root, 'node_modules/aws-cdk-lib/index.js')]: {},
      [join('/sandbox', 'project-other/lib/a.ts')]: {},
    };
    expect(forgetProjectModules(cache, root)).toEqual([join(root, 'lib/a.ts'), join(root, 'test/a.test.ts')]);
    expect(Object.keys(cache)).toEqual([join(root, 'node_modules/aws-cdk-lib/index.js'), join('/sandbox', 'project-other/lib/a.ts')]);
  });
});
