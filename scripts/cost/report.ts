/**
 * The arithmetic of `npm run cost`: a synthesized CloudFormation template, a price book and a
 * few stated assumptions in, one line per billable resource kind and a monthly total out.
 * Pure: no file, network or clock access, so the unit tests can check it against numbers
 * worked out by hand.
 */

export interface Price {
  readonly usd: number;
  readonly unit: string;
  readonly source: string;
  readonly evidence: string;
}

export interface PriceBook {
  readonly region: string;
  readonly currency: string;
  readonly takenOn: string;
  readonly prices: {
    readonly eksClusterHour: Price;
    readonly gp3GbMonth: Price;
    readonly natGatewayHour: Price;
    readonly natGatewayGb: Price;
    readonly publicIpv4Hour: Price;
    readonly interfaceEndpointAzHour: Price;
    readonly interfaceEndpointGb: Price;
    readonly kmsKeyMonth: Price;
    readonly logsIngestGb: Price;
    readonly logsStorageGbMonth: Price;
    readonly alarmMetricMonth: Price;
    readonly dashboardMonth: Price;
  };
  /** Linux On-Demand hourly price per EC2 instance type. */
  readonly instanceHour: Readonly<Record<string, Price>>;
  /** Types that are billed, but so little for this platform that they are shown at $0.00 with the reason. */
  readonly negligible: Readonly<Record<string, { readonly label: string; readonly reason: string }>>;
  /** Types that cost nothing, with why. A key ending in `*` matches every type with that prefix. */
  readonly free: Readonly<Record<string, string>>;
}

/** What the template cannot say: traffic and log volume. Printed with every result. */
export interface Assumptions {
  readonly hoursPerMonth: number;
  /** Ingested into all the stack's log groups together, excluding its Lambdas' own log groups. */
  readonly logGbPerDay: number;
  /** Stored logs are priced at steady state: retention days of ingestion, but never more than this many days. */
  readonly logStorageHorizonDays: number;
  readonly natProcessedGbPerMonth: number;
  readonly interfaceEndpointProcessedGbPerMonth: number;
}

export const DEFAULT_ASSUMPTIONS: Assumptions = {
  hoursPerMonth: 730,
  logGbPerDay: 1,
  logStorageHorizonDays: 365,
  natProcessedGbPerMonth: 100,
  interfaceEndpointProcessedGbPerMonth: 50,
};

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
}

export interface CfnTemplate {
  readonly Description?: string;
  readonly Resources?: Record<string, CfnResource>;
}

export type LineKind =
  | 'eks-control-plane'
  | 'ec2-nodes'
  | 'ebs-volumes'
  | 'nat-gateway-hours'
  | 'nat-gateway-data'
  | 'public-ipv4'
  | 'interface-endpoint-hours'
  | 'interface-endpoint-data'
  | 'kms-keys'
  | 'logs-ingestion'
  | 'logs-storage'
  | 'alarms'
  | 'dashboards'
  | 'negligible';

export interface CostLine {
  readonly kind: LineKind;
  readonly label: string;
  /** How the amount was reached, e.g. "3 x m5.large x 730 h x $0.12". */
  readonly quantity: string;
  readonly monthlyUsd: number;
  /** The same line with every node group at its maximum size; equal to monthlyUsd for the rest. */
  readonly monthlyUsdAtMax: number;
  readonly note?: string;
}

export interface UnpricedItem {
  readonly type: string;
  readonly count: number;
  readonly reason: string;
  /** True when the type is neither priced nor known to be free: the price book needs an entry. */
  readonly unknownType: boolean;
}

export interface CostReport {
  readonly lines: CostLine[];
  readonly totalMonthlyUsd: number;
  readonly totalMonthlyUsdAtMax: number;
  readonly notPriced: UnpricedItem[];
  readonly free: { readonly type: string; readonly count: number; readonly reason: string }[];
  readonly assumptions: Assumptions;
}

type Resources = [string, CfnResource][];

/** $0.10, $0.059, $0.0528: cents always shown, smaller digits when the price has them. */
const usd = (amount: number) => {
  const digits = Math.max(2, (String(Number(amount.toPrecision(6))).split('.')[1] ?? '').length);
  return `$${amount.toFixed(digits)}`;
};
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** A billed item every resource of a type contributes to; the handlers below fill these. */
interface Collector {
  lines: CostLine[];
  notPriced: Map<string, { count: number; reason: string; unknownType: boolean }>;
}

