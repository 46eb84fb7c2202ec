/**
 * StrykerJS's per-test coverage, for code whose coverage Stryker itself would credit to the wrong
 * test: a value produced once and read by many tests (test/support/synth.ts lazily), a
 * `beforeAll` hook (jest-on-mocha.ts). Stryker records the mutants a test reaches while its
 * `currentTestId` names that test; outside a test (while files load) they count as "static",
 * which makes Stryker rerun the whole suite in a new process for each of them.
 */

/** StrykerJS's instrumenter context (INSTRUMENTER_CONSTANTS of @stryker-mutator/api); present only under Stryker. */
export interface StrykerContext {
  currentTestId?: string;
  activeMutant?: string;
  mutantCoverage?: { static: Record<string, number>; perTest: Record<string, Record<string, number>> };
}

export const strykerContext = (): StrykerContext | undefined => (globalThis as { __stryker__?: StrykerContext }).__stryker__;

/** Adds mutants to those the running test (or, outside a test, the file's loading) reached. */
export function creditCoverage(mutants: readonly string[]): void {
  const context = strykerContext();
  if (!context || mutants.length === 0) return;
  const coverage = (context.mutantCoverage ??= { static: {}, perTest: {} });
  const reached = context.currentTestId ? (coverage.perTest[context.currentTestId] ??= {}) : coverage.static;
  for (const mutant of mutants) reached[mutant] = (reached[mutant] ?? 0) + 1;
}

/**
 * Runs `produce` (and waits for it, if it gives a promise) and gives the mutants it reached,
 * credited to no test yet: the caller credits them (creditCoverage) to each test that depends on
 * what was produced. Mocha runs one test or hook at a time, so nothing else runs meanwhile.
 */
export function withReachedMutants<T>(context: StrykerContext, produce: () => T): { value: T; reached: readonly string[] } {
  const probe = startProbe(context);
  let value: T;
  try {
    value = produce();
  } catch (error) {
    creditCoverage(probe.stop());
    throw error;
  }
  return { value, reached: probe.stop() };
}

export async function withReachedMutantsAsync(context: StrykerContext, produce: () => unknown): Promise<readonly string[]> {
  const probe = startProbe(context);
  try {
    await produce();
  } catch (error) {
    creditCoverage(probe.stop());
    throw error;
  }
  return probe.stop();
}

function startProbe(context: StrykerContext): { stop: () => string[] } {
  const running = context.currentTestId;
  const probe = `\0probe ${Math.random()}`;
  context.currentTestId = probe;
  return {
    stop: () => {
      const reached = Object.keys(context.mutantCoverage?.perTest[probe] ?? {});
      delete context.mutantCoverage?.perTest[probe];
      context.currentTestId = running;
      return reached;
    },
  };
}

/**
 * Whether mocha is loading a test file (set by jest-on-mocha.ts). test/support/synth.ts refuses
 * to synthesize then: a template read while a file loads is read once, before any mutant is
 * switched on, and every mutant it reached would be static.
 */
let loadingTestFile = false;
export const isLoadingTestFile = (): boolean => loadingTestFile;
export function markLoadingTestFile(loading: boolean): void {
  loadingTestFile = loading;
}
