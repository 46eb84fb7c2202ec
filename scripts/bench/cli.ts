/**
 * `npm run bench`: wall time of `npm run synth` per profile and of `npm test` on this machine
 * (median of several runs after a warm-up, with min and max), and the size of each
 * synthesized template against CloudFormation's limits.
 *
 *   npm run bench                      # 5 synth runs per profile, 3 test runs
 *   npm run bench -- --synth-runs 9 --test-runs 1
 *   npm run bench -- --skip-tests      # synth and sizes only
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLOUDFORMATION_LIMITS, measureTemplate, summarize, TimingSummary } from './stats';

const root = join(__dirname, '..', '..');

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} takes a whole number of runs, at least 1 (given "${process.argv[index + 1]}")`);
    process.exit(2);
  }
  return value;
}

/** Runs a command once, failing loudly: a benchmark of a broken command means nothing. */
function timeOnce(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const start = performance.now();
  const result = spawnSync(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const elapsed = performance.now() - start;
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr}`);
    process.exit(1);
  }
  return elapsed;
}

function timeRepeated(runs: number, command: string, args: string[], env?: NodeJS.ProcessEnv): TimingSummary {
  timeOnce(command, args, env); // warm-up: file-system caches, tsx's transform cache
  return summarize(Array.from({ length: runs }, () => timeOnce(command, args, env)));
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const synthRuns = option('--synth-runs', 5);
const testRuns = option('--test-runs', 3);
const skipTests = process.argv.includes('--skip-tests');

console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log('');
console.log('| command | runs | median s | min s | max s |');
console.log('|---|---|---|---|---|');

const sizes: [string, ReturnType<typeof measureTemplate>][] = [];
for (const profile of ['ephemeral', 'production']) {
  const outdir = mkdtempSync(join(tmpdir(), `bench-${profile}-`));
  const timing = timeRepeated(synthRuns, 'npm', ['run', '--silent', 'synth', '--', '-c', `platformProfile=${profile}`], { CDK_OUTDIR: outdir });
  console.log(`| npm run synth (${profile}) | ${timing.runs} | ${seconds(timing.medianMs)} | ${seconds(timing.minMs)} | ${seconds(timing.maxMs)} |`);
  for (const file of readdirSync(outdir).filter((f) => f.endsWith('.template.json'))) {
    sizes.push([`${profile}: ${file}`, measureTemplate(readFileSync(join(outdir, file), 'utf8'))]);
  }
}
if (!skipTests) {
  const timing = timeRepeated(testRuns, 'npm', ['test', '--silent']);
  console.log(`| npm test | ${timing.runs} | ${seconds(timing.medianMs)} | ${seconds(timing.minMs)} | ${seconds(timing.maxMs)} |`);
}

console.log('');
console.log(`| template | resources (limit ${CLOUDFORMATION_LIMITS.resources}) | bytes (limit ${CLOUDFORMATION_LIMITS.templateBytes}) | Lambda functions | custom resources |`);
console.log('|---|---|---|---|---|');
for (const [name, size] of sizes) {
  const share = (value: number, limit: number) => `${value} (${Math.round((100 * value) / limit)}%)`;
  console.log(
    `| ${name} | ${share(size.resources, CLOUDFORMATION_LIMITS.resources)} | ${share(size.bytes, CLOUDFORMATION_LIMITS.templateBytes)} | ${size.lambdaFunctions} | ${size.customResources} |`,
  );
}
