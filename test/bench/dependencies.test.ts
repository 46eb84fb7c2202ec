import { criticalPath, directDependencies, transitiveDependencies } from '../../scripts/bench/dependencies';

const template = {
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC' },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' } } },
    Nat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: 'Subnet' } } },
    Route: { Type: 'AWS::EC2::Route', Properties: { NatGatewayId: { Ref: 'Nat' } } },
    Role: { Type: 'AWS::IAM::Role' },
    Cluster: {
      Type: 'AWS::EKS::Cluster',
      Properties: { RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] }, SubnetIds: [{ Ref: 'Subnet' }], Region: { Ref: 'AWS::Region' } },
    },
    Nodes: {
      Type: 'AWS::EKS::Nodegroup',
      DependsOn: 'Route',
      Properties: { ClusterName: { 'Fn::Sub': ['${Cluster}-${Suffix}', { Suffix: { 'Fn::GetAtt': 'Role.RoleId' } }] } },
    },
  },
};

test('a resource depends on what it names in DependsOn, Ref, Fn::GetAtt (both forms) and Fn::Sub, not on pseudo parameters', () => {
  const graph = directDependencies(template);
  expect([...graph.get('Cluster')!].sort()).toEqual(['Role', 'Subnet']);
  expect([...graph.get('Nodes')!].sort()).toEqual(['Cluster', 'Role', 'Route']);
  expect([...graph.get('Vpc')!]).toEqual([]);
});

test('transitive dependencies follow every path', () => {
  expect([...transitiveDependencies(directDependencies(template), 'Nodes')].sort()).toEqual([
    'Cluster',
    'Nat',
    'Role',
    'Route',
    'Subnet',
    'Vpc',
  ]);
});

test('the critical path is the chain with the largest sum of creation times', () => {
  const seconds: Record<string, number> = { 'AWS::EKS::Cluster': 600, 'AWS::EC2::NatGateway': 120, 'AWS::EKS::Nodegroup': 240 };
  const path = criticalPath(template, (resource) => seconds[resource.Type] ?? 5);
  // Vpc 5 + Subnet 5 + Cluster 600 + Nodes 240; the NAT branch (5 + 5 + 120 + 5) finishes long before the cluster.
  expect(path.seconds).toBe(850);
  expect(path.chain.map((link) => link.id)).toEqual(['Vpc', 'Subnet', 'Cluster', 'Nodes']);
});

test('a dependency cycle is an error', () => {
  const cyclic = { Resources: { A: { Type: 'X', DependsOn: 'B' }, B: { Type: 'X', DependsOn: ['A'] } } };
  expect(() => criticalPath(cyclic, () => 1)).toThrow('dependency cycle');
});
