import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { addCompliancePacks } from '../../lib/compliance/packs';
import { cfnLint, unacknowledgedFindings } from './gate';

test('the gate is live: the same packs flag a security group open to the world on SSH', () => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'nag-probe-')) });
  const stack = new Stack(app, 'Probe');
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
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
