import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Aws, CfnCondition, CfnResource, Fn, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledge, acknowledgeWildcardResource, managedPolicyFindings } from '../../lib/compliance/acknowledgements';
import { addCompliancePacks } from '../../lib/compliance/packs';
import { complianceGate, unacknowledgedFindings } from './gate';

/**
 * An app for one probe of the packs. aws-cdk-lib's own CloudFormation validation, which no probe
 * here is about (test/cluster/platform-cluster.test.ts runs it), is off: it takes over a second to
 * start in each test process.
 */
const probeApp = (prefix: string) => new App({ outdir: mkdtempSync(join(tmpdir(), prefix)), builtinCloudFormationValidation: false });

/** How cdk-nag names AmazonEKSClusterPolicy attached to a role (its ARN as CDK writes it, tokens in <...>). */
const EKS_CLUSTER_POLICY_FINDING = 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEKSClusterPolicy]';

test('the gate is live: the same packs flag a security group open to the world on SSH', () => {
  const app = probeApp('nag-probe-');
  const stack = new Stack(app, 'Probe');
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    natGateways: 0,
    subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  new ec2.SecurityGroup(stack, 'Open', { vpc }).addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
  addCompliancePacks(app);
  const rules = unacknowledgedFindings({ app, outdir: app.outdir }).map((v) => v.rule);
  expect(rules).toEqual(
    expect.arrayContaining([
      'AwsSolutions: AwsSolutions-EC23',
      'PCI.DSS.321: PCI.DSS.321-EC2RestrictedSSH',
      'NIST.800.53.R5: NIST.800.53.R5-EC2RestrictedSSH',
    ]),
  );
});

