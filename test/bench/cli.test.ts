type Bench = typeof import('../../scripts/bench/cli');

/** Imports the bench afresh, with anything it would run or print recorded instead of done. */
async function importBench(): Promise<{ bench: Bench; printed: jest.SpyInstance; spawned: jest.Mock }> {
  const printed = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const spawned = jest.fn(() => {
    throw new Error('the bench ran a command');
  });
  let bench: Bench | undefined;
  await jest.isolateModulesAsync(async () => {
    jest.doMock('node:child_process', () => ({ ...jest.requireActual<object>('node:child_process'), spawnSync: spawned }));
    bench = await import('../../scripts/bench/cli');
  });
  return { bench: bench!, printed, spawned };
}

afterEach(() => jest.restoreAllMocks());

describe('npm run bench', () => {
  test('importing it runs nothing and prints nothing: the benchmark starts only as a command', async () => {
    const { printed, spawned } = await importBench();
    expect(spawned).not.toHaveBeenCalled();
    expect(printed).not.toHaveBeenCalled();
  });

  test('reads its options with their defaults', async () => {
    const { bench } = await importBench();
    expect(bench.parseBenchArgs([])).toEqual({ synthRuns: 5, testRuns: 3, skipTests: false });
    expect(bench.parseBenchArgs(['--synth-runs', '9', '--test-runs=1', '--skip-tests'])).toEqual({
      synthRuns: 9,
      testRuns: 1,
      skipTests: true,
    });
  });

  test.each([
    [['--synth-runs', '0'], '--synth-runs takes a whole number of runs, at least 1 (given "0")'],
    [['--test-runs', '1.5'], '--test-runs takes a whole number of runs, at least 1 (given "1.5")'],
    [['--synth-runs'], "Option '--synth-runs <value>' argument missing"],
    [['--runs', '3'], "Unknown option '--runs'"],
  ])('%j is refused, saying why, with the usage', async (argv, why) => {
    const { bench } = await importBench();
    expect(() => bench.parseBenchArgs(argv)).toThrow(`${why}`);
    expect(() => bench.parseBenchArgs(argv)).toThrow('usage: npm run bench -- [--synth-runs N] [--test-runs N] [--skip-tests]');
  });
});
