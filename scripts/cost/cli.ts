/**
 * `npm run cost [-- -c key=value ...] [--usage file] [--compare baseline ...] [--json] [--synth] [--allow-unpriced]`:
 * the estimated monthly cost of the environment those settings describe, or its difference
 * from a baseline. Exit status: 0; 1 for a mistake in the arguments, settings or files; 2 when
 * a billable resource has no price (INCOMPLETE), unless --allow-unpriced.
 */
import { compareReports, ComparableReport, readSavedReport } from './compare';
import { estimateCost } from './estimate';
import { ConfigError } from '../../lib/config/load';
import { CONTEXT_OPTION, contextPairs } from '../cdk-cli';
import { parseCommandLine, runMain } from '../run-main';
import { loadPriceBook } from './price-book';
import { describeReport, renderComparisonJson, renderComparisonText, renderJson, renderText } from './render';
import type { CostReport } from './report';
import { templateFor } from './template-source';
import { Assumptions, DEFAULT_ASSUMPTIONS, loadUsageFile } from './usage';
import { UsageError } from './usage-error';

export { UsageError };

/** What `--compare` compares against: a report saved with --json, or these settings changed. */
export type Baseline = { readonly savedReport: string } | { readonly settings: Record<string, string> };

export interface CostArgs {
  readonly context: Record<string, string>;
  readonly json: boolean;
  /** Ignore cdk.out and synthesize. */
  readonly synth: boolean;
  readonly allowUnpriced: boolean;
  readonly usageFile?: string;
  readonly baseline?: Baseline;
}

export const EXIT_INCOMPLETE = 2;

const USAGE =
  'usage: npm run cost -- [-c key=value ...] [--usage file] [--compare report.json | --compare key=value ...] ' +
  '[--json] [--synth] [--allow-unpriced]';

export function parseArgs(argv: readonly string[]): CostArgs {
  let values;
  try {
    ({ values } = parseCommandLine(
      {
        args: [...argv],
        options: {
          ...CONTEXT_OPTION,
          json: { type: 'boolean', default: false },
          synth: { type: 'boolean', default: false },
          'allow-unpriced': { type: 'boolean', default: false },
          usage: { type: 'string' },
          compare: { type: 'string', multiple: true, default: [] },
        },
      },
      USAGE,
    ));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  let context: Record<string, string>;
  try {
    context = contextPairs(values.context);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}, e.g. -c platformProfile=production; ${USAGE}`);
  }
  return {
    context,
    json: values.json,
    synth: values.synth,
    allowUnpriced: values['allow-unpriced'],
    usageFile: values.usage,
    baseline: values.compare.length === 0 ? undefined : parseBaseline(values.compare),
  };
}

/** `--compare base.json` (a saved report) or `--compare key=value` (repeatable; `configFile=path` names a settings file). */
function parseBaseline(values: readonly string[]): Baseline {
  const [savedReport] = values.filter((value) => !value.includes('='));
  if (savedReport === undefined) {
    return {
      settings: Object.fromEntries(values.map((value) => [value.slice(0, value.indexOf('=')), value.slice(value.indexOf('=') + 1)])),
    };
  }
  if (values.length > 1) throw new UsageError(`--compare takes one saved report, or key=value settings, not both; ${USAGE}`);
  if (!savedReport.endsWith('.json')) {
    throw new UsageError(
      `--compare "${savedReport}" is neither key=value settings nor a report saved with --json (a .json file); ${USAGE}`,
    );
  }
  return { savedReport };
}

interface Priced {
  readonly report: CostReport;
  readonly stack: string;
  readonly profile: string;
  readonly templateOrigin: string;
}

function price(
  context: Record<string, string>,
  args: CostArgs,
  assumptions: Assumptions,
): Priced & { book: ReturnType<typeof loadPriceBook> } {
  const { config, source } = templateFor({ context, synth: args.synth });
  const book = loadPriceBook(config.region);
  return {
    report: estimateCost(source.template, book, assumptions),
    stack: config.names.stack,
    profile: config.profile,
    templateOrigin: source.origin,
    book,
  };
}

const comparable = (priced: Priced): ComparableReport => ({
  description: describeReport(priced),
  lines: priced.report.lines,
  totalMonthlyUsd: priced.report.totalMonthlyUsd,
  complete: priced.report.complete,
});

/** Runs the command; returns what to print and the exit status. */
export function run(argv: readonly string[]): { stdout: string; stderr: string; status: number } {
  try {
    const args = parseArgs(argv);
    const assumptions = args.usageFile ? loadUsageFile(args.usageFile) : DEFAULT_ASSUMPTIONS;
    const current = price(args.context, args, assumptions);
    let stdout: string;
    let complete: boolean;
    if (args.baseline) {
      const baseline =
        'savedReport' in args.baseline
          ? readSavedReport(args.baseline.savedReport)
          : comparable(price({ ...args.context, ...args.baseline.settings }, args, assumptions));
      const comparison = compareReports(comparable(current), baseline);
      stdout = args.json ? renderComparisonJson(comparison) : renderComparisonText(comparison);
      complete = comparison.complete;
    } else {
      const context = { ...current, usageOrigin: args.usageFile ?? 'defaults' };
      stdout = args.json ? renderJson(current.report, context) : renderText(current.report, context);
      complete = current.report.complete;
    }
    if (complete || args.allowUnpriced) return { stdout, stderr: '', status: 0 };
    return { stdout, stderr: 'INCOMPLETE: billable resources without a price (pass --allow-unpriced to accept)', status: EXIT_INCOMPLETE };
  } catch (error) {
    // A user's mistake: the message says what to change.
    if (error instanceof ConfigError || error instanceof UsageError) return { stdout: '', stderr: error.message, status: 1 };
    throw error;
  }
}

if (require.main === module) {
  void runMain('npm run cost', () => {
    const result = run(process.argv.slice(2));
    if (result.stdout) console.log(result.stdout);
    if (result.stderr) console.error(result.stderr);
    return result.status;
  });
}
