import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { addCompliancePacks } from '../../lib/compliance/packs';
import { synthesize, Synthesized } from '../support/synth';

interface Violation {
  readonly rule: string;
  readonly severity: string;
  readonly paths: string[];
}

/**
 * Synthesizes with the cdk-nag packs and returns every finding that was not acknowledged.
 * A failing pack makes synthesis throw; the report on disk says why.
 */
function unacknowledgedFindings(synthesized: Pick<Synthesized, 'app' | 'outdir'>): Violation[] {
  const reportPath = join(synthesized.outdir, 'validation-report.json');
  try {
    synthesized.app.synth({ force: true });
  } catch (error) {
    if (!existsSync(reportPath)) throw error;
  }
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  return report.pluginReports.flatMap((plugin: any) =>
    plugin.violations.map((v: any) => ({
      rule: `${plugin.pluginName}: ${v.ruleName}`,
      severity: v.severity,
      paths: v.violatingConstructs.map((c: any) => c.constructPath),
    })),
  );
}

function cfnLint(templatePaths: string[]): string[] {
  try {
    execFileSync('cfn-lint', ['--format', 'parseable', '--ignore-checks', 'W3005', '--', ...templatePaths], { encoding: 'utf8' });
    return [];
  } catch (error: any) {
    if (error.code === 'ENOENT') throw new Error('cfn-lint is not installed: pip install cfn-lint (see README)');
    return String(error.stdout).trim().split('\n');
  }
}

describe.each(['ephemeral', 'production'])('%s profile', (profile) => {
  // A suffix of its own so the cached, pack-free synthesis of other tests is not reused.
  const synthesized = synthesize({ profile, environmentSuffix: `nag-${profile}` }, { compliance: true });

  test('AwsSolutions, PCI DSS 3.2.1, NIST 800-53 rev 5 and the built-in CloudFormation validation report no unacknowledged finding', () => {
    expect(unacknowledgedFindings(synthesized)).toEqual([]);
  });

  test('cfn-lint reports nothing but W3005 (CDK redundant DependsOn)', () => {
    const template = join(synthesized.outdir, `${synthesized.stack.stackName}.template.json`);
    expect(cfnLint([template])).toEqual([]);
  });
});

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
