import type { PlatformConfig } from '../../lib/config/load';
import type { EnvironmentAws } from './leftovers';

export interface PurgeOptions {
  /** `--purge` was given. */
  readonly purge: boolean;
  /** `--yes` was given. */
  readonly yes: boolean;
  /** Asks a person at a terminal; undefined where nobody can answer (CI, no terminal). */
  readonly confirm?: (question: string) => Promise<boolean>;
  readonly log: (line: string) => void;
  readonly error: (line: string) => void;
}

/**
 * Deletes log groups of an environment whose stack does not exist, only when told: `--purge`
 * names them and asks, or takes `--yes` where nobody can answer. The caller passes only groups
 * without a stack's tags that the settings do not keep. Before each deletion it checks that the
 * stack is still absent. Returns whether every group was deleted.
 */
export async function purgeLogGroups(
  aws: EnvironmentAws,
  config: PlatformConfig,
  names: readonly string[],
  options: PurgeOptions,
): Promise<boolean> {
  if (names.length === 0) return true;
  const stackName = config.names.stack;
  const listed = names.join(', ');
  if (!options.purge) {
    options.error(
      `${stackName} does not exist, but log groups of it do, written by a service after the stack was gone (no stack tags): ` +
        `${listed}. A deploy would fail on them ("already exists"). --purge deletes them (it names them and asks; ` +
        `add --yes where nobody can answer); nothing was deleted`,
    );
    return false;
  }
  options.log(`--purge: ${stackName} does not exist; its log groups written after it was gone: ${listed}`);
  if (!options.yes) {
    if (options.confirm === undefined) {
      options.error('--purge asks before it deletes, and nobody can answer here (CI, no terminal): add --yes; nothing was deleted');
      return false;
    }
    if (!(await options.confirm(`Delete ${names.length} log group(s) of ${stackName}: ${listed}? [y/N] `))) {
      options.error('not confirmed; nothing was deleted');
      return false;
    }
  }
  for (const name of names) {
    if ((await aws.stackStatus(stackName)) !== undefined) {
      options.error(`${stackName} exists again (a deploy started meanwhile): stopped; ${name} and what follows were not deleted`);
      return false;
    }
    await aws.deleteLogGroup(name);
    options.log(`deleted log group ${name}`);
  }
  return true;
}
