import { existsSync, readFileSync, rmSync } from 'node:fs';
import { stackNameFromArgs } from '../cdk-cli';
import { displayPath, OutputsFiles } from '../flatten-outputs';
import { runAsScript } from '../run-main';
import { suffixGiven } from './arguments';
import { LifecycleDependencies, outputsOf, prepare, REAL_DEPENDENCIES } from './command';
import { removeLoadBalancers } from './load-balancers';
import { describeLeftovers, isClean, realClock, retainedLogGroups, settleAfterDestroy, Survey, survey } from './leftovers';
import { settingsConflict } from './preflight';
import { purgeLogGroups } from './purge';

/**
 * How long destroy keeps watching after the stack is gone: EKS delivers the control plane's
 * last log lines within minutes of the cluster's deletion, and AWS releases a Lambda function's
 * network interfaces some minutes after the function.
 */
export const SETTLE_WINDOW_MS = 5 * 60_000;
const SETTLE_INTERVAL_MS = 30_000;

/**
 * How long destroy waits for the load balancer controller to delete what it made in AWS once the
 * Ingresses and LoadBalancer Services are gone: a load balancer goes within a minute, its security
 * groups once AWS has released its network interfaces, usually within a few minutes more.
 */
export const LOAD_BALANCER_WAIT_MS = 10 * 60_000;
const LOAD_BALANCER_INTERVAL_MS = 15_000;

const NO_SUFFIX =
  'destroy needs the environment named: -c environmentSuffix=<suffix>, or a configFile that sets it ' +
  '(it never falls back to the default suffix); nothing was changed';

/**
 * Removes the outputs files of a destroyed stack, so the integration suite skips instead of testing
 * an environment that no longer exists; another environment's outputs, or a file that cannot be
 * read as CDK's outputs, stay. Names what it removed.
 */
export function removeOutputsOf(stackName: string, log: (line: string) => void, files: OutputsFiles): void {
  if (!outputsBelongTo(stackName, files.raw)) return;
  rmSync(files.flat, { force: true });
  rmSync(files.raw, { force: true });
  log(`removed ${displayPath(files.flat)} (outputs of ${stackName})`);
}

function outputsBelongTo(stackName: string, rawFile: string): boolean {
  if (!existsSync(rawFile)) return false;
  try {
    return Object.prototype.hasOwnProperty.call(JSON.parse(readFileSync(rawFile, 'utf8')), stackName);
  } catch {
    return false;
  }
}

export interface DestroyResult {
  /** 0 only when the stack is gone and nothing is left but what it keeps on purpose. */
  readonly status: number;
  /** The stack no longer exists (destroyed now, or already gone). */
  readonly stackGone: boolean;
}

/**
 * The destroy itself, after the checks of `prepare` (settings, account, deployed stack) and only
 * for an environment named explicitly:
 * - a deployed stack that is not what the settings describe where it decides what is kept
 *   (profile, retainOnDelete, its Retain log groups) is refused, naming both;
 * - every Ingress and LoadBalancer Service of the cluster is deleted while the load balancer
 *   controller still runs, and destroy waits for what the controller made in AWS to go; what
 *   remains after LOAD_BALANCER_WAIT_MS is named and the stack is not destroyed;
 * - otherwise `cdk destroy --force`, then, for SETTLE_WINDOW_MS, log groups a service writes
 *   again (no stack tags, not kept by the stack) are deleted, while the stack stays gone, and
 *   network interfaces and security groups are waited for; after a failed destroy it looks once;
 * - a stack that is already gone is not destroyed again: what is left is named, and only the
 *   log groups a service wrote after it was gone are deleted, with --purge.
 * A log group that a stack made (it carries a stack's tags) is never deleted here.
 */
