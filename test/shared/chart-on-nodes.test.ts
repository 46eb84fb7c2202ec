import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Template } from 'aws-cdk-lib/assertions';
import { installChartOnNodes } from '../../lib/shared/chart-on-nodes';
import { bareStack } from '../support/synth';
import { onlyResource } from '../support/template';
import { importedCluster } from '../support/imported-cluster';

/** installChartOnNodes on a bare stack: an imported cluster with its kubectl provider, and two stand-in node groups. */
function chartOnNodes() {
  const stack = bareStack();
  const cluster = importedCluster(stack);
  // Any resource stands in for a node group: what matters is that the chart waits for it.
  const nodeGroups = ['NodesA', 'NodesB'].map((id) => new ec2.CfnEIP(stack, id));
  installChartOnNodes(stack, 'Chart', {
    cluster,
    chart: { chart: 'metrics-server', repository: 'https://kubernetes-sigs.github.io/metrics-server/', version: '3.13.0' },
    release: 'metrics-server',
    namespace: 'kube-system',
    nodeGroups,
    values: { replicas: 2 },
  });
  const template = Template.fromStack(stack);
  const [, chart] = onlyResource(template, 'Custom::AWSCDK-EKS-HelmChart');
  return { chart, nodeGroupIds: nodeGroups.map((group) => stack.resolve(group.logicalId)) };
}

test('the pinned chart is installed as the given release, in the given namespace, with the given values', () => {
  const { chart } = chartOnNodes();
  expect(chart.Properties).toMatchObject({
    Chart: 'metrics-server',
    Repository: 'https://kubernetes-sigs.github.io/metrics-server/',
    Version: '3.13.0',
    Release: 'metrics-server',
    Namespace: 'kube-system',
    Values: '{"replicas":2}',
  });
});

test('the install waits up to ten minutes for its pods, so pods that never become ready fail the deploy', () => {
  const { chart } = chartOnNodes();
  expect(chart.Properties).toMatchObject({ Wait: true, Timeout: '600s' });
});

test('the install comes after every node group its pods need', () => {
  const { chart, nodeGroupIds } = chartOnNodes();
  expect(chart.DependsOn).toEqual(expect.arrayContaining(nodeGroupIds));
});
