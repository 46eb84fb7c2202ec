import { rmSync } from 'node:fs';
import { configFromArgs, runCdk, stackNameFromArgs } from '../cdk-cli';
import { displayPath, FLAT_OUTPUTS_FILE, flattenOutputsFile, RAW_OUTPUTS_FILE } from '../flatten-outputs';
import { awsEnvironment, lifecycleClients } from './aws';
import { EnvironmentAws, removeOrphanedLogGroups } from './leftovers';

const IMPORT_EXISTING = '--import-existing-resources';

/**
 * The CDK CLI arguments of a deploy of `stackName`. The CLI's own approval prompt stays on (its
 * default, `--require-approval broadening`): IAM and security-group widenings are shown to a
 * person before they are applied. Automation opts out explicitly with `--require-approval never`
 * among `args`, as the pull-request workflow does.
 *
 * `--import-existing-resources`: the change set adopts a named resource that already exists
 * when the template retains it (DeletionPolicy Retain), which is how a production environment
 * re-deployed after a destroy takes back its kept log groups instead of failing on them.
 */
export function deployArguments(stackName: string, args: readonly string[]): string[] {
  const importExisting = args.includes(IMPORT_EXISTING) ? [] : [IMPORT_EXISTING];
  return ['deploy', stackName, '--outputs-file', RAW_OUTPUTS_FILE, ...importExisting, ...args];
}

export interface LifecycleDependencies {
  readonly runCdk: (args: readonly string[]) => number;
  readonly aws?: EnvironmentAws;
  readonly log: (line: string) => void;
  readonly error: (line: string) => void;
}

/**
 * The deploy itself: validates the settings, then, when the stack does not exist and nothing is
 * meant to survive a destroy, deletes log groups of the environment that a writer recreated
 * after the last destroy (they would fail the create), then runs `cdk deploy`. Returns its status.
 */
export async function deployStack(args: readonly string[], deps: LifecycleDependencies): Promise<number> {
  let config;
  try {
    config = configFromArgs(args);
  } catch (error) {
    deps.error((error as Error).message);
    return 1;
  }
  await removeOrphanedLogGroups(deps.aws ?? awsEnvironment(lifecycleClients(config.region)), config, deps.log);
  return deps.runCdk(deployArguments(config.names.stack, args));
}

/**
 * `npm run deploy -- -c environmentSuffix=pr42 -c platformProfile=ephemeral [other cdk deploy flags]`
 *
 * Deploys the one stack these settings name and writes its outputs, flattened, to
 * cfn-outputs/flat-outputs.json for the integration suite.
 */
async function main(args: readonly string[]): Promise<number> {
  const stackName = stackNameFromArgs(args);
  if (stackName === undefined) return 1;

  // A failed deploy must not leave an earlier environment's outputs for the suite to test.
  rmSync(FLAT_OUTPUTS_FILE, { force: true });
  rmSync(RAW_OUTPUTS_FILE, { force: true });

  const status = await deployStack(args, { runCdk, log: console.log, error: console.error });
  if (status !== 0) return status;

  try {
    const flat = flattenOutputsFile(RAW_OUTPUTS_FILE, FLAT_OUTPUTS_FILE, stackName);
    console.log(`${displayPath(FLAT_OUTPUTS_FILE)}: ${Object.keys(flat).length} outputs of ${stackName}`);
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
