import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledge, acknowledgeWildcardResource, managedPolicyFinding } from '../../lib/compliance/acknowledgements';
import { addCompliancePacks } from '../../lib/compliance/packs';
import { cfnLint, complianceGate, unacknowledgedFindings } from './gate';

test('the gate is live: the same packs flag a security group open to the world on SSH', () => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'nag-probe-')) });
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

test('the cfn-lint gate is live: it reports a template error', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'lint-probe-')), 'bad.template.json');
  writeFileSync(path, JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { NoSuchProperty: 1 } } } }));
  expect(cfnLint([path]).join('\n')).toMatch(/E3002/);
});

describe('the acknowledgment check is live', () => {
  /** A probe stack with the packs, and a customer-managed policy like the CloudWatch agent's. */
  function probe(build: (stack: Stack, policy: iam.ManagedPolicy) => void) {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'ack-probe-')) });
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
      acknowledge(role.node.defaultChild as CfnResource, 'probe', managedPolicyFinding('AmazonEKSClusterPolicy'));
    });
    expect(gate.acknowledgmentProblems).toEqual([
      `stale acknowledgment: ${managedPolicyFinding('AmazonEKSClusterPolicy')} on Probe/Role/Resource matches no finding`,
    ]);
  });

  test('an acknowledgment on a construct rather than its resource is refused, since it covers the whole subtree', () => {
    const gate = probe((stack) => {
      const role = new iam.Role(stack, 'Role', {
        assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
        managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSClusterPolicy')],
      });
      Validations.of(role).acknowledge({ id: managedPolicyFinding('AmazonEKSClusterPolicy'), reason: 'probe' });
    });
    expect(gate.unacknowledged).toEqual([]);
    expect(gate.acknowledgmentProblems).toEqual([
      `${managedPolicyFinding('AmazonEKSClusterPolicy')} is acknowledged on Probe/Role, which covers everything below it: ` +
        'acknowledge it on the resource it concerns',
    ]);
  });
});
