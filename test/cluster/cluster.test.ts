import { Match } from 'aws-cdk-lib/assertions';
import { assertKubectlLayerMatches, kubectlLayerMinorVersion } from '../../lib/shared/kubernetes-version';
import { lazily, synthesize } from '../support/synth';
import { onlyResource, resourcesOfType, trustedServiceAccount } from '../support/template';

describe('EKS cluster (R1, R2)', () => {
  const { template } = synthesize({ environmentSuffix: 'pr42' });
  // Every value a test reads from a template is taken inside the test (or lazily): taken while
  // the file loads, it would be stale for every mutant of a mutation run (test/support/synth.ts).
  const clusterOf = lazily(() => resourcesOfType(template, 'AWS::EKS::Cluster')[0]);

  test('is a native AWS::EKS::Cluster named fintech-eks-<suffix> at Kubernetes 1.36, with no nested stacks', () => {
    const [, cluster] = clusterOf();
    expect(cluster.Properties.Name).toBe('fintech-eks-pr42');
    expect(cluster.Properties.Version).toBe('1.36');
    template.resourceCountIs('AWS::CloudFormation::Stack', 0);
    expect(cluster.Properties.AccessConfig.AuthenticationMode).toMatch(/API/);
  });

  test('sends all five control-plane log types to CloudWatch Logs', () => {
    const [, cluster] = clusterOf();
    const types = cluster.Properties.Logging.ClusterLogging.EnabledTypes.map((t: any) => t.Type);
    expect(types.sort()).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
  });

  test('the control-plane log group exists before the cluster, with retention and the platform key', () => {
    const [clusterId, cluster] = clusterOf();
    const [groupId] = resourcesOfType(template, 'AWS::Logs::LogGroup').find(
      ([, g]) => g.Properties.LogGroupName === '/aws/eks/fintech-eks-pr42/cluster',
    )!;
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: '/aws/eks/fintech-eks-pr42/cluster',
        RetentionInDays: 7,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('PlatformKey'), 'Arn'] },
      },
    });
    expect(cluster.DependsOn).toContain(groupId);
    expect(clusterId).toBeDefined();
  });

  test('runs in the private subnets with the configured endpoint access', () => {
    const [, cluster] = clusterOf();
    const vpcConfig = cluster.Properties.ResourcesVpcConfig;
    expect(vpcConfig.EndpointPrivateAccess).toBe(true);
    expect(vpcConfig.EndpointPublicAccess).toBe(true);
    expect(vpcConfig.PublicAccessCidrs).toEqual(['0.0.0.0/0']);
    expect(JSON.stringify(vpcConfig.SubnetIds)).not.toMatch(/public/i);
  });

  test('has an IAM OIDC provider for IRSA', () => {
    template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
  });

  test('the kubectl provider runs in the VPC with the kubectl 1.36 layer', () => {
    template.hasResourceProperties('AWS::Lambda::LayerVersion', { Description: Match.stringLikeRegexp('kubectl 1\\.36') });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('kubectl'),
      VpcConfig: { SubnetIds: Match.anyValue() },
    });
  });
});

describe('kubectl provider network (O1: destroy must not end in DELETE_FAILED)', () => {
  for (const profile of ['ephemeral', 'production']) {
    const { template } = synthesize({ platformProfile: profile });
    const resources = lazily(() => template.toJSON().Resources as Record<string, any>);
    const vpcFunctions = lazily(() => resourcesOfType(template, 'AWS::Lambda::Function').filter(([, f]) => f.Properties.VpcConfig));

    test(`${profile}: the kubectl functions sit in one security group of the stack, not in the EKS-owned cluster group`, () => {
      const functions = vpcFunctions();
      expect(functions.map(([, f]) => f.Properties.Description ?? '').join(' ')).toMatch(/kubectl/);
      const groups = new Set(functions.flatMap(([, f]) => f.Properties.VpcConfig.SecurityGroupIds.map((g: unknown) => JSON.stringify(g))));
      expect(groups.size).toBe(1);
      const [group] = [...groups].map((g) => JSON.parse(g));
      expect(group['Fn::GetAtt']?.[1]).toBe('GroupId');
      expect(resources()[group['Fn::GetAtt'][0]].Type).toBe('AWS::EC2::SecurityGroup');
    });

    test(`${profile}: that group sends HTTPS only, and the cluster security group admits it on 443`, () => {
      const [clusterId] = resourcesOfType(template, 'AWS::EKS::Cluster')[0];
      const groupId = vpcFunctions()[0][1].Properties.VpcConfig.SecurityGroupIds[0]['Fn::GetAtt'][0];
      expect(resources()[groupId].Properties.SecurityGroupEgress).toEqual([
        expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
      ]);
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: { 'Fn::GetAtt': [clusterId, 'ClusterSecurityGroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [groupId, 'GroupId'] },
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
      });
    });
  }
});

