import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The integration suite as `npm run test:integration` runs it, in a child process, against an
// outputs file of the test's choosing (FLAT_OUTPUTS_FILE).
const dir = mkdtempSync(join(tmpdir(), 'suite-outcome-'));
const ROOT = join(__dirname, '..', '..');

function runSuite(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('CI' in env)) delete childEnv.CI;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--test-reporter=spec', 'test/integration/platform.test.ts'],
      { cwd: ROOT, env: childEnv, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

const absent = join(dir, 'absent.json');
const malformed = join(dir, 'malformed.json');
writeFileSync(malformed, '{"EnvironmentSuffix": ');

const runs = Promise.all([
  runSuite({ FLAT_OUTPUTS_FILE: absent }),
  runSuite({ FLAT_OUTPUTS_FILE: absent, CI: 'true' }),
  runSuite({ FLAT_OUTPUTS_FILE: malformed }),
]);

jest.setTimeout(180_000);

test('locally, a suite without a deployment skips visibly and exits 0', async () => {
  const [local] = await runs;
  expect(local.code).toBe(0);
  expect(local.output).toMatch(/^integration suite skipped: no deployment: .*absent\.json does not exist/m);
  expect(local.output).toMatch(/^integration suite: (\d+) checks: 0 passed, 0 failed, \1 skipped/m);
});

test('under CI=true, a skipped suite fails the run', async () => {
  const [, ci] = await runs;
  expect(ci.code).not.toBe(0);
  expect(ci.output).toMatch(/skipped .*: FAILED, because CI=true and checks were skipped$/m);
});

test('a malformed outputs file is one clear error, not one per check, and fails the run', async () => {
  const [, , broken] = await runs;
  expect(broken.code).not.toBe(0);
  expect(broken.output.match(/is not valid JSON/g)).toHaveLength(1);
  expect(broken.output).toMatch(/^integration suite: the deployment could not be read: .*malformed\.json is not valid JSON/m);
  expect(broken.output).toMatch(/ 0 failed, (\d+) skipped .*: FAILED$/m);
});
