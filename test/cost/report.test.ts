import { estimateCost } from '../../scripts/cost/estimate';
import { CfnTemplate, CostLine, LineKind } from '../../scripts/cost/report';
import { lazily } from '../support/synth';
import { HAND_ASSUMPTIONS, HAND_PRICES, HAND_TEMPLATE } from './hand-computed';

// Estimated on a test's first read: estimated while the file loads, the report would be the same
// for every mutant of a mutation run (test/support/synth.ts).
const handReport = lazily(() => estimateCost(HAND_TEMPLATE, HAND_PRICES, HAND_ASSUMPTIONS));
const line = (kind: LineKind): CostLine => {
  const found = handReport().lines.filter((l) => l.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('cost arithmetic against a hand-computed template', () => {
  test.each<[LineKind, number, number]>([
    // 1 cluster x 720 h x $0.10 = 72.00
    ['eks-control-plane', 72, 72],
    // 2 x m5.large x 720 h x $0.20 = 288.00; at max 4 nodes: 576.00
    ['ec2-nodes', 288, 576],
    // 2 nodes x 20 GB gp3 = 40 GB x $0.10 = 4.00; at max 4 x 20 = 80 GB: 8.00
    ['ebs-volumes', 4, 8],
    // 1 gateway x 720 h x $0.05 = 36.00
    ['nat-gateway-hours', 36, 36],
    // 10 GB assumed x $0.05 = 0.50
    ['nat-gateway-data', 0.5, 0.5],
    // 1 Elastic IP x 720 h x $0.01 = 7.20
    ['public-ipv4', 7.2, 7.2],
    // 1 interface endpoint in 2 subnets = 2 endpoint-AZs x 720 h x $0.02 = 28.80 (the S3 gateway endpoint is free)
    ['interface-endpoint-hours', 28.8, 28.8],
    // 20 GB assumed x $0.01 = 0.20
    ['interface-endpoint-data', 0.2, 0.2],
    // 1 key x $1 = 1.00
    ['kms-keys', 1, 1],
    // 2 GB/day x (720 / 24 = 30 days) x $0.50 = 30.00
    ['logs-ingestion', 30, 30],
    // the Lambda's group is left out; 2 GB/day split over the other 2 groups = 1 GB/day each:
    // 7-day group keeps 7 GB, never-expiring group is cut at the 100-day horizon: 100 GB;
    // 107 GB x $0.03 = 3.21
    ['logs-storage', 3.21, 3.21],
    // 1 alarm on 1 metric x $0.10 = 0.10
    ['alarms', 0.1, 0.1],
    // 1 dashboard x $3 = 3.00
    ['dashboards', 3, 3],
    // 3 million audit events assumed x $2 = 6.00
    ['guardduty-audit-logs', 6, 6],
    // 2 x m5.large = 4 vCPUs x 720/730 of a month x $3.65 = 14.40; at max 4 nodes, 8 vCPUs: 28.80
    ['guardduty-runtime', 14.4, 28.8],
    // deploy-time Lambda: shown, at zero
    ['negligible', 0, 0],
  ])('%s costs %d a month (%d at max nodes)', (kind, monthly, atMax) => {
    expect(line(kind).monthlyUsd).toBeCloseTo(monthly, 9);
    expect(line(kind).monthlyUsdAtMax).toBeCloseTo(atMax, 9);
  });

  test('the total is the sum worked out by hand, at desired and at maximum node count', () => {
    // 72 + 288 + 4 + 36 + 0.5 + 7.2 + 28.8 + 0.2 + 1 + 30 + 3.21 + 0.1 + 3 + 6 + 14.4 = 494.41
    expect(handReport().totalMonthlyUsd).toBeCloseTo(494.41, 9);
    // at max, nodes +288, volumes +4 and runtime monitoring +14.40: 800.81
    expect(handReport().totalMonthlyUsdAtMax).toBeCloseTo(800.81, 9);
  });

  test('a type that is neither priced nor free is reported as not priced, not dropped, and makes the report incomplete', () => {
    expect(handReport().notPriced).toEqual([
      { type: 'AWS::RDS::DBInstance', count: 1, reason: expect.stringContaining('neither priced nor listed as free'), usageBased: false },
    ]);
    expect(handReport().complete).toBe(false);
  });

  test('lines come most expensive first', () => {
    const costs = handReport().lines.map((l) => l.monthlyUsd);
    // nodes 288, cluster 72, NAT 36, logs ingestion 30, endpoints 28.8, ...
    expect(costs.slice(0, 5)).toEqual([288, 72, 36, 30, 28.8].map((c) => expect.closeTo(c, 9)));
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
  });

  test('free types are listed with their count, wildcard entries included', () => {
    expect(handReport().free).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'AWS::IAM::Role', count: 1 }),
        expect.objectContaining({ type: 'Custom::AWSCDK-EKS-KubernetesPatch', count: 1 }),
        expect.objectContaining({ type: 'AWS::EC2::VPCEndpoint (Gateway)', count: 1 }),
        // The guardduty-data endpoint is free: it adds no endpoint-AZ to the 28.80 above.
        expect.objectContaining({ type: 'AWS::EC2::VPCEndpoint (guardduty-data)', count: 1 }),
      ]),
    );
  });

  test('the assumptions used are returned with the result', () => {
    expect(handReport().assumptions).toEqual(HAND_ASSUMPTIONS);
  });
});