describe('endpoint access by profile and config', () => {
  test('production keeps the API endpoint private', () => {
    const { template } = synthesize({ platformProfile: 'production' });
    template.hasResourceProperties('AWS::EKS::Cluster', {
      ResourcesVpcConfig: Match.objectLike({ EndpointPrivateAccess: true, EndpointPublicAccess: false }),
    });
  });

  test('public CIDRs from config restrict the public endpoint', () => {
    const { template } = synthesize({ publicAccessCidrs: '["203.0.113.0/24"]' });
    template.hasResourceProperties('AWS::EKS::Cluster', {
      ResourcesVpcConfig: Match.objectLike({ PublicAccessCidrs: ['203.0.113.0/24'] }),
    });
  });

  test('an admin role ARN gets a cluster-admin access entry', () => {
    const roleArn = 'arn:aws:iam::123456789012:role/PlatformAdmin';
    const { template } = synthesize({ adminRoleArn: roleArn });
    const entries = resourcesOfType(template, 'AWS::EKS::AccessEntry').filter(([, e]) => e.Properties.PrincipalArn === roleArn);
    expect(entries).toHaveLength(1);
    const [policy] = entries[0][1].Properties.AccessPolicies;
    expect(policy.AccessScope).toEqual({ Type: 'cluster' });
    expect(JSON.stringify(policy.PolicyArn)).toContain(':eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy');
  });
});

describe('three zonal node groups (R1, S9)', () => {
  const { template } = synthesize({ environmentSuffix: 'pr42' });
  const nodeGroups = lazily(() => resourcesOfType(template, 'AWS::EKS::Nodegroup').map(([, n]) => n.Properties));

  test('exactly three, each with one private subnet, in three distinct zones', () => {
    const subnets = template.findResources('AWS::EC2::Subnet');
    expect(nodeGroups()).toHaveLength(3);
    const zones = nodeGroups().map((n) => {
      expect(n.Subnets).toHaveLength(1);
      const subnet = subnets[n.Subnets[0].Ref];
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
      expect(JSON.stringify(subnet.Properties.Tags)).toContain('Private');
      return subnet.Properties.AvailabilityZone;
    });
    expect(new Set(zones).size).toBe(3);
  });

  test('AL2023, Spot m5.large or an equivalent, 1/1/3 each, named after the suffix and the zone, with autoscaler discovery tags', () => {
    for (const n of nodeGroups()) {
      expect(n).toMatchObject({
        AmiType: 'AL2023_x86_64_STANDARD',
        InstanceTypes: ['m5.large', 'm6i.large', 'm6a.large', 'm7i.large'],
        ScalingConfig: { MinSize: 1, DesiredSize: 1, MaxSize: 3 },
        Tags: { 'k8s.io/cluster-autoscaler/enabled': 'true', 'k8s.io/cluster-autoscaler/fintech-eks-pr42': 'owned' },
      });
      expect(n.NodegroupName).toMatch(/^fintech-eks-pr42-ng-ap-southeast-1[abc]$/);
    }
  });

  test('a launch template requires IMDSv2 and gives an encrypted gp3 root volume', () => {
    const launchTemplates = resourcesOfType(template, 'AWS::EC2::LaunchTemplate');
    expect(launchTemplates).toHaveLength(1);
    const [ltId, lt] = launchTemplates[0];
    expect(lt.Properties.LaunchTemplateData.MetadataOptions.HttpTokens).toBe('required');
    expect(lt.Properties.LaunchTemplateData.BlockDeviceMappings).toEqual([
      expect.objectContaining({ DeviceName: '/dev/xvda', Ebs: expect.objectContaining({ Encrypted: true, VolumeType: 'gp3' }) }),
    ]);
    for (const n of nodeGroups()) expect(n.LaunchTemplate.Id).toEqual({ Ref: ltId });
  });

  test('sizes and instance type come from config; Graviton types get the ARM image', () => {
    const { template: custom } = synthesize({ nodeInstanceType: 'm7g.xlarge', minSize: '2', desiredSize: '2', maxSize: '6' });
    const groups = resourcesOfType(custom, 'AWS::EKS::Nodegroup').map(([, n]) => n.Properties);
    for (const n of groups) {
      expect(n).toMatchObject({
        AmiType: 'AL2023_ARM_64_STANDARD',
        InstanceTypes: ['m7g.xlarge', 'm6g.xlarge'],
        ScalingConfig: { MinSize: 2, DesiredSize: 2, MaxSize: 6 },
      });
    }
  });
});

