import { platformNames } from '../../lib/config/names';

// Every name written out as the README and the specification give it (Outputs, Observability,
// S6, S7), for the suffix `pr42`: many environments share one account, so each name carries it.
// Built in each test: built while the file loads, the names would be the same for every mutant of
// a mutation run (test/support/synth.ts).
const pr42 = () => platformNames('pr42', 'ap-southeast-1');

test('stack, cluster and key alias (S6: no doubled alias/ prefix)', () => {
  const names = pr42();
  expect(names.stack).toBe('FintechEksPlatform-pr42');
  expect(names.cluster).toBe('fintech-eks-pr42');
  expect(names.kmsAlias).toBe('eks-secrets-pr42');
});

test('log groups: control plane, flow logs, containers, Container Insights', () => {
  const names = pr42();
  expect(names.controlPlaneLogGroup).toBe('/aws/eks/fintech-eks-pr42/cluster');
  expect(names.flowLogGroup).toBe('/aws/vpc/fintech-eks-pr42/flow-logs');
  expect(names.containerLogGroup).toBe('/aws/eks/fintech-eks-pr42/containers');
  expect(names.containerInsightsLogGroup).toBe('/aws/containerinsights/fintech-eks-pr42/performance');
  expect(names.lambdaLogGroupPrefix).toBe('/aws/lambda/fintech-eks-pr42');
  expect(names.logGroupPrefixes).toEqual([
    '/aws/eks/fintech-eks-pr42/',
    '/aws/vpc/fintech-eks-pr42/',
    '/aws/containerinsights/fintech-eks-pr42/',
    '/aws/lambda/fintech-eks-pr42/',
  ]);
  expect(names.webAclLogGroup).toBe('aws-waf-logs-fintech-eks-pr42');
  expect(names.logGroupsByName).toEqual(['aws-waf-logs-fintech-eks-pr42']);
});

test('Fluent Bit parameter and metric namespace, alarm topic, alarm prefix and dashboard', () => {
  const names = pr42();
  expect(names.fluentBitConfigParameter).toBe('/fintech-eks-pr42/fluent-bit/config');
  expect(names.fluentBitMetricNamespace).toBe('FluentBit/fintech-eks-pr42');
  expect(names.alarmTopic).toBe('fintech-eks-pr42-alarms');
  expect(names.alarmNamePrefix).toBe('fintech-eks-pr42.');
  expect(names.dashboard).toBe('fintech-eks-pr42-ap-southeast-1-observability');
});

test('EventBridge rules for break-glass use and GuardDuty findings, and the web ACL', () => {
  const names = pr42();
  expect(names.breakGlassRule).toBe('fintech-eks-pr42-break-glass-assumed');
  expect(names.threatFindingsRule).toBe('fintech-eks-pr42-guardduty-findings');
  expect(names.webAcl).toBe('fintech-eks-pr42-public-ingress');
});

test('node groups per zone, exports per output (S7)', () => {
  const names = pr42();
  expect(names.nodeGroup('ap-southeast-1a')).toBe('fintech-eks-pr42-ng-ap-southeast-1a');
  expect(names.exportName('ClusterEndpoint')).toBe('EksClusterEndpointpr42');
});

test("one environment's alarm prefix does not match another's alarm names", () => {
  const dev = platformNames('dev', 'ap-southeast-1');
  expect(`${platformNames('dev-2', 'ap-southeast-1').alarmNamePrefix}node-cpu-high`.startsWith(dev.alarmNamePrefix)).toBe(false);
});
