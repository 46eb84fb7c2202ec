import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lazily, synthesize } from '../support/synth';
import { shippedObject } from '../support/template';

// The init container's own command and script, as synthesized, run under a real shell with an
// `aws` stand-in on PATH: Fluent Bit must not start (the pod fails) when the SSM fetch fails,
// and must find exactly what SSM returned when it succeeds (README: "each new pod's init
// container runs aws ssm get-parameter --with-decryption and writes the configuration").
const PARAMETER = '/fintech-eks-dev/fluent-bit/config';
const CONFIG_FROM_SSM = '[SERVICE]\n    Flush 5\n[OUTPUT]\n    Name cloudwatch_logs\n';

const { template } = synthesize({});
// Read inside the tests: a value taken from the template while the file loads would be stale
// for every mutant of a mutation run (test/support/synth.ts, lazily).
const initContainer = lazily(() => shippedObject(template, 'DaemonSet', 'fluent-bit').object.spec.template.spec.initContainers[0]);

interface Run {
  readonly status: number | null;
  readonly stderr: string;
  /** The arguments the script passed to `aws`, one per element. */
  readonly awsArgs: string[];
  /** What is in the configuration file afterwards, or undefined if there is none. */
  readonly config: string | undefined;
}

/** Runs the loader with an `aws` that prints `stdout` and exits with `exitCode`. */
function runLoader(aws: { stdout: string; exitCode: number }): Run {
  const dir = mkdtempSync(join(tmpdir(), 'config-loader-'));
  const argsFile = join(dir, 'aws-args');
  writeFileSync(join(dir, 'aws-output'), aws.stdout);
  const standIn = join(dir, 'aws');
  writeFileSync(
    standIn,
    [
      '#!/bin/sh',
      `printf '%s\\n' "$@" > '${argsFile}'`,
      `cat '${join(dir, 'aws-output')}'`,
      `[ ${aws.exitCode} -eq 0 ] || echo 'An error occurred (AccessDeniedException) when calling the GetParameter operation' >&2`,
      `exit ${aws.exitCode}`,
      '',
    ].join('\n'),
  );
  chmodSync(standIn, 0o755);
  const loader = initContainer();
  // The pod's environment as the manifest sets it; only the file moves from the pod's
  // memory-backed volume to a temporary directory.
  const env: Record<string, string> = Object.fromEntries(loader.env.map((e: any) => [e.name, e.value]));
  const configFile = join(dir, 'fluent-bit.conf');
  env.CONFIG_FILE = configFile;
  env.PATH = `${dir}:/usr/bin:/bin`;
  const [program, ...programArgs] = [...loader.command, ...loader.args];
  const result = spawnSync(program, programArgs, { env, encoding: 'utf8' });
  return {
    status: result.status,
    stderr: result.stderr,
    awsArgs: existsSync(argsFile) ? readFileSync(argsFile, 'utf8').trimEnd().split('\n') : [],
    config: existsSync(configFile) ? readFileSync(configFile, 'utf8') : undefined,
  };
}

test('the loader is a shell script that the test can run as the pod does', () => {
  const loader = initContainer();
  expect(loader.command[0]).toBe('/bin/sh');
  expect(loader.env.find((e: any) => e.name === 'CONFIG_PARAMETER').value).toBe(PARAMETER);
});

test('when the SSM fetch fails, the init container exits non-zero, so Fluent Bit never starts without its configuration', () => {
  const run = runLoader({ stdout: '', exitCode: 254 });
  expect(run.awsArgs).not.toEqual([]);
  expect(run.status).not.toBe(0);
  expect(run.stderr).toContain('AccessDeniedException');
});

test('when the fetch succeeds, it writes the decrypted parameter value, exactly, to the file Fluent Bit reads', () => {
  const run = runLoader({ stdout: CONFIG_FROM_SSM, exitCode: 0 });
  expect(run.status).toBe(0);
  expect(run.awsArgs).toEqual([
    'ssm',
    'get-parameter',
    '--name',
    PARAMETER,
    '--with-decryption',
    '--query',
    'Parameter.Value',
    '--output',
    'text',
  ]);
  expect(run.config).toBe(CONFIG_FROM_SSM);
});
