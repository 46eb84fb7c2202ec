import * as iam from 'aws-cdk-lib/aws-iam';

/** The tag the controller puts on every load balancer, target group and security group it creates, valued with the cluster name. */
export const CLUSTER_TAG = 'elbv2.k8s.aws/cluster';

/** What the controller reads; none of these actions supports resource-level permissions. */
export const CONTROLLER_READ_ACTIONS = [
  'ec2:DescribeAccountAttributes',
  'ec2:DescribeAddresses',
  'ec2:DescribeAvailabilityZones',
  'ec2:DescribeInternetGateways',
  'ec2:DescribeVpcs',
  'ec2:DescribeVpcPeeringConnections',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeInstances',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeTags',
  'ec2:GetSecurityGroupsForVpc',
  'ec2:DescribeRouteTables',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeListenerCertificates',
  'elasticloadbalancing:DescribeSSLPolicies',
  'elasticloadbalancing:DescribeRules',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetGroupAttributes',
  'elasticloadbalancing:DescribeTargetHealth',
  'elasticloadbalancing:DescribeTags',
  'elasticloadbalancing:DescribeTrustStores',
  'elasticloadbalancing:DescribeListenerAttributes',
  'elasticloadbalancing:DescribeCapacityReservation',
];

/** Changes to a load balancer or target group of this cluster, once it exists. */
export const OWN_LOAD_BALANCER_ACTIONS = [
  'elasticloadbalancing:ModifyLoadBalancerAttributes',
  'elasticloadbalancing:SetIpAddressType',
  'elasticloadbalancing:SetSecurityGroups',
  'elasticloadbalancing:SetSubnets',
  'elasticloadbalancing:DeleteLoadBalancer',
  'elasticloadbalancing:ModifyTargetGroup',
  'elasticloadbalancing:ModifyTargetGroupAttributes',
  'elasticloadbalancing:DeleteTargetGroup',
  'elasticloadbalancing:RegisterTargets',
  'elasticloadbalancing:DeregisterTargets',
];

/** Listeners and rules of this cluster's load balancers (the controller tags them too). */
export const LISTENER_ACTIONS = [
  'elasticloadbalancing:CreateListener',
  'elasticloadbalancing:DeleteListener',
  'elasticloadbalancing:ModifyListener',
  'elasticloadbalancing:ModifyListenerAttributes',
  'elasticloadbalancing:AddListenerCertificates',
  'elasticloadbalancing:RemoveListenerCertificates',
  'elasticloadbalancing:CreateRule',
  'elasticloadbalancing:DeleteRule',
  'elasticloadbalancing:ModifyRule',
  'elasticloadbalancing:SetRulePriorities',
];

export interface ControllerPolicyScope {
  /** The stack's partition (`aws`, `aws-cn`, ...), in every ARN. */
  readonly partition: string;
  /** The only region the controller may act in. */
  readonly region: string;
  /** The only account the controller may act in. */
  readonly account: string;
  /** The literal cluster name: the value of the cluster tag in every condition. */
  readonly clusterName: string;
  /** The VPC the controller creates security groups in. */
  readonly vpcId: string;
  /** The EKS cluster security group, on every node: the controller opens it to its load balancers' security group. */
  readonly clusterSecurityGroupId: string;
  /**
   * The web ACL the public class associates its load balancers with.
   * @default none: no WAF actions at all
   */
  readonly webAclArn?: string;
}

/** The resource patterns the statements grant on; the acknowledgments name the same values. */
export function controllerResources(scope: ControllerPolicyScope) {
  const elb = `arn:${scope.partition}:elasticloadbalancing:${scope.region}:${scope.account}`;
  const ec2 = `arn:${scope.partition}:ec2:${scope.region}:${scope.account}`;
  return {
    // The controller names what it creates k8s-<namespace>-<name>-<hash>; admission refuses a name chosen by annotation.
    loadBalancers: `${elb}:loadbalancer/app/k8s-*/*`,
    targetGroups: `${elb}:targetgroup/k8s-*/*`,
    listeners: `${elb}:listener/app/k8s-*/*/*`,
    listenerRules: `${elb}:listener-rule/app/k8s-*/*/*/*`,
    securityGroups: `${ec2}:security-group/*`,
    vpc: `${ec2}:vpc/${scope.vpcId}`,
    clusterSecurityGroup: `${ec2}:security-group/${scope.clusterSecurityGroupId}`,
    serviceLinkedRole:
      `arn:${scope.partition}:iam::${scope.account}:role/aws-service-role/` +
      'elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing',
  };
}

