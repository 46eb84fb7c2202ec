import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs, renderJson, renderText, UsageError } from '../../scripts/cost/cli';
import { estimateCost } from '../../scripts/cost/report';
import { HAND_ASSUMPTIONS, HAND_PRICES, HAND_TEMPLATE } from './hand-computed';

const ROOT = join(__dirname, '..', '..');
const context = { stack: 'FintechEksPlatform-test', profile: 'ephemeral', templateOrigin: 'test template', book: HAND_PRICES };
const report = estimateCost(HAND_TEMPLATE, HAND_PRICES, HAND_ASSUMPTIONS);

describe('arguments', () => {
  test('-c pairs become context, --json and --synth are flags', () => {
    expect(parseArgs(['-c', 'platformProfile=production', '--context', 'environmentSuffix=pr1', '--context=natGateways=2', '--json', '--synth'])).toEqual({
      context: { platformProfile: 'production', environmentSuffix: 'pr1', natGateways: '2' },
      json: true,
      synth: true,
    });
  });

  test.each([[['-c']], [['-c', 'platformProfile']], [['--verbose']]])('%j is refused with a usage message', (argv) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
  });
});

describe('--json output', () => {
  const parsed = JSON.parse(renderJson(report, context));

  test('carries what was priced, with which prices and assumptions', () => {
    expect(parsed).toEqual({
      stack: 'FintechEksPlatform-test',
      profile: 'ephemeral',
      region: 'ap-southeast-1',
      currency: 'USD',
      pricesTakenOn: '2000-01-01',
      template: 'test template',
      assumptions: HAND_ASSUMPTIONS,
      lines: expect.any(Array),
      totalMonthlyUsd: 474.01,
      totalMonthlyUsdAtMax: 766.01,
      notPriced: [expect.objectContaining({ type: 'AWS::RDS::DBInstance', count: 1, unknownType: true })],
      free: expect.any(Array),
    });
  });

  test('every line has its kind, label, how it was computed and its cost in cents', () => {
    for (const line of parsed.lines) {
      expect(line).toEqual(
        expect.objectContaining({ kind: expect.any(String), label: expect.any(String), quantity: expect.any(String), monthlyUsd: expect.any(Number), monthlyUsdAtMax: expect.any(Number) }),
      );
      expect(line.monthlyUsd).toBe(Math.round(line.monthlyUsd * 100) / 100);
    }
    // 1 cluster x 720 h x $0.10
    expect(parsed.lines).toContainEqual(expect.objectContaining({ kind: 'eks-control-plane', monthlyUsd: 72 }));
  });
});

describe('text output', () => {
  const text = renderText(report, context);

  test('prints a line per cost kind, the total, the assumptions and what is not priced', () => {
    expect(text).toMatch(/^EKS control plane .* 72\.00 +72\.00$/m);
    expect(text).toMatch(/^TOTAL +474\.01 +766\.01$/m);
    expect(text).toContain('720 hours a month');
    expect(text).toContain('2 GB/day of logs');
    expect(text).toContain('10 GB/month through the NAT gateways');
    expect(text).toMatch(/Not priced:\n {2}AWS::RDS::DBInstance x1: /);
  });
});

describe('npm run cost', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cost/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

  test('--json synthesizes offline and prints a report of the default environment', () => {
    const result = run(['--json', '--synth']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toEqual(expect.objectContaining({ stack: 'FintechEksPlatform-dev', profile: 'ephemeral', template: 'synthesized in-process' }));
    expect(output.totalMonthlyUsd).toBeGreaterThan(0);
  }, 60_000);

  test('a configuration mistake exits 1 with the configuration message', () => {
    const result = run(['-c', 'natGateways=4']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('"natGateways" is 4');
  }, 60_000);
});