describe("pods cannot take the node role's credentials (O3)", () => {
  const CNI_POLICY = 'AmazonEKS_CNI_Policy';
  const managedPolicyNames = (role: any) =>
    (role.Properties.ManagedPolicyArns ?? []).map((arn: unknown) => /:policy\/(?:service-role\/)?([\w-]+)/.exec(JSON.stringify(arn))?.[1]);

  for (const profile of ['ephemeral', 'production']) {
    const { template } = synthesize({ platformProfile: profile });
    const nodeGroups = lazily(() => resourcesOfType(template, 'AWS::EKS::Nodegroup').map(([, n]) => n));
    const vpcCni = lazily(() => onlyResource(template, 'AWS::EKS::Addon', (r) => r.Properties.AddonName === 'vpc-cni'));

    test(`${profile}: the launch template answers instance metadata one hop away only, with IMDSv2`, () => {
      const [, lt] = onlyResource(template, 'AWS::EC2::LaunchTemplate');
      expect(lt.Properties.LaunchTemplateData.MetadataOptions).toMatchObject({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
    });

    test(`${profile}: the node role keeps the kubelet's policies, without ${CNI_POLICY}`, () => {
      const nodeRoleIds = new Set(nodeGroups().map((n) => n.Properties.NodeRole['Fn::GetAtt'][0]));
      expect(nodeRoleIds.size).toBe(1);
      const [nodeRoleId] = [...nodeRoleIds];
      expect(managedPolicyNames(template.findResources('AWS::IAM::Role')[nodeRoleId]).sort()).toEqual([
        'AmazonEC2ContainerRegistryReadOnly',
        'AmazonEKSWorkerNodePolicy',
      ]);
    });

    test(`${profile}: the VPC CNI add-on runs on an IRSA role for kube-system:aws-node holding ${CNI_POLICY}`, () => {
      const [, addon] = vpcCni();
      const roleId = addon.Properties.ServiceAccountRoleArn['Fn::GetAtt'][0];
      expect(trustedServiceAccount(template, roleId)).toBe('system:serviceaccount:kube-system:aws-node');
      expect(managedPolicyNames(template.findResources('AWS::IAM::Role')[roleId])).toEqual([CNI_POLICY]);
    });

    test(`${profile}: every node group waits for the VPC CNI add-on, so aws-node has its role when the first node joins`, () => {
      const [addonId] = vpcCni();
      for (const n of nodeGroups()) expect(n.DependsOn).toContain(addonId);
    });
  }
});

describe('kubectl layer version check', () => {
  test('reads the minor version from the layer package name', () => {
    expect(kubectlLayerMinorVersion('@aws-cdk/lambda-layer-kubectl-v36')).toBe('1.36');
    expect(kubectlLayerMinorVersion('@aws-cdk/lambda-layer-kubectl-v29')).toBe('1.29');
  });

  test('refuses a layer that does not match the cluster minor version', () => {
    expect(() => assertKubectlLayerMatches('1.36', '@aws-cdk/lambda-layer-kubectl-v35')).toThrow(
      'kubectl layer @aws-cdk/lambda-layer-kubectl-v35 is for Kubernetes 1.35 but the cluster runs 1.36; ' +
        'install @aws-cdk/lambda-layer-kubectl-v36 and register it in lib/shared/kubernetes-version.ts',
    );
    expect(() => assertKubectlLayerMatches('1.36', '@aws-cdk/lambda-layer-kubectl-v36')).not.toThrow();
  });

  test('refuses a package that is not a kubectl layer', () => {
    expect(() => kubectlLayerMinorVersion('@aws-cdk/lambda-layer-awscli')).toThrow(/is not a kubectl layer package/);
  });
});

describe.each([
  ['ephemeral', 'SPOT', ['m5.large', 'm6i.large', 'm6a.large', 'm7i.large']],
  ['production', 'ON_DEMAND', ['m5.large']],
])('node capacity, %s profile', (profile, capacityType, instanceTypes) => {
  const { template } = synthesize({ platformProfile: profile });

  test(`every node group buys ${capacityType} capacity of ${instanceTypes.join(', ')}`, () => {
    const groups = resourcesOfType(template, 'AWS::EKS::Nodegroup').map(([, group]) => group.Properties);
    expect(groups).toHaveLength(3);
    for (const group of groups) {
      expect(group.CapacityType).toBe(capacityType);
      expect(group.InstanceTypes).toEqual(instanceTypes);
      expect(group.AmiType).toBe('AL2023_x86_64_STANDARD');
    }
  });
});
