import { App } from 'aws-cdk-lib';
import { ClusterAutoscaler } from '../../lib/autoscaling/cluster-autoscaler';
import { addCompliancePacks } from '../../lib/compliance/packs';
import { complianceGate } from '../compliance/gate';
import { bareStack, lazily, synthesize } from '../support/synth';
import { jsonOf, onlyResource, resourcesOfType, statementsOf } from '../support/template';
import { importedCluster } from '../support/imported-cluster';

const CLUSTER = 'fintech-eks-pr7';
const { template } = synthesize({ environmentSuffix: 'pr7' });
/**
 * What the tests read of the template, taken on a test's first read: taken while the file loads,
 * it would be stale for every mutant of a mutation run (test/support/synth.ts).
 */
const autoscaler = lazily(() => {
  const [, chart] = onlyResource(template, 'Custom::AWSCDK-EKS-HelmChart', (r) => r.Properties.Chart === 'cluster-autoscaler');
  const [policyId, policy] = onlyResource(template, 'AWS::IAM::ManagedPolicy', (r) =>
    JSON.stringify(r.Properties.PolicyDocument).includes('autoscaling:SetDesiredCapacity'),
  );
  // The role that carries the scaling policy (CloudFormation names it).
  const [roleId, role] = onlyResource(template, 'AWS::IAM::Role', (r) =>
    JSON.stringify(r.Properties.ManagedPolicyArns ?? []).includes(`"${policyId}"`),
  );
  return {
    chart,
    values: jsonOf(chart.Properties.Values),
    roleId,
    role,
    statements: statementsOf(policy.Properties.PolicyDocument),
    nodeGroups: resourcesOfType(template, 'AWS::EKS::Nodegroup'),
  };
});

