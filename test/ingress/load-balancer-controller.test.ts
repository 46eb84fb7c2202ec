import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { WILDCARD_ACTIONS_METADATA } from '../../lib/compliance/acknowledgements';
import { LoadBalancerController } from '../../lib/ingress/load-balancer-controller';
import { bareStack, lazily } from '../support/synth';
import { HELM_CHART_TYPE, jsonOf, onlyResource } from '../support/template';
import { importedCluster } from '../support/imported-cluster';

const WEB_ACL = 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/payments-public-ingress/0f1e2d3c';

/** LoadBalancerController on a bare stack, for an imported cluster `payments` with its OIDC and kubectl providers. */
function controllerOn(webAclArn?: string) {
  const stack = bareStack();
  const cluster = importedCluster(stack, { oidc: true, securityGroupId: 'sg-0c1u2s3t' });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0a1b2c3d', availabilityZones: ['eu-west-1a', 'eu-west-1b'] });
  const nodeSecurityGroup = new ec2.SecurityGroup(stack, 'Nodes', { vpc, description: 'Worker nodes' });
  const controller = new LoadBalancerController(stack, 'Controller', {
    cluster,
    clusterName: 'payments',
    region: 'eu-west-1',
    vpc,
    nodeSecurityGroup,
    nodeGroups: [],
    webAclArn,
  });
  const template = Template.fromStack(stack);
  const [, chart] = onlyResource(template, HELM_CHART_TYPE);
  return { controller, template, values: jsonOf(chart.Properties.Values) };
}

const internal = lazily(() => controllerOn());
const withWebAcl = lazily(() => controllerOn(WEB_ACL));

const metadataOf = (controller: LoadBalancerController, type: string) =>
  controller.node
    .findChild('Policy')
    .node.defaultChild!.node.metadata.filter((entry) => entry.type === type)
    .map((entry) => entry.data);

