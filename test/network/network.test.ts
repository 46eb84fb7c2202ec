import { Match } from 'aws-cdk-lib/assertions';
import { synthesize } from '../support/synth';
import { resourcesOfType } from '../support/template';

describe.each([
  ['ephemeral', 1],
  ['production', 3],
])('%s profile', (profile, natGateways) => {
  const { template } = synthesize({ platformProfile: profile });

  test(`has ${natGateways} NAT gateway(s) (S2)`, () => {
    template.resourceCountIs('AWS::EC2::NatGateway', natGateways);
  });

  test('spans three availability zones with a public and a private subnet in each', () => {
    const subnets = resourcesOfType(template, 'AWS::EC2::Subnet').map(([, s]) => s.Properties);
    expect(new Set(subnets.map((s) => s.AvailabilityZone))).toEqual(new Set(['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c']));
    expect(subnets.filter((s) => s.MapPublicIpOnLaunch === true)).toEqual([]);
    expect(subnets).toHaveLength(6);
  });
});

describe('network defaults', () => {
  const { template } = synthesize();

  test('has the S3 gateway endpoint and interface endpoints for Logs, ECR API, ECR Docker, STS, Secrets Manager and GuardDuty (S5)', () => {
    const endpoints = resourcesOfType(template, 'AWS::EC2::VPCEndpoint').map(([, e]) => e.Properties);
    const serviceOf = (e: any) => JSON.stringify(e.ServiceName);
    const gateway = endpoints.filter((e) => e.VpcEndpointType === 'Gateway');
    const iface = endpoints.filter((e) => e.VpcEndpointType === 'Interface');
    expect(gateway.map(serviceOf)).toEqual([expect.stringContaining('.s3')]);
    const services = iface.map(serviceOf);
    // guardduty-data: where the runtime agent reports (lib/threat-detection, runtimeMonitoring "platform").
    for (const suffix of ['.logs', '.ecr.api', '.ecr.dkr', '.sts', '.secretsmanager', '.guardduty-data']) {
      expect(services).toContainEqual(expect.stringContaining(suffix));
    }
    expect(iface).toHaveLength(6);
    for (const e of iface) expect(e.PrivateDnsEnabled).toBe(true);
  });

  test('interface endpoints admit HTTPS from the VPC range only', () => {
    const vpcCidr = template.findResources('AWS::EC2::VPC');
    const cidr = Object.values(vpcCidr)[0].Properties.CidrBlock;
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('endpoints'),
      SecurityGroupIngress: [{ CidrIp: cidr, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: Match.anyValue() }],
    });
  });

  test('flow logs capture all traffic into a KMS-encrypted group with the configured retention', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      TrafficType: 'ALL',
      ResourceType: 'VPC',
      LogDestinationType: 'cloud-watch-logs',
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vpc/fintech-eks-dev/flow-logs',
      RetentionInDays: 7,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('PlatformKey'), 'Arn'] },
    });
  });

  test('the flow-log role writes only to its own log group, through a managed policy', () => {
    const [, policy] = resourcesOfType(template, 'AWS::IAM::ManagedPolicy').find(([id]) => id.includes('FlowLogPolicy'))!;
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0].Resource).toEqual({ 'Fn::GetAtt': [expect.stringContaining('FlowLogGroup'), 'Arn'] });
  });

  test('the default security group is closed', () => {
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });
});

describe.each([
  ['ephemeral', 1],
  ['production', 3],
])('interface endpoint zones, %s profile', (profile, zones) => {
  const { template } = synthesize({ platformProfile: profile });

  test(`every interface endpoint sits in ${zones} private subnet(s), the first zones' ones`, () => {
    const privateSubnets = resourcesOfType(template, 'AWS::EC2::Subnet')
      .filter(([, subnet]) => subnet.Properties.Tags.some((t: any) => t.Key === 'aws-cdk:subnet-type' && t.Value === 'Private'))
      .sort(([, a], [, b]) => a.Properties.AvailabilityZone.localeCompare(b.Properties.AvailabilityZone))
      .map(([id]) => ({ Ref: id }));
    expect(privateSubnets).toHaveLength(3);
    const iface = resourcesOfType(template, 'AWS::EC2::VPCEndpoint').filter(([, e]) => e.Properties.VpcEndpointType === 'Interface');
    expect(iface).toHaveLength(6);
    for (const [, endpoint] of iface) expect(endpoint.Properties.SubnetIds).toEqual(privateSubnets.slice(0, zones));
  });
});

test('interfaceEndpointZones overrides the profile', () => {
  const { template } = synthesize({ interfaceEndpointZones: '2' });
  const iface = resourcesOfType(template, 'AWS::EC2::VPCEndpoint').filter(([, e]) => e.Properties.VpcEndpointType === 'Interface');
  for (const [, endpoint] of iface) expect(endpoint.Properties.SubnetIds).toHaveLength(2);
});
