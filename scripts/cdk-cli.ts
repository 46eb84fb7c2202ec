import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, PlatformConfig } from '../lib/config/load';

/**
 * Splits CDK CLI arguments into the `-c key=value` / `--context key=value` pairs and the
 * rest, so that synth, deploy, destroy, cost and the integration suite read the same
 * settings the user passes to `cdk`. Each caller decides what the rest may be.
 */
export function splitContextArgs(args: readonly string[]): { context: Record<string, string>; rest: string[] } {
  const context: Record<string, string> = {};
  const rest: string[] = [];
  // One iterator, so that a flag's value is taken from it and not read again as an argument.
  const remaining = args[Symbol.iterator]();
  for (const arg of remaining) {
    let pair: string | undefined;
    if (arg === '-c' || arg === '--context') {
      pair = remaining.next().value;
      if (pair === undefined) throw new Error(`${arg} needs a key=value after it`);
    } else if (arg.startsWith('--context=')) {
      pair = arg.slice('--context='.length);
    } else {
      rest.push(arg);
      continue;
    }
    Object.assign(context, contextPairs([pair]));
  }
  return { context, rest };
}

/** The CDK CLI's `-c key=value` / `--context key=value` (repeatable), as an option of util.parseArgs. */
export const CONTEXT_OPTION = { context: { type: 'string', short: 'c', multiple: true } } as const;

/** `key=value` pairs as context, the later of two equal keys winning, as in the CDK CLI. */
export function contextPairs(pairs: readonly string[] = []): Record<string, string> {
  const context: Record<string, string> = {};
  for (const pair of pairs) {
    const separator = pair.indexOf('=');
    if (separator <= 0) throw new Error(`context "${pair}" is not of the form key=value`);
    context[pair.slice(0, separator)] = pair.slice(separator + 1);
  }
  return context;
}

/** The context pairs among CDK CLI arguments; other arguments (`--profile`, ...) are left to the CDK CLI. */
export function contextFromArgs(args: readonly string[]): Record<string, string> {
  return splitContextArgs(args).context;
}

/** cdk.json's context: the feature flags, so that a synthesis outside the CLI builds what `cdk synth` builds. */
export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
}

/** The validated configuration the CDK app will build from these arguments. */
export function configFromArgs(args: readonly string[]): PlatformConfig {
  return loadConfig(contextFromArgs(args), (path) => readFileSync(path, 'utf8'));
}

/**
 * The one stack these arguments name, after validating them as the app will; a mistake is
 * printed (the config's own message) and gives undefined, before CDK starts.
 */
export function stackNameFromArgs(args: readonly string[]): string | undefined {
  try {
    return configFromArgs(args).names.stack;
  } catch (error) {
    console.error((error as Error).message);
    return undefined;
  }
}

/**
 * Runs the project's own CDK CLI (the pinned devDependency, what `npx cdk` resolves to) with
 * the terminal attached, from the repository root where cdk.json is; returns its exit status.
 */
export function runCdk(args: readonly string[]): number {
  const result = spawnSync(process.execPath, [require.resolve('aws-cdk/bin/cdk'), ...args], {
    cwd: join(__dirname, '..'),
    stdio: 'inherit',
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}
