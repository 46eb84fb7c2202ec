import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { internalCertificateSettings } from '../support/synth';

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

test('with a concrete account the app still synthesizes without a lookup: the zones are configuration', () => {
  const result = runApp({
    account: '123456789012',
    platformProfile: 'production',
    ...internalCertificateSettings(),
    environmentSuffix: 'pr42',
    'aws:cdk:disable-asset-staging': true,
  });
  expect(result.stderr).not.toMatch(/Invalid configuration/);
  expect(result.status).toBe(0);
  const manifest = JSON.parse(readFileSync(join(result.outdir, 'manifest.json'), 'utf8'));
  expect(manifest.missing).toBeUndefined();
  const template = JSON.parse(readFileSync(join(result.outdir, 'FintechEksPlatform-pr42.template.json'), 'utf8'));
  const zones = Object.values<any>(template.Resources)
    .filter((r) => r.Type === 'AWS::EC2::Subnet')
    .map((r) => r.Properties.AvailabilityZone);
  expect(new Set(zones)).toEqual(new Set(['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c']));
});

test('the old "profile" key is refused by the app with a message naming "platformProfile"', () => {
  const result = runApp({ profile: 'production' });
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(
    /^Invalid configuration:\n {2}"profile" is no longer a setting \(given "production"\): use "platformProfile"/,
  );
  expect(readdirSync(result.outdir)).toEqual([]);
});

test("the CDK CLI's --profile (AWS credentials) never reaches the app's context, so refusing the key never refuses the flag", () => {
  // A stand-in app that records the context the pinned CDK CLI hands it.
  const dir = mkdtempSync(join(tmpdir(), 'platform-cli-profile-'));
  writeFileSync(
    join(dir, 'app.js'),
    "const fs = require('fs'); fs.writeFileSync(__dirname + '/context.json', process.env.CDK_CONTEXT_JSON);" +
      'fs.mkdirSync(process.env.CDK_OUTDIR, { recursive: true });' +
      "fs.writeFileSync(process.env.CDK_OUTDIR + '/manifest.json', JSON.stringify({ version: '36.0.0', artifacts: {} }));",
  );
  writeFileSync(join(dir, 'cdk.json'), JSON.stringify({ app: 'node app.js' }));
  const cli = spawnSync(
    process.execPath,
    [require.resolve('aws-cdk/bin/cdk'), 'synth', '--profile', 'production', '-c', 'environmentSuffix=pr7'],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  );
  const context = JSON.parse(readFileSync(join(dir, 'context.json'), 'utf8'));
  expect(context).toMatchObject({ environmentSuffix: 'pr7' });
  expect(context).not.toHaveProperty('profile');
  expect(cli.stderr).not.toMatch(/Invalid configuration/);
});
