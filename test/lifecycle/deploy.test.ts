import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { splitContextArgs } from '../../scripts/cdk-cli';
import { deployArguments, deployCommand, deployStack } from '../../scripts/lifecycle/deploy';
import { internalCertificateSettings } from '../support/synth';
import { StandInAccount } from './support/stand-in-account';

/** Where a deploy in these tests has CDK write its outputs. */
const RAW_FILE = join(tmpdir(), 'outputs', 'cdk-outputs.json');

/** The value of a CDK CLI option among arguments (`--name value` or `--name=value`). */
function optionValue(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name) return args[i + 1];
    if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
  }
  return undefined;
}

describe('npm run deploy: the arguments it gives the CDK CLI', () => {
  test("by default the CLI's approval prompt stays on (no --require-approval: it asks before widening IAM or security groups)", () => {
    const args = deployArguments('FintechEksPlatform-pr42', ['-c', 'environmentSuffix=pr42'], RAW_FILE);
    expect(optionValue(args, '--require-approval')).toBeUndefined();
    expect(args).toEqual([
      'deploy',
      'FintechEksPlatform-pr42',
      '--outputs-file',
      RAW_FILE,
      '--import-existing-resources',
      '-c',
      'environmentSuffix=pr42',
    ]);
  });

  test('it adopts what a destroy kept (--import-existing-resources, O1), once even if given again', () => {
    expect(deployArguments('FintechEksPlatform-pr42', [], RAW_FILE).filter((a) => a === '--import-existing-resources')).toHaveLength(1);
    expect(deployArguments('FintechEksPlatform-pr42', ['--import-existing-resources'], RAW_FILE)).toEqual([
      'deploy',
      'FintechEksPlatform-pr42',
      '--outputs-file',
      RAW_FILE,
      '--import-existing-resources',
    ]);
  });

  test('an explicit opt-out is passed through unchanged', () => {
    const args = deployArguments('FintechEksPlatform-pr42', ['-c', 'environmentSuffix=pr42', '--require-approval', 'never'], RAW_FILE);
    expect(optionValue(args, '--require-approval')).toBe('never');
    expect(args.filter((a) => a.startsWith('--require-approval'))).toHaveLength(1);
  });
});

describe('the pull-request workflow', () => {
  const workflow = parse(readFileSync(join(__dirname, '..', '..', 'examples', 'github-workflows', 'pr-environment.yml'), 'utf8'));
  const steps: { name?: string; run?: string }[] = Object.values<any>(workflow.jobs).flatMap((job) => job.steps ?? []);
  const deploys = steps.filter((step) => /npm run deploy\b/.test(step.run ?? ''));

  test('opts out of the approval prompt explicitly, because no person is there to answer it', () => {
    expect(deploys.length).toBeGreaterThan(0);
    for (const step of deploys) {
      const words = step.run!.split(/\s+/);
      const afterScript = words.slice(words.indexOf('--') + 1);
      expect(optionValue(splitContextArgs(afterScript).rest, '--require-approval')).toBe('never');
    }
  });
});

