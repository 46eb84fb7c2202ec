/**
 * `--compare`: the difference between this report and a baseline (other settings, or a report
 * saved with `--json`), per line and in total. Lines are matched by label, so a line present
 * on one side only (another instance type) shows as added or removed.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from './usage-error';

/** What a comparison needs of a report; a saved `--json` report has at least this. */
export interface ComparableReport {
  /** Who the figures belong to, e.g. "FintechEksPlatform-dev (profile ephemeral)". */
  readonly description: string;
  readonly lines: readonly { readonly label: string; readonly monthlyUsd: number }[];
  readonly totalMonthlyUsd: number;
  readonly complete: boolean;
}

export interface LineDifference {
  readonly label: string;
  /** Undefined when the line is on the other side only. */
  readonly baselineUsd?: number;
  readonly currentUsd?: number;
  readonly changeUsd: number;
}

export interface Comparison {
  readonly baseline: string;
  readonly current: string;
  /** Largest change first; unchanged lines last, by cost. */
  readonly lines: LineDifference[];
  readonly total: { readonly baselineUsd: number; readonly currentUsd: number; readonly changeUsd: number };
  readonly complete: boolean;
}

/** Both sides in cents first, so a difference is never a rounding artefact. */
const cents = (amount: number) => Math.round(amount * 100) / 100;

function byLabel(report: ComparableReport): Map<string, number> {
  const sums = new Map<string, number>();
  for (const line of report.lines) sums.set(line.label, (sums.get(line.label) ?? 0) + line.monthlyUsd);
  return sums;
}

export function compareReports(current: ComparableReport, baseline: ComparableReport): Comparison {
  const now = byLabel(current);
  const before = byLabel(baseline);
  const labels = [...new Set([...before.keys(), ...now.keys()])];
  const lines = labels.map((label) => {
    const baselineUsd = before.has(label) ? cents(before.get(label)!) : undefined;
    const currentUsd = now.has(label) ? cents(now.get(label)!) : undefined;
    return { label, baselineUsd, currentUsd, changeUsd: cents((currentUsd ?? 0) - (baselineUsd ?? 0)) };
  });
  lines.sort(
    (a, b) =>
      Math.abs(b.changeUsd) - Math.abs(a.changeUsd) ||
      Math.max(b.currentUsd ?? 0, b.baselineUsd ?? 0) - Math.max(a.currentUsd ?? 0, a.baselineUsd ?? 0) ||
      a.label.localeCompare(b.label),
  );
  const baselineUsd = cents(baseline.totalMonthlyUsd);
  const currentUsd = cents(current.totalMonthlyUsd);
  return {
    baseline: baseline.description,
    current: current.description,
    lines,
    total: { baselineUsd, currentUsd, changeUsd: cents(currentUsd - baselineUsd) },
    complete: current.complete && baseline.complete,
  };
}

const savedReportSchema = z.object({
  stack: z.string(),
  profile: z.string(),
  lines: z.array(z.object({ label: z.string(), monthlyUsd: z.number() })),
  totalMonthlyUsd: z.number(),
  /** Reports saved before `complete` existed are complete when no resource type was unknown. */
  complete: z.boolean().optional(),
  notPriced: z.array(z.object({ unknownType: z.boolean().optional() })).optional(),
});

/** A report saved with `npm run cost -- --json > file`. */
export function readSavedReport(path: string): ComparableReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--compare ${path}: the file cannot be read as JSON (${(error as Error).message})`);
  }
  const result = savedReportSchema.safeParse(parsed);
  if (!result.success) {
    const missing = result.error.issues.map((issue) => issue.path.join('.') || '(top level)').join(', ');
    throw new UsageError(`--compare ${path}: not a report saved with "npm run cost -- --json" (wrong or missing: ${missing})`);
  }
  const saved = result.data;
  const complete = saved.complete ?? !(saved.notPriced ?? []).some((item) => item.unknownType === true);
  return {
    description: `${path}: ${saved.stack} (profile ${saved.profile})`,
    lines: saved.lines,
    totalMonthlyUsd: saved.totalMonthlyUsd,
    complete,
  };
}
