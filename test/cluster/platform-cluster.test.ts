import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DependencyGroup } from 'constructs';
import { PlatformCluster } from '../../lib/cluster/platform-cluster';
import { addCompliancePacks } from '../../lib/compliance/packs';
import { ownLambdaLogGroups } from '../../lib/shared/lambda-log-groups';
import { applyLogGroupDefaults } from '../../lib/shared/log-group-defaults';
import { complianceGate } from '../compliance/gate';
import { bareStack, lazily } from '../support/synth';

/**
 * PlatformCluster on a bare stack, in an imported VPC, with the stack-wide log-group rules of the
 * platform (lib/platform-stack.ts), checked by the compliance gate's packs and by aws-cdk-lib's
 * built-in CloudFormation validation (it takes about 4 s to start, once per process; the cluster
 * acknowledges one of its findings).
 */
const built = lazily(() => {
  const stack = bareStack({ builtinCloudFormationValidation: true });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0a1b2c3d',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    privateSubnetIds: ['subnet-0a1b2c3d', 'subnet-1a2b3c4d'],
    privateSubnetRouteTableIds: ['rtb-0a1b2c3d', 'rtb-1a2b3c4d'],
  });
  const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
  const logGroups = { retentionDays: 7, encryptionKey: key };
  applyLogGroupDefaults(stack, logGroups);
  ownLambdaLogGroups(stack, { logGroupNamePrefix: '/aws/lambda/payments', policy: logGroups });
  new PlatformCluster(stack, 'Cluster', {
    clusterName: 'payments',
    kubernetesVersion: '1.36',
    vpc,
    privateSubnets: vpc.privateSubnets,
    egress: new DependencyGroup(),
    secretsKey: key,
    controlPlaneLogGroupName: '/aws/eks/payments/cluster',
    logGroups,
    endpointAccess: 'private',
    publicAccessCidrs: [],
  });
  const app = stack.node.root as App;
  addCompliancePacks(app);
  return { stack, gate: complianceGate({ app, outdir: app.outdir }) };
});

describe('the cluster and its kubectl provider pass the compliance gate on their own', () => {
  test('every finding of the packs and of CloudFormation validation on them is acknowledged', () => {
    expect(built().gate.unacknowledged).toEqual([]);
  });

  test('each acknowledgment matches a finding on its resource, and the wildcard one names the actions granted', () => {
    expect(built().gate.acknowledgmentProblems).toEqual([]);
  });

  test('synthesis leaves no warning: the subnet-tagging one is acknowledged, as PlatformNetwork tags the subnets', () => {
    const { stack } = built();
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});
