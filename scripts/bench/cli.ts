/**
 * `npm run bench`: on this machine, wall time and peak memory of `npx cdk synth` per profile
 * (what `cdk deploy` and `cdk diff` run first) and wall time of `npx jest` and `npm test` (median
 * of several runs after a warm-up, with min and max, and the load average, since the machine is
 * shared; the warm-up fills the tests' template cache, so the runs measure what a developer
 * waits for after an edit outside lib/);
 * then per profile the template's critical path with typical creation times
 * (creation-times.ts), its monthly cost (the estimator of `npm run cost`, on the template just
 * synthesized) and its size against CloudFormation's limits.
 *
 *   npm run bench                      # 5 synth runs per profile, 3 test runs
 *   npm run bench -- --synth-runs 9 --test-runs 1
 *   npm run bench -- --skip-tests      # synth, critical path, cost and sizes only
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateCost } from '../cost/estimate';
import { loadPriceBook } from '../cost/price-book';
import { templateFor } from '../cost/template-source';
import { parseCommandLine, runAsScript } from '../run-main';
import { addonName, creationSeconds } from './creation-times';
import { criticalPath, DependencyTemplate } from './dependencies';
import { CLOUDFORMATION_LIMITS, measureTemplate, median, summarize, TimingSummary } from './stats';

const root = join(__dirname, '..', '..');

const USAGE = 'usage: npm run bench -- [--synth-runs N] [--test-runs N] [--skip-tests]';

export interface BenchArgs {
  readonly synthRuns: number;
  readonly testRuns: number;
  readonly skipTests: boolean;
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseCommandLine(
    {
      args: [...argv],
      options: {
        'synth-runs': { type: 'string', default: '5' },
        'test-runs': { type: 'string', default: '3' },
        'skip-tests': { type: 'boolean', default: false },
      },
    },
    USAGE,
  );
  const runs = (name: 'synth-runs' | 'test-runs') => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`--${name} takes a whole number of runs, at least 1 (given "${values[name]}"); ${USAGE}`);
    }
    return value;
  };
  return { synthRuns: runs('synth-runs'), testRuns: runs('test-runs'), skipTests: values['skip-tests'] };
}

/** GNU time reports a child's peak resident memory, which Node cannot see. */
const GNU_TIME = '/usr/bin/time';

interface Run {
  readonly ms: number;
  readonly peakKiB: number;
}

