import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseCommandLine, runMain } from './run-main';

/** Output key -> value, e.g. { "ClusterName": "fintech-eks-pr42", ... }. */
export type FlatOutputs = Record<string, string>;

const REPO_ROOT = join(__dirname, '..');

/** The outputs files of a deploy: CDK's, and the flat copy the integration suite reads. */
export interface OutputsFiles {
  /** What `cdk deploy --outputs-file` writes: { "<StackName>": { "<OutputKey>": "<value>" } }. */
  readonly raw: string;
  /** One stack's outputs, flat: { "<OutputKey>": "<value>" }. */
  readonly flat: string;
}

/**
 * Where `npm run deploy` writes an environment's outputs, `npm run destroy` removes them and the
 * integration suite reads them: the directory CFN_OUTPUTS_DIR names (relative to the working
 * directory), which keeps the outputs of two environments deployed from one checkout apart;
 * cfn-outputs/ of the repository when it is unset or empty.
 */
export function outputsFiles(env: NodeJS.ProcessEnv = process.env): OutputsFiles {
  const directory = env.CFN_OUTPUTS_DIR ? resolve(env.CFN_OUTPUTS_DIR) : join(REPO_ROOT, 'cfn-outputs');
  return { raw: join(directory, 'cdk-outputs.json'), flat: join(directory, 'flat-outputs.json') };
}

/** A path as a person typed it: relative to the repository when inside it. */
export function displayPath(path: string): string {
  const fromRoot = relative(REPO_ROOT, path);
  return fromRoot.startsWith('..') ? path : fromRoot;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/** Parses a JSON file's text, saying which file is empty or broken. */
export function parseJsonFile(text: string, source: string): unknown {
  if (text.trim().length === 0) {
    throw new Error(`${source} is empty; cdk deploy writes its outputs only after a successful deployment`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

/**
 * Turns the per-stack outputs of `cdk deploy --outputs-file` into one flat object. With a
 * stack name, only that stack's outputs; otherwise every stack's, refusing a key that two
 * stacks give different values (the flat file could not say which one is meant).
 */
export function flattenOutputs(raw: unknown, source: string, stackName?: string): FlatOutputs {
  if (!isPlainObject(raw)) {
    throw new Error(
      `${source} must hold an object of stack name to outputs (as cdk deploy --outputs-file writes it); found ${kindOf(raw)}`,
    );
  }
  const stacks = Object.keys(raw);
  if (stacks.length === 0) throw new Error(`${source} holds no stacks; did cdk deploy finish?`);
  if (stackName !== undefined && !stacks.includes(stackName)) {
    throw new Error(`${source} has no outputs for stack ${stackName}; it holds: ${stacks.join(', ')}`);
  }

  const flat: FlatOutputs = {};
  const origin: Record<string, string> = {};
  for (const stack of stackName === undefined ? stacks : [stackName]) {
    const outputs = raw[stack];
    if (!isPlainObject(outputs)) {
      throw new Error(`${source}: the outputs of stack ${stack} must be an object of output key to value; found ${kindOf(outputs)}`);
    }
    for (const [key, value] of Object.entries(outputs)) {
      if (typeof value !== 'string') {
        throw new Error(`${source}: output ${key} of stack ${stack} must be a string; found ${kindOf(value)}`);
      }
      if (key in flat && flat[key] !== value) {
        throw new Error(
          `${source}: output ${key} is ${JSON.stringify(flat[key])} in stack ${origin[key]} ` +
            `but ${JSON.stringify(value)} in stack ${stack}; name the stack to flatten`,
        );
      }
      flat[key] = value;
      origin[key] = stack;
    }
  }
  return flat;
}

/** Reads the raw outputs file, flattens it and writes the flat file; returns what it wrote. */
export function flattenOutputsFile(rawPath: string, flatPath: string, stackName?: string): FlatOutputs {
  const source = displayPath(rawPath);
  if (!existsSync(rawPath)) {
    throw new Error(`${source} does not exist; cdk deploy --outputs-file writes it after a successful deployment`);
  }
  const flat = flattenOutputs(parseJsonFile(readFileSync(rawPath, 'utf8'), source), source, stackName);
  mkdirSync(dirname(flatPath), { recursive: true });
  writeFileSync(flatPath, `${JSON.stringify(flat, null, 2)}\n`);
  return flat;
}

// `tsx scripts/flatten-outputs.ts [raw-file] [flat-file] [stack-name]`, for outputs files made by hand-run deploys.
if (require.main === module) {
  void runMain('flatten-outputs', () => {
    const usage = 'usage: tsx scripts/flatten-outputs.ts [raw-file] [flat-file] [stack-name]';
    const { positionals } = parseCommandLine({ args: process.argv.slice(2), options: {}, allowPositionals: true }, usage);
    if (positionals.length > 3) throw new Error(`unexpected argument "${positionals[3]}"; ${usage}`);
    const defaults = outputsFiles();
    const [rawPath = defaults.raw, flatPath = defaults.flat, stackName] = positionals;
    const flat = flattenOutputsFile(rawPath, flatPath, stackName);
    console.log(`${displayPath(flatPath)}: ${Object.keys(flat).length} outputs`);
  });
}