describe('Cluster Autoscaler (O4)', () => {
  test('comes from the official chart at a pinned version, into kube-system, with the 1.36 image', () => {
    const { chart, values } = autoscaler();
    expect(chart.Properties.Repository).toBe('https://kubernetes.github.io/autoscaler');
    expect(chart.Properties.Version).toBe('9.59.0');
    expect(chart.Properties.Namespace).toBe('kube-system');
    expect(values.image).toEqual({ repository: 'registry.k8s.io/autoscaling/cluster-autoscaler', tag: 'v1.36.1' });
  });

  test('discovers the groups of this cluster in its region and balances the three zonal groups', () => {
    const { values, nodeGroups } = autoscaler();
    expect(values.cloudProvider).toBe('aws');
    expect(values.awsRegion).toBe('ap-southeast-1');
    expect(values.autoDiscovery).toEqual({ clusterName: CLUSTER });
    expect(values.extraArgs['balance-similar-node-groups']).toBe(true);
    // The zone label differs between the groups by design; without ignoring it they never balance.
    expect(values.extraArgs['balancing-ignore-label_1']).toBe('platform.fintech/zone');
    for (const [, group] of nodeGroups) expect(Object.keys(group.Properties.Labels)).toContain('platform.fintech/zone');
  });

  test('its service account carries its own IRSA role, trusted by that service account only', () => {
    const { values, roleId, role } = autoscaler();
    expect(values.rbac.serviceAccount).toEqual({
      create: true,
      name: 'cluster-autoscaler',
      annotations: { 'eks.amazonaws.com/role-arn': `<Fn::GetAtt ${roleId}.Arn>` },
    });
    const [conditionsId] = JSON.stringify(role.Properties.AssumeRolePolicyDocument).match(/ClusterAutoscalerRoleTrustConditions\w+/)!;
    const conditions = template.toJSON().Resources[conditionsId].Properties.Value;
    const sub = Object.entries(jsonOf(conditions)).find(([key]) => key.endsWith(':sub'))![1];
    expect(sub).toBe('system:serviceaccount:kube-system:cluster-autoscaler');
  });

  test("may resize or shrink only Auto Scaling groups tagged as this cluster's, and enabled", () => {
    const { statements } = autoscaler();
    const write = statements.filter((s) => s.Action.some((a) => !/:(Describe|Get|List)/.test(a)));
    expect(write).toHaveLength(1);
    expect(write[0].Action.sort()).toEqual(['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup']);
    expect(write[0].Condition).toEqual({
      StringEquals: {
        [`aws:ResourceTag/k8s.io/cluster-autoscaler/${CLUSTER}`]: 'owned',
        'aws:ResourceTag/k8s.io/cluster-autoscaler/enabled': 'true',
      },
    });
    expect(JSON.stringify(write[0].Resource)).toContain(':autoScalingGroup:*:autoScalingGroupName/*');
  });

  test('reads only what its AWS provider calls, and node groups of this cluster only', () => {
    const { statements } = autoscaler();
    const reads = statements.filter((s) => s !== statements.find((w) => w.Condition));
    const wildcard = reads
      .filter((s) => s.Resource.includes('*'))
      .flatMap((s) => s.Action)
      .sort();
    expect(wildcard).toEqual([
      'autoscaling:DescribeAutoScalingGroups',
      'autoscaling:DescribeScalingActivities',
      'ec2:DescribeInstanceTypes',
      'ec2:DescribeLaunchTemplateVersions',
    ]);
    const describeNodegroup = reads.find((s) => s.Action.includes('eks:DescribeNodegroup'))!;
    expect(JSON.stringify(describeNodegroup.Resource)).toContain(`:nodegroup/${CLUSTER}/*/*`);
  });

  test('the node groups carry the tags that discovery and the IAM conditions match', () => {
    const { nodeGroups } = autoscaler();
    expect(nodeGroups).toHaveLength(3);
    for (const [, group] of nodeGroups) {
      expect(group.Properties.Tags).toMatchObject({
        'k8s.io/cluster-autoscaler/enabled': 'true',
        [`k8s.io/cluster-autoscaler/${CLUSTER}`]: 'owned',
      });
    }
  });

  test('two replicas spread over zones, with a disruption budget that keeps one running', () => {
    const { values } = autoscaler();
    expect(values.replicaCount).toBe(2);
    expect(values.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(values.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
    // The chart's own selector labels: a constraint matching nothing spreads nothing.
    expect(values.topologySpreadConstraints[0].labelSelector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'aws-cluster-autoscaler',
      'app.kubernetes.io/instance': 'cluster-autoscaler',
    });
  });

  test('meets the restricted Pod Security Standard', () => {
    const { values } = autoscaler();
    expect(values.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(values.containerSecurityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('is installed after the node groups', () => {
    const { chart, nodeGroups } = autoscaler();
    expect(chart.DependsOn).toEqual(expect.arrayContaining(nodeGroups.map(([id]) => id)));
  });
});

describe('node group updates', () => {
  test("each zonal group replaces one node at a time and runs the cluster's Kubernetes version", () => {
    const { nodeGroups } = autoscaler();
    for (const [, group] of nodeGroups) {
      expect(group.Properties.UpdateConfig).toEqual({ MaxUnavailable: 1 });
      expect(group.Properties.Version).toBe('1.36');
    }
  });
});

describe('Cluster Autoscaler settings', () => {
  test('is the cluster-autoscaler release, choosing the least-waste group, never evicted mid-decision', () => {
    const { chart, values } = autoscaler();
    expect(chart.Properties.Release).toBe('cluster-autoscaler');
    expect(values.extraArgs.expander).toBe('least-waste');
    expect(values.podAnnotations).toEqual({ 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' });
  });

  test('requests 100m CPU and 300Mi, and is limited to 600Mi of memory', () => {
    const { values } = autoscaler();
    expect(values.resources).toEqual({ requests: { cpu: '100m', memory: '300Mi' }, limits: { memory: '600Mi' } });
  });

  test('its policy names each statement and says what it grants; its role names the cluster', () => {
    const { role } = autoscaler();
    const [, policy] = onlyResource(template, 'AWS::IAM::ManagedPolicy', (r) =>
      JSON.stringify(r.Properties.PolicyDocument).includes('autoscaling:SetDesiredCapacity'),
    );
    expect(policy.Properties.PolicyDocument.Statement.map((s: any) => s.Sid)).toEqual([
      'DiscoverGroupsAndInstanceTypes',
      'DescribeOwnNodegroups',
      'ResizeOwnGroups',
    ]);
    expect(policy.Properties.Description).toBe(`Cluster Autoscaler of ${CLUSTER}: read Auto Scaling groups, resize only this cluster's`);
    expect(role.Properties.Description).toBe(`IRSA role of the Cluster Autoscaler of ${CLUSTER}`);
  });
});

test('a Kubernetes version without a registered autoscaler release is refused, naming the table to extend', () => {
  const props = { kubernetesVersion: '1.99' } as unknown as ConstructorParameters<typeof ClusterAutoscaler>[2];
  expect(() => new ClusterAutoscaler(bareStack(), 'Autoscaler', props)).toThrow(
    new Error(
      'No Cluster Autoscaler release is registered for Kubernetes 1.99; add the matching ' +
        'registry.k8s.io/autoscaling/cluster-autoscaler tag to CLUSTER_AUTOSCALER_IMAGES in lib/autoscaling/cluster-autoscaler.ts',
    ),
  );
});

describe('the autoscaler passes the compliance gate on its own', () => {
  /** ClusterAutoscaler on a bare stack, for an imported cluster `payments` with its OIDC and kubectl providers. */
  const gate = lazily(() => {
    const stack = bareStack();
    const cluster = importedCluster(stack, { oidc: true });
    new ClusterAutoscaler(stack, 'Autoscaler', {
      cluster,
      clusterName: 'payments',
      kubernetesVersion: '1.36',
      region: 'eu-west-1',
      zoneLabel: 'platform.fintech/zone',
      nodeGroups: [],
    });
    const app = stack.node.root as App;
    addCompliancePacks(app);
    return complianceGate({ app, outdir: app.outdir });
  });

  test("every finding of the packs is acknowledged, the policy's three wildcard resources included", () => {
    expect(gate().unacknowledged).toEqual([]);
  });

  test('each acknowledgment matches a finding on the policy and names every action granted on its wildcard', () => {
    expect(gate().acknowledgmentProblems).toEqual([]);
  });
});