describe('npm run deploy: the outputs files the integration suite reads', () => {
  const STACK = 'FintechEksPlatform-pr42';
  const ARGS = ['-c', 'environmentSuffix=pr42', '-c', 'platformProfile=ephemeral'];

  /**
   * The stand-in account, with a CDK CLI that writes to --outputs-file what `outputs` gives (as
   * CDK writes the stack's outputs after a successful deploy; nothing when undefined), and
   * outputs files in a fresh directory, holding an earlier deploy's when `earlier` is given.
   */
  function deploying(outputs: Record<string, Record<string, string>> | undefined, earlier?: string) {
    const account = new StandInAccount();
    const lines: string[] = [];
    const directory = mkdtempSync(join(tmpdir(), 'outputs-'));
    const files = { raw: join(directory, 'cdk-outputs.json'), flat: join(directory, 'flat-outputs.json') };
    if (earlier !== undefined) {
      writeFileSync(files.raw, JSON.stringify({ [earlier]: { ClusterName: 'earlier' } }));
      writeFileSync(files.flat, '{"ClusterName":"earlier"}');
    }
    const runCdk = (args: readonly string[]) => {
      const status = account.runCdk(args);
      // Only where the test's files are: never into the repository's cfn-outputs/.
      const written = args[args.indexOf('--outputs-file') + 1] === files.raw;
      if (status === 0 && outputs !== undefined && written) writeFileSync(files.raw, JSON.stringify(outputs));
      return status;
    };
    const deps = { ...account.commandDeps(lines), runCdk, outputs: files };
    return { account, deps, lines, files };
  }

  test('after a deploy the stack’s outputs are written flat, and it says so', async () => {
    const { deps, lines, files } = deploying({ [STACK]: { ClusterName: 'fintech-eks-pr42', VpcId: 'vpc-1' } });
    expect(await deployCommand(ARGS, deps)).toBe(0);
    expect(JSON.parse(readFileSync(files.flat, 'utf8'))).toEqual({ ClusterName: 'fintech-eks-pr42', VpcId: 'vpc-1' });
    expect(lines).toContain(`${files.flat}: 2 outputs of ${STACK}`);
  });

  test('a failed deploy leaves no outputs of an earlier environment, and passes the CLI’s status on', async () => {
    const { account, deps, lines, files } = deploying(undefined, 'FintechEksPlatform-pr41');
    const failing = { ...deps, runCdk: (args: readonly string[]) => (args[0] === 'deploy' ? 3 : account.runCdk(args)) };
    expect(await deployCommand(ARGS, failing)).toBe(3);
    expect([existsSync(files.raw), existsSync(files.flat)]).toEqual([false, false]);
    expect(lines.filter((line) => line.includes(files.raw))).toEqual([]);
  });

  test('outputs that cannot be read after the deploy: exit 1, naming the file', async () => {
    const { deps, lines, files } = deploying({ 'FintechEksPlatform-pr41': { ClusterName: 'x' } });
    expect(await deployCommand(ARGS, deps)).toBe(1);
    expect(lines).toContain(`ERROR ${files.raw} has no outputs for stack ${STACK}; it holds: FintechEksPlatform-pr41`);
  });

  test('settings that are not valid: nothing is deployed and the earlier outputs stay', async () => {
    const { account, deps, files } = deploying(undefined, 'FintechEksPlatform-pr41');
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await deployCommand(['-c', 'environmentSuffix=pr42', '-c', 'platformProfile=staging'], deps)).toBe(1);
      expect(printed).toHaveBeenCalledTimes(1);
    } finally {
      printed.mockRestore();
    }
    expect([existsSync(files.raw), existsSync(files.flat)]).toEqual([true, true]);
    expect(account.cdkCalls).toEqual([]);
  });
});

describe('npm run deploy: the template it compares with the deployed one', () => {
  const production = (instanceType: string) =>
    Object.entries({
      environmentSuffix: 'payments',
      platformProfile: 'production',
      ingress: JSON.stringify(internalCertificateSettings().ingress),
      nodeInstanceType: instanceType,
    }).flatMap(([key, value]) => ['-c', `${key}=${value}`]);

  test('is the settings given, synthesized as by cdk synth: a new instance type is refused while no disruption is allowed', async () => {
    const account = new StandInAccount();
    const lines: string[] = [];
    const deps = account.commandDeps(lines);
    expect(await deployStack(production('m5.large'), deps)).toBe(0);
    account.disruptionBudgets.set('fintech-eks-payments', [
      { namespace: 'payments', name: 'ledger', disruptionsAllowed: 0, expectedPods: 3 },
    ]);

    expect(await deployStack(production('m5.large'), deps)).toBe(0);
    expect(await deployStack(production('m5.xlarge'), deps)).toBe(1);
    expect(lines.filter((line) => line.startsWith('ERROR '))).toEqual([
      expect.stringContaining('changes node groups fintech-eks-payments-ng-ap-southeast-1a, fintech-eks-payments-ng-ap-southeast-1b'),
    ]);
  });
});
