import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { splitContextArgs } from '../../scripts/cdk-cli';
import { deployArguments } from '../../scripts/lifecycle/deploy';
import { RAW_OUTPUTS_FILE } from '../../scripts/flatten-outputs';

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
    const args = deployArguments('FintechEksPlatform-pr42', ['-c', 'environmentSuffix=pr42']);
    expect(optionValue(args, '--require-approval')).toBeUndefined();
    expect(args).toEqual([
      'deploy',
      'FintechEksPlatform-pr42',
      '--outputs-file',
      RAW_OUTPUTS_FILE,
      '--import-existing-resources',
      '-c',
      'environmentSuffix=pr42',
    ]);
  });

  test('it adopts what a destroy kept (--import-existing-resources, O1), once even if given again', () => {
    expect(deployArguments('FintechEksPlatform-pr42', []).filter((a) => a === '--import-existing-resources')).toHaveLength(1);
    expect(deployArguments('FintechEksPlatform-pr42', ['--import-existing-resources'])).toEqual([
      'deploy',
      'FintechEksPlatform-pr42',
      '--outputs-file',
      RAW_OUTPUTS_FILE,
      '--import-existing-resources',
    ]);
  });

  test('an explicit opt-out is passed through unchanged', () => {
    const args = deployArguments('FintechEksPlatform-pr42', ['-c', 'environmentSuffix=pr42', '--require-approval', 'never']);
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
