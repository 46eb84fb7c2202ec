/**
 * `npm run test:mutation [path ...]`: the mutation units of tools/mutation/units.cjs one after
 * another, each one Stryker run (MUTATE=<unit>), then one report of them all,
 * reports/mutation/all.json, and the score per folder. With paths (files or folders inside the
 * scope), only the units holding them run, mutating only those paths: the pull-request workflow
 * passes the changed files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summaryMarkdown, type MutationReport } from './summary';
import { mutationUnits, reportPath, unitOf, type MutationUnit } from './units.cjs';

/** One Stryker run: a unit, and the paths inside it to mutate when not all of it. */
export interface PlannedRun {
  readonly unit: string;
  readonly only?: readonly string[];
}

/** The runs for the paths asked for: every unit when none, else one per unit holding some. */
export function planRuns(paths: readonly string[], units: readonly MutationUnit[], unitFor: (path: string) => MutationUnit): PlannedRun[] {
  if (paths.length === 0) return units.map((unit) => ({ unit: unit.scope }));
  const byUnit = new Map<string, string[]>();
  for (const path of paths.map((path) => path.replace(/\/+$/, ''))) {
    const unit = unitFor(path).scope;
    byUnit.set(unit, [...(byUnit.get(unit) ?? []), path]);
  }
  return [...byUnit].map(([unit, only]) => (only.includes(unit) ? { unit } : { unit, only }));
}

/** The environment of a run's Stryker process, which stryker.config.mjs reads (mutationRunOf in units.cjs). */
export function strykerEnvironment(run: PlannedRun): Record<string, string> {
  return { MUTATE: run.unit, ...(run.only ? { MUTATE_ONLY: run.only.join(',') } : {}) };
}

/** The report file Stryker writes for a unit (stryker.config.mjs names it by MUTATE). */
export const reportOf = (unit: string) => `${reportPath(unit)}.json`;

/** The units' reports as one: their files side by side (no file lies in two units). */
export function mergeReports(reports: readonly MutationReport[]): MutationReport {
  const files: Record<string, MutationReport['files'][string]> = {};
  for (const report of reports) {
    for (const [path, file] of Object.entries(report.files)) {
      if (path in files) throw new Error(`mutation testing: ${path} is in two units' reports`);
      files[path] = file;
    }
  }
  return { ...reports[0], files };
}

/** What running the planned units gave: their merged report, the units that failed, the time each took. */
export interface UnitsOutcome {
  readonly merged?: MutationReport;
  readonly failed: readonly string[];
  readonly timings: readonly { readonly unit: string; readonly ms: number }[];
}

/**
 * Runs the planned units one after another (`runStryker` starts one Stryker process with the
 * given environment and returns its exit status) and merges the reports of those that
 * succeeded. A unit's report from an earlier run is removed before its run, so a run that fails
 * before writing one cannot pass the old results off as this run's.
 */
export function runUnits(
  runs: readonly PlannedRun[],
  runStryker: (env: Record<string, string>) => number | null,
  root = '.',
): UnitsOutcome {
  const failed: string[] = [];
  const timings: { unit: string; ms: number }[] = [];
  const reports: MutationReport[] = [];
  for (const run of runs) {
    const started = Date.now();
    const report = join(root, reportOf(run.unit));
    rmSync(report, { force: true });
    console.log(`\n== mutation testing: ${run.unit}${run.only ? ` (${run.only.join(', ')})` : ''}`);
    const status = runStryker(strykerEnvironment(run));
    if (status === 0 && existsSync(report)) reports.push(JSON.parse(readFileSync(report, 'utf8')) as MutationReport);
    else failed.push(run.unit);
    timings.push({ unit: run.unit, ms: Date.now() - started });
  }
  return { merged: reports.length > 0 ? mergeReports(reports) : undefined, failed, timings };
}

function main(paths: readonly string[]): number {
  const runs = planRuns(paths, mutationUnits(), (path) => unitOf(path));
  if (runs.length === 0) {
    console.log(`mutation testing: nothing to mutate in ${paths.join(', ')}`);
    return 0;
  }
  const started = Date.now();
  const { merged, failed, timings } = runUnits(
    runs,
    (env) => spawnSync('node_modules/.bin/stryker', ['run'], { stdio: 'inherit', env: { ...process.env, ...env } }).status,
  );
  if (merged) {
    writeFileSync('reports/mutation/all.json', JSON.stringify(merged));
    console.log(`\n${summaryMarkdown(merged, { byFolder: true })}`);
  }
  const rows = timings.map(({ unit, ms }) => `| \`${unit}\` | ${minutes(ms)} |`);
  console.log(['| unit | wall time |', '|---|---|', ...rows, `| **all** | ${minutes(Date.now() - started)} |`].join('\n'));
  console.log('\nreports/mutation/all.json holds the units that ran whole; reports/mutation/<unit>.html each one.');
  if (failed.length > 0) console.error(`mutation testing: the run of ${failed.join(', ')} failed; their results are not in all.json`);
  return failed.length > 0 ? 1 : 0;
}

const minutes = (ms: number) => `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;

if (require.main === module) process.exitCode = main(process.argv.slice(2));
