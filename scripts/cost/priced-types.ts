/**
 * The one registry of priced CloudFormation types: each type maps to the pricer that turns its
 * resources into cost lines (or into unpriced items, with the reason). Pricing a new type is
 * one entry here plus its figures in the price book; every type not registered is negligible,
 * free or unknown, as the price book says (estimate.ts).
 */
import { freeReason, Price, PriceBook } from './price-book';
import { CfnResource, CostCollector, LineKind, plural, Resources, usd } from './report';
import type { Assumptions } from './usage';

export interface PricingContext {
  readonly collector: CostCollector;
  readonly book: PriceBook;
  readonly assumptions: Assumptions;
  /** Every resource of the template, for references between them (a node group's launch template). */
  readonly all: Readonly<Record<string, CfnResource>>;
}

/** Prices every resource of one type. */
export type Pricer = (resources: Resources, context: PricingContext) => void;

function hourly(context: PricingContext, kind: LineKind, label: string, count: number, what: string, price: Price): void {
  if (count === 0) return;
  const hours = context.assumptions.hoursPerMonth;
  context.collector.addLine({
    kind,
    label,
    quantity: `${plural(count, what)} x ${hours} h x ${usd(price.usd)}`,
    monthlyUsd: count * hours * price.usd,
  });
}

function resolveRef(resources: Readonly<Record<string, CfnResource>>, value: unknown): CfnResource | undefined {
  if (value && typeof value === 'object' && 'Ref' in value) return resources[(value as { Ref: string }).Ref];
  return undefined;
}

/** EKS's own defaults when a node group leaves them out (CreateNodegroup API reference). */
const EKS_DEFAULT_SCALING = { desired: 2, max: 2 };
const EKS_DEFAULT_INSTANCE_TYPE = 't3.medium';

/** A figure the summing loop already found for every type it kept; a missing one is a bug there. */
function priceOf<T>(table: Readonly<Record<string, T>>, instanceType: string, figure: string): T {
  const found = table[instanceType];
  if (found === undefined) throw new Error(`no ${figure} for instance type ${instanceType} in the price book`);
  return found;
}

