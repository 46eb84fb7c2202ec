import { directDependencies, transitiveDependencies } from '../../scripts/bench/dependencies';
import { lazily, synthesize } from '../support/synth';
import { resourcesOfType } from '../support/template';

/**
 * The order of creation: the control plane, the slowest resource, starts as soon as
 * its subnets and security group exist; whatever needs egress waits for the NAT routes and the
 * endpoints instead.
 */
describe.each(['ephemeral', 'production'])('creation order, %s profile', (profile) => {
  // The graph is taken on a test's first read: taken while the file loads, it would be stale for
  // every mutant of a mutation run (test/support/synth.ts).
  const order = lazily(() => {
    const template = synthesize({ platformProfile: profile }).template.toJSON();
    const typeOf = (id: string): string => template.Resources[id].Type;
    const idsOf = (type: string) => Object.keys(template.Resources).filter((id) => typeOf(id) === type);
    return {
      template,
      graph: directDependencies(template),
      typeOf,
      idsOf,
      clusterId: idsOf('AWS::EKS::Cluster')[0],
      // A route through a NAT gateway is the private subnets' way out.
      natRoutes: resourcesOfType(synthesize({ platformProfile: profile }).template, 'AWS::EC2::Route')
        .filter(([, route]) => route.Properties.NatGatewayId)
        .map(([id]) => id),
      // The network's endpoints; the runtime agent's guardduty-data endpoint is waited for by the agent
      // alone (test/threat-detection), not by nodes or manifests.
      endpoints: idsOf('AWS::EC2::VPCEndpoint').filter(
        (id) => !String(template.Resources[id].Properties.ServiceName).endsWith('.guardduty-data'),
      ),
    };
  });

  test('the control plane waits only for the VPC, its private subnets, its security group, role, key and log group', () => {
    const { graph, typeOf, clusterId } = order();
    const waitsFor = [...transitiveDependencies(graph, clusterId)];
    expect([...new Set(waitsFor.map(typeOf))].sort()).toEqual([
      'AWS::EC2::SecurityGroup',
      'AWS::EC2::Subnet',
      'AWS::EC2::VPC',
      'AWS::IAM::Role',
      'AWS::KMS::Key',
      'AWS::Logs::LogGroup',
    ]);
    const subnets = waitsFor.filter((id) => typeOf(id) === 'AWS::EC2::Subnet');
    expect(subnets).toHaveLength(3);
    expect(subnets.every((id) => /private/i.test(id))).toBe(true);
  });

  test('there are three private routes through NAT and six endpoints to wait for', () => {
    const { natRoutes, endpoints } = order();
    expect(natRoutes).toHaveLength(3);
    expect(endpoints).toHaveLength(6);
  });

  test('every node group waits for every NAT route and endpoint', () => {
    const { graph, idsOf, natRoutes, endpoints } = order();
    const nodeGroups = idsOf('AWS::EKS::Nodegroup');
    expect(nodeGroups).toHaveLength(3);
    for (const nodeGroup of nodeGroups) {
      expect([...transitiveDependencies(graph, nodeGroup)]).toEqual(expect.arrayContaining([...natRoutes, ...endpoints]));
    }
  });

  test('every manifest, patch and chart applied through the kubectl provider waits for every NAT route and endpoint', () => {
    const { template, graph, typeOf, natRoutes, endpoints } = order();
    const throughKubectl = Object.keys(template.Resources).filter((id) => typeOf(id).startsWith('Custom::AWSCDK-EKS-'));
    expect(throughKubectl.length).toBeGreaterThan(10);
    for (const id of throughKubectl) {
      expect([...transitiveDependencies(graph, id)]).toEqual(expect.arrayContaining([...natRoutes, ...endpoints]));
    }
  });
});
