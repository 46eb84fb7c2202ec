import type { PlatformConfig } from '../../lib/config/load';
import { configFromArgs, runCdk } from '../cdk-cli';
import { OutputsFiles, outputsFiles } from '../flatten-outputs';
import { credentialsProfile, LifecycleArguments, lifecycleArguments } from './arguments';
import { awsEnvironment, lifecycleClients } from './aws';
import type { Clock, DeployedTemplate, EnvironmentAws } from './leftovers';
import { accountMismatch, DeployedStack, deployedStack } from './preflight';
import { terminalConfirm } from './terminal';

/** What deploy and destroy act through; the defaults are the real CDK CLI, AWS and terminal. */
export interface LifecycleDependencies {
  readonly runCdk: (args: readonly string[]) => number;
  /** @default AWS through the SDK, with the credentials the CDK CLI is given */
  readonly aws?: EnvironmentAws;
  readonly log: (line: string) => void;
  readonly error: (line: string) => void;
  /** Asks the person at the terminal; undefined where nobody can answer. @default nobody */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** @default the real clock */
  readonly clock?: Clock;
  /** The template a deploy with these CDK arguments submits. @default synthesized in-process, as `cdk synth` does */
  readonly synthesize?: (cdkArgs: readonly string[]) => DeployedTemplate;
  /** @default outputsFiles(): in CFN_OUTPUTS_DIR, or cfn-outputs/ */
  readonly outputs?: OutputsFiles;
}

/** What the commands act through when they run as scripts: the real CDK CLI, console and terminal. */
export const REAL_DEPENDENCIES: LifecycleDependencies = { runCdk, log: console.log, error: console.error, confirm: terminalConfirm() };

/** Where these dependencies keep the environment's outputs. */
export function outputsOf(deps: Pick<LifecycleDependencies, 'outputs'>): OutputsFiles {
  return deps.outputs ?? outputsFiles();
}

/** A command ready to act: its arguments and settings, checked against the account and the deployed stack. */
export interface Prepared {
  readonly args: LifecycleArguments;
  readonly config: PlatformConfig;
  readonly aws: EnvironmentAws;
  /** The stack as CloudFormation has it; undefined when it does not exist. */
  readonly deployed?: DeployedStack;
}

/**
 * The checks both commands make before they change anything: their own flags and the settings
 * are valid, the credentials are for the configured account, and the deployed stack (if any) is
 * read. Prints the refusal and returns undefined on a failed check.
 */
export async function prepare(
  rawArgs: readonly string[],
  deps: LifecycleDependencies,
  check: (args: LifecycleArguments) => string | undefined = () => undefined,
): Promise<Prepared | undefined> {
  let args: LifecycleArguments;
  let config: PlatformConfig;
  try {
    args = lifecycleArguments(rawArgs);
    config = configFromArgs(args.cdkArgs);
  } catch (error) {
    deps.error((error as Error).message);
    return undefined;
  }
  const refusal = check(args);
  if (refusal !== undefined) {
    deps.error(refusal);
    return undefined;
  }
  const aws = deps.aws ?? awsEnvironment(lifecycleClients(config.region, credentialsProfile(args.cdkArgs)));
  const mismatch = await accountMismatch(aws, config);
  if (mismatch !== undefined) {
    deps.error(mismatch);
    return undefined;
  }
  return { args, config, aws, deployed: await deployedStack(aws, config.names.stack) };
}