const nodeGroups: Pricer = (groups, context) => {
  const { collector, book, assumptions: a } = context;
  const byType = new Map<string, { desired: number; max: number }>();
  // Spot node groups by their list of types: EKS launches from whichever of those pools has capacity.
  const spotByTypes = new Map<string, { desired: number; max: number }>();
  let volumeGb = { desired: 0, max: 0 };
  for (const [, { Type, Properties: p = {} }] of groups) {
    const desired = p.ScalingConfig?.DesiredSize ?? EKS_DEFAULT_SCALING.desired;
    const max = p.ScalingConfig?.MaxSize ?? EKS_DEFAULT_SCALING.max;
    // The volumes are billed whatever the instances cost, so they are counted first.
    const rootGb = rootVolumeGb(context, Type, p);
    if (rootGb !== undefined) volumeGb = { desired: volumeGb.desired + desired * rootGb, max: volumeGb.max + max * rootGb };

    if (typeof p.AmiType === 'string' && p.AmiType.startsWith('WINDOWS')) {
      collector.addUnpriced(Type, 'Windows nodes: only Linux instance prices are in the price book');
      continue;
    }
    if (p.CapacityType === 'SPOT') {
      const types: string[] = p.InstanceTypes ?? [EKS_DEFAULT_INSTANCE_TYPE];
      const missing = types.find((type) => !book.instanceHour[type] || !book.spotSavings[type]);
      if (missing !== undefined) {
        collector.addUnpriced(Type, `no On-Demand price or Spot savings for instance type ${missing} in the price book`);
        continue;
      }
      const key = types.join(', ');
      const sum = spotByTypes.get(key) ?? { desired: 0, max: 0 };
      spotByTypes.set(key, { desired: sum.desired + desired, max: sum.max + max });
      continue;
    }
    // With several types, EKS launches whichever has capacity; the first is what the template prefers.
    const instanceType: string = p.InstanceTypes?.[0] ?? EKS_DEFAULT_INSTANCE_TYPE;
    if (!book.instanceHour[instanceType]) {
      collector.addUnpriced(Type, `no On-Demand price for instance type ${instanceType} in the price book`);
      continue;
    }
    const sum = byType.get(instanceType) ?? { desired: 0, max: 0 };
    byType.set(instanceType, { desired: sum.desired + desired, max: sum.max + max });
  }

  for (const [instanceType, nodes] of byType) {
    const price = priceOf(book.instanceHour, instanceType, 'On-Demand price');
    collector.addLine({
      kind: 'ec2-nodes',
      label: `EC2 nodes (${instanceType})`,
      quantity: `${nodes.desired} (max ${nodes.max}) x ${a.hoursPerMonth} h x ${usd(price.usd)}`,
      monthlyUsd: nodes.desired * a.hoursPerMonth * price.usd,
      monthlyUsdAtMax: nodes.max * a.hoursPerMonth * price.usd,
    });
  }
  for (const [types, nodes] of spotByTypes) {
    // Which pool EKS draws from is not known in advance: each node is priced at the dearest of
    // the types' average Spot prices, an upper bound.
    const perType = types.split(', ').map((type) => {
      const spot = priceOf(book.spotSavings, type, 'Spot savings');
      return { type, spot, hourly: priceOf(book.instanceHour, type, 'On-Demand price').usd * (1 - spot.savings) };
    });
    const dearest = Math.max(...perType.map((entry) => entry.hourly));
    collector.addLine({
      kind: 'ec2-nodes',
      label: `EC2 Spot nodes (${types})`,
      quantity: `${nodes.desired} (max ${nodes.max}) x ${a.hoursPerMonth} h x ${usd(dearest)}`,
      monthlyUsd: nodes.desired * a.hoursPerMonth * dearest,
      monthlyUsdAtMax: nodes.max * a.hoursPerMonth * dearest,
      note:
        "Spot, priced at the dearest of its types (On-Demand less the Spot Instance Advisor's average saving): " +
        perType
          .map(({ type, spot }) => `${type} -${Math.round(spot.savings * 100)}%, interrupted ${spot.interruptions} a month`)
          .join('; '),
    });
  }
  if (volumeGb.max > 0) {
    const price = book.prices.gp3GbMonth;
    collector.addLine({
      kind: 'ebs-volumes',
      label: 'EBS gp3 node volumes',
      quantity: `${volumeGb.desired} GB (max ${volumeGb.max}) x ${usd(price.usd)}`,
      monthlyUsd: volumeGb.desired * price.usd,
      monthlyUsdAtMax: volumeGb.max * price.usd,
    });
  }
};

/** GB of gp3 per node from the node group's launch template; other volume kinds are reported, not guessed. */
function rootVolumeGb({ collector, all }: PricingContext, type: string, p: Record<string, any>): number | undefined {
  const template = resolveRef(all, p.LaunchTemplate?.Id);
  if (!template) {
    collector.addUnpriced(type, 'node volume type not set in the template (EKS picks it); its GB are not priced');
    return undefined;
  }
  let gb = 0;
  for (const mapping of template.Properties?.LaunchTemplateData?.BlockDeviceMappings ?? []) {
    const ebs = mapping.Ebs;
    if (!ebs) continue;
    if (ebs.VolumeType === 'gp3' && typeof ebs.VolumeSize === 'number') gb += ebs.VolumeSize;
    else collector.addUnpriced('AWS::EC2::LaunchTemplate', `EBS volume of type ${ebs.VolumeType ?? '(default)'}: only gp3 is priced`);
  }
  return gb;
}