/** Runs a command once under GNU time, failing loudly: a benchmark of a broken command means nothing. */
function runOnce(command: string, args: string[]): Run {
  const report = join(mkdtempSync(join(tmpdir(), 'bench-time-')), 'time.txt');
  const start = performance.now();
  const result = spawnSync(GNU_TIME, ['-f', '%M', '-o', report, command, ...args], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const ms = performance.now() - start;
  if (result.error) throw new Error(`${GNU_TIME} cannot be run (${result.error.message}); install GNU time (apt-get install time)`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr}`);
  return { ms, peakKiB: Number(readFileSync(report, 'utf8').trim().split('\n').pop()) };
}

function runRepeated(runs: number, command: string, args: string[]): { timing: TimingSummary; peakMiB: number } {
  runOnce(command, args); // warm-up: file-system caches, tsx's transform cache
  const samples = Array.from({ length: runs }, () => runOnce(command, args));
  return {
    timing: summarize(samples.map((run) => run.ms)),
    peakMiB: median(samples.map((run) => run.peakKiB)) / 1024,
  };
}

/** Production requires a certificate for its internal load balancers; a sample one (synthesis checks only its form). */
const SAMPLE_CERTIFICATE = 'arn:aws:acm:ap-southeast-1:123456789012:certificate/5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const REQUIRED: Record<string, Record<string, string>> = {
  ephemeral: {},
  production: { ingress: JSON.stringify({ internal: { certificateArn: SAMPLE_CERTIFICATE } }) },
};
const contextArgs = (context: Record<string, string>) => Object.entries(context).flatMap(([key, value]) => ['-c', `${key}=${value}`]);

/**
 * The monthly cost of a profile's template in `assemblyDir`, priced by the cost estimator
 * itself; the estimator checks that the template was built from these settings by this code,
 * and synthesizes afresh when not.
 */
export function monthlyCost(profile: string, assemblyDir: string): { totalMonthlyUsd: number; totalMonthlyUsdAtMax: number } {
  const { config, source } = templateFor({ context: { platformProfile: profile, ...REQUIRED[profile] }, synth: false, assemblyDir });
  const { totalMonthlyUsd, totalMonthlyUsdAtMax } = estimateCost(source.template, loadPriceBook(config.region));
  return { totalMonthlyUsd, totalMonthlyUsdAtMax };
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
/** One row of a Markdown table. */
const row = (...cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const timingRow = (command: string, timing: TimingSummary, peakMiB: number) =>
  row(command, timing.runs, seconds(timing.medianMs), seconds(timing.minMs), seconds(timing.maxMs), peakMiB.toFixed(0));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

const PROFILES = ['ephemeral', 'production'];

function main(argv: readonly string[]): void {
  const args = parseBenchArgs(argv);
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
  );
  console.log(`load average at start (1, 5, 15 min): ${load()}`);
  console.log('');
  console.log('| command | runs | median s | min s | max s | peak memory MiB (median) |');
  console.log('|---|---|---|---|---|---|');

  const assemblies: { profile: string; dir: string; text: string }[] = [];
  for (const profile of PROFILES) {
    const dir = mkdtempSync(join(tmpdir(), `bench-${profile}-`));
    const { timing, peakMiB } = runRepeated(args.synthRuns, 'npx', [
      'cdk',
      'synth',
      ...contextArgs({ platformProfile: profile, ...REQUIRED[profile] }),
      '-o',
      dir,
    ]);
    console.log(timingRow(`npx cdk synth (${profile})`, timing, peakMiB));
    const file = readdirSync(dir).find((f) => f.endsWith('.template.json'));
    if (!file) throw new Error(`npx cdk synth (${profile}) wrote no template into ${dir}`);
    assemblies.push({ profile, dir, text: readFileSync(join(dir, file), 'utf8') });
  }
  if (!args.skipTests) {
    const jest = runRepeated(args.testRuns, 'npx', ['jest', '--silent']);
    console.log(timingRow('npx jest', jest.timing, jest.peakMiB));
    const { timing, peakMiB } = runRepeated(args.testRuns, 'npm', ['test', '--silent']);
    console.log(timingRow('npm test', timing, peakMiB));
  }
  console.log(`load average at end (1, 5, 15 min): ${load()}`);

  console.log('');
  console.log('Critical path: the longest chain of dependencies, with typical creation times (scripts/bench/creation-times.ts)');
  console.log('');
  console.log('| profile | seconds | chain (resource type, seconds) |');
  console.log('|---|---|---|');
  for (const { profile, text } of assemblies) {
    const template = JSON.parse(text) as DependencyTemplate;
    const path = criticalPath(template, creationSeconds);
    const chain = path.chain
      .map((link) => {
        const resource = template.Resources?.[link.id];
        const addon = resource ? addonName(resource) : undefined;
        return `${link.type.replace(/^AWS::/, '')}${addon ? ` ${addon}` : ''} ${link.seconds}`;
      })
      .join(' > ');
    console.log(`| ${profile} | ${path.seconds} | ${chain} |`);
  }

  console.log('');
  console.log('| profile | monthly cost USD (npm run cost) | at max nodes |');
  console.log('|---|---|---|');
  for (const { profile, dir } of assemblies) {
    const cost = monthlyCost(profile, dir);
    console.log(`| ${profile} | ${cost.totalMonthlyUsd.toFixed(2)} | ${cost.totalMonthlyUsdAtMax.toFixed(2)} |`);
  }

  console.log('');
  console.log(
    row(
      'template',
      `resources (limit ${CLOUDFORMATION_LIMITS.resources})`,
      `bytes (limit ${CLOUDFORMATION_LIMITS.templateBytes})`,
      'Lambda functions',
      'custom resources',
    ),
  );
  console.log('|---|---|---|---|---|');
  for (const { profile, text } of assemblies) {
    const size = measureTemplate(text);
    const share = (value: number, limit: number) => `${value} (${Math.round((100 * value) / limit)}%)`;
    console.log(
      row(
        profile,
        share(size.resources, CLOUDFORMATION_LIMITS.resources),
        share(size.bytes, CLOUDFORMATION_LIMITS.templateBytes),
        size.lambdaFunctions,
        size.customResources,
      ),
    );
  }
}

runAsScript(module, 'npm run bench', main);