describe('GuardDuty, priced from the settings the template records', () => {
  const nodes = {
    Nodes: { Type: 'AWS::EKS::Nodegroup', Properties: { InstanceTypes: ['m5.2xlarge'], ScalingConfig: { DesiredSize: 1, MaxSize: 3 } } },
  };
  const withSettings = (threatDetection: unknown, resources: CfnTemplate['Resources'] = nodes) =>
    estimateCost({ Metadata: { FintechEksPlatformSettings: { threatDetection } }, Resources: resources }, HAND_PRICES, HAND_ASSUMPTIONS);
  const guardDuty = (result: ReturnType<typeof estimateCost>) => result.lines.filter((l) => l.kind.startsWith('guardduty'));

  test("an agent the organization installs is billed to the account all the same, by the nodes' vCPUs", () => {
    // m5.2xlarge = 8 vCPUs x 720/730 x $3.65 = 28.80; at max 3 nodes: 86.40
    expect(guardDuty(withSettings({ auditLogMonitoring: false, runtimeMonitoring: 'organization' }))).toEqual([
      expect.objectContaining({ kind: 'guardduty-runtime', monthlyUsd: expect.closeTo(28.8, 9), monthlyUsdAtMax: expect.closeTo(86.4, 9) }),
    ]);
  });

  test('with both turned off, and in a template recording no settings, there is no GuardDuty line', () => {
    expect(guardDuty(withSettings({ auditLogMonitoring: false, runtimeMonitoring: 'off' }))).toEqual([]);
    expect(guardDuty(estimateCost({ Resources: nodes }, HAND_PRICES, HAND_ASSUMPTIONS))).toEqual([]);
  });

  test('nodes of a type whose vCPUs the report does not know leave runtime monitoring unpriced', () => {
    const result = withSettings(
      { auditLogMonitoring: false, runtimeMonitoring: 'platform' },
      { Nodes: { Type: 'AWS::EKS::Nodegroup', Properties: { InstanceTypes: ['m5.metal'] } } },
    );
    expect(guardDuty(result)).toEqual([]);
    expect(result.notPriced).toContainEqual(expect.objectContaining({ type: 'GuardDuty runtime monitoring', usageBased: false }));
    expect(result.complete).toBe(false);
  });
});

