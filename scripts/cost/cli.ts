/**
 * `npm run cost [-- -c key=value ...] [--json] [--synth]`: the estimated monthly cost of the
 * environment those settings describe. Uses cdk.out's template when it is up to date for the
 * same settings, and otherwise synthesizes the app in-process, offline, exactly as
 * bin/platform.ts and the tests do.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App } from 'aws-cdk-lib';
import { ConfigError, loadConfig, PlatformConfig } from '../../lib/config/load';
import { PlatformStack, platformStackDescription } from '../../lib/platform-stack';
import { cdkJsonContext, splitContextArgs } from '../cdk-cli';
import { CfnTemplate, CostReport, DEFAULT_ASSUMPTIONS, estimateCost, PriceBook } from './report';

const ROOT = join(__dirname, '..', '..');
/** Settings that cdk.out's template records (in its description); any other key forces a fresh synthesis. */
const DESCRIBED_KEYS = new Set(['platformProfile', 'environmentSuffix']);

export interface CostArgs {
  readonly context: Record<string, string>;
  readonly json: boolean;
  /** Ignore cdk.out and synthesize. */
  readonly synth: boolean;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): CostArgs {
  const usage = 'usage: npm run cost -- [-c key=value ...] [--json] [--synth]';
  let split: ReturnType<typeof splitContextArgs>;
  try {
    split = splitContextArgs(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}, e.g. -c platformProfile=production; ${usage}`);
  }
  const unknown = split.rest.find((arg) => arg !== '--json' && arg !== '--synth');
  if (unknown !== undefined) throw new UsageError(`unknown argument "${unknown}"; ${usage}`);
  return { context: split.context, json: split.rest.includes('--json'), synth: split.rest.includes('--synth') };
}

/** One price book per region, named after it. */
export function priceBookPath(region: string): string {
  return join(__dirname, `prices-${region}.json`);
}

export function loadPriceBook(region: string): PriceBook {
  const path = priceBookPath(region);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`no prices for region "${region}": ${relative(ROOT, path)} cannot be read (${(error as Error).message})`);
  }
}

export interface TemplateSource {
  readonly template: CfnTemplate;
  /** Where it came from, for the reader: a cdk.out path or "synthesized in-process". */
  readonly origin: string;
}

function newestSourceChange(): number {
  const times: number[] = [statSync(join(ROOT, 'cdk.json')).mtimeMs];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else times.push(statSync(path).mtimeMs);
    }
  };
  walk(join(ROOT, 'bin'));
  walk(join(ROOT, 'lib'));
  return Math.max(...times);
}

/**
 * cdk.out's template, when `npm run synth` wrote it for these settings after the last change to
 * the app: same stack, same profile and suffix (its description names both), no other settings.
 */
function fromCdkOut(config: PlatformConfig, args: CostArgs): TemplateSource | undefined {
  if (args.synth || Object.keys(args.context).some((key) => !DESCRIBED_KEYS.has(key))) return undefined;
  const path = join(ROOT, 'cdk.out', `${config.names.stack}.template.json`);
  let modified: number;
  try {
    modified = statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
  if (modified < newestSourceChange()) return undefined;
  const template: CfnTemplate = JSON.parse(readFileSync(path, 'utf8'));
  if (template.Description !== platformStackDescription(config)) return undefined;
  return { template, origin: relative(ROOT, path) };
}

function synthesizeInProcess(config: PlatformConfig, featureFlags: Record<string, unknown>): TemplateSource {
  const outdir = mkdtempSync(join(tmpdir(), 'platform-cost-'));
  try {
    const app = new App({
      outdir,
      // Nothing here reads the 60 MB of Lambda layer assets, so they are not staged.
      context: { ...featureFlags, 'aws:cdk:disable-asset-staging': true },
      // Only the resources matter here; cfn-lint in `npm test` validates the template.
      builtinCloudFormationValidation: false,
    });
    const stack = new PlatformStack(app, config.names.stack, {
      env: { account: config.account, region: config.region },
      config,
    });
    const template = app.synth().getStackByName(stack.stackName).template as CfnTemplate;
    return { template, origin: 'synthesized in-process' };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function templateFor(args: CostArgs): { config: PlatformConfig; source: TemplateSource } {
  const featureFlags = cdkJsonContext();
  const config = loadConfig({ ...featureFlags, ...args.context }, (path) => readFileSync(path, 'utf8'));
  return { config, source: fromCdkOut(config, args) ?? synthesizeInProcess(config, featureFlags) };
}

const money = (amount: number) => amount.toFixed(2);
const cents = (amount: number) => Math.round(amount * 100) / 100;

export interface ReportContext {
  readonly stack: string;
  readonly profile: string;
  readonly templateOrigin: string;
  readonly book: PriceBook;
}

export function renderJson(report: CostReport, context: ReportContext): string {
  return JSON.stringify(
    {
      stack: context.stack,
      profile: context.profile,
      region: context.book.region,
      currency: context.book.currency,
      pricesTakenOn: context.book.takenOn,
      template: context.templateOrigin,
      assumptions: report.assumptions,
      lines: report.lines.map((line) => ({
        ...line,
        monthlyUsd: cents(line.monthlyUsd),
        monthlyUsdAtMax: cents(line.monthlyUsdAtMax),
      })),
      totalMonthlyUsd: cents(report.totalMonthlyUsd),
      totalMonthlyUsdAtMax: cents(report.totalMonthlyUsdAtMax),
      notPriced: report.notPriced,
      free: report.free,
    },
    null,
    2,
  );
}

export function renderText(report: CostReport, context: ReportContext): string {
  const a = report.assumptions;
  const rows = report.lines.map((line) => [line.label, line.quantity, money(line.monthlyUsd), money(line.monthlyUsdAtMax)]);
  const header = ['cost kind', 'quantity', 'per month', 'at max nodes'];
  const footer = ['TOTAL', '', money(report.totalMonthlyUsd), money(report.totalMonthlyUsdAtMax)];
  const widths = header.map((_, i) => Math.max(...[header, ...rows, footer].map((row) => row[i].length)));
  const format = (row: string[]) =>
    row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  const rule = '-'.repeat(widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1));

  const out = [
    `Estimated monthly cost of ${context.stack} (profile ${context.profile}), ${context.book.region}, ${context.book.currency} On-Demand`,
    `template: ${context.templateOrigin}; prices: ${relative(ROOT, priceBookPath(context.book.region))} (taken ${context.book.takenOn})`,
    '',
    format(header),
    rule,
    ...rows.map(format),
    rule,
    format(footer),
    '',
    'Notes:',
    ...report.lines.filter((line) => line.note).map((line) => `  ${line.label}: ${line.note}`),
    '',
    'Assumptions (the template cannot say these):',
    `  ${a.hoursPerMonth} hours a month; nodes at their desired size (the last column: every node group at its maximum)`,
    `  ${a.logGbPerDay} GB/day of logs into the stack's log groups; stored logs at steady state, at most ${a.logStorageHorizonDays} days`,
    `  ${a.natProcessedGbPerMonth} GB/month through the NAT gateways; ${a.interfaceEndpointProcessedGbPerMonth} GB/month through the interface endpoints`,
    '  no data transfer out to the internet or between zones, no free tiers, no Savings Plans',
    '',
    'Not priced:',
    ...(report.notPriced.length === 0
      ? ['  (nothing)']
      : report.notPriced.map((item) => `  ${item.type} x${item.count}: ${item.reason}`)),
    '',
    `Free: ${report.free.map((item) => `${item.type} x${item.count}`).join(', ')}`,
  ];
  return out.join('\n');
}

function main(argv: readonly string[]): number {
  let args: CostArgs;
  let config: PlatformConfig;
  let source: TemplateSource;
  let book: PriceBook;
  try {
    args = parseArgs(argv);
    ({ config, source } = templateFor(args));
    book = loadPriceBook(config.region);
  } catch (error) {
    // A user's mistake: the message says what to change.
    if (error instanceof ConfigError || error instanceof UsageError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const report = estimateCost(source.template, book, DEFAULT_ASSUMPTIONS);
  const context = { stack: config.names.stack, profile: config.profile, templateOrigin: source.origin, book };
  console.log(args.json ? renderJson(report, context) : renderText(report, context));
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
