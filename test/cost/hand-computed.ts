import type { Price, PriceBook } from '../../scripts/cost/price-book';
import type { CfnTemplate } from '../../scripts/cost/report';
import type { Assumptions } from '../../scripts/cost/usage';

/**
 * A small template and price table whose monthly cost is worked out by hand in
 * report.test.ts. Prices and assumptions are deliberately not the real ones, so that the
 * expected figures cannot come from the real price book.
 */
const price = (usd: number): Price => ({ usd, unit: 'test', source: 'test', takenOn: '2000-01-01', evidence: 'test' });

export const HAND_PRICES: PriceBook = {
  region: 'ap-southeast-1',
  currency: 'USD',
  takenOn: '2000-01-01',
  prices: {
    eksClusterHour: price(0.1),
    gp3GbMonth: price(0.1),
    natGatewayHour: price(0.05),
    natGatewayGb: price(0.05),
    publicIpv4Hour: price(0.01),
    interfaceEndpointAzHour: price(0.02),
    interfaceEndpointGb: price(0.01),
    interAzGb: price(0.01),
    kmsKeyMonth: price(1),
    logsIngestGb: price(0.5),
    logsStorageGbMonth: price(0.03),
    alarmMetricMonth: price(0.1),
    dashboardMonth: price(3),
    guardDutyEksAuditMillionEvents: price(2),
    guardDutyEksRuntimeVcpuMonth: price(3.65),
    albHour: price(0.02),
    albLcuHour: price(0.01),
    wafWebAclMonth: price(4),
    wafRuleMonth: price(2),
    wafMillionRequests: price(0.5),
  },
  instanceHour: { 'm5.large': price(0.2), 'm6i.large': price(0.25), 'm7i.large': price(0.3) },
  spotSavings: {
    'm5.large': { savings: 0.5, interruptions: '>20%', source: 'test', takenOn: '2000-01-01', evidence: 'test' },
    'm6i.large': { savings: 0.4, interruptions: '<5%', source: 'test', takenOn: '2000-01-01', evidence: 'test' },
  },
  negligible: { 'AWS::Lambda::Function': { label: 'Lambda functions', reason: 'deploy-time only' } },
  free: { 'AWS::IAM::Role': 'IAM is free', 'AWS::EC2::LaunchTemplate': 'priced with the nodes', 'Custom::*': 'handler is the Lambda line' },
  freeEndpointServices: { 'guardduty-data': 'no charge for the endpoint' },
  usageBilledAddons: { 'amazon-cloudwatch-observability': 'billed per observation' },
};

/** 720 hours make 30 days, which keeps the log arithmetic readable. */
export const HAND_ASSUMPTIONS: Assumptions = {
  hoursPerMonth: 720,
  logGbPerDay: 2,
  logStorageHorizonDays: 100,
  natProcessedGbPerMonth: 10,
  interfaceEndpointProcessedGbPerMonth: 20,
  eksAuditEventsMillionsPerMonth: 3,
  internalLoadBalancers: 2,
  publicLoadBalancers: 1,
  capacityUnitsPerLoadBalancer: 3,
  wafMillionRequestsPerMonth: 4,
};

export const HAND_TEMPLATE: CfnTemplate = {
  // GuardDuty is billed for the cluster, not for a resource: the recorded settings say what it watches.
  Metadata: { FintechEksPlatformSettings: { threatDetection: { auditLogMonitoring: true, runtimeMonitoring: 'platform' } } },
  Resources: {
    Cluster: { Type: 'AWS::EKS::Cluster', Properties: { Name: 'c' } },
    Nodes: {
      Type: 'AWS::EKS::Nodegroup',
      Properties: {
        InstanceTypes: ['m5.large'],
        Subnets: [{ Ref: 'A' }],
        ScalingConfig: { MinSize: 1, DesiredSize: 2, MaxSize: 4 },
        LaunchTemplate: { Id: { Ref: 'NodeTemplate' }, Version: '1' },
      },
    },
    NodeTemplate: {
      Type: 'AWS::EC2::LaunchTemplate',
      Properties: {
        LaunchTemplateData: { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, VolumeType: 'gp3' } }] },
      },
    },
    Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} },
    NatIp: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
    LogsEndpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Interface', SubnetIds: [{ Ref: 'A' }, { Ref: 'B' }] } },
    S3Endpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { ServiceName: 's3' } },
    GuardDutyEndpoint: {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: { VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.ap-southeast-1.guardduty-data', SubnetIds: [{ Ref: 'A' }] },
    },
    Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
    WeekOfLogs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/aws/eks/c/cluster', RetentionInDays: 7 } },
    NeverExpires: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/aws/vpc/c/flow-logs' } },
    HandlerLogs: {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: { 'Fn::Join': ['', ['/aws/lambda/', { Ref: 'Handler' }]] }, RetentionInDays: 7 },
    },
    Handler: { Type: 'AWS::Lambda::Function', Properties: {} },
    CpuAlarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'CPUUtilization', Namespace: 'AWS/EC2', Period: 300 } },
    Dashboard: { Type: 'AWS::CloudWatch::Dashboard', Properties: {} },
    Role: { Type: 'AWS::IAM::Role', Properties: {} },
    Patch: { Type: 'Custom::AWSCDK-EKS-KubernetesPatch', Properties: {} },
    Database: { Type: 'AWS::RDS::DBInstance', Properties: {} },
  },
};
