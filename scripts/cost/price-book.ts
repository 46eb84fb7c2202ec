/**
 * The price book: one JSON file of data per region (lib/shared/prices/<region>.json, under lib/
 * because the app's instance catalogue reads it too),
 * every figure with its unit, source page, the date it was taken and the evidence for it.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UsageError } from './usage-error';

export interface Price {
  readonly usd: number;
  readonly unit: string;
  readonly source: string;
  /** The day the figure was read (ISO date). */
  readonly takenOn: string;
  readonly evidence: string;
}

/** What Spot capacity of one instance type saves against On-Demand, on average, and how often it is reclaimed. */
export interface SpotFigure {
  /** The fraction saved against the On-Demand price, from 0 to 1. */
  readonly savings: number;
  /** The Spot Instance Advisor's frequency-of-interruption band, e.g. "10-15%". */
  readonly interruptions: string;
  readonly source: string;
  /** The day the figure was read (ISO date). */
  readonly takenOn: string;
  readonly evidence: string;
}

export interface PriceBook {
  readonly region: string;
  readonly currency: string;
  /** The oldest takenOn of the book's figures, for the report's header. */
  readonly takenOn: string;
  readonly prices: {
    readonly eksClusterHour: Price;
    readonly gp3GbMonth: Price;
    readonly natGatewayHour: Price;
    readonly natGatewayGb: Price;
    readonly publicIpv4Hour: Price;
    readonly interfaceEndpointAzHour: Price;
    readonly interfaceEndpointGb: Price;
    /** Traffic between two zones of the region, charged in each direction. */
    readonly interAzGb: Price;
    readonly kmsKeyMonth: Price;
    readonly logsIngestGb: Price;
    readonly logsStorageGbMonth: Price;
    readonly alarmMetricMonth: Price;
    readonly dashboardMonth: Price;
    /** GuardDuty EKS audit-log monitoring, per million events analysed (first tier). */
    readonly guardDutyEksAuditMillionEvents: Price;
    /** GuardDuty Runtime Monitoring of EKS, per vCPU monitored for a month (first tier). */
    readonly guardDutyEksRuntimeVcpuMonth: Price;
    readonly albHour: Price;
    /** Load balancer capacity units: the busiest of new connections, active connections, bytes and rule evaluations. */
    readonly albLcuHour: Price;
    readonly wafWebAclMonth: Price;
    /** A rule group counts as one rule. */
    readonly wafRuleMonth: Price;
    readonly wafMillionRequests: Price;
  };
  /** Linux On-Demand hourly price per EC2 instance type. */
  readonly instanceHour: Readonly<Record<string, Price>>;
  /** Linux Spot savings per EC2 instance type; a Spot node costs instanceHour x (1 - savings). */
  readonly spotSavings: Readonly<Record<string, SpotFigure>>;
  /** Types that are billed, but so little for this platform that they are shown at $0.00 with the reason. */
  readonly negligible: Readonly<Record<string, { readonly label: string; readonly reason: string }>>;
  /** Types that cost nothing, with why. A key ending in `*` matches every type with that prefix. */
  readonly free: Readonly<Record<string, string>>;
  /** Interface endpoint services (the part after the region in the service name) that cost nothing, with why. */
  readonly freeEndpointServices: Readonly<Record<string, string>>;
  /** EKS add-ons (by AddonName) that bill by usage on top of the nodes they run on, with how. */
  readonly usageBilledAddons: Readonly<Record<string, string>>;
}

const ROOT = join(__dirname, '..', '..');

/** One price book per region, named after it. */
export function priceBookPath(region: string): string {
  return join(ROOT, 'lib', 'shared', 'prices', `${region}.json`);
}

export function loadPriceBook(region: string): PriceBook {
  const path = priceBookPath(region);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PriceBook;
  } catch (error) {
    throw new UsageError(`no prices for region "${region}": ${relative(ROOT, path)} cannot be read (${(error as Error).message})`);
  }
}

/** Why a type costs nothing, from the book's free list (exact name, or a `Prefix*` entry). */
export function freeReason(book: PriceBook, type: string): string | undefined {
  if (book.free[type]) return book.free[type];
  const pattern = Object.keys(book.free).find((key) => key.endsWith('*') && type.startsWith(key.slice(0, -1)));
  return pattern && book.free[pattern];
}
