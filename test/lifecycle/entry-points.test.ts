import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../support/script';

/**
 * The scripts as `npm run` starts them, where AWS cannot be reached: no credentials anywhere (an
 * empty home, no variables, no instance metadata), so the first AWS call rejects. Their outputs
 * go to a directory of the test's own (CFN_OUTPUTS_DIR), never the repository's cfn-outputs/.
 */
function run(script: string, args: string[], outputs = mkdtempSync(join(tmpdir(), 'outputs-'))) {
  return runScript(script, args, {
    PATH: process.env.PATH,
    HOME: mkdtempSync(join(tmpdir(), 'no-credentials-')),
    AWS_EC2_METADATA_DISABLED: 'true',
    // The SDK's own switch for its notice that its releases after January 2027 need Node 22.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    CFN_OUTPUTS_DIR: outputs,
  });
}

const NO_CREDENTIALS = 'CredentialsProviderError: Could not load credentials from any providers\n';

describe('npm run deploy and npm run destroy without AWS credentials', () => {
  test('destroy: one line naming the command and the error, no stack trace, exit 1', () => {
    const { status, stderr } = run('scripts/lifecycle/destroy.ts', ['-c', 'environmentSuffix=pr-1']);
    expect(stderr).toBe(`npm run destroy failed: ${NO_CREDENTIALS}`);
    expect(status).toBe(1);
  }, 60_000);

  test("deploy: the same line, after removing an earlier deploy's outputs so that no suite tests them", () => {
    const outputs = mkdtempSync(join(tmpdir(), 'outputs-'));
    writeFileSync(join(outputs, 'flat-outputs.json'), '{"ClusterName": "fintech-eks-pr-0"}\n');
    writeFileSync(join(outputs, 'cdk-outputs.json'), '{"FintechEksPlatform-pr-0": {}}\n');
    const { status, stderr } = run('scripts/lifecycle/deploy.ts', ['-c', 'environmentSuffix=pr-1'], outputs);
    expect(stderr).toBe(`npm run deploy failed: ${NO_CREDENTIALS}`);
    expect(status).toBe(1);
    expect([existsSync(join(outputs, 'flat-outputs.json')), existsSync(join(outputs, 'cdk-outputs.json'))]).toEqual([false, false]);
  }, 60_000);

  test('a mistake in their own flags is refused on one line before any AWS call, exit 1', () => {
    const { status, stderr } = run('scripts/lifecycle/destroy.ts', ['-c', 'environmentSuffix=pr-1', '--purge=x']);
    expect(stderr).toBe('--purge takes no value (given "x")\n');
    expect(status).toBe(1);
  }, 60_000);
});
