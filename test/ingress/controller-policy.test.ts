import { controllerResources, controllerStatements } from '../../lib/ingress/controller-policy';

const SCOPE = {
  partition: 'aws',
  region: 'eu-west-1',
  account: '111122223333',
  clusterName: 'payments',
  vpcId: 'vpc-0a1b2c3d',
  clusterSecurityGroupId: 'sg-0c1u2s3t',
};
const WEB_ACL = 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/payments-public-ingress/0f1e2d3c';

const ELB = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333';
const LOAD_BALANCERS = `${ELB}:loadbalancer/app/k8s-*/*`;
const TARGET_GROUPS = `${ELB}:targetgroup/k8s-*/*`;
const LISTENERS = `${ELB}:listener/app/k8s-*/*/*`;
const LISTENER_RULES = `${ELB}:listener-rule/app/k8s-*/*/*/*`;
const SECURITY_GROUPS = 'arn:aws:ec2:eu-west-1:111122223333:security-group/*';

const json = (webAclArn?: string) => controllerStatements({ ...SCOPE, webAclArn }).map((s) => s.toStatementJson());
const bySid = (statements: any[], sid: string) => {
  const found = statements.filter((s) => s.Sid === sid);
  expect(found).toHaveLength(1);
  return found[0];
};

describe("the AWS Load Balancer Controller's policy (O7, least privilege)", () => {
  test('names only ALBs, target groups, listeners and rules named k8s-, in its region and account', () => {
    expect(controllerResources(SCOPE)).toEqual({
      loadBalancers: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/k8s-*/*',
      targetGroups: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/k8s-*/*',
      listeners: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/k8s-*/*/*',
      listenerRules: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener-rule/app/k8s-*/*/*/*',
      securityGroups: 'arn:aws:ec2:eu-west-1:111122223333:security-group/*',
      vpc: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a1b2c3d',
      clusterSecurityGroup: 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0c1u2s3t',
      serviceLinkedRole:
        'arn:aws:iam::111122223333:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing',
    });
  });

  test('without a web ACL: exactly these statements, in this order, and no WAF action', () => {
    expect(json().map((s) => s.Sid)).toEqual([
      'CreateElbServiceLinkedRole',
      'Read',
      'CreateSecurityGroupInClusterVpc',
      'CreateSecurityGroupTaggedForCluster',
      'TagSecurityGroupOnCreate',
      'ManageOwnSecurityGroups',
      'OpenNodesToOwnLoadBalancers',
      'CreateLoadBalancersTaggedForCluster',
      'TagOnCreate',
      'ManageOwnLoadBalancers',
    ]);
    expect(JSON.stringify(json())).not.toMatch(/wafv2|SetWebAcl/);
  });

  test('creates only the service-linked role of Elastic Load Balancing', () => {
    expect(bySid(json(), 'CreateElbServiceLinkedRole')).toEqual({
      Sid: 'CreateElbServiceLinkedRole',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: 'arn:aws:iam::111122223333:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
    });
  });

  test('reads on any resource, with read actions only', () => {
    const read = bySid(json(), 'Read');
    expect(read.Resource).toBe('*');
    expect(read.Condition).toBeUndefined();
    expect(read.Action).toHaveLength(26);
    expect(read.Action.filter((a: string) => !/^(ec2|elasticloadbalancing):(Describe|Get)/.test(a))).toEqual([]);
  });

  test('creates security groups in the cluster VPC only, tagged with this cluster, and tags them only as it creates them', () => {
    const statements = json();
    expect(bySid(statements, 'CreateSecurityGroupInClusterVpc')).toEqual({
      Sid: 'CreateSecurityGroupInClusterVpc',
      Effect: 'Allow',
      Action: 'ec2:CreateSecurityGroup',
      Resource: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a1b2c3d',
    });
    expect(bySid(statements, 'CreateSecurityGroupTaggedForCluster')).toEqual({
      Sid: 'CreateSecurityGroupTaggedForCluster',
      Effect: 'Allow',
      Action: 'ec2:CreateSecurityGroup',
      Resource: SECURITY_GROUPS,
      Condition: { StringEquals: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'payments' } },
    });
    expect(bySid(statements, 'TagSecurityGroupOnCreate')).toEqual({
      Sid: 'TagSecurityGroupOnCreate',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: SECURITY_GROUPS,
      Condition: {
        StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup', 'aws:RequestTag/elbv2.k8s.aws/cluster': 'payments' },
      },
    });
  });

  test("changes only this cluster's security groups, never their cluster tag, and opens only the cluster security group", () => {
    const statements = json();
    expect(bySid(statements, 'ManageOwnSecurityGroups')).toEqual({
      Sid: 'ManageOwnSecurityGroups',
      Effect: 'Allow',
      Action: [
        'ec2:CreateTags',
        'ec2:DeleteTags',
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:RevokeSecurityGroupIngress',
        'ec2:DeleteSecurityGroup',
      ],
      Resource: SECURITY_GROUPS,
      Condition: {
        StringEquals: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'payments' },
        Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'true' },
      },
    });
    expect(bySid(statements, 'OpenNodesToOwnLoadBalancers')).toEqual({
      Sid: 'OpenNodesToOwnLoadBalancers',
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      Resource: 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0c1u2s3t',
    });
  });

  test('creates load balancers and target groups only tagged for this cluster, and tags only as it creates', () => {
    const statements = json();
    expect(bySid(statements, 'CreateLoadBalancersTaggedForCluster')).toEqual({
      Sid: 'CreateLoadBalancersTaggedForCluster',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      Resource: [LOAD_BALANCERS, TARGET_GROUPS],
      Condition: { StringEquals: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'payments' } },
    });
    expect(bySid(statements, 'TagOnCreate')).toEqual({
      Sid: 'TagOnCreate',
      Effect: 'Allow',
      Action: 'elasticloadbalancing:AddTags',
      Resource: [LOAD_BALANCERS, TARGET_GROUPS, LISTENERS, LISTENER_RULES],
      Condition: {
        StringEquals: {
          'elasticloadbalancing:CreateAction': ['CreateLoadBalancer', 'CreateTargetGroup', 'CreateListener', 'CreateRule'],
          'aws:RequestTag/elbv2.k8s.aws/cluster': 'payments',
        },
      },
    });
  });

  test("changes only this cluster's load balancers, never their cluster tag", () => {
    const manage = bySid(json(), 'ManageOwnLoadBalancers');
    expect(manage.Resource).toEqual([LOAD_BALANCERS, TARGET_GROUPS, LISTENERS, LISTENER_RULES]);
    expect(manage.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'payments' },
      Null: { 'aws:RequestTag/elbv2.k8s.aws/cluster': 'true' },
    });
    expect(manage.Action).toHaveLength(22);
    expect(manage.Action.slice(0, 2)).toEqual(['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags']);
    expect(manage.Action).toContain('elasticloadbalancing:DeleteLoadBalancer');
    expect(manage.Action).toContain('elasticloadbalancing:CreateListener');
  });

  test('with a web ACL: associates that ACL with its load balancers, and sets it only on its own', () => {
    const statements = json(WEB_ACL);
    expect(statements.map((s) => s.Sid).slice(10)).toEqual(['AssociatePlatformWebAcl', 'SetWebAclOfOwnLoadBalancers']);
    expect(bySid(statements, 'AssociatePlatformWebAcl')).toEqual({
      Sid: 'AssociatePlatformWebAcl',
      Effect: 'Allow',
      Action: ['wafv2:GetWebACL', 'wafv2:GetWebACLForResource', 'wafv2:AssociateWebACL', 'wafv2:DisassociateWebACL'],
      Resource: [WEB_ACL, LOAD_BALANCERS],
    });
    expect(bySid(statements, 'SetWebAclOfOwnLoadBalancers')).toEqual({
      Sid: 'SetWebAclOfOwnLoadBalancers',
      Effect: 'Allow',
      Action: 'elasticloadbalancing:SetWebAcl',
      Resource: LOAD_BALANCERS,
      Condition: { StringEquals: { 'aws:ResourceTag/elbv2.k8s.aws/cluster': 'payments' } },
    });
  });
});