describe('the acknowledgment check is live', () => {
  /** A probe stack with the packs, and a customer-managed policy like the CloudWatch agent's. */
  function probe(build: (stack: Stack, policy: iam.ManagedPolicy) => void) {
    const app = probeApp('ack-probe-');
    const stack = new Stack(app, 'Probe');
    const policy = new iam.ManagedPolicy(stack, 'AgentPolicy', {
      statements: [new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData'], resources: ['*'] })],
    });
    acknowledgeWildcardResource(policy.node.defaultChild as CfnResource, 'no resource-level permissions', '*', [
      'cloudwatch:PutMetricData',
    ]);
    build(stack, policy);
    addCompliancePacks(app);
    return complianceGate({ app, outdir: app.outdir });
  }

  test('control: an acknowledgment that names its finding, resource and actions passes', () => {
    expect(probe(() => {})).toEqual({ unacknowledged: [], acknowledgmentProblems: [] });
  });

  test('a new action on * under an acknowledged IAM5[Resource::*] fails, though cdk-nag itself sees the same finding id', () => {
    const gate = probe((_, policy) =>
      policy.addStatements(new iam.PolicyStatement({ actions: ['ssm:GetParameters', 'kms:Decrypt'], resources: ['*'] })),
    );
    expect(gate.unacknowledged).toEqual([]);
    expect(gate.acknowledgmentProblems).toEqual([
      'Probe/AgentPolicy/Resource grants ssm:GetParameters on *, which its acknowledgment of AwsSolutions-IAM5[Resource::*] does not name',
      'Probe/AgentPolicy/Resource grants kms:Decrypt on *, which its acknowledgment of AwsSolutions-IAM5[Resource::*] does not name',
    ]);
  });

  test('the same finding on another resource is not covered', () => {
    const gate = probe((stack) => {
      new iam.ManagedPolicy(stack, 'OtherPolicy', {
        statements: [new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData'], resources: ['*'] })],
      });
    });
    expect(gate.unacknowledged).toEqual([
      expect.objectContaining({ rule: 'AwsSolutions: AwsSolutions-IAM5[Resource::*]', paths: ['Probe/OtherPolicy/Resource'] }),
    ]);
  });

  test('an acknowledgment that matches no finding is stale', () => {
    const gate = probe((stack) => {
      const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
      acknowledge(role.node.defaultChild as CfnResource, 'a probe of the gate', EKS_CLUSTER_POLICY_FINDING);
    });
    expect(gate.acknowledgmentProblems).toEqual([
      `stale acknowledgment: ${EKS_CLUSTER_POLICY_FINDING} on Probe/Role/Resource matches no finding`,
    ]);
  });

  test('an acknowledgment on a construct rather than its resource is refused, since it covers the whole subtree', () => {
    const gate = probe((stack) => {
      const role = new iam.Role(stack, 'Role', {
        assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
        managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSClusterPolicy')],
      });
      Validations.of(role).acknowledge({ id: EKS_CLUSTER_POLICY_FINDING, reason: 'probe' });
    });
    expect(gate.unacknowledged).toEqual([]);
    expect(gate.acknowledgmentProblems).toEqual([
      `${EKS_CLUSTER_POLICY_FINDING} is acknowledged on Probe/Role, which covers everything below it: ` +
        'acknowledge it on the resource it concerns',
    ]);
  });
});

describe('acknowledgment ids come from the constructs', () => {
  /** A probe stack with the packs: a policy that reads the objects of a bucket, `<bucket ARN>/*`. */
  function objectReader(bucketId: string) {
    const app = probeApp('ack-probe-');
    const stack = new Stack(app, 'Probe');
    const objects = `${new s3.Bucket(stack, bucketId).bucketArn}/*`;
    const policy = new iam.ManagedPolicy(stack, 'ReaderPolicy', {
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] })],
    });
    acknowledgeWildcardResource(policy.node.defaultChild as CfnResource, 'a probe of the gate', objects, ['s3:GetObject']);
    addCompliancePacks(app);
    const gate = complianceGate({ app, outdir: app.outdir });
    return { gate, findingsOnPolicy: gate.unacknowledged.filter((v) => v.paths.includes('Probe/ReaderPolicy/Resource')) };
  }

  test.each(['Bucket', 'RenamedBucket'])('a wildcard on the objects of bucket %s is acknowledged as cdk-nag names it', (bucketId) => {
    const { gate, findingsOnPolicy } = objectReader(bucketId);
    expect(findingsOnPolicy).toEqual([]);
    expect(gate.acknowledgmentProblems).toEqual([]);
  });

  test('AWS-managed policies are named as the role holds them, a conditional ARN included', () => {
    const app = probeApp('ack-probe-');
    const stack = new Stack(app, 'Probe');
    const inAwsPartition = new CfnCondition(stack, 'InAwsPartition', { expression: Fn.conditionEquals(Aws.PARTITION, 'aws') });
    const ecrPublic = iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonElasticContainerRegistryPublicReadOnly').managedPolicyArn;
    const role = new iam.Role(stack, 'Role', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSClusterPolicy'),
        iam.ManagedPolicy.fromManagedPolicyArn(
          stack,
          'Conditional',
          Fn.conditionIf(inAwsPartition.logicalId, ecrPublic, Aws.NO_VALUE).toString(),
        ),
      ],
    });
    const cfnRole = role.node.defaultChild as CfnResource;
    const findings = managedPolicyFindings(cfnRole, 'AmazonEKSClusterPolicy', 'AmazonElasticContainerRegistryPublicReadOnly');
    expect(findings[0]).toBe(EKS_CLUSTER_POLICY_FINDING);
    expect(() => managedPolicyFindings(cfnRole, 'AmazonEKSWorkerNodePolicy')).toThrow(
      'Probe/Role/Resource has 0 AWS-managed policies AmazonEKSWorkerNodePolicy, so it has no single finding to acknowledge',
    );
    acknowledge(cfnRole, 'a probe of the gate', ...findings);
    addCompliancePacks(app);
    const gate = complianceGate({ app, outdir: app.outdir });
    expect(gate.unacknowledged.filter((v) => v.rule.includes('IAM4'))).toEqual([]);
    expect(gate.acknowledgmentProblems).toEqual([]);
  });
});
