import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthSummary } from '../../scripts/synth-summary';

const ROOT = join(__dirname, '..', '..');

test('one line per stack: name, profile, resource count, output directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'platform-summary-'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      artifacts: {
        'FintechEksPlatform-pr7': {
          type: 'aws:cloudformation:stack',
          properties: { templateFile: 'FintechEksPlatform-pr7.template.json' },
        },
        Tree: { type: 'cdk:tree', properties: { file: 'tree.json' } },
      },
    }),
  );
  writeFileSync(
    join(dir, 'FintechEksPlatform-pr7.template.json'),
    JSON.stringify({ Metadata: { FintechEksPlatformSettings: { profile: 'production' } }, Resources: { A: {}, B: {}, C: {} } }),
  );
  expect(synthSummary(dir, 'cdk.out')).toEqual(['FintechEksPlatform-pr7: profile production, 3 resources, cdk.out']);
});

test('npm run synth ends with the summary line of the stack it wrote', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'platform-synth-'));
  const result = spawnSync('npm', ['run', '--silent', 'synth', '--', '-c', 'platformProfile=production', '-c', 'environmentSuffix=pr9'], {
    cwd: ROOT,
    env: { ...process.env, CDK_OUTDIR: outdir },
    encoding: 'utf8',
    // The real CDK CLI starts the app: on the shared 2-core machine, beside the rest of the suite, minutes.
    timeout: 300_000,
  });
  expect(result.status).toBe(0);
  const last = result.stdout.trimEnd().split('\n').pop();
  expect(last).toMatch(new RegExp(`^FintechEksPlatform-pr9: profile production, \\d{2,3} resources, ${outdir}$`));
}, 300_000);