function addLine(collector: Collector, line: Omit<CostLine, 'monthlyUsdAtMax'> & { monthlyUsdAtMax?: number }): void {
  collector.lines.push({ ...line, monthlyUsdAtMax: line.monthlyUsdAtMax ?? line.monthlyUsd });
}

function addUnpriced(collector: Collector, type: string, reason: string, unknownType = false): void {
  const key = `${type}\u0000${reason}`;
  const entry = collector.notPriced.get(key) ?? { count: 0, reason, unknownType };
  entry.count += 1;
  collector.notPriced.set(key, entry);
}

function hourly(collector: Collector, kind: LineKind, label: string, count: number, what: string, price: Price, hours: number): void {
  if (count === 0) return;
  addLine(collector, {
    kind,
    label,
    quantity: `${plural(count, what)} x ${hours} h x ${usd(price.usd)}`,
    monthlyUsd: count * hours * price.usd,
  });
}

function resolveRef(resources: Record<string, CfnResource>, value: unknown): CfnResource | undefined {
  if (value && typeof value === 'object' && 'Ref' in value) return resources[(value as { Ref: string }).Ref];
  return undefined;
}

/** EKS's own defaults when a node group leaves them out (CreateNodegroup API reference). */
const EKS_DEFAULT_SCALING = { desired: 2, max: 2 };
const EKS_DEFAULT_INSTANCE_TYPE = 't3.medium';

function nodeGroups(collector: Collector, nodegroups: Resources, all: Record<string, CfnResource>, book: PriceBook, a: Assumptions): void {
  const byType = new Map<string, { desired: number; max: number }>();
  let volumeGb = { desired: 0, max: 0 };
  for (const [, { Type, Properties: p = {} }] of nodegroups) {
    const desired = p.ScalingConfig?.DesiredSize ?? EKS_DEFAULT_SCALING.desired;
    const max = p.ScalingConfig?.MaxSize ?? EKS_DEFAULT_SCALING.max;
    if (p.CapacityType === 'SPOT') {
      addUnpriced(collector, Type, 'Spot capacity: the price moves with the market; only On-Demand is priced');
      continue;
    }
    if (typeof p.AmiType === 'string' && p.AmiType.startsWith('WINDOWS')) {
      addUnpriced(collector, Type, 'Windows nodes: only Linux instance prices are in the price book');
      continue;
    }
    // With several types, EKS launches whichever has capacity; the first is what the template prefers.
    const instanceType: string = p.InstanceTypes?.[0] ?? EKS_DEFAULT_INSTANCE_TYPE;
    if (!book.instanceHour[instanceType]) {
      addUnpriced(collector, Type, `no On-Demand price for instance type ${instanceType} in the price book`);
      continue;
    }
    const sum = byType.get(instanceType) ?? { desired: 0, max: 0 };
    byType.set(instanceType, { desired: sum.desired + desired, max: sum.max + max });

    const rootGb = rootVolumeGb(collector, Type, p, all);
    if (rootGb !== undefined) volumeGb = { desired: volumeGb.desired + desired * rootGb, max: volumeGb.max + max * rootGb };
  }

  for (const [instanceType, nodes] of byType) {
    const price = book.instanceHour[instanceType];
    addLine(collector, {
      kind: 'ec2-nodes',
      label: `EC2 nodes (${instanceType})`,
      quantity: `${nodes.desired} (max ${nodes.max}) x ${a.hoursPerMonth} h x ${usd(price.usd)}`,
      monthlyUsd: nodes.desired * a.hoursPerMonth * price.usd,
      monthlyUsdAtMax: nodes.max * a.hoursPerMonth * price.usd,
    });
  }
  if (volumeGb.max > 0) {
    const price = book.prices.gp3GbMonth;
    addLine(collector, {
      kind: 'ebs-volumes',
      label: 'EBS gp3 node volumes',
      quantity: `${volumeGb.desired} GB (max ${volumeGb.max}) x ${usd(price.usd)}`,
      monthlyUsd: volumeGb.desired * price.usd,
      monthlyUsdAtMax: volumeGb.max * price.usd,
    });
  }
}

