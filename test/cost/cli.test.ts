import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_INCOMPLETE, parseArgs, run, UsageError } from '../../scripts/cost/cli';
import { compareReports, readSavedReport } from '../../scripts/cost/compare';
import { estimateCost } from '../../scripts/cost/estimate';
import { renderComparisonText, renderJson, renderText } from '../../scripts/cost/render';
import { fromAssembly, templateFor } from '../../scripts/cost/template-source';
import { DEFAULT_ASSUMPTIONS, loadUsageFile, parseUsage } from '../../scripts/cost/usage';
import { loadConfig } from '../../lib/config/load';
import { recordedSettings, SETTINGS_METADATA_KEY } from '../../lib/platform-stack';
import { internalCertificateSettings } from '../support/synth';
import { HAND_ASSUMPTIONS, HAND_PRICES, HAND_TEMPLATE } from './hand-computed';

const ROOT = join(__dirname, '..', '..');
const context = {
  stack: 'FintechEksPlatform-test',
  profile: 'ephemeral',
  templateOrigin: 'test template',
  usageOrigin: 'test usage',
  book: HAND_PRICES,
};
const report = estimateCost(HAND_TEMPLATE, HAND_PRICES, HAND_ASSUMPTIONS);
const tmp = () => mkdtempSync(join(tmpdir(), 'platform-cost-test-'));

describe('arguments', () => {
  test('-c pairs become context; flags, --usage and --compare are read', () => {
    expect(
      parseArgs([
        '-c',
        'platformProfile=production',
        '--context',
        'environmentSuffix=pr1',
        '--json',
        '--synth',
        '--allow-unpriced',
        '--usage',
        'u.yml',
        '--compare',
        'natGateways=2',
        '--compare',
        'logRetentionDays=30',
      ]),
    ).toEqual({
      context: { platformProfile: 'production', environmentSuffix: 'pr1' },
      json: true,
      synth: true,
      allowUnpriced: true,
      usageFile: 'u.yml',
      baseline: { settings: { natGateways: '2', logRetentionDays: '30' } },
    });
    expect(parseArgs(['--compare', 'base.json']).baseline).toEqual({ savedReport: 'base.json' });
  });

  test.each([
    [['-c']],
    [['-c', 'platformProfile']],
    [['--verbose']],
    [['--usage']],
    [['--compare', 'base.txt']],
    [['--compare', 'a.json', '--compare', 'natGateways=2']],
  ])('%j is refused with a usage message', (argv) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
  });
});

describe('--json output', () => {
  const parsed = JSON.parse(renderJson(report, context));

  test('carries what was priced, with which prices and assumptions, and whether it is complete', () => {
    expect(parsed).toEqual({
      stack: 'FintechEksPlatform-test',
      profile: 'ephemeral',
      region: 'ap-southeast-1',
      currency: 'USD',
      pricesTakenOn: '2000-01-01',
      template: 'test template',
      usage: 'test usage',
      assumptions: HAND_ASSUMPTIONS,
      complete: false,
      lines: expect.any(Array),
      totalMonthlyUsd: 494.41,
      totalMonthlyUsdAtMax: 800.81,
      notPriced: [expect.objectContaining({ type: 'AWS::RDS::DBInstance', count: 1, usageBased: false })],
      free: expect.any(Array),
    });
  });

  test('every line has its kind, label, how it was computed, its cost in cents and its share of the total', () => {
    for (const line of parsed.lines) {
      expect(line.monthlyUsd).toBe(Math.round(line.monthlyUsd * 100) / 100);
    }
    // 1 cluster x 720 h x $0.10 = 72.00 of 494.41 = 14.6 %
    expect(parsed.lines).toContainEqual(
      expect.objectContaining({ kind: 'eks-control-plane', label: 'EKS control plane', monthlyUsd: 72, sharePercent: 14.6 }),
    );
    // 288 of 494.41 = 58.3 %, the first line
    expect(parsed.lines[0]).toEqual(expect.objectContaining({ kind: 'ec2-nodes', monthlyUsd: 288, sharePercent: 58.3 }));
  });
});

