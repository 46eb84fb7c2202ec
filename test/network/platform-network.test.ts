import { App } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { addCompliancePacks } from '../../lib/compliance/packs';
import { PlatformNetwork } from '../../lib/network/platform-network';
import { complianceGate } from '../compliance/gate';
import { bareStack, lazily } from '../support/synth';

/** PlatformNetwork on a bare stack with a NAT gateway in each of its three zones, checked by the compliance gate's packs. */
const gate = lazily(() => {
  const stack = bareStack();
  const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
  new PlatformNetwork(stack, 'Network', {
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    natGateways: 3,
    interfaceEndpointZones: 3,
    flowLogGroupName: '/payments/vpc-flow-logs',
    logGroups: { retentionDays: 7, encryptionKey: key },
  });
  const app = stack.node.root as App;
  addCompliancePacks(app);
  return complianceGate({ app, outdir: app.outdir });
});

describe('the network passes the compliance gate on its own', () => {
  test("every finding of the packs is acknowledged, the public subnets' default routes to the internet gateway included", () => {
    expect(gate().unacknowledged).toEqual([]);
  });

  test('each acknowledgment matches a finding on its resource', () => {
    expect(gate().acknowledgmentProblems).toEqual([]);
  });
});
