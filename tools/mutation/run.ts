/**
 * `npm run test:mutation [path ...]`: the mutation units of tools/mutation/units.cjs one after
 * another, each one Stryker run (MUTATE=<unit>), then one report of them all,
 * reports/mutation/all.json, and the score per folder. With paths (files or folders inside the
 * scope), only the units holding them run, mutating only those paths: the pull-request workflow
 * passes the changed files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { summaryMarkdown, type MutationReport } from './summary';
import { mutationUnits, notMutated, unitOf, type MutationUnit } from './units.cjs';

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
    const excluded = Object.keys(notMutated).find((scope) => path === scope || path.startsWith(`${scope}/`));
    if (excluded) continue;
    const unit = unitFor(path).scope;
    byUnit.set(unit, [...(byUnit.get(unit) ?? []), path]);
  }
  return [...byUnit].map(([unit, only]) => (only.includes(unit) ? { unit } : { unit, only: only.map(asMutateGlob) }));
}

/** A folder inside a unit stands for its TypeScript and JavaScript files. */
const asMutateGlob = (path: string) => (/\.[jt]s$/.test(path) ? path : `${path}/**/*.{ts,js}`);

/** The report file Stryker writes for a unit (stryker.config.mjs names it by MUTATE). */
export const reportOf = (unit: string) => `reports/mutation/${unit.replace(/\//g, '-')}.json`;

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

function main(paths: readonly string[]): number {
  const runs = planRuns(paths, mutationUnits(), (path) => unitOf(path));
  if (runs.length === 0) {
    console.log(`mutation testing: nothing to mutate in ${paths.join(', ')}`);
    return 0;
  }
  const started = Date.now();
  const failed: string[] = [];
  const timings: string[] = [];
  for (const run of runs) {
    const unitStarted = Date.now();
    const only = run.only ? ['--mutate', run.only.join(',')] : [];
    console.log(`\n== mutation testing: ${run.unit}${run.only ? ` (${run.only.join(', ')})` : ''}`);
    const result = spawnSync('node_modules/.bin/stryker', ['run', ...only], {
      stdio: 'inherit',
      env: { ...process.env, MUTATE: run.unit },
    });
    if (result.status !== 0 || !existsSync(reportOf(run.unit))) failed.push(run.unit);
    timings.push(`| \`${run.unit}\` | ${minutes(Date.now() - unitStarted)} |`);
  }
  const reports = runs.map((run) => reportOf(run.unit)).filter((path) => existsSync(path));
  const merged = mergeReports(reports.map((path) => JSON.parse(readFileSync(path, 'utf8')) as MutationReport));
  writeFileSync('reports/mutation/all.json', JSON.stringify(merged));
  console.log(`\n${summaryMarkdown(merged, { byFolder: true })}`);
  console.log(['| unit | wall time |', '|---|---|', ...timings, `| **all** | ${minutes(Date.now() - started)} |`].join('\n'));
  console.log('\nreports/mutation/all.json holds every unit; reports/mutation/<unit>.html each one.');
  if (failed.length > 0) console.error(`mutation testing: the run of ${failed.join(', ')} failed`);
  return failed.length > 0 ? 1 : 0;
}

const minutes = (ms: number) => `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;

if (require.main === module) process.exitCode = main(process.argv.slice(2));