describe('text output', () => {
  const text = renderText(report, context);

  test('prints the lines most expensive first with their share, the total, the usage and what is not priced', () => {
    const lines = text.split('\n');
    const first = lines.findIndex((line) => line.startsWith('EC2 nodes (m5.large)'));
    expect(lines[first]).toMatch(/ 288\.00 +58\.3% +576\.00$/);
    expect(lines[first + 1]).toMatch(/^EKS control plane .* 72\.00 +14\.6% +72\.00$/);
    expect(text).toMatch(/^TOTAL +494\.41 +100\.0% +800\.81$/m);
    expect(text).toContain('720 hours a month');
    expect(text).toContain('3 million Kubernetes audit events a month analysed by GuardDuty');
    expect(text).toContain('2 GB/day of logs');
    expect(text).toContain('10 GB/month through the NAT gateways');
    expect(text).toMatch(/Not priced:\n {2}AWS::RDS::DBInstance x1: .*\(NO PRICE\)/);
  });

  test('an unpriced billable resource makes the report say INCOMPLETE, at the top and at the bottom', () => {
    const notice = 'INCOMPLETE: 1 billable resource without a price (see "Not priced"); the total leaves them out';
    expect(text.split('\n')[2]).toBe(notice);
    expect(text.trimEnd().split('\n').pop()).toBe(notice);
  });
});

describe('usage file', () => {
  test('keys given override the defaults, the rest stay', () => {
    expect(parseUsage('logGbPerDay: 5\nnatProcessedGbPerMonth: 0\n', 'u.yml')).toEqual({
      hoursPerMonth: 730,
      logGbPerDay: 5,
      logStorageHorizonDays: 365,
      natProcessedGbPerMonth: 0,
      interfaceEndpointProcessedGbPerMonth: 50,
      eksAuditEventsMillionsPerMonth: 5,
      internalLoadBalancers: 0,
      publicLoadBalancers: 1,
      capacityUnitsPerLoadBalancer: 1,
      wafMillionRequestsPerMonth: 10,
    });
  });

  test('the example file states the defaults', () => {
    expect(loadUsageFile(join(ROOT, 'scripts/cost/usage.example.yml'))).toEqual({
      hoursPerMonth: 730,
      logGbPerDay: 1,
      logStorageHorizonDays: 365,
      natProcessedGbPerMonth: 100,
      interfaceEndpointProcessedGbPerMonth: 50,
      eksAuditEventsMillionsPerMonth: 5,
      internalLoadBalancers: 0,
      publicLoadBalancers: 1,
      capacityUnitsPerLoadBalancer: 1,
      wafMillionRequestsPerMonth: 10,
    });
  });

  test('a mistake names the key, the value and what is allowed', () => {
    expect(() => parseUsage('logGbPerDay: -1\nlogsPerDay: 3\n', 'u.yml')).toThrow(
      'Invalid usage file u.yml:\n' +
        '  "logGbPerDay" is -1; allowed: GB a day, 0 or more\n' +
        '  unknown key "logsPerDay"; ' +
        'allowed keys: hoursPerMonth, logGbPerDay, logStorageHorizonDays, natProcessedGbPerMonth, interfaceEndpointProcessedGbPerMonth',
    );
  });

  test('a load balancer count is a whole number', () => {
    expect(() => parseUsage('internalLoadBalancers: 1.5\n', 'u.yml')).toThrow(
      '"internalLoadBalancers" is 1.5; allowed: a whole number of load balancers, 0 or more',
    );
  });

  test('usage changes the usage lines: 10 GB/day of logs cost ten times 1 GB/day to ingest', () => {
    const tenfold = estimateCost(HAND_TEMPLATE, HAND_PRICES, { ...HAND_ASSUMPTIONS, logGbPerDay: 20 });
    const ingestion = (r: typeof report) => r.lines.find((l) => l.kind === 'logs-ingestion')!.monthlyUsd;
    // 20 GB/day x 30 days x $0.50 = 300.00
    expect(ingestion(tenfold)).toBeCloseTo(300, 9);
    expect(ingestion(report)).toBeCloseTo(30, 9);
  });
});

