import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthSummary } from '../../scripts/synth-summary';
import { internalCertificateSettings, synthesize } from '../support/synth';

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

/** What only the CLI asks for (`aws:cdk:enable-path-metadata`, asset metadata): where a resource comes from, for its messages. */
function withoutCliMetadata(template: any): any {
  for (const resource of Object.values<any>(template.Resources)) {
    if (!resource.Metadata) continue;
    for (const key of Object.keys(resource.Metadata)) {
      if (key === 'aws:cdk:path' || key.startsWith('aws:asset:')) delete resource.Metadata[key];
    }
    if (Object.keys(resource.Metadata).length === 0) delete resource.Metadata;
  }
  return template;
}

// One run of the real CDK CLI for both tests: it starts the app in a process of its own, several
// seconds of CPU each time.
describe('npm run synth', () => {
  const settings = {
    platformProfile: 'production',
    // Production requires a certificate for its internal load balancers.
    ingress: JSON.stringify(internalCertificateSettings().ingress),
    environmentSuffix: 'same',
    minSize: '2',
    desiredSize: '2',
  };
  const outdir = mkdtempSync(join(tmpdir(), 'platform-synth-'));
  let result: SpawnSyncReturns<string>;
  beforeAll(() => {
    result = spawnSync('npm', ['run', '--silent', 'synth', '--', ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])], {
      cwd: ROOT,
      // No credentials, as in CI: an account found in the environment would change the template.
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_DEFAULT_ACCOUNT: undefined,
        AWS_PROFILE: undefined,
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      encoding: 'utf8',
      // The real CDK CLI starts the app: on the shared 2-core machine, beside the rest of the suite, minutes.
      timeout: 300_000,
    });
  }, 300_000);

  test('ends with the summary line of the stack it wrote', () => {
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    const last = result.stdout.trimEnd().split('\n').pop();
    expect(last).toMatch(new RegExp(`^FintechEksPlatform-same: profile production, \\d{2,3} resources, ${outdir}$`));
  });

  test('builds the template the tests read: both go through buildPlatform', () => {
    const fromCli = JSON.parse(readFileSync(join(outdir, 'FintechEksPlatform-same.template.json'), 'utf8'));
    expect(withoutCliMetadata(fromCli)).toEqual(withoutCliMetadata(synthesize(settings).template.toJSON()));
  });
});
