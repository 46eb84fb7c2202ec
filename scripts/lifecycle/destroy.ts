import { existsSync, readFileSync, rmSync } from 'node:fs';
import { configFromArgs, runCdk, stackNameFromArgs } from '../cdk-cli';
import type { LifecycleDependencies } from './deploy';
import { displayPath, FLAT_OUTPUTS_FILE, RAW_OUTPUTS_FILE } from '../flatten-outputs';
import { awsEnvironment, lifecycleClients } from './aws';
import { Clock, describeLeftovers, findLeftovers, isEmpty, realClock, retainedLogGroups, settleAfterDestroy } from './leftovers';

/**
 * How long destroy keeps watching after the stack is gone: EKS delivers the control plane's
 * last log lines within minutes of the cluster's deletion, and AWS releases a Lambda function's
 * network interfaces some minutes after the function.
 */
export const SETTLE_WINDOW_MS = 5 * 60_000;
const SETTLE_INTERVAL_MS = 30_000;

/** Whether the outputs on disk came from this stack (another environment's stay untouched). */
function outputsBelongTo(stackName: string): boolean {
  if (!existsSync(RAW_OUTPUTS_FILE)) return false;
  try {
    return Object.prototype.hasOwnProperty.call(JSON.parse(readFileSync(RAW_OUTPUTS_FILE, 'utf8')), stackName);
  } catch {
    return false;
  }
}

/**
 * The destroy itself: `cdk destroy --force`, then what is left of the environment. After a
 * successful destroy it watches for SETTLE_WINDOW_MS, deleting log groups a writer recreates
 * and waiting for network interfaces and security groups to go; after a failed one it looks
 * once. Anything left (apart from what `retainOnDelete` keeps on purpose) is named and makes
 * the status non-zero. `cdkStatus` is the CDK CLI's own.
 */
export async function destroyStack(
  args: readonly string[],
  deps: LifecycleDependencies & { readonly clock?: Clock },
): Promise<{ status: number; cdkStatus: number }> {
  let config;
  try {
    config = configFromArgs(args);
  } catch (error) {
    deps.error((error as Error).message);
    return { status: 1, cdkStatus: 1 };
  }
  const aws = deps.aws ?? awsEnvironment(lifecycleClients(config.region));
  const cdkStatus = deps.runCdk(['destroy', config.names.stack, '--force', ...args]);

  if (cdkStatus === 0) deps.log(`checking for ${SETTLE_WINDOW_MS / 60_000} minutes that nothing of ${config.names.stack} comes back`);
  const leftovers =
    cdkStatus === 0
      ? await settleAfterDestroy(aws, config, {
          windowMs: SETTLE_WINDOW_MS,
          intervalMs: SETTLE_INTERVAL_MS,
          clock: deps.clock ?? realClock,
          log: deps.log,
        })
      : await findLeftovers(aws, config);

  const kept = (await Promise.all(config.names.logGroupPrefixes.map((prefix) => aws.logGroups(prefix))))
    .flat()
    .filter((name) => retainedLogGroups(config).includes(name));
  if (kept.length > 0) {
    deps.log(`kept on purpose (retainOnDelete): ${kept.join(', ')}, and the platform key that encrypts them (see README, Lifecycle)`);
  }

  if (isEmpty(leftovers)) return { status: cdkStatus, cdkStatus };
  deps.error(`${config.names.stack}: still there${cdkStatus === 0 ? ` ${SETTLE_WINDOW_MS / 60_000} minutes after the destroy` : ''}:`);
  for (const line of describeLeftovers(leftovers)) deps.error(`  ${line}`);
  deps.error('see README, Lifecycle, "Cleaning up a failed destroy"');
  return { status: cdkStatus === 0 ? 1 : cdkStatus, cdkStatus };
}

/**
 * `npm run destroy -- -c environmentSuffix=pr42 [other cdk destroy flags]`
 *
 * Destroys the stack these settings name without asking and checks that nothing is left, then
 * removes its outputs so the integration suite skips instead of testing an environment that no
 * longer exists.
 */
async function main(args: readonly string[]): Promise<number> {
  const stackName = stackNameFromArgs(args);
  if (stackName === undefined) return 1;

  const { status, cdkStatus } = await destroyStack(args, { runCdk, log: console.log, error: console.error });

  if (cdkStatus === 0 && outputsBelongTo(stackName)) {
    rmSync(FLAT_OUTPUTS_FILE, { force: true });
    rmSync(RAW_OUTPUTS_FILE, { force: true });
    console.log(`removed ${displayPath(FLAT_OUTPUTS_FILE)} (outputs of ${stackName})`);
  }
  return status;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
