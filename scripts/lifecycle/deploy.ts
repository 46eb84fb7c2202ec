import { rmSync } from 'node:fs';
import { cdkJsonContext, contextFromArgs, stackNameFromArgs } from '../cdk-cli';
import { synthesizeInProcess } from '../cost/template-source';
import { displayPath, flattenOutputsFile } from '../flatten-outputs';
import { runAsScript } from '../run-main';
import { LifecycleDependencies, outputsOf, prepare, REAL_DEPENDENCIES } from './command';
import { retainedLogGroups, stackTags, survey } from './leftovers';
import { changedNodeGroups, drainRefusal } from './node-group-drain';
import { settingsConflict } from './preflight';
import { purgeLogGroups } from './purge';

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
export function deployArguments(stackName: string, args: readonly string[], rawOutputsFile: string): string[] {
  const importExisting = args.includes(IMPORT_EXISTING) ? [] : [IMPORT_EXISTING];
  return ['deploy', stackName, '--outputs-file', rawOutputsFile, ...importExisting, ...args];
}

/**
 * The deploy itself, after the checks of `prepare` (settings, account, deployed stack):
 * - over a deployed stack, refuses one that is not what the settings describe where it decides
 *   what a destroy keeps (profile, retainOnDelete, its Retain log groups), naming both;
 * - where the stack does not exist, looks at the environment's log groups first: those the
 *   settings keep are adopted by the deploy; one a stack made and kept under other settings
 *   (it carries a stack's tags) makes it refuse, since the create would fail on it; one a service
 *   wrote after the stack was gone is deleted only with --purge;
 * - over a deployed stack, when the deploy changes node groups without forcing evictions
 *   (forceNodeUpdate false, production's default), refuses while a PodDisruptionBudget of the
 *   cluster allows no disruption, naming both;
 * then runs `cdk deploy`. Returns its status.
 */
export async function deployStack(rawArgs: readonly string[], deps: LifecycleDependencies): Promise<number> {
  const prepared = await prepare(rawArgs, deps);
  if (prepared === undefined) return 1;
  const { args, config, aws, deployed } = prepared;
  const stackName = config.names.stack;

  if (deployed !== undefined) {
    const conflict = settingsConflict(deployed, config);
    if (conflict !== undefined) {
      deps.error(conflict);
      return 1;
    }
    if (!config.nodeGroups.forceUpdate) {
      const synthesize = deps.synthesize ?? ((cdkArgs) => synthesizeInProcess({ ...cdkJsonContext(), ...contextFromArgs(cdkArgs) }));
      const changed = changedNodeGroups(deployed.template, synthesize(args.cdkArgs));
      const refusal = await drainRefusal(stackName, changed, () => aws.disruptionBudgets(config.names.cluster), deps.log);
      if (refusal !== undefined) {
        deps.error(refusal);
        return 1;
      }
    }
  } else {
    const found = await survey(aws, config, new Set(retainedLogGroups(config)));
    if (found.madeByAStack.length > 0) {
      deps.error(
        `${stackName} does not exist, but log groups of it that a stack made and kept do: ` +
          found.madeByAStack.map((group) => `${group.name} (${stackTags(group).join(', ')})`).join(', ') +
          `. These settings (platformProfile ${config.profile}, retainOnDelete ${config.retainOnDelete}) would not adopt them, ` +
          `so the create would fail on them. Deploy with the settings that kept them (for a production environment, ` +
          `platformProfile=production), or delete them yourself once their logs are no longer needed (see the lifecycle ` +
          `guide); nothing was changed`,
      );
      return 1;
    }
    if (found.kept.length > 0) deps.log(`adopting what the last destroy of ${stackName} kept: ${found.kept.join(', ')}`);
    if (!(await purgeLogGroups(aws, config, found.written, { ...args, confirm: deps.confirm, log: deps.log, error: deps.error }))) {
      return 1;
    }
  }
  return deps.runCdk(deployArguments(stackName, args.cdkArgs, outputsOf(deps).raw));
}

/**
 * `npm run deploy -- -c environmentSuffix=pr42 -c platformProfile=ephemeral [other cdk deploy flags]`
 *
 * Deploys the one stack these settings name and writes its outputs, flattened, for the
 * integration suite (to `deps.outputs`, cfn-outputs/flat-outputs.json by default).
 */
export async function deployCommand(args: readonly string[], deps: LifecycleDependencies): Promise<number> {
  const stackName = stackNameFromArgs(args);
  if (stackName === undefined) return 1;

  // A failed deploy must not leave an earlier environment's outputs for the suite to test.
  const files = outputsOf(deps);
  rmSync(files.flat, { force: true });
  rmSync(files.raw, { force: true });

  const status = await deployStack(args, deps);
  if (status !== 0) return status;

  try {
    const flat = flattenOutputsFile(files.raw, files.flat, stackName);
    deps.log(`${displayPath(files.flat)}: ${Object.keys(flat).length} outputs of ${stackName}`);
  } catch (error) {
    deps.error((error as Error).message);
    return 1;
  }
  return 0;
}

runAsScript(module, 'npm run deploy', (args) => deployCommand(args, REAL_DEPENDENCIES));
