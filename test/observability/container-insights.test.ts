import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { WILDCARD_ACTIONS_METADATA } from '../../lib/compliance/acknowledgements';
import { ContainerInsights } from '../../lib/observability/container-insights';
import { addonPins } from '../../lib/shared/eks-addon-versions';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../lib/shared/kubernetes-version';
import { bareStack, lazily } from '../support/synth';
import { onlyResource } from '../support/template';

/** ContainerInsights on a bare stack, for an imported cluster `payments` with its OIDC provider. */
const built = lazily(() => {
  const stack = bareStack();
  const openIdConnectProvider = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(
    stack,
    'Oidc',
    'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
  );
  const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'payments', openIdConnectProvider });
  const insights = new ContainerInsights(stack, 'ContainerInsights', {
    cluster,
    nodeGroups: [],
    performanceLogGroupName: '/aws/containerinsights/payments/performance',
    logGroups: { retentionDays: 7, encryptionKey: new kms.Key(stack, 'Key') },
    addons: addonPins(SUPPORTED_KUBERNETES_VERSIONS[0]),
  });
  return { insights, template: Template.fromStack(stack) };
});

test("the agent policy's wildcard is acknowledged for exactly its three actions, saying why", () => {
  const { insights } = built();
  const policy = insights.node.findChild('AgentPolicy').node.defaultChild!;
  const metadata = (type: string) => policy.node.metadata.filter((entry) => entry.type === type).map((entry) => entry.data);
  expect(metadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY)).toEqual([
    {
      'Annotation::AwsSolutions-IAM5[Resource::*]':
        'cloudwatch:PutMetricData and ec2:DescribeVolumes/DescribeTags support no resource-level permissions; PutMetricData is ' +
        'limited to the ContainerInsights namespace by condition, and the EC2 actions are read-only.',
    },
  ]);
  expect(metadata(WILDCARD_ACTIONS_METADATA)).toEqual([
    { 'AwsSolutions-IAM5[Resource::*]': ['cloudwatch:PutMetricData', 'ec2:DescribeVolumes', 'ec2:DescribeTags'] },
  ]);
});

test('the agent policy and role say what they are for', () => {
  const { template } = built();
  const [, policy] = onlyResource(template, 'AWS::IAM::ManagedPolicy');
  expect(policy.Properties.Description).toBe(
    'CloudWatch agent of Container Insights: performance events to its one log group, metrics to ContainerInsights',
  );
  const [, addon] = onlyResource(template, 'AWS::EKS::Addon');
  const role = template.findResources('AWS::IAM::Role')[addon.Properties.ServiceAccountRoleArn['Fn::GetAtt'][0]];
  expect(role.Properties.Description).toBe('IRSA role of the Container Insights CloudWatch agent');
});