describe('--compare', () => {
  const side = (description: string, lines: [string, number][], complete = true) => ({
    description,
    lines: lines.map(([label, monthlyUsd]) => ({ label, monthlyUsd })),
    totalMonthlyUsd: lines.reduce((sum, [, usd]) => sum + usd, 0),
    complete,
  });
  const baseline = side('base', [
    ['NAT gateways', 43.07],
    ['EC2 nodes (m5.large)', 87.6],
    ['KMS keys', 1],
  ]);
  const current = side('this', [
    ['NAT gateways', 129.21],
    ['EC2 nodes (m7g.large)', 74.46],
    ['KMS keys', 1],
  ]);
  const comparison = compareReports(current, baseline);

  test('per line and in total, largest change first; a line on one side only is added or removed', () => {
    expect(comparison.lines).toEqual([
      { label: 'EC2 nodes (m5.large)', baselineUsd: 87.6, currentUsd: undefined, changeUsd: -87.6 },
      { label: 'NAT gateways', baselineUsd: 43.07, currentUsd: 129.21, changeUsd: 86.14 },
      { label: 'EC2 nodes (m7g.large)', baselineUsd: undefined, currentUsd: 74.46, changeUsd: 74.46 },
      { label: 'KMS keys', baselineUsd: 1, currentUsd: 1, changeUsd: 0 },
    ]);
    // 131.67 -> 204.67
    expect(comparison.total).toEqual({ baselineUsd: 131.67, currentUsd: 204.67, changeUsd: 73 });
  });

  test('the text shows each line and the total with its sign and percentage', () => {
    const text = renderComparisonText(comparison);
    expect(text.split('\n')[0]).toBe('Monthly cost difference, this against base');
    expect(text).toMatch(/^EC2 nodes \(m5\.large\) +87\.60 +- +-87\.60$/m);
    expect(text).toMatch(/^NAT gateways +43\.07 +129\.21 +\+86\.14$/m);
    expect(text).toMatch(/^KMS keys +1\.00 +1\.00 + 0\.00$/m);
    expect(text).toMatch(/^TOTAL +131\.67 +204\.67 +\+73\.00 \(\+55\.44%\)$/m);
  });

  test('an incomplete side makes the comparison incomplete', () => {
    expect(compareReports(current, side('base', [], false)).complete).toBe(false);
  });

  test('a report saved with --json is read back as a baseline; another JSON file is refused', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'saved.json'), renderJson(report, context));
    const saved = readSavedReport(join(dir, 'saved.json'));
    expect(saved.totalMonthlyUsd).toBe(494.41);
    expect(saved.complete).toBe(false);
    expect(saved.lines).toContainEqual({ ...saved.lines[0], label: 'EC2 nodes (m5.large)', monthlyUsd: 288 });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ platformProfile: 'production' }));
    expect(() => readSavedReport(join(dir, 'config.json'))).toThrow(/not a report saved with "npm run cost -- --json"/);
  });
});

