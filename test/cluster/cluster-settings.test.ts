import { bareStack, lazily, synthesize } from '../support/synth';
import { onlyResource, resourcesOfType } from '../support/template';
import { ZonalNodeGroups } from '../../lib/cluster/zonal-node-groups';

/** The Refs of the three private subnets, in zone order. */
function privateSubnetRefs(template: ReturnType<typeof synthesize>['template']): { Ref: string }[] {
  return resourcesOfType(template, 'AWS::EC2::Subnet')
    .filter(([, subnet]) => subnet.Properties.Tags.some((t: any) => t.Key === 'aws-cdk:subnet-type' && t.Value === 'Private'))
    .sort(([, a], [, b]) => a.Properties.AvailabilityZone.localeCompare(b.Properties.AvailabilityZone))
    .map(([id]) => ({ Ref: id }));
}

describe('cluster placement and outputs', () => {
  const { template } = synthesize({ environmentSuffix: 'pr42' });
  const resources = lazily(() => template.toJSON().Resources as Record<string, any>);

  test('the control plane and the kubectl handler use exactly the three private subnets', () => {
    const subnets = privateSubnetRefs(template);
    expect(subnets).toHaveLength(3);
    const [, cluster] = onlyResource(template, 'AWS::EKS::Cluster');
    expect([...cluster.Properties.ResourcesVpcConfig.SubnetIds].sort((a: any, b: any) => a.Ref.localeCompare(b.Ref))).toEqual(
      [...subnets].sort((a, b) => a.Ref.localeCompare(b.Ref)),
    );
    const vpcFunctions = resourcesOfType(template, 'AWS::Lambda::Function').filter(([, f]) => f.Properties.VpcConfig);
    expect(vpcFunctions.length).toBeGreaterThan(0);
    for (const [, f] of vpcFunctions) {
      expect([...f.Properties.VpcConfig.SubnetIds].sort((a: any, b: any) => a.Ref.localeCompare(b.Ref))).toEqual(
        [...subnets].sort((a, b) => a.Ref.localeCompare(b.Ref)),
      );
    }
  });

  test("the stack's own KubectlConfig is the only update-kubeconfig output: the cluster adds none", () => {
    const outputs = template.toJSON().Outputs as Record<string, any>;
    const kubeconfig = Object.entries(outputs).filter(([, output]) => JSON.stringify(output.Value).includes('update-kubeconfig'));
    expect(kubeconfig.map(([id]) => id)).toEqual(['KubectlConfig']);
  });

  test("the kubectl provider's group says what it is for, and the cluster group names its rule", () => {
    const [, handler] = resourcesOfType(template, 'AWS::Lambda::Function').find(([, f]) => f.Properties.VpcConfig)!;
    const groupId = handler.Properties.VpcConfig.SecurityGroupIds[0]['Fn::GetAtt'][0];
    const group = resources()[groupId].Properties;
    expect(group.GroupDescription).toBe('kubectl provider functions of fintech-eks-pr42: HTTPS out only');
    expect(group.SecurityGroupEgress).toEqual([
      {
        CidrIp: '0.0.0.0/0',
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        Description: 'HTTPS to the API endpoint, AWS APIs and chart repositories',
      },
    ]);
    const [, ingress] = onlyResource(
      template,
      'AWS::EC2::SecurityGroupIngress',
      (r) => r.Properties.SourceSecurityGroupId?.['Fn::GetAtt']?.[0] === groupId,
    );
    expect(ingress.Properties.Description).toBe('kubectl provider to the API endpoint');
  });
});

test('production keeps the control-plane log group on delete (audit trail)', () => {
  const { template } = synthesize({ platformProfile: 'production' });
  const [, group] = onlyResource(template, 'AWS::Logs::LogGroup', (g) => g.Properties.LogGroupName === '/aws/eks/fintech-eks-dev/cluster');
  expect(group.DeletionPolicy).toBe('Retain');
  expect(group.UpdateReplacePolicy).toBe('Retain');
});

describe('zonal node groups', () => {
  const { template } = synthesize({ environmentSuffix: 'pr42' });
  const resources = lazily(() => template.toJSON().Resources as Record<string, any>);
  const nodeGroups = lazily(() => resourcesOfType(template, 'AWS::EKS::Nodegroup').map(([, n]) => n.Properties));
  const launchTemplate = lazily(() => onlyResource(template, 'AWS::EC2::LaunchTemplate')[1].Properties.LaunchTemplateData);

  test("each node group labels its nodes with the group's zone", () => {
    const subnets = template.findResources('AWS::EC2::Subnet');
    expect(nodeGroups()).toHaveLength(3);
    const zones = nodeGroups().map((n) => {
      const zone = subnets[n.Subnets[0].Ref].Properties.AvailabilityZone;
      expect(n.Labels).toEqual({ 'platform.fintech/zone': zone });
      return zone;
    });
    expect(zones.sort()).toEqual(['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c']);
  });

  test('each node group runs the cluster version 1.36', () => {
    for (const n of nodeGroups()) expect(n.Version).toBe('1.36');
  });

  test('the root volume is deleted with its node', () => {
    expect(launchTemplate().BlockDeviceMappings).toEqual([
      { DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: true, Encrypted: true, VolumeSize: 50, VolumeType: 'gp3' } },
    ]);
  });

  test('the node security group, in the launch template, allows all outbound traffic', () => {
    const groupIds = launchTemplate().SecurityGroupIds.map((g: any) => g['Fn::GetAtt']?.[0]);
    const nodeGroupIds = groupIds.filter((id: string) => resources()[id]?.Type === 'AWS::EC2::SecurityGroup');
    expect(nodeGroupIds).toHaveLength(1);
    const group = resources()[nodeGroupIds[0]].Properties;
    expect(group.GroupDescription).toBe('Worker nodes of fintech-eks-pr42');
    expect(group.SecurityGroupEgress).toEqual([
      { CidrIp: '0.0.0.0/0', IpProtocol: '-1', Description: 'Allow all outbound traffic by default' },
    ]);
  });

  test('the node role is assumed by EC2 and says what it is for', () => {
    const roleIds = new Set(nodeGroups().map((n) => n.NodeRole['Fn::GetAtt'][0]));
    expect(roleIds.size).toBe(1);
    const role = resources()[[...roleIds][0]].Properties;
    expect(role.Description).toBe('Worker nodes of the zonal managed node groups');
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } },
    ]);
  });
});

test('a node group without instance types is refused before anything is built', () => {
  const stack = bareStack();
  const props = { instanceTypes: [] } as unknown as ConstructorParameters<typeof ZonalNodeGroups>[2];
  expect(() => new ZonalNodeGroups(stack, 'Nodes', props)).toThrow(
    new Error('nodeGroups.instanceTypes is empty: a node group needs at least one EC2 instance type'),
  );
});
