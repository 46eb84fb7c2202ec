import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesize, Synthesized } from '../support/synth';

export interface Violation {
  readonly rule: string;
  readonly severity: string;
  readonly paths: string[];
}

/**
 * Synthesizes with the cdk-nag packs and returns every finding that was not acknowledged.
 * A failing pack makes synthesis throw; the report on disk says why.
 */
export function unacknowledgedFindings(synthesized: Pick<Synthesized, 'app' | 'outdir'>): Violation[] {
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

export function cfnLint(templatePaths: string[]): string[] {
  try {
    execFileSync('cfn-lint', ['--format', 'parseable', '--ignore-checks', 'W3005', '--', ...templatePaths], { encoding: 'utf8' });
    return [];
  } catch (error: any) {
    if (error.code === 'ENOENT') throw new Error('cfn-lint is not installed: pip install cfn-lint (see README)');
    return String(error.stdout).trim().split('\n');
  }
}

/**
 * The compliance gate for one profile. Each profile has a test file of its own so that jest's
 * two workers check both at once: this is the slowest part of `npm test`.
 */
export function describeComplianceGate(profile: string): void {
  describe(`${profile} profile`, () => {
    // A suffix of its own so the cached, pack-free synthesis of other tests is not reused.
    const synthesized = synthesize({ platformProfile: profile, environmentSuffix: `nag-${profile}` }, { compliance: true });

    test('AwsSolutions, PCI DSS 3.2.1, NIST 800-53 rev 5 and the built-in CloudFormation validation report no unacknowledged finding', () => {
      expect(unacknowledgedFindings(synthesized)).toEqual([]);
    });

    test('cfn-lint reports nothing but W3005 (CDK redundant DependsOn)', () => {
      const template = join(synthesized.outdir, `${synthesized.stack.stackName}.template.json`);
      expect(cfnLint([template])).toEqual([]);
    });
  });
}
