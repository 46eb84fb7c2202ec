import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * The scripts as `npm run` starts them, where AWS cannot be reached: no credentials anywhere (an
 * empty home, no variables, no instance metadata), so the first AWS call rejects.
 */
function run(script: string, args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'no-credentials-')), AWS_EC2_METADATA_DISABLED: 'true' },
  });
  return { status: result.status, stderr: result.stderr };
}

// Destroy stands for both (deploy's entry point is the same runMain): a deploy started here would
// first remove the repository's cfn-outputs/, which a person's earlier deploy may have written.
describe('npm run destroy without AWS credentials', () => {
  test('one line naming the command and the error, no stack trace, exit 1', () => {
    const { status, stderr } = run('scripts/lifecycle/destroy.ts', ['-c', 'environmentSuffix=pr-1']);
    expect(stderr).toContain('npm run destroy failed: CredentialsProviderError: Could not load credentials from any providers\n');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(status).toBe(1);
  }, 60_000);
});