/**
 * The upstream policy of AWS Load Balancer Controller v3.6.2 (docs/install/iam_policy.json at
 * that tag), rewritten as least privilege: in this region and account only, Application Load
 * Balancers only (tenants cannot ask for a Network Load Balancer), and every create, change
 * and delete of a load balancer, target group or security group conditioned on the cluster
 * tag carrying this cluster's name, where upstream only asks that the tag exist. Left out: WAF
 * Classic, Shield Advanced, Cognito and IAM server certificates (the chart is told not to use
 * them), certificate discovery (the classes name their certificates) and IPAM pools.
 */
export function controllerStatements(scope: ControllerPolicyScope): iam.PolicyStatement[] {
  const r = controllerResources(scope);
  const thisCluster = { [`aws:RequestTag/${CLUSTER_TAG}`]: scope.clusterName };
  const ownedByThisCluster = { [`aws:ResourceTag/${CLUSTER_TAG}`]: scope.clusterName };
  // A tag change may not move a resource to another cluster, or add the tag to a resource of no cluster.
  const clusterTagUntouched = { [`aws:RequestTag/${CLUSTER_TAG}`]: 'true' };
  const statements = [
    new iam.PolicyStatement({
      sid: 'CreateElbServiceLinkedRole',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [r.serviceLinkedRole],
      conditions: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
    }),
    new iam.PolicyStatement({ sid: 'Read', actions: CONTROLLER_READ_ACTIONS, resources: ['*'] }),
    new iam.PolicyStatement({
      sid: 'CreateSecurityGroupInClusterVpc',
      actions: ['ec2:CreateSecurityGroup'],
      resources: [r.vpc],
    }),
    new iam.PolicyStatement({
      sid: 'CreateSecurityGroupTaggedForCluster',
      actions: ['ec2:CreateSecurityGroup'],
      resources: [r.securityGroups],
      conditions: { StringEquals: thisCluster },
    }),
    new iam.PolicyStatement({
      sid: 'TagSecurityGroupOnCreate',
      actions: ['ec2:CreateTags'],
      resources: [r.securityGroups],
      conditions: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup', ...thisCluster } },
    }),
    new iam.PolicyStatement({
      sid: 'ManageOwnSecurityGroups',
      actions: [
        'ec2:CreateTags',
        'ec2:DeleteTags',
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:RevokeSecurityGroupIngress',
        'ec2:DeleteSecurityGroup',
      ],
      resources: [r.securityGroups],
      conditions: { StringEquals: ownedByThisCluster, Null: clusterTagUntouched },
    }),
    new iam.PolicyStatement({
      // Load balancer to pod traffic: the controller opens the nodes' cluster security group to its
      // load balancers' security group, and closes it again.
      sid: 'OpenNodesToOwnLoadBalancers',
      actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      resources: [r.clusterSecurityGroup],
    }),
    new iam.PolicyStatement({
      sid: 'CreateLoadBalancersTaggedForCluster',
      actions: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      resources: [r.loadBalancers, r.targetGroups],
      conditions: { StringEquals: thisCluster },
    }),
    new iam.PolicyStatement({
      // The controller tags listeners and rules too, as it creates them: from then on every change
      // to them is conditioned on the tag like the load balancer's.
      sid: 'TagOnCreate',
      actions: ['elasticloadbalancing:AddTags'],
      resources: [r.loadBalancers, r.targetGroups, r.listeners, r.listenerRules],
      conditions: {
        StringEquals: {
          'elasticloadbalancing:CreateAction': ['CreateLoadBalancer', 'CreateTargetGroup', 'CreateListener', 'CreateRule'],
          ...thisCluster,
        },
      },
    }),
    new iam.PolicyStatement({
      sid: 'ManageOwnLoadBalancers',
      actions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags', ...OWN_LOAD_BALANCER_ACTIONS, ...LISTENER_ACTIONS],
      resources: [r.loadBalancers, r.targetGroups, r.listeners, r.listenerRules],
      conditions: { StringEquals: ownedByThisCluster, Null: clusterTagUntouched },
    }),
  ];
  if (scope.webAclArn) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'AssociatePlatformWebAcl',
        actions: ['wafv2:GetWebACL', 'wafv2:GetWebACLForResource', 'wafv2:AssociateWebACL', 'wafv2:DisassociateWebACL'],
        resources: [scope.webAclArn, r.loadBalancers],
      }),
      new iam.PolicyStatement({
        sid: 'SetWebAclOfOwnLoadBalancers',
        actions: ['elasticloadbalancing:SetWebAcl'],
        resources: [r.loadBalancers],
        conditions: { StringEquals: ownedByThisCluster },
      }),
    );
  }
  return statements;
}