/** GB of gp3 per node from the node group's launch template; other volume kinds are reported, not guessed. */
function rootVolumeGb(collector: Collector, type: string, p: Record<string, any>, all: Record<string, CfnResource>): number | undefined {
  const template = resolveRef(all, p.LaunchTemplate?.Id);
  if (!template) {
    addUnpriced(collector, type, 'node volume type not set in the template (EKS picks it); its GB are not priced');
    return undefined;
  }
  let gb = 0;
  for (const mapping of template.Properties?.LaunchTemplateData?.BlockDeviceMappings ?? []) {
    const ebs = mapping.Ebs;
    if (!ebs) continue;
    if (ebs.VolumeType === 'gp3' && typeof ebs.VolumeSize === 'number') gb += ebs.VolumeSize;
    else addUnpriced(collector, 'AWS::EC2::LaunchTemplate', `EBS volume of type ${ebs.VolumeType ?? '(default)'}: only gp3 is priced`);
  }
  return gb;
}

function interfaceEndpoints(collector: Collector, endpoints: Resources, book: PriceBook, a: Assumptions, free: FreeCounter): void {
  let endpointAzs = 0;
  let count = 0;
  for (const [, resource] of endpoints) {
    // CloudFormation's default endpoint type is Gateway, which is free (S3, DynamoDB).
    if ((resource.Properties?.VpcEndpointType ?? 'Gateway') !== 'Interface') {
      free.add('AWS::EC2::VPCEndpoint (Gateway)', 'gateway endpoints are free');
      continue;
    }
    const subnets = resource.Properties?.SubnetIds;
    if (!Array.isArray(subnets) || subnets.length === 0) {
      addUnpriced(collector, resource.Type, 'interface endpoint without subnets in the template: its zones are unknown');
      continue;
    }
    count += 1;
    endpointAzs += subnets.length;
  }
  if (count === 0) return;
  const price = book.prices.interfaceEndpointAzHour;
  addLine(collector, {
    kind: 'interface-endpoint-hours',
    label: 'Interface VPC endpoints',
    quantity: `${plural(count, 'endpoint')} in ${plural(endpointAzs, 'endpoint-AZ')} x ${a.hoursPerMonth} h x ${usd(price.usd)}`,
    monthlyUsd: endpointAzs * a.hoursPerMonth * price.usd,
  });
  const data = book.prices.interfaceEndpointGb;
  addLine(collector, {
    kind: 'interface-endpoint-data',
    label: 'Interface endpoint data',
    quantity: `${a.interfaceEndpointProcessedGbPerMonth} GB x ${usd(data.usd)} (assumed)`,
    monthlyUsd: a.interfaceEndpointProcessedGbPerMonth * data.usd,
  });
}

function natGateways(collector: Collector, gateways: Resources, book: PriceBook, a: Assumptions): void {
  if (gateways.length === 0) return;
  hourly(collector, 'nat-gateway-hours', 'NAT gateways', gateways.length, 'gateway', book.prices.natGatewayHour, a.hoursPerMonth);
  const data = book.prices.natGatewayGb;
  addLine(collector, {
    kind: 'nat-gateway-data',
    label: 'NAT gateway data processing',
    quantity: `${a.natProcessedGbPerMonth} GB x ${usd(data.usd)} (assumed)`,
    monthlyUsd: a.natProcessedGbPerMonth * data.usd,
  });
}

