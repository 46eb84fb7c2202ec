/**
 * The jest API the unit tests use, on mocha, for mutation runs only (stryker.config.mjs): Stryker's
 * mocha runner loads the test files once per runner process and reruns them for each mutant,
 * while its jest runner loads every module again for every mutant run (several seconds per
 * mutant). The tests stay jest tests: `npm test` runs them on jest.
 *
 * Loaded as a mocha `require`; it extends mocha's `bdd` interface (Stryker accepts only mocha's
 * own interface names) with jest's names for its functions, `test.each`/`describe.each` (jest's own table binding,
 * jest-each), `expect` (jest's matchers) and the part of the `jest` object the tests use
 * (`fn`, `spyOn`, `restoreAllMocks`). Module mocking (`jest.mock`) cannot work here, so the files
 * that use it are left out of mutation runs (stryker.config.mjs); calling it throws.
 *
 * Per-test timeouts are dropped: Stryker times each mutant run itself, and a mocha timeout would
 * count a slow mutant as killed.
 */
import { createRequire } from 'node:module';
import { expect } from 'expect';
import { bind } from 'jest-each';
import { ModuleMocker } from 'jest-mock';
import { creditCoverage, markLoadingTestFile, strykerContext, withReachedMutantsAsync } from './coverage';

type Callback = (...args: unknown[]) => unknown;
/** Mocha's test and suite functions, as far as this file calls them (mocha ships no types). */
interface MochaFunction {
  (title: string, fn?: Callback): unknown;
  only(title: string, fn?: Callback): unknown;
  skip(title: string, fn?: Callback): unknown;
}
interface MochaContext {
  it: MochaFunction;
  describe: MochaFunction;
  before: (fn: Callback) => void;
  beforeEach: (fn: Callback) => void;
  after: (fn: Callback) => void;
  [name: string]: unknown;
}
interface MochaSuite {
  on(event: 'pre-require', listener: (context: MochaContext) => void): void;
  on(event: 'post-require', listener: () => void): void;
}
interface MochaModule {
  interfaces: Record<string, (suite: MochaSuite) => void>;
}

const mocha = createRequire(__filename)('mocha') as MochaModule;
const bdd = mocha.interfaces.bdd;
if (!bdd) throw new Error('mocha has no bdd interface to build the jest one on');

/** A jest test or suite function over mocha's: the timeout argument dropped, `.each` bound the way jest binds it. */
function jestFunction(mochaFunction: MochaFunction, supportsDone: boolean) {
  const call = (title: string, fn?: Callback) => mochaFunction(title, fn);
  const only = (title: string, fn?: Callback) => mochaFunction.only(title, fn);
  const skip = (title: string, fn?: Callback) => mochaFunction.skip(title, fn);
  return Object.assign(call, {
    each: bind(call, supportsDone),
    only: Object.assign(only, { each: bind(only, supportsDone) }),
    skip: Object.assign(skip, { each: bind(skip, supportsDone) }),
    todo: (title: string) => mochaFunction(title),
  });
}

const mocker = new ModuleMocker(globalThis);
const unavailable = (name: string) => () => {
  throw new Error(`jest.${name} is not available in mutation runs; leave the file out of mutation runs in stryker.config.mjs`);
};
const jest = {
  fn: mocker.fn.bind(mocker),
  spyOn: mocker.spyOn.bind(mocker),
  restoreAllMocks: () => mocker.restoreAllMocks(),
  clearAllMocks: () => mocker.clearAllMocks(),
  setTimeout: () => jest,
  mock: unavailable('mock'),
  doMock: unavailable('doMock'),
  dontMock: unavailable('dontMock'),
  requireActual: unavailable('requireActual'),
  isolateModules: unavailable('isolateModules'),
  isolateModulesAsync: unavailable('isolateModulesAsync'),
};

/**
 * jest's beforeAll: mocha's `before`, whose coverage Stryker would credit to whichever test ran
 * last (it names the running test in a root beforeEach); credited instead to each test of the
 * suite, which is what depends on the hook.
 */
function beforeAllOf(context: MochaContext) {
  return (hook: Callback) => {
    let reached: readonly string[] = [];
    context.before(async () => {
      const stryker = strykerContext();
      if (stryker) reached = await withReachedMutantsAsync(stryker, hook);
      else await hook();
    });
    context.beforeEach(() => creditCoverage(reached));
  };
}

mocha.interfaces.bdd = (suite) => {
  bdd(suite);
  suite.on('post-require', () => {
    markLoadingTestFile(false);
  });
  // After bdd's own listener, which puts describe, it, before and after on the context.
  suite.on('pre-require', (context) => {
    markLoadingTestFile(true);
    const test = jestFunction(context.it, true);
    Object.assign(context, {
      describe: jestFunction(context.describe, false),
      it: test,
      test,
      beforeAll: beforeAllOf(context),
      afterAll: context.after,
      expect,
      jest,
    });
  });
};
