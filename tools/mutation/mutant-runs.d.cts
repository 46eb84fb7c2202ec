// Types of mutant-runs.cjs, which is JavaScript so that Stryker can load the runner using it.

/** The part of Stryker's mutant run options (MutantRunOptions) the plan reads and changes. */
export interface MutantRun {
  readonly activeMutant: { readonly id: string };
  readonly mutantActivation: 'static' | 'runtime';
  readonly testFilter?: readonly string[];
}
/** Stryker's per-test coverage: test id (or "static") to the mutant ids reached and how often. */
export interface MutantCoverage {
  readonly static: Readonly<Record<string, number>>;
  readonly perTest: Readonly<Record<string, Readonly<Record<string, number>>>>;
}
export declare function testsByMutant(mutantCoverage: MutantCoverage | undefined): Record<string, string[]>;
export declare function planMutantRun<Run extends MutantRun>(
  run: Run,
  reachedInTests: Readonly<Record<string, readonly string[]>>,
  loadedWithMutant: boolean,
): { reload: boolean; loadsWithMutant: boolean; run: Run };
export declare function forgetProjectModules(cache: Record<string, unknown>, root: string): string[];