const LB = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/k8s-*/*';
const TG = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/k8s-*/*';
const LISTENER = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/k8s-*/*/*';
const RULE = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener-rule/app/k8s-*/*/*/*';
const SG = 'arn:aws:ec2:eu-west-1:111122223333:security-group/*';

describe("the AWS Load Balancer Controller chart's values (O7)", () => {
  test('its own service account, created by the chart, annotated with its IRSA role', () => {
    const { values, template } = internal();
    expect(values.serviceAccount).toEqual({
      create: true,
      name: 'aws-load-balancer-controller',
      annotations: { 'eks.amazonaws.com/role-arn': expect.stringMatching(/^<Fn::GetAtt ControllerRole\w+\.Arn>$/) },
    });
    const roleId = /<Fn::GetAtt (\w+)\.Arn>/.exec(values.serviceAccount.annotations['eks.amazonaws.com/role-arn'])![1];
    const role = template.findResources('AWS::IAM::Role')[roleId];
    expect(role.Properties.Description).toBe('IRSA role of the AWS Load Balancer Controller of payments');
    expect(role.Properties.ManagedPolicyArns).toEqual([{ Ref: expect.stringMatching(/^ControllerPolicy\w+$/) }]);
  });

  test('classes only by spec.ingressClassName, made by the stack, pods as IP targets, the webhook certificate kept', () => {
    const { values } = internal();
    expect(values).toMatchObject({
      clusterName: 'payments',
      region: 'eu-west-1',
      vpcId: 'vpc-0a1b2c3d',
      createIngressClassResource: false,
      ingressClassParams: { create: false },
      disableIngressClassAnnotation: true,
      disableIngressGroupNameAnnotation: true,
      defaultTargetType: 'ip',
      keepTLSSecret: true,
      enableWafv2: false,
    });
    expect(withWebAcl().values.enableWafv2).toBe(true);
  });

  test('two replicas spread across zones by their own pod labels, with requests and a memory limit', () => {
    const { values } = internal();
    expect(values.topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: {
          matchLabels: {
            'app.kubernetes.io/name': 'aws-load-balancer-controller',
            'app.kubernetes.io/instance': 'aws-load-balancer-controller',
          },
        },
      },
    ]);
    expect(values.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } });
  });

  test('installed as the release aws-load-balancer-controller', () => {
    const { template } = internal();
    const [, chart] = onlyResource(template, HELM_CHART_TYPE);
    expect(chart.Properties.Release).toBe('aws-load-balancer-controller');
  });

  test('the webhook rule and the policy say what they are for', () => {
    const { template } = internal();
    const [, group] = onlyResource(template, 'AWS::EC2::SecurityGroup');
    expect(group.Properties.SecurityGroupIngress).toEqual([
      expect.objectContaining({ Description: 'control plane to the AWS Load Balancer Controller webhooks', FromPort: 9443 }),
    ]);
    const [, policy] = onlyResource(template, 'AWS::IAM::ManagedPolicy');
    expect(policy.Properties.Description).toBe(
      'AWS Load Balancer Controller of payments: load balancers, target groups and security groups tagged for it',
    );
  });
});

describe("the controller policy's wildcard acknowledgements (O7)", () => {
  const generatedNames =
    'AWS generates these ids; the controller names its load balancers and target groups k8s-...; ' +
    'each action is conditioned on the elbv2.k8s.aws/cluster tag of this cluster.';

  test('each wildcard resource is acknowledged, saying why', () => {
    const { controller } = internal();
    expect(metadataOf(controller, Validations.ACKNOWLEDGED_RULES_METADATA_KEY)).toEqual([
      {
        'Annotation::AwsSolutions-IAM5[Resource::*]':
          'Describe and Get actions of EC2 and ELB support no resource-level permissions; read-only.',
      },
      {
        [`Annotation::AwsSolutions-IAM5[Resource::${SG}]`]:
          'The controller names its security groups as it creates them: creation only with the elbv2.k8s.aws/cluster tag of ' +
          'this cluster, every later change only on groups that carry it.',
      },
      { [`Annotation::AwsSolutions-IAM5[Resource::${LB}]`]: generatedNames },
      { [`Annotation::AwsSolutions-IAM5[Resource::${TG}]`]: generatedNames },
      { [`Annotation::AwsSolutions-IAM5[Resource::${LISTENER}]`]: generatedNames },
      { [`Annotation::AwsSolutions-IAM5[Resource::${RULE}]`]: generatedNames },
    ]);
  });

  test('for exactly the actions granted on each wildcard; the WAF actions only with a web ACL', () => {
    const actions = (controller: LoadBalancerController) =>
      Object.assign({}, ...metadataOf(controller, WILDCARD_ACTIONS_METADATA)) as Record<string, string[]>;
    const owned = expect.arrayContaining(['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags']);
    const without = actions(internal().controller);
    expect(without['AwsSolutions-IAM5[Resource::*]']).toHaveLength(26);
    expect(without[`AwsSolutions-IAM5[Resource::${SG}]`]).toEqual([
      'ec2:CreateSecurityGroup',
      'ec2:CreateTags',
      'ec2:DeleteTags',
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:RevokeSecurityGroupIngress',
      'ec2:DeleteSecurityGroup',
    ]);
    for (const resource of [LB, TG]) {
      const granted = without[`AwsSolutions-IAM5[Resource::${resource}]`];
      expect(granted).toHaveLength(24);
      expect(granted.slice(0, 4)).toEqual([
        'elasticloadbalancing:CreateLoadBalancer',
        'elasticloadbalancing:CreateTargetGroup',
        'elasticloadbalancing:AddTags',
        'elasticloadbalancing:RemoveTags',
      ]);
    }
    for (const resource of [LISTENER, RULE]) {
      expect(without[`AwsSolutions-IAM5[Resource::${resource}]`]).toHaveLength(22);
      expect(without[`AwsSolutions-IAM5[Resource::${resource}]`]).toEqual(owned);
    }
    const withAcl = actions(withWebAcl().controller);
    expect(withAcl[`AwsSolutions-IAM5[Resource::${LB}]`].slice(24)).toEqual([
      'wafv2:GetWebACL',
      'wafv2:GetWebACLForResource',
      'wafv2:AssociateWebACL',
      'wafv2:DisassociateWebACL',
      'elasticloadbalancing:SetWebAcl',
    ]);
    expect(withAcl[`AwsSolutions-IAM5[Resource::${TG}]`]).toHaveLength(24);
  });
});