describe('what the report refuses to guess', () => {
  const only = (resources: CfnTemplate['Resources']) => estimateCost({ Resources: resources }, HAND_PRICES, HAND_ASSUMPTIONS);

  test('an instance type without a price is not priced, its volumes still are, and the report is incomplete', () => {
    const result = only({
      Nodes: {
        Type: 'AWS::EKS::Nodegroup',
        Properties: { InstanceTypes: ['m7g.large'], ScalingConfig: { DesiredSize: 1, MaxSize: 2 }, LaunchTemplate: { Id: { Ref: 'T' } } },
      },
      T: HAND_TEMPLATE.Resources!.NodeTemplate,
    });
    expect(result.lines.filter((l) => l.kind === 'ec2-nodes')).toEqual([]);
    expect(result.notPriced).toContainEqual(
      expect.objectContaining({ type: 'AWS::EKS::Nodegroup', reason: expect.stringContaining('m7g.large'), usageBased: false }),
    );
    expect(result.complete).toBe(false);
    // 1 node x 20 GB x $0.10 = 2.00; at max 2 nodes: 4.00
    expect(result.lines).toEqual([
      expect.objectContaining({ kind: 'ebs-volumes', monthlyUsd: expect.closeTo(2, 9), monthlyUsdAtMax: expect.closeTo(4, 9) }),
    ]);
  });

  test('usage-based charges (Container Insights, Metrics Insights alarms) are listed but leave the report complete', () => {
    const result = only({
      Insights: { Type: 'AWS::EKS::Addon', Properties: { AddonName: 'amazon-cloudwatch-observability' } },
      Query: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: { Metrics: [{ Id: 'q', Expression: 'SELECT MAX(x) FROM SCHEMA(ContainerInsights, ClusterName)' }] },
      },
    });
    expect(result.notPriced).toEqual([
      expect.objectContaining({ type: 'AWS::EKS::Addon (amazon-cloudwatch-observability)', usageBased: true }),
      expect.objectContaining({ type: 'AWS::CloudWatch::Alarm (Metrics Insights query)', usageBased: true }),
    ]);
    expect(result.complete).toBe(true);
  });

  test('a Spot node group is priced at the dearest of its types: On-Demand less its average Spot saving', () => {
    const result = only({
      Nodes: {
        Type: 'AWS::EKS::Nodegroup',
        Properties: { CapacityType: 'SPOT', InstanceTypes: ['m5.large', 'm6i.large'], ScalingConfig: { DesiredSize: 2, MaxSize: 4 } },
      },
    });
    // m5.large $0.20 x (1 - 0.5) = $0.10, m6i.large $0.25 x (1 - 0.4) = $0.15: 2 nodes x 720 h x $0.15 = 216; at max 4: 432
    const [nodes] = result.lines.filter((l) => l.kind === 'ec2-nodes');
    expect(nodes.monthlyUsd).toBeCloseTo(216, 9);
    expect(nodes.monthlyUsdAtMax).toBeCloseTo(432, 9);
    expect(nodes.label).toBe('EC2 Spot nodes (m5.large, m6i.large)');
    expect(nodes.note).toContain('m5.large -50%, interrupted >20% a month; m6i.large -40%, interrupted <5% a month');
  });

  test('a Spot node group with a type the book has no Spot figure for is not priced, and the report is incomplete', () => {
    const result = only({
      Nodes: {
        Type: 'AWS::EKS::Nodegroup',
        Properties: { CapacityType: 'SPOT', InstanceTypes: ['m5.large', 'm7i.large'], ScalingConfig: { DesiredSize: 1, MaxSize: 1 } },
      },
    });
    expect(result.lines.filter((l) => l.kind === 'ec2-nodes')).toEqual([]);
    expect(result.notPriced).toContainEqual(
      expect.objectContaining({ reason: 'no On-Demand price or Spot savings for instance type m7i.large in the price book' }),
    );
    expect(result.complete).toBe(false);
  });

  test('node groups in zones without the interface endpoints pay for the endpoint traffic across zones, both ways', () => {
    const group = (subnet: string) => ({
      Type: 'AWS::EKS::Nodegroup',
      Properties: { InstanceTypes: ['m5.large'], Subnets: [{ Ref: subnet }], ScalingConfig: { DesiredSize: 0, MaxSize: 1 } },
    });
    const result = only({
      Endpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Interface', SubnetIds: [{ Ref: 'A' }] } },
      InA: group('A'),
      InB: group('B'),
      InC: group('C'),
    });
    // 2 of 3 node groups away from the endpoint: 20 GB x 2/3 x 2 directions x $0.01 = 0.2667
    const [crossZone] = result.lines.filter((l) => l.kind === 'interface-endpoint-cross-zone');
    expect(crossZone.monthlyUsd).toBeCloseTo((20 * 2 * 2 * 0.01) / 3, 9);
    // With the endpoint in every node group's zone there is no such line.
    const everywhere = only({
      Endpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Interface', SubnetIds: [{ Ref: 'A' }, { Ref: 'B' }] } },
      InA: group('A'),
      InB: group('B'),
    });
    expect(everywhere.lines.filter((l) => l.kind === 'interface-endpoint-cross-zone')).toEqual([]);
  });

  test('an alarm on a Metrics Insights query is not priced as a one-metric alarm', () => {
    const result = only({
      Query: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: { Metrics: [{ Id: 'q', Expression: 'SELECT MAX(node_cpu_utilization) FROM SCHEMA(ContainerInsights, ClusterName)' }] },
      },
      Listed: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Metrics: [
            { Id: 'm1', MetricStat: { Metric: { MetricName: 'a' }, Period: 300 } },
            { Id: 'm2', MetricStat: { Metric: { MetricName: 'b' }, Period: 300 } },
            { Id: 'e', Expression: 'm1 + m2' },
          ],
        },
      },
    });
    // the listed alarm has 2 metrics (the math expression is free): 2 x $0.10
    expect(result.lines).toEqual([expect.objectContaining({ kind: 'alarms', monthlyUsd: expect.closeTo(0.2, 9) })]);
    expect(result.notPriced).toContainEqual(
      expect.objectContaining({ type: 'AWS::CloudWatch::Alarm (Metrics Insights query)', usageBased: true }),
    );
  });

  test('node volumes of a type other than gp3 are reported, not priced as gp3', () => {
    const result = only({
      Nodes: {
        Type: 'AWS::EKS::Nodegroup',
        Properties: { InstanceTypes: ['m5.large'], ScalingConfig: { DesiredSize: 1, MaxSize: 1 }, LaunchTemplate: { Id: { Ref: 'T' } } },
      },
      T: {
        Type: 'AWS::EC2::LaunchTemplate',
        Properties: { LaunchTemplateData: { BlockDeviceMappings: [{ Ebs: { VolumeSize: 100, VolumeType: 'io2' } }] } },
      },
    });
    expect(result.lines.map((l) => l.kind)).not.toContain('ebs-volumes');
    expect(result.notPriced).toContainEqual(expect.objectContaining({ reason: expect.stringContaining('io2') }));
  });
});