/** A Lambda's own log group is named `/aws/lambda/<function>`, often through Fn::Join. */
function isLambdaLogGroup(name: unknown): boolean {
  if (typeof name === 'string') return name.startsWith('/aws/lambda/');
  const parts = (name as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join']?.[1];
  return Array.isArray(parts) && typeof parts[0] === 'string' && parts[0].startsWith('/aws/lambda/');
}

function logGroups(collector: Collector, groups: Resources, book: PriceBook, a: Assumptions): void {
  // The Lambdas run only while the stack deploys: their groups hold kilobytes.
  const workload = groups.filter(([, r]) => !isLambdaLogGroup(r.Properties?.LogGroupName));
  if (workload.length === 0) return;
  const daysPerMonth = a.hoursPerMonth / 24;
  const ingest = book.prices.logsIngestGb;
  addLine(collector, {
    kind: 'logs-ingestion',
    label: 'CloudWatch Logs ingestion',
    quantity: `${a.logGbPerDay} GB/day x ${Number(daysPerMonth.toFixed(2))} days x ${usd(ingest.usd)} (assumed volume)`,
    monthlyUsd: a.logGbPerDay * daysPerMonth * ingest.usd,
    note: `into ${plural(workload.length, 'log group')}, split evenly; ${plural(groups.length - workload.length, 'Lambda log group')} left out (deploy-time only)`,
  });

  // Steady state: a group keeps `retention` days of its share; one that never expires is cut at the horizon.
  const share = a.logGbPerDay / workload.length;
  const retentions = workload.map(([, r]) => Math.min(r.Properties?.RetentionInDays ?? Infinity, a.logStorageHorizonDays));
  const storedGb = retentions.reduce((sum, days) => sum + share * days, 0);
  const distinct = [...new Set(retentions)].sort((x, y) => x - y);
  const storage = book.prices.logsStorageGbMonth;
  addLine(collector, {
    kind: 'logs-storage',
    label: 'CloudWatch Logs storage',
    quantity: `${Number(storedGb.toFixed(2))} GB (retention ${distinct.join('/')} days) x ${usd(storage.usd)}`,
    monthlyUsd: storedGb * storage.usd,
    note: `steady state; stored size taken as ingested size, an upper bound since AWS bills it compressed`,
  });
}

/** Alarms are billed per metric they list; Metrics Insights query alarms by the metrics the query scans. */
function alarms(collector: Collector, resources: Resources, book: PriceBook): void {
  let alarmCount = 0;
  let metrics = 0;
  for (const [, { Type, Properties: p = {} }] of resources) {
    const listed: any[] = p.Metrics ?? [];
    if (listed.some((m) => typeof m.Expression === 'string' && /^\s*SELECT\b/i.test(m.Expression))) {
      addUnpriced(collector, `${Type} (Metrics Insights query)`, 'billed per metric the query analyzes, which grows with nodes and pods at run time');
      continue;
    }
    const period = p.Period ?? listed.find((m) => m.MetricStat)?.MetricStat.Period;
    if (typeof period === 'number' && period < 60) {
      addUnpriced(collector, `${Type} (high resolution)`, 'high-resolution alarms are not in the price book');
      continue;
    }
    alarmCount += 1;
    metrics += p.MetricName ? 1 : listed.filter((m) => m.MetricStat).length;
  }
  if (alarmCount === 0) return;
  const price = book.prices.alarmMetricMonth;
  addLine(collector, {
    kind: 'alarms',
    label: 'CloudWatch alarms',
    quantity: `${plural(alarmCount, 'alarm')}, ${plural(metrics, 'metric')} x ${usd(price.usd)}`,
    monthlyUsd: metrics * price.usd,
  });
}

class FreeCounter {
  readonly counts = new Map<string, { count: number; reason: string }>();
  add(type: string, reason: string): void {
    const entry = this.counts.get(type) ?? { count: 0, reason };
    entry.count += 1;
    this.counts.set(type, entry);
  }
}

function freeReason(book: PriceBook, type: string): string | undefined {
  if (book.free[type]) return book.free[type];
  const pattern = Object.keys(book.free).find((key) => key.endsWith('*') && type.startsWith(key.slice(0, -1)));
  return pattern && book.free[pattern];
}

/** The types whose resources the handlers price; every other type is free, negligible or not priced. */
const PRICED_TYPES = [
  'AWS::EKS::Cluster',
  'AWS::EKS::Nodegroup',
  'AWS::EC2::NatGateway',
  'AWS::EC2::EIP',
  'AWS::EC2::VPCEndpoint',
  'AWS::KMS::Key',
  'AWS::Logs::LogGroup',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::Dashboard',
] as const;

/** Usage charges of add-ons that the template cannot size. */
const USAGE_BILLED_ADDONS: Record<string, string> = {
  'amazon-cloudwatch-observability':
    'Container Insights with enhanced observability is billed per observation (per pod, container and node metric sample), which depends on the workload',
};

export function estimateCost(template: CfnTemplate, book: PriceBook, assumptions: Assumptions = DEFAULT_ASSUMPTIONS): CostReport {
  const all = template.Resources ?? {};
  const byType = new Map<string, Resources>();
  for (const entry of Object.entries(all)) {
    const list = byType.get(entry[1].Type) ?? [];
    list.push(entry);
    byType.set(entry[1].Type, list);
  }
  const of = (type: string): Resources => byType.get(type) ?? [];
  const collector: Collector = { lines: [], notPriced: new Map() };
  const free = new FreeCounter();
  const a = assumptions;
  const { prices } = book;

  hourly(collector, 'eks-control-plane', 'EKS control plane', of('AWS::EKS::Cluster').length, 'cluster', prices.eksClusterHour, a.hoursPerMonth);
  nodeGroups(collector, of('AWS::EKS::Nodegroup'), all, book, a);
  natGateways(collector, of('AWS::EC2::NatGateway'), book, a);
  hourly(collector, 'public-ipv4', 'Public IPv4 (Elastic IPs)', of('AWS::EC2::EIP').length, 'IP', prices.publicIpv4Hour, a.hoursPerMonth);
  interfaceEndpoints(collector, of('AWS::EC2::VPCEndpoint'), book, a, free);
  const keys = of('AWS::KMS::Key');
  if (keys.length > 0) {
    const rotated = keys.filter(([, r]) => r.Properties?.EnableKeyRotation === true).length;
    addLine(collector, {
      kind: 'kms-keys',
      label: 'KMS keys',
      quantity: `${plural(keys.length, 'key')} x ${usd(prices.kmsKeyMonth.usd)}`,
      monthlyUsd: keys.length * prices.kmsKeyMonth.usd,
      note: `${rotated} with rotation: each of the first two yearly rotations adds ${usd(prices.kmsKeyMonth.usd)}/month per key; requests ($0.03 per 10,000 beyond 20,000 free) not estimated`,
    });
  }
  logGroups(collector, of('AWS::Logs::LogGroup'), book, a);
  alarms(collector, of('AWS::CloudWatch::Alarm'), book);
  const dashboards = of('AWS::CloudWatch::Dashboard').length;
  if (dashboards > 0) {
    addLine(collector, {
      kind: 'dashboards',
      label: 'CloudWatch dashboards',
      quantity: `${plural(dashboards, 'dashboard')} x ${usd(prices.dashboardMonth.usd)}`,
      monthlyUsd: dashboards * prices.dashboardMonth.usd,
      note: "the account's first 3 dashboards are free; not counted here",
    });
  }

  for (const [type, resources] of byType) {
    if ((PRICED_TYPES as readonly string[]).includes(type)) continue;
    const negligible = book.negligible[type];
    if (negligible) {
      addLine(collector, {
        kind: 'negligible',
        label: negligible.label,
        quantity: `${resources.length} x ${type}`,
        monthlyUsd: 0,
        note: negligible.reason,
      });
      continue;
    }
    const reason = freeReason(book, type);
    if (reason === undefined) {
      for (let i = 0; i < resources.length; i++) addUnpriced(collector, type, 'neither priced nor listed as free in the price book', true);
      continue;
    }
    for (const [, resource] of resources) {
      if (type === 'AWS::SSM::Parameter' && resource.Properties?.Tier === 'Advanced') {
        addUnpriced(collector, `${type} (Advanced tier)`, 'advanced-tier parameters are not in the price book');
      } else {
        free.add(type, reason);
      }
      const usage = type === 'AWS::EKS::Addon' ? USAGE_BILLED_ADDONS[resource.Properties?.AddonName] : undefined;
      if (usage) addUnpriced(collector, `${type} (${resource.Properties?.AddonName})`, usage);
    }
  }

  const total = (pick: (line: CostLine) => number) => collector.lines.reduce((sum, line) => sum + pick(line), 0);
  return {
    lines: collector.lines,
    totalMonthlyUsd: total((line) => line.monthlyUsd),
    totalMonthlyUsdAtMax: total((line) => line.monthlyUsdAtMax),
    notPriced: [...collector.notPriced].map(([key, entry]) => ({ type: key.split('\u0000')[0], ...entry })),
    free: [...free.counts].map(([type, entry]) => ({ type, ...entry })),
    assumptions,
  };
}
