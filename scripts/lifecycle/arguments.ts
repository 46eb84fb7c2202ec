import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { contextFromArgs } from '../cdk-cli';

/** The flags of `npm run deploy` and `npm run destroy` themselves; every other argument goes to the CDK CLI. */
export interface LifecycleArguments {
  /** `--purge`: delete log groups of an environment whose stack does not exist (they are named and asked about first). */
  readonly purge: boolean;
  /** `--yes`: the answer to --purge's question where nobody can give it (CI, no terminal). */
  readonly yes: boolean;
  /** The rest, in order, for the CDK CLI. */
  readonly cdkArgs: string[];
}

const OWN_FLAGS = ['purge', 'yes'] as const;

/**
 * Takes this script's own flags out of the arguments. The CDK CLI's flags are left where they
 * are (parsed loosely, so that an option this script does not know is passed on untouched).
 */
export function lifecycleArguments(args: readonly string[]): LifecycleArguments {
  const { tokens } = parseArgs({
    args: [...args],
    options: { purge: { type: 'boolean' }, yes: { type: 'boolean' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const own = tokens.filter(
    (token) => token.kind === 'option' && token.rawName.startsWith('--') && (OWN_FLAGS as readonly string[]).includes(token.name),
  );
  for (const token of own) {
    if (token.kind === 'option' && token.inlineValue) throw new Error(`${token.rawName} takes no value (given "${token.value}")`);
  }
  const indices = new Set(own.map((token) => token.index));
  return {
    purge: own.some((token) => token.kind === 'option' && token.name === 'purge'),
    yes: own.some((token) => token.kind === 'option' && token.name === 'yes'),
    cdkArgs: args.filter((_, index) => !indices.has(index)),
  };
}

/**
 * The AWS credentials profile the CDK CLI is given (`--profile <name>`), so that the script's own
 * calls are made with the same credentials as the CLI's, in the same account.
 */
export function credentialsProfile(cdkArgs: readonly string[]): string | undefined {
  const { values } = parseArgs({
    args: [...cdkArgs],
    options: { profile: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  return typeof values.profile === 'string' ? values.profile : undefined;
}

/** Whether the arguments name the environment themselves (`-c environmentSuffix=...` or a configFile that sets it). */
export function suffixGiven(cdkArgs: readonly string[]): boolean {
  const context = contextFromArgs(cdkArgs);
  if (context.environmentSuffix !== undefined) return true;
  if (context.configFile === undefined) return false;
  // The settings were validated before this is asked, so the file holds a JSON object.
  const settings = JSON.parse(readFileSync(context.configFile, 'utf8')) as { environmentSuffix?: unknown };
  return settings.environmentSuffix !== undefined;
}