export async function destroyStack(rawArgs: readonly string[], deps: LifecycleDependencies): Promise<DestroyResult> {
  const prepared = await prepare(rawArgs, deps, (args) => (suffixGiven(args.cdkArgs) ? undefined : NO_SUFFIX));
  if (prepared === undefined) return { status: 1, stackGone: false };
  const { args, config, aws, deployed } = prepared;
  const stackName = config.names.stack;

  if (deployed === undefined) {
    deps.log(`${stackName} does not exist: nothing to destroy; looking for what is left of it`);
    const kept = new Set(retainedLogGroups(config));
    let found = await survey(aws, config, kept);
    if (found.written.length > 0 && args.purge) {
      await purgeLogGroups(aws, config, found.written, { ...args, confirm: deps.confirm, log: deps.log, error: deps.error });
      found = await survey(aws, config, kept);
    }
    const status = report(found, deps, stackName, '');
    if (found.written.length > 0 && !args.purge) deps.error('--purge deletes the log groups written after the stack was gone');
    return { status, stackGone: true };
  }

  const conflict = settingsConflict(deployed, config);
  if (conflict !== undefined) {
    deps.error(conflict);
    return { status: 1, stackGone: false };
  }
  const kept = new Set(deployed.keptLogGroups);
  const clock = deps.clock ?? realClock;
  const cleared = await removeLoadBalancers(aws, config.names.cluster, {
    timeoutMs: LOAD_BALANCER_WAIT_MS,
    intervalMs: LOAD_BALANCER_INTERVAL_MS,
    clock,
    log: deps.log,
    error: deps.error,
  });
  if (!cleared) return { status: 1, stackGone: false };
  const cdkStatus = deps.runCdk(['destroy', stackName, '--force', ...args.cdkArgs]);
  if (cdkStatus !== 0) {
    const found = await survey(aws, config, kept);
    deps.error(`${stackName}: the destroy failed; still there:`);
    for (const line of describeLeftovers(found)) deps.error(`  ${line}`);
    deps.error('see the lifecycle guide, "Cleaning up a failed destroy"');
    return { status: cdkStatus, stackGone: false };
  }

  deps.log(`checking for ${SETTLE_WINDOW_MS / 60_000} minutes that nothing of ${stackName} comes back`);
  const settled = await settleAfterDestroy(aws, config, {
    kept,
    windowMs: SETTLE_WINDOW_MS,
    intervalMs: SETTLE_INTERVAL_MS,
    clock,
    log: deps.log,
  });
  if (settled.stackReappeared) {
    deps.error(`${stackName} exists again (a deploy of it started during the wait): stopped watching; its log groups were left alone`);
    return { status: 1, stackGone: false };
  }
  return { status: report(settled.found, deps, stackName, ` ${SETTLE_WINDOW_MS / 60_000} minutes after the destroy`), stackGone: true };
}

/** Names what is kept on purpose and what is left; 0 when nothing is left. */
function report(found: Survey, deps: LifecycleDependencies, stackName: string, when: string): number {
  if (found.kept.length > 0) {
    deps.log(
      `kept on purpose (retainOnDelete): ${found.kept.join(', ')}, and the platform key that encrypts them (see the lifecycle guide)`,
    );
  }
  if (isClean(found)) return 0;
  deps.error(`${stackName}: still there${when}:`);
  for (const line of describeLeftovers(found)) deps.error(`  ${line}`);
  deps.error('see the lifecycle guide, "What remains after destroy"');
  return 1;
}

/**
 * `npm run destroy -- -c environmentSuffix=pr42 [--purge [--yes]] [other cdk destroy flags]`
 *
 * Destroys the stack these settings name without asking (the checks above stand in for the
 * CLI's question) and checks that nothing is left, then removes its outputs (removeOutputsOf).
 */
export async function destroyCommand(args: readonly string[], deps: LifecycleDependencies): Promise<number> {
  const stackName = stackNameFromArgs(args);
  if (stackName === undefined) return 1;

  const { status, stackGone } = await destroyStack(args, deps);

  if (stackGone) removeOutputsOf(stackName, deps.log, outputsOf(deps));
  return status;
}

runAsScript(module, 'npm run destroy', (args) => destroyCommand(args, REAL_DEPENDENCIES));
