/** How `npm run cost` prints a report or a comparison: a text table, or JSON for tools. */
import { relative, join } from 'node:path';
import type { Comparison } from './compare';
import { PriceBook, priceBookPath } from './price-book';
import type { CostReport } from './report';

const ROOT = join(__dirname, '..', '..');

export interface ReportContext {
  readonly stack: string;
  readonly profile: string;
  readonly templateOrigin: string;
  /** Where the usage assumptions came from: a usage file, or the defaults. */
  readonly usageOrigin: string;
  readonly book: PriceBook;
}

const money = (amount: number) => amount.toFixed(2);
const cents = (amount: number) => Math.round(amount * 100) / 100;
const signed = (amount: number) => `${amount > 0 ? '+' : amount < 0 ? '-' : ' '}${Math.abs(amount).toFixed(2)}`;
/** A share of the total, in percent with one decimal (0 when the total is 0). */
const shareOf = (amount: number, total: number) => (total > 0 ? Math.round((1000 * amount) / total) / 10 : 0);

export function describeReport(context: Pick<ReportContext, 'stack' | 'profile'>): string {
  return `${context.stack} (profile ${context.profile})`;
}

function incompleteNotice(report: CostReport): string | undefined {
  const missing = report.notPriced.filter((item) => !item.usageBased);
  if (missing.length === 0) return undefined;
  const count = missing.reduce((sum, item) => sum + item.count, 0);
  return `INCOMPLETE: ${plural(count, 'billable resource')} without a price (see "Not priced"); the total leaves them out`;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function renderJson(report: CostReport, context: ReportContext): string {
  return JSON.stringify(
    {
      stack: context.stack,
      profile: context.profile,
      region: context.book.region,
      currency: context.book.currency,
      pricesTakenOn: context.book.takenOn,
      template: context.templateOrigin,
      usage: context.usageOrigin,
      assumptions: report.assumptions,
      complete: report.complete,
      lines: report.lines.map((line) => ({
        ...line,
        monthlyUsd: cents(line.monthlyUsd),
        monthlyUsdAtMax: cents(line.monthlyUsdAtMax),
        sharePercent: shareOf(line.monthlyUsd, report.totalMonthlyUsd),
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

/** Columns after the first `leftColumns` are right-aligned. */
function table(header: string[], rows: string[][], footer: string[], leftColumns: number): string[] {
  // A missing cell is an empty one.
  const widths = header.map((_, i) => Math.max(...[header, ...rows, footer].map((row) => row[i]?.length ?? 0)));
  const format = (row: string[]) =>
    row
      .map((cell, i) => (i < leftColumns ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = '-'.repeat(widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1));
  return [format(header), rule, ...rows.map(format), rule, format(footer)];
}

export function renderText(report: CostReport, context: ReportContext): string {
  const a = report.assumptions;
  const total = report.totalMonthlyUsd;
  const rows = report.lines.map((line) => [
    line.label,
    line.quantity,
    money(line.monthlyUsd),
    `${shareOf(line.monthlyUsd, total).toFixed(1)}%`,
    money(line.monthlyUsdAtMax),
  ]);
  const incomplete = incompleteNotice(report);
  const out = [
    `Estimated monthly cost of ${describeReport(context)}, ${context.book.region}, ` +
      `${context.book.currency} list prices (Spot: On-Demand less its average saving)`,
    `template: ${context.templateOrigin}; ` +
      `prices: ${relative(ROOT, priceBookPath(context.book.region))} (taken ${context.book.takenOn}); ` +
      `usage: ${context.usageOrigin}`,
    ...(incomplete ? [incomplete] : []),
    '',
    ...table(
      ['cost line', 'quantity', 'per month', 'share', 'at max nodes'],
      rows,
      ['TOTAL', '', money(total), '100.0%', money(report.totalMonthlyUsdAtMax)],
      2,
    ),
    '',
    'Notes:',
    ...report.lines.filter((line) => line.note).map((line) => `  ${line.label}: ${line.note}`),
    '',
    'Usage assumptions (the template cannot say these; change them with --usage <file>):',
    `  ${a.hoursPerMonth} hours a month; nodes at their desired size, where each group starts ` +
      '(the last column: every group at maxSize, as far as the Cluster Autoscaler may scale it)',
    `  ${a.logGbPerDay} GB/day of logs into the stack's log groups; stored logs at steady state, at most ${a.logStorageHorizonDays} days`,
    `  ${a.natProcessedGbPerMonth} GB/month through the NAT gateways; ` +
      `${a.interfaceEndpointProcessedGbPerMonth} GB/month through the interface endpoints`,
    `  ${a.eksAuditEventsMillionsPerMonth} million Kubernetes audit events a month analysed by GuardDuty ` +
      '(where audit-log monitoring is on)',
    `  ${a.internalLoadBalancers} internal and, where public ingress is enabled, ${a.publicLoadBalancers} public load balancers, ` +
      `${a.capacityUnitsPerLoadBalancer} LCU each; ${a.wafMillionRequestsPerMonth} million requests a month through the web ACL`,
    '  no data transfer out to the internet, none between zones but the interface endpoint traffic above; no free tiers, no Savings Plans',
    '',
    'Not priced:',
    ...(report.notPriced.length === 0
      ? ['  (nothing)']
      : report.notPriced.map(
          (item) => `  ${item.type} x${item.count}: ${item.reason}${item.usageBased ? ' (usage-based)' : ' (NO PRICE)'}`,
        )),
    '',
    `Free: ${report.free.map((item) => `${item.type} x${item.count}`).join(', ')}`,
    ...(incomplete ? ['', incomplete] : []),
  ];
  return out.join('\n');
}

const amountOrDash = (amount: number | undefined) => (amount === undefined ? '-' : money(amount));

export function renderComparisonText(comparison: Comparison): string {
  const { total } = comparison;
  const percent = total.baselineUsd > 0 ? ` (${signed((100 * total.changeUsd) / total.baselineUsd).trim()}%)` : '';
  const rows = comparison.lines.map((line) => [
    line.label,
    amountOrDash(line.baselineUsd),
    amountOrDash(line.currentUsd),
    signed(line.changeUsd),
  ]);
  return [
    `Monthly cost difference, ${comparison.current} against ${comparison.baseline}`,
    ...(comparison.complete ? [] : ['INCOMPLETE: a side has billable resources without a price; the totals leave them out']),
    '',
    ...table(
      ['cost line', 'baseline', 'this', 'change'],
      rows,
      ['TOTAL', money(total.baselineUsd), money(total.currentUsd), `${signed(total.changeUsd)}${percent}`],
      1,
    ),
  ].join('\n');
}

export function renderComparisonJson(comparison: Comparison): string {
  return JSON.stringify(comparison, null, 2);
}
