// Types of units.cjs, which is JavaScript so that stryker.config.mjs can import it.
export interface MutationUnit {
  /** lib/<folder>, scripts/lifecycle or a file of lib/ outside a folder. */
  readonly scope: string;
  /** The globs Stryker mutates. */
  readonly mutate: readonly string[];
  /** The globs of the test files its mutants meet. */
  readonly tests: readonly string[];
}
export declare function mutationUnits(root?: string): MutationUnit[];
export declare function unitOf(scope: string, root?: string): MutationUnit;
export declare function mutateGlobs(path: string): string[];
export declare function reportPath(scope: string): string;
/** One Stryker run: its unit, the globs it mutates and its report path without extension. */
export interface MutationRun {
  readonly unit: MutationUnit;
  readonly mutate: readonly string[];
  readonly report: string;
}
export declare function mutationRunOf(env: Readonly<Record<string, string | undefined>>, root?: string): MutationRun | undefined;