const vpcEndpoints: Pricer = (endpoints, context) => {
  const { collector, book, assumptions: a } = context;
  let endpointAzs = 0;
  let count = 0;
  const endpointSubnets = new Set<string>();
  for (const [, resource] of endpoints) {
    // CloudFormation's default endpoint type is Gateway, which is free (S3, DynamoDB).
    if ((resource.Properties?.VpcEndpointType ?? 'Gateway') !== 'Interface') {
      collector.addFree('AWS::EC2::VPCEndpoint (Gateway)', 'gateway endpoints are free');
      continue;
    }
    const free = Object.entries(book.freeEndpointServices).find(([service]) =>
      String(resource.Properties?.ServiceName ?? '').endsWith(`.${service}`),
    );
    if (free !== undefined) {
      const [service, reason] = free;
      collector.addFree(`AWS::EC2::VPCEndpoint (${service})`, reason);
      continue;
    }
    const subnets = resource.Properties?.SubnetIds;
    if (!Array.isArray(subnets) || subnets.length === 0) {
      collector.addUnpriced(resource.Type, 'interface endpoint without subnets in the template: its zones are unknown');
      continue;
    }
    count += 1;
    endpointAzs += subnets.length;
    subnets.forEach((subnet) => endpointSubnets.add(JSON.stringify(subnet)));
  }
  if (count === 0) return;
  const price = book.prices.interfaceEndpointAzHour;
  collector.addLine({
    kind: 'interface-endpoint-hours',
    label: 'Interface VPC endpoints',
    quantity: `${plural(count, 'endpoint')} in ${plural(endpointAzs, 'endpoint-AZ')} x ${a.hoursPerMonth} h x ${usd(price.usd)}`,
    monthlyUsd: endpointAzs * a.hoursPerMonth * price.usd,
  });
  const data = book.prices.interfaceEndpointGb;
  collector.addLine({
    kind: 'interface-endpoint-data',
    label: 'Interface endpoint data',
    quantity: `${a.interfaceEndpointProcessedGbPerMonth} GB x ${usd(data.usd)} (usage)`,
    monthlyUsd: a.interfaceEndpointProcessedGbPerMonth * data.usd,
  });
  crossZoneEndpointTraffic(context, endpointSubnets);
};

/**
 * Nodes in a zone without an endpoint reach it in another zone, and pay for the traffic in both
 * directions. The endpoint traffic is assumed to be spread evenly over the node groups.
 */
function crossZoneEndpointTraffic({ collector, book, assumptions: a, all }: PricingContext, endpointSubnets: Set<string>): void {
  const nodeGroups = Object.values(all).filter((resource) => resource.Type === 'AWS::EKS::Nodegroup');
  const away = nodeGroups.filter((group) => {
    const subnets: unknown[] = group.Properties?.Subnets ?? [];
    return !subnets.some((subnet) => endpointSubnets.has(JSON.stringify(subnet)));
  });
  if (nodeGroups.length === 0 || away.length === 0) return;
  const share = away.length / nodeGroups.length;
  const price = book.prices.interAzGb;
  collector.addLine({
    kind: 'interface-endpoint-cross-zone',
    label: 'Interface endpoint traffic across zones',
    quantity:
      `${a.interfaceEndpointProcessedGbPerMonth} GB x ${away.length}/${nodeGroups.length} of the node groups ` +
      `x 2 directions x ${usd(price.usd)} (usage)`,
    monthlyUsd: a.interfaceEndpointProcessedGbPerMonth * share * 2 * price.usd,
    note: `${plural(away.length, 'node group')} in a zone without interface endpoints`,
  });
}

const natGateways: Pricer = (gateways, context) => {
  if (gateways.length === 0) return;
  const { book, assumptions: a } = context;
  hourly(context, 'nat-gateway-hours', 'NAT gateways', gateways.length, 'gateway', book.prices.natGatewayHour);
  const data = book.prices.natGatewayGb;
  context.collector.addLine({
    kind: 'nat-gateway-data',
    label: 'NAT gateway data processing',
    quantity: `${a.natProcessedGbPerMonth} GB x ${usd(data.usd)} (usage)`,
    monthlyUsd: a.natProcessedGbPerMonth * data.usd,
  });
};

