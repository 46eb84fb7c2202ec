import type { PlatformConfig } from '../../lib/config/load';

/** A security group or network interface that outlived the stack. */
export interface NetworkLeftover {
  readonly id: string;
  readonly description: string;
}

/**
 * The AWS calls the deploy and destroy scripts make around the CDK CLI, so that a test can
 * stand in for them (test/lifecycle/lifecycle.test.ts); `awsEnvironment` in ./aws.ts is the real one.
 */
export interface EnvironmentAws {
  /** Whether CloudFormation has the stack (in any state but DELETE_COMPLETE). */
  stackExists(stackName: string): Promise<boolean>;
  /** Names of the log groups whose names start with `prefix`. */
  logGroups(prefix: string): Promise<string[]>;
  deleteLogGroup(name: string): Promise<void>;
  /** Security groups tagged by CloudFormation with the stack, or by EKS with the cluster. */
  securityGroups(stackName: string, clusterName: string): Promise<NetworkLeftover[]>;
  /** Network interfaces in one of these security groups, or in a VPC CloudFormation tagged with the stack. */
  networkInterfaces(stackName: string, securityGroupIds: readonly string[]): Promise<NetworkLeftover[]>;
}

export interface Clock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const realClock: Clock = {
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * The log groups that `cdk destroy` keeps on purpose: with `retainOnDelete` the audit trail
 * (control plane, flow logs, containers); without it, none.
 */
export function retainedLogGroups(config: PlatformConfig): string[] {
  const { names } = config;
  return config.retainOnDelete ? [names.controlPlaneLogGroup, names.flowLogGroup, names.containerLogGroup] : [];
}

async function environmentLogGroups(aws: EnvironmentAws, config: PlatformConfig): Promise<string[]> {
  const found = await Promise.all(config.names.logGroupPrefixes.map((prefix) => aws.logGroups(prefix)));
  return found.flat().sort();
}

/**
 * Before a deploy: when the stack does not exist and nothing is meant to survive a destroy
 * (`retainOnDelete` false), any log group under the environment's prefixes is a leftover that
 * a writer recreated after the last destroy (EKS writes the control-plane group once more after
 * the cluster is deleted). It would make the create fail with "already exists", and a group
 * with a Delete policy cannot be adopted by --import-existing-resources, so it is deleted.
 * Returns the names deleted.
 */
export async function removeOrphanedLogGroups(aws: EnvironmentAws, config: PlatformConfig, log: (line: string) => void): Promise<string[]> {
  if (config.retainOnDelete || (await aws.stackExists(config.names.stack))) return [];
  const orphans = await environmentLogGroups(aws, config);
  for (const name of orphans) {
    log(`deleting log group ${name}: left over from an earlier ${config.names.stack}, which no longer exists`);
    await aws.deleteLogGroup(name);
  }
  return orphans;
}

export interface Leftovers {
  readonly logGroups: readonly string[];
  readonly securityGroups: readonly NetworkLeftover[];
  readonly networkInterfaces: readonly NetworkLeftover[];
}

export function isEmpty(leftovers: Leftovers): boolean {
  return leftovers.logGroups.length + leftovers.securityGroups.length + leftovers.networkInterfaces.length === 0;
}

/** What of the environment still exists, apart from what `retainOnDelete` keeps on purpose. */
export async function findLeftovers(aws: EnvironmentAws, config: PlatformConfig): Promise<Leftovers> {
  const retained = new Set(retainedLogGroups(config));
  const logGroups = (await environmentLogGroups(aws, config)).filter((name) => !retained.has(name));
  const securityGroups = await aws.securityGroups(config.names.stack, config.names.cluster);
  const networkInterfaces = await aws.networkInterfaces(
    config.names.stack,
    securityGroups.map((group) => group.id),
  );
  return { logGroups, securityGroups, networkInterfaces };
}

export function describeLeftovers(leftovers: Leftovers): string[] {
  return [
    ...leftovers.logGroups.map((name) => `log group ${name}`),
    ...leftovers.securityGroups.map((group) => `security group ${group.id} (${group.description})`),
    ...leftovers.networkInterfaces.map((eni) => `network interface ${eni.id} (${eni.description})`),
  ];
}

export interface SettleOptions {
  /** How long to keep watching after the stack is gone. */
  readonly windowMs: number;
  /** Between two looks. */
  readonly intervalMs: number;
  readonly clock?: Clock;
  readonly log: (line: string) => void;
}

/**
 * After `cdk destroy` succeeded: for `windowMs`, deletes every log group of the environment
 * that reappears (EKS delivers the control plane's last lines after the cluster and its group
 * are gone, recreating the group unencrypted and never expiring), and waits for network
 * interfaces and security groups to go (a Lambda function's interfaces are released minutes
 * after the function). Returns what is still there at the end: empty means nothing is left.
 * Security groups and network interfaces are never deleted here; they are named for a person.
 */
export async function settleAfterDestroy(aws: EnvironmentAws, config: PlatformConfig, options: SettleOptions): Promise<Leftovers> {
  const clock = options.clock ?? realClock;
  const deadline = clock.now() + options.windowMs;
  for (;;) {
    const leftovers = await findLeftovers(aws, config);
    for (const name of leftovers.logGroups) {
      options.log(`deleting log group ${name}: written again after the stack deleted it`);
      await aws.deleteLogGroup(name);
    }
    if (clock.now() >= deadline) return findLeftovers(aws, config);
    await clock.sleep(Math.min(options.intervalMs, deadline - clock.now()));
  }
}
