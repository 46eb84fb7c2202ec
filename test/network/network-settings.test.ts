import { lazily, synthesize } from '../support/synth';
import { onlyResource, resourcesOfType } from '../support/template';

/** A subnet's tags as an object. */
function tagsOf(subnet: any): Record<string, string> {
  return Object.fromEntries(subnet.Properties.Tags.map((t: any) => [t.Key, t.Value]));
}

describe('subnet layout and load-balancer tags', () => {
  const { template } = synthesize();
  const subnets = lazily(() => resourcesOfType(template, 'AWS::EC2::Subnet').map(([, s]) => s));
  const ofType = (type: string) => subnets().filter((s) => tagsOf(s)['aws-cdk:subnet-type'] === type);

  test('three public /24 subnets named public, tagged for internet-facing load balancers only', () => {
    const publicSubnets = ofType('Public');
    expect(publicSubnets).toHaveLength(3);
    for (const subnet of publicSubnets) {
      expect(subnet.Properties.CidrBlock).toMatch(/\/24$/);
      expect(tagsOf(subnet)).toMatchObject({ 'aws-cdk:subnet-name': 'public', 'kubernetes.io/role/elb': '1' });
      expect(tagsOf(subnet)['kubernetes.io/role/internal-elb']).toBeUndefined();
    }
  });

  test('three private /19 subnets named private, tagged for internal load balancers only', () => {
    const privateSubnets = ofType('Private');
    expect(privateSubnets).toHaveLength(3);
    for (const subnet of privateSubnets) {
      expect(subnet.Properties.CidrBlock).toMatch(/\/19$/);
      expect(tagsOf(subnet)).toMatchObject({ 'aws-cdk:subnet-name': 'private', 'kubernetes.io/role/internal-elb': '1' });
      expect(tagsOf(subnet)['kubernetes.io/role/elb']).toBeUndefined();
    }
  });

  test('every subnet tells cfn-lint its zone is named on purpose (W3010)', () => {
    expect(subnets()).toHaveLength(6);
    for (const subnet of subnets()) expect(subnet.Metadata['cfn-lint']).toEqual({ config: { ignore_checks: ['W3010'] } });
  });
});

describe('flow-log delivery', () => {
  const { template } = synthesize();
  const role = lazily(() =>
    onlyResource(template, 'AWS::IAM::Role', (r) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('vpc-flow-logs')),
  );

  test("only this account's flow logs may assume the delivery role", () => {
    const [, flowLogRole] = role();
    expect(flowLogRole.Properties.Description).toBe('VPC flow logs delivery to the flow-log group');
    expect(flowLogRole.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:aws:ec2:ap-southeast-1:', { Ref: 'AWS::AccountId' }, ':vpc-flow-log/*']] } },
        },
      },
    ]);
  });

  test('the flow log delivers to the flow-log group with that role, which holds the managed policy', () => {
    const [roleId] = role();
    const [, flowLog] = onlyResource(template, 'AWS::EC2::FlowLog');
    const [groupId] = onlyResource(
      template,
      'AWS::Logs::LogGroup',
      (g) => g.Properties.LogGroupName === '/aws/vpc/fintech-eks-dev/flow-logs',
    );
    expect(flowLog.Properties.LogGroupName).toEqual({ Ref: groupId });
    expect(flowLog.Properties.DeliverLogsPermissionArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    const [, policy] = resourcesOfType(template, 'AWS::IAM::ManagedPolicy').find(([id]) => id.includes('FlowLogPolicy'))!;
    expect(policy.Properties.Roles).toEqual([{ Ref: roleId }]);
  });
});

test('production keeps the flow-log group on delete (audit trail)', () => {
  const { template } = synthesize({ platformProfile: 'production' });
  const [, group] = onlyResource(
    template,
    'AWS::Logs::LogGroup',
    (g) => g.Properties.LogGroupName === '/aws/vpc/fintech-eks-dev/flow-logs',
  );
  expect(group.DeletionPolicy).toBe('Retain');
});

test('the interface endpoints group sends nothing and admits HTTPS from the VPC, saying so', () => {
  const { template } = synthesize();
  const [, group] = onlyResource(
    template,
    'AWS::EC2::SecurityGroup',
    (g) => g.Properties.GroupDescription === 'Interface VPC endpoints: HTTPS from inside the VPC only',
  );
  expect(group.Properties.SecurityGroupEgress).toEqual([
    { CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic', FromPort: 252, IpProtocol: 'icmp', ToPort: 86 },
  ]);
  expect(group.Properties.SecurityGroupIngress).toEqual([
    { CidrIp: '10.0.0.0/16', Description: 'HTTPS from the VPC', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
  ]);
});