/** A Lambda's own log group is named `/aws/lambda/<function>`, often through Fn::Join. */
function isLambdaLogGroup(name: unknown): boolean {
  if (typeof name === 'string') return name.startsWith('/aws/lambda/');
  const parts = (name as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join']?.[1];
  return Array.isArray(parts) && typeof parts[0] === 'string' && parts[0].startsWith('/aws/lambda/');
}

const logGroups: Pricer = (groups, { collector, book, assumptions: a }) => {
  // The Lambdas run only while the stack deploys: their groups hold kilobytes.
  const workload = groups.filter(([, r]) => !isLambdaLogGroup(r.Properties?.LogGroupName));
  if (workload.length === 0) return;
  const daysPerMonth = a.hoursPerMonth / 24;
  const ingest = book.prices.logsIngestGb;
  collector.addLine({
    kind: 'logs-ingestion',
    label: 'CloudWatch Logs ingestion',
    quantity: `${a.logGbPerDay} GB/day x ${Number(daysPerMonth.toFixed(2))} days x ${usd(ingest.usd)} (usage)`,
    monthlyUsd: a.logGbPerDay * daysPerMonth * ingest.usd,
    note:
      `into ${plural(workload.length, 'log group')}, split evenly; ` +
      `${plural(groups.length - workload.length, 'Lambda log group')} left out (deploy-time only)`,
  });

  // Steady state: a group keeps `retention` days of its share; one that never expires is cut at the horizon.
  const share = a.logGbPerDay / workload.length;
  const retentions = workload.map(([, r]) => Math.min(r.Properties?.RetentionInDays ?? Infinity, a.logStorageHorizonDays));
  const storedGb = retentions.reduce((sum, days) => sum + share * days, 0);
  const distinct = [...new Set(retentions)].sort((x, y) => x - y);
  const storage = book.prices.logsStorageGbMonth;
  collector.addLine({
    kind: 'logs-storage',
    label: 'CloudWatch Logs storage',
    quantity: `${Number(storedGb.toFixed(2))} GB (retention ${distinct.join('/')} days) x ${usd(storage.usd)}`,
    monthlyUsd: storedGb * storage.usd,
    note: 'steady state; stored size taken as ingested size, an upper bound since AWS bills it compressed',
  });
};

/** Alarms are billed per metric they list; Metrics Insights query alarms by the metrics the query scans. */
const alarms: Pricer = (resources, { collector, book }) => {
  let alarmCount = 0;
  let metrics = 0;
  for (const [, { Type, Properties: p = {} }] of resources) {
    const listed: any[] = p.Metrics ?? [];
    if (listed.some((m) => typeof m.Expression === 'string' && /^\s*SELECT\b/i.test(m.Expression))) {
      collector.addUnpriced(
        `${Type} (Metrics Insights query)`,
        'billed per metric the query analyzes, which grows with nodes and pods at run time',
        true,
      );
      continue;
    }
    const period = p.Period ?? listed.find((m) => m.MetricStat)?.MetricStat.Period;
    if (typeof period === 'number' && period < 60) {
      collector.addUnpriced(`${Type} (high resolution)`, 'high-resolution alarms are not in the price book');
      continue;
    }
    alarmCount += 1;
    metrics += p.MetricName ? 1 : listed.filter((m) => m.MetricStat).length;
  }
  if (alarmCount === 0) return;
  const price = book.prices.alarmMetricMonth;
  collector.addLine({
    kind: 'alarms',
    label: 'CloudWatch alarms',
    quantity: `${plural(alarmCount, 'alarm')}, ${plural(metrics, 'metric')} x ${usd(price.usd)}`,
    monthlyUsd: metrics * price.usd,
  });
};

const kmsKeys: Pricer = (keys, { collector, book }) => {
  const price = book.prices.kmsKeyMonth;
  const rotated = keys.filter(([, r]) => r.Properties?.EnableKeyRotation === true).length;
  collector.addLine({
    kind: 'kms-keys',
    label: 'KMS keys',
    quantity: `${plural(keys.length, 'key')} x ${usd(price.usd)}`,
    monthlyUsd: keys.length * price.usd,
    note:
      `${rotated} with rotation: each of the first two yearly rotations adds ${usd(price.usd)}/month per key; ` +
      'requests ($0.03 per 10,000 beyond 20,000 free) not estimated',
  });
};

const dashboards: Pricer = (resources, { collector, book }) => {
  const price = book.prices.dashboardMonth;
  collector.addLine({
    kind: 'dashboards',
    label: 'CloudWatch dashboards',
    quantity: `${plural(resources.length, 'dashboard')} x ${usd(price.usd)}`,
    monthlyUsd: resources.length * price.usd,
    note: "the account's first 3 dashboards are free; not counted here",
  });
};

/** Standard-tier parameters are free (the book says why); advanced ones are billed and not in the book. */
const ssmParameters: Pricer = (parameters, { collector, book }) => {
  for (const [, { Type, Properties: p }] of parameters) {
    if (p?.Tier === 'Advanced') collector.addUnpriced(`${Type} (Advanced tier)`, 'advanced-tier parameters are not in the price book');
    else collector.addFree(Type, freeReason(book, Type) ?? 'standard-tier parameters are free');
  }
};

/** Managing an add-on is free; some add-ons bill by what they observe (the book lists them). */
const eksAddons: Pricer = (addons, { collector, book }) => {
  for (const [, { Type, Properties: p }] of addons) {
    collector.addFree(Type, freeReason(book, Type) ?? 'managing an add-on is free');
    const usage = book.usageBilledAddons[p?.AddonName];
    if (usage) collector.addUnpriced(`${Type} (${p?.AddonName})`, usage, true);
  }
};

/** vCPUs of an instance type of the catalogue's general-purpose, compute and memory families, by its size. */
export function vcpusOf(instanceType: string): number | undefined {
  const size = instanceType.split('.')[1] ?? '';
  if (size === 'large') return 2;
  if (size === 'xlarge') return 4;
  const multiple = /^(\d+)xlarge$/.exec(size);
  return multiple ? 4 * Number(multiple[1]) : undefined;
}

/** What the template records of its GuardDuty settings (lib/threat-detection/threat-detection-settings.ts). */
export interface RecordedThreatDetection {
  readonly auditLogMonitoring?: boolean;
  readonly runtimeMonitoring?: string;
}

/**
 * GuardDuty bills the account for what it analyses of this cluster, whoever owns the detector:
 * the audit-log events (usage) and the vCPUs of the nodes the runtime agent watches, whether
 * the platform or the organization installed it. Not a resource of the template, so priced from
 * the settings the template records.
 */
export function priceThreatDetection(settings: RecordedThreatDetection | undefined, context: PricingContext): void {
  if (!settings) return;
  const { collector, book, assumptions: a, all } = context;
  if (settings.auditLogMonitoring) {
    const price = book.prices.guardDutyEksAuditMillionEvents;
    collector.addLine({
      kind: 'guardduty-audit-logs',
      label: 'GuardDuty EKS audit-log monitoring',
      quantity: `${a.eksAuditEventsMillionsPerMonth} million events x ${usd(price.usd)} (usage)`,
      monthlyUsd: a.eksAuditEventsMillionsPerMonth * price.usd,
    });
  }
  if (settings.runtimeMonitoring !== 'platform' && settings.runtimeMonitoring !== 'organization') return;
  const vcpus = { desired: 0, max: 0 };
  for (const group of Object.values(all).filter((resource) => resource.Type === 'AWS::EKS::Nodegroup')) {
    const p = group.Properties ?? {};
    const type: string = p.InstanceTypes?.[0] ?? EKS_DEFAULT_INSTANCE_TYPE;
    const perNode = vcpusOf(type);
    if (perNode === undefined) {
      collector.addUnpriced('GuardDuty runtime monitoring', `vCPUs of instance type ${type} not known to the cost report`);
      return;
    }
    vcpus.desired += perNode * (p.ScalingConfig?.DesiredSize ?? EKS_DEFAULT_SCALING.desired);
    vcpus.max += perNode * (p.ScalingConfig?.MaxSize ?? EKS_DEFAULT_SCALING.max);
  }
  const price = book.prices.guardDutyEksRuntimeVcpuMonth;
  // Billed per vCPU-hour: a month is 730 hours of the rate; nodes run hoursPerMonth of them.
  const share = a.hoursPerMonth / 730;
  collector.addLine({
    kind: 'guardduty-runtime',
    label: 'GuardDuty runtime monitoring (EKS nodes)',
    quantity: `${vcpus.desired} vCPUs (max ${vcpus.max}) x ${a.hoursPerMonth}/730 of a month x ${usd(price.usd)}`,
    monthlyUsd: vcpus.desired * share * price.usd,
    monthlyUsdAtMax: vcpus.max * share * price.usd,
    note: `agent installed by ${settings.runtimeMonitoring === 'platform' ? 'the platform' : "the organization's GuardDuty configuration"}`,
  });
}
/** The chart that makes load balancers for Ingresses; the platform's ingress classes name it. */
const LOAD_BALANCER_CONTROLLER_CHART = 'aws-load-balancer-controller';
const WEB_ACL_TYPE = 'AWS::WAFv2::WebACL';

/**
 * No load balancer is in the template: the controller makes one per Ingress group at run time.
 * With the controller installed, the usage file says how many run; public ones only where the
 * template enables public ingress, which the platform builds with its web ACL, never without.
 */
const helmCharts: Pricer = (charts, { collector, book, assumptions: a, all }) => {
  for (const [, { Type }] of charts) collector.addFree(Type, freeReason(book, Type) ?? 'custom resources cost nothing themselves');
  if (!charts.some(([, chart]) => chart.Properties?.Chart === LOAD_BALANCER_CONTROLLER_CHART)) return;
  const publicIngress = Object.values(all).some((resource) => resource.Type === WEB_ACL_TYPE);
  const publicCount = publicIngress ? a.publicLoadBalancers : 0;
  const count = a.internalLoadBalancers + publicCount;
  const counted = `${a.internalLoadBalancers} internal${publicIngress ? ` + ${publicCount} public` : ''}`;
  const hour = book.prices.albHour;
  collector.addLine({
    kind: 'alb-hours',
    label: 'Application Load Balancers',
    quantity: `${counted} x ${a.hoursPerMonth} h x ${usd(hour.usd)} (usage)`,
    monthlyUsd: count * a.hoursPerMonth * hour.usd,
    note:
      `made by the load balancer controller for Ingresses; ` +
      `each costs $${(a.hoursPerMonth * hour.usd).toFixed(2)} a month before capacity units`,
  });
  const lcu = book.prices.albLcuHour;
  collector.addLine({
    kind: 'alb-capacity-units',
    label: 'Load balancer capacity units',
    quantity: `${plural(count, 'load balancer')} x ${a.capacityUnitsPerLoadBalancer} LCU x ${a.hoursPerMonth} h x ${usd(lcu.usd)} (usage)`,
    monthlyUsd: count * a.capacityUnitsPerLoadBalancer * a.hoursPerMonth * lcu.usd,
  });
};

/** A web ACL's monthly fee, one rule fee per rule or rule group in it, and the requests it inspects. */
const webAcls: Pricer = (acls, { collector, book, assumptions: a }) => {
  const rules = acls.reduce((sum, [, acl]) => sum + (acl.Properties?.Rules?.length ?? 0), 0);
  const acl = book.prices.wafWebAclMonth;
  collector.addLine({
    kind: 'waf-web-acls',
    label: 'AWS WAF web ACLs',
    quantity: `${plural(acls.length, 'web ACL')} x ${usd(acl.usd)}`,
    monthlyUsd: acls.length * acl.usd,
  });
  const rule = book.prices.wafRuleMonth;
  collector.addLine({
    kind: 'waf-rules',
    label: 'AWS WAF rules',
    quantity: `${plural(rules, 'rule')} x ${usd(rule.usd)}`,
    monthlyUsd: rules * rule.usd,
    note: 'a managed rule group counts as one rule; the groups used here carry no fee of their own',
  });
  const requests = book.prices.wafMillionRequests;
  collector.addLine({
    kind: 'waf-requests',
    label: 'AWS WAF requests',
    quantity: `${a.wafMillionRequestsPerMonth} million x ${usd(requests.usd)} (usage)`,
    monthlyUsd: a.wafMillionRequestsPerMonth * requests.usd,
  });
};

export const PRICED_TYPES: Readonly<Record<string, Pricer>> = {
  'AWS::EKS::Cluster': (clusters, context) =>
    hourly(context, 'eks-control-plane', 'EKS control plane', clusters.length, 'cluster', context.book.prices.eksClusterHour),
  'AWS::EKS::Nodegroup': nodeGroups,
  'AWS::EKS::Addon': eksAddons,
  'AWS::EC2::NatGateway': natGateways,
  'AWS::EC2::EIP': (ips, context) =>
    hourly(context, 'public-ipv4', 'Public IPv4 (Elastic IPs)', ips.length, 'IP', context.book.prices.publicIpv4Hour),
  'AWS::EC2::VPCEndpoint': vpcEndpoints,
  'AWS::KMS::Key': kmsKeys,
  'AWS::Logs::LogGroup': logGroups,
  'AWS::CloudWatch::Alarm': alarms,
  'AWS::CloudWatch::Dashboard': dashboards,
  'AWS::SSM::Parameter': ssmParameters,
  'Custom::AWSCDK-EKS-HelmChart': helmCharts,
  [WEB_ACL_TYPE]: webAcls,
};