describe('the template priced is always the one the settings name', () => {
  const defaults = loadConfig({}, () => '');
  const m7g = loadConfig({ nodeInstanceType: 'm7g.large' }, () => '');
  const assemblyWith = (metadata: Record<string, unknown> | undefined) => {
    const dir = tmp();
    writeFileSync(join(dir, 'FintechEksPlatform-dev.template.json'), JSON.stringify({ Metadata: metadata, Resources: {} }));
    return dir;
  };
  const otherSettings =
    'built from other settings ' +
    '(nodeGroups.instanceTypes ["m7g.large","m6g.large"] there, ["m5.large","m6i.large","m6a.large","m7i.large"] here)';

  test('a cdk.out template built from other settings is detected, naming the setting that differs', () => {
    const result = fromAssembly(defaults, assemblyWith({ [SETTINGS_METADATA_KEY]: recordedSettings(m7g) }));
    expect(result).toEqual({ reason: expect.stringContaining(`was ${otherSettings}`) });
  });

  test('a cdk.out template that does not record its settings is not trusted', () => {
    expect(fromAssembly(defaults, assemblyWith(undefined))).toEqual({ reason: expect.stringContaining('does not record the settings') });
  });

  test('a cdk.out template built from the same settings (after the last code change) is used', () => {
    const dir = assemblyWith({ [SETTINGS_METADATA_KEY]: recordedSettings(defaults) });
    expect(fromAssembly(defaults, dir)).toEqual({
      source: { template: expect.any(Object), origin: expect.stringContaining('FintechEksPlatform-dev.template.json') },
    });
  });

  test('a stale assembly is replaced by a synthesis of the named settings, which records them', () => {
    const { source } = templateFor({
      context: {},
      synth: false,
      assemblyDir: assemblyWith({ [SETTINGS_METADATA_KEY]: recordedSettings(m7g) }),
    });
    expect(source.origin).toMatch(/^synthesized in-process \(/);
    expect(source.origin.slice(-otherSettings.length - 1)).toBe(`${otherSettings})`);
    const instanceTypes = Object.values(source.template.Resources!)
      .filter((r) => r.Type === 'AWS::EKS::Nodegroup')
      .map((r) => r.Properties!.InstanceTypes);
    expect(new Set(instanceTypes.flat())).toEqual(new Set(['m5.large', 'm6i.large', 'm6a.large', 'm7i.large']));
    expect(source.template.Metadata![SETTINGS_METADATA_KEY]).toEqual(recordedSettings(defaults));
  }, 60_000);
});

describe('npm run cost', () => {
  const spawn = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cost/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 90_000 });

  test('an instance type without a price: INCOMPLETE and a non-zero exit, unless --allow-unpriced', () => {
    // A type outside the app's catalogue takes the opt-in; the price book has none for it either.
    const result = spawn(['-c', 'allowUnknownInstanceTypes=true', '-c', 'nodeInstanceType=i4i.large', '--synth']);
    expect(result.status).toBe(EXIT_INCOMPLETE);
    expect(result.stdout).toMatch(/^INCOMPLETE: 3 billable resources without a price/m);
    expect(result.stdout).toMatch(
      /AWS::EKS::Nodegroup x3: no On-Demand price or Spot savings for instance type i4i\.large in the price book \(NO PRICE\)/,
    );
    // The node volumes are billed whatever the instances cost: still priced.
    expect(result.stdout).toMatch(/^EBS gp3 node volumes /m);
    expect(result.stderr).toContain('--allow-unpriced');
  }, 90_000);

  test('--allow-unpriced prints the same INCOMPLETE report and exits 0', () => {
    const result = run([
      '-c',
      'allowUnknownInstanceTypes=true',
      '-c',
      'nodeInstanceType=i4i.large',
      '--synth',
      '--allow-unpriced',
      '--json',
    ]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(expect.objectContaining({ complete: false, template: 'synthesized in-process (--synth)' }));
  }, 60_000);

  test('the default environment is complete; --compare against production shows the NAT gateways and their addresses', () => {
    const certificate = `ingress=${JSON.stringify(internalCertificateSettings().ingress)}`;
    const result = run(['--synth', '--compare', 'platformProfile=production', '--compare', certificate]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // Production: 3 gateways x 730 h x $0.059 = 129.21; ephemeral: 1 = 43.07.
    expect(result.stdout).toMatch(/^NAT gateways +129\.21 +43\.07 +-86\.14$/m);
    // 3 vs 1 public IPv4 address x 730 h x $0.005 = 10.95 vs 3.65.
    expect(result.stdout).toMatch(/^Public IPv4 \(Elastic IPs\) +10\.95 +3\.65 +-7\.30$/m);
    expect(result.stdout.split('\n')[0]).toBe(
      'Monthly cost difference, FintechEksPlatform-dev (profile ephemeral) against FintechEksPlatform-dev (profile production)',
    );
  }, 90_000);

  test('a configuration mistake exits 1 with the configuration message', () => {
    const result = run(['-c', 'natGateways=4']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('"natGateways" is 4');
  });

  test('the usage file is checked before anything is synthesized', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'usage.yml'), 'natProcessedGbPerMonth: lots\n');
    expect(run(['--usage', join(dir, 'usage.yml')])).toEqual({
      stdout: '',
      stderr: `Invalid usage file ${join(dir, 'usage.yml')}:\n  "natProcessedGbPerMonth" is "lots"; allowed: GB a month, 0 or more`,
      status: 1,
    });
  });
});

test('every usage default is a number the usage file may also give', () => {
  expect(parseUsage(JSON.stringify(DEFAULT_ASSUMPTIONS), 'defaults.json')).toEqual(DEFAULT_ASSUMPTIONS);
});