describe('ingress lines against a hand-computed template (O7)', () => {
  const controller = { Type: 'Custom::AWSCDK-EKS-HelmChart', Properties: { Chart: 'aws-load-balancer-controller' } };
  const otherChart = { Type: 'Custom::AWSCDK-EKS-HelmChart', Properties: { Chart: 'metrics-server' } };
  const webAcl = { Type: 'AWS::WAFv2::WebACL', Properties: { Rules: [{ Name: 'a' }, { Name: 'b' }, { Name: 'c' }] } };
  const monthlyOf = (template: CfnTemplate, kind: LineKind) =>
    estimateCost(template, HAND_PRICES, HAND_ASSUMPTIONS)
      .lines.filter((l) => l.kind === kind)
      .map((l) => l.monthlyUsd);

  test('with public ingress: 2 internal + 1 public load balancers, 3 LCU each, the web ACL, its 3 rules and 4 million requests', () => {
    const template = { Resources: { Controller: controller, Other: otherChart, Acl: webAcl } };
    // (2 + 1) x 720 h x $0.02 = 43.20
    expect(monthlyOf(template, 'alb-hours')[0]).toBeCloseTo(43.2, 9);
    // 3 load balancers x 3 LCU x 720 h x $0.01 = 64.80
    expect(monthlyOf(template, 'alb-capacity-units')[0]).toBeCloseTo(64.8, 9);
    // 1 x $4; 3 rules x $2 = 6; 4 million x $0.50 = 2
    expect(monthlyOf(template, 'waf-web-acls')).toEqual([4]);
    expect(monthlyOf(template, 'waf-rules')).toEqual([6]);
    expect(monthlyOf(template, 'waf-requests')).toEqual([2]);
    expect(estimateCost(template, HAND_PRICES, HAND_ASSUMPTIONS).complete).toBe(true);
  });

  test('without public ingress: the internal load balancers only, and no WAF line', () => {
    const template = { Resources: { Controller: controller } };
    // 2 x 720 h x $0.02 = 28.80; 2 x 3 LCU x 720 h x $0.01 = 43.20
    expect(monthlyOf(template, 'alb-hours')[0]).toBeCloseTo(28.8, 9);
    expect(monthlyOf(template, 'alb-capacity-units')[0]).toBeCloseTo(43.2, 9);
    for (const kind of ['waf-web-acls', 'waf-rules', 'waf-requests'] as LineKind[]) expect(monthlyOf(template, kind)).toEqual([]);
  });

  test('without the controller: no load balancer line; its charts are free', () => {
    const template = { Resources: { Other: otherChart } };
    expect(monthlyOf(template, 'alb-hours')).toEqual([]);
    expect(estimateCost(template, HAND_PRICES, HAND_ASSUMPTIONS).free).toEqual([
      expect.objectContaining({ type: 'Custom::AWSCDK-EKS-HelmChart' }),
    ]);
  });
});
