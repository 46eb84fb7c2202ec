/**
 * The mutation score of a StrykerJS JSON report as Markdown, per file and in total, for the
 * pull-request job summary and for docs/development/mutation-testing.md:
 *
 *   node --import tsx tools/mutation/summary.ts reports/mutation/all.json >> "$GITHUB_STEP_SUMMARY"
 *   node --import tsx tools/mutation/summary.ts reports/mutation/all.json --by-folder
 */
import { readFileSync } from 'node:fs';

/** The statuses of the mutation-testing-report-schema that Stryker writes. */
type MutantStatus = 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';

export interface MutationReport {
  readonly files: Record<string, { readonly mutants: readonly { readonly status: MutantStatus }[] }>;
}

export interface MutationCounts {
  readonly mutants: number;
  readonly killed: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Rejected by the type checker: never run, not scored. */
  readonly compileErrors: number;
  /** Not run (static mutants, with ignoreStatic): not scored. */
  readonly ignored: number;
  /** Per cent killed (a timeout counts: the mutant hung the tests) of those a test could detect, as Stryker scores it. */
  readonly score: number | undefined;
}

export function countMutants(statuses: readonly MutantStatus[]): MutationCounts {
  const count = (...wanted: MutantStatus[]) => statuses.filter((status) => wanted.includes(status)).length;
  const killed = count('Killed', 'Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const detectable = killed + survived + noCoverage;
  return {
    // Compile and runtime errors are mutants the TypeScript checker or the runtime rejected; ignored ones were excluded.
    mutants: detectable,
    killed,
    survived,
    noCoverage,
    compileErrors: count('CompileError'),
    ignored: count('Ignored'),
    score: detectable === 0 ? undefined : (100 * killed) / detectable,
  };
}

/** lib/tenancy/x.ts -> lib/tenancy; lib/platform-stack.ts -> lib/platform-stack.ts; scripts/lifecycle/a/b.ts -> scripts/lifecycle. */
export function folderOf(path: string): string {
  const parts = path.split('/');
  return parts.length <= 2 ? path : parts.slice(0, 2).join('/');
}

/** The score in total, then one row per file (or per folder), in path order, then the total. */
export function summaryMarkdown(report: MutationReport, options: { byFolder?: boolean } = {}): string {
  const percent = (score: number | undefined) => (score === undefined ? 'n/a' : `${score.toFixed(1)} %`);
  const row = (name: string, counts: MutationCounts) => {
    const cells = [name, counts.mutants, counts.killed, counts.survived, counts.noCoverage, percent(counts.score), counts.compileErrors];
    return `| ${[...cells, counts.ignored].join(' | ')} |`;
  };
  const statusesBy = new Map<string, MutantStatus[]>();
  for (const [path, file] of Object.entries(report.files)) {
    const name = options.byFolder ? folderOf(path) : path;
    statusesBy.set(name, [...(statusesBy.get(name) ?? []), ...file.mutants.map((mutant) => mutant.status)]);
  }
  const rows = [...statusesBy].sort(([a], [b]) => a.localeCompare(b));
  const total = countMutants(rows.flatMap(([, statuses]) => statuses));
  return [
    `Mutation score: ${percent(total.score)}`,
    '',
    `| ${options.byFolder ? 'folder' : 'file'} | mutants | killed | survived | no coverage | score | compile errors | ignored (static) |`,
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(([name, statuses]) => row(`\`${name}\``, countMutants(statuses))),
    row('**total**', total),
    '',
  ].join('\n');
}

if (require.main === module) {
  const [path, flag] = process.argv.slice(2);
  if (path === undefined || (flag !== undefined && flag !== '--by-folder')) {
    console.error('usage: summary.ts <Stryker JSON report> [--by-folder]');
    process.exit(2);
  }
  process.stdout.write(summaryMarkdown(JSON.parse(readFileSync(path, 'utf8')) as MutationReport, { byFolder: flag === '--by-folder' }));
}
