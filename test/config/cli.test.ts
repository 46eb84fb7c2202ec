import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs the app as `cdk synth` would: context in CDK_CONTEXT_JSON, output in CDK_OUTDIR. */
function runApp(context: Record<string, unknown>) {
  const outdir = mkdtempSync(join(tmpdir(), 'platform-cli-'));
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/platform.ts'], {
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir },
    encoding: 'utf8',
  });
  return { ...result, outdir };
}

test('a configuration mistake exits non-zero with the message alone, no stack trace, nothing synthesized', () => {
  const result = runApp({ natGateways: '7', environmentSuffix: 'pr-1' });
  expect(result.status).toBe(1);
  expect(result.stderr.trim()).toBe('Invalid configuration:\n  "natGateways" is 7; allowed: a whole number from 1 to 3');
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(readdirSync(result.outdir)).toEqual([]);
});
