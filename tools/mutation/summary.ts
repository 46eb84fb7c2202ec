/**
 * The mutation score of a StrykerJS JSON report as Markdown, per file and in total, for the
 * pull-request job summary and for docs/development/mutation-testing.md:
 *
 *   node --import tsx tools/mutation/summary.ts reports/mutation/all.json >> "$GITHUB_STEP_SUMMARY"
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
    score: detectable === 0 ? undefined : (100 * killed) / detectable,
  };
}

export function summaryMarkdown(report: MutationReport): string {
  const percent = (score: number | undefined) => (score === undefined ? 'n/a' : `${score.toFixed(1)} %`);
  const row = (name: string, counts: MutationCounts) =>
    `| ${name} | ${counts.mutants} | ${counts.killed} | ${counts.survived} | ${counts.noCoverage} | ${percent(counts.score)} |`;
  const files = Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b));
  const total = countMutants(files.flatMap(([, file]) => file.mutants.map((mutant) => mutant.status)));
  return [
    `Mutation score: ${percent(total.score)}`,
    '',
    '| file | mutants | killed | survived | no coverage | score |',
    '|---|---|---|---|---|---|',
    ...files.map(([name, file]) => row(`\`${name}\``, countMutants(file.mutants.map((mutant) => mutant.status)))),
    row('**total**', total),
    '',
  ].join('\n');
}

if (require.main === module) {
  const [path] = process.argv.slice(2);
  if (path === undefined) {
    console.error('usage: summary.ts <Stryker JSON report>');
    process.exit(2);
  }
  process.stdout.write(summaryMarkdown(JSON.parse(readFileSync(path, 'utf8')) as MutationReport));
}
