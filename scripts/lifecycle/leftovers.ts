import type { PlatformConfig } from '../../lib/config/load';
import type { LoadBalancedObject } from './load-balancers';
import type { DisruptionBudget } from './node-group-drain';

/** A security group, network interface, load balancer or target group that outlived the stack. */
export interface NetworkLeftover {
  readonly id: string;
  readonly description: string;
}

/** A log group with its tags. */
export interface LogGroup {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** A template as CloudFormation returns it: what the lifecycle scripts read of it. */
export interface DeployedTemplate {
  readonly Metadata?: Record<string, unknown>;
  readonly Resources?: Record<
    string,
    { readonly Type: string; readonly DeletionPolicy?: string; readonly Properties?: Record<string, unknown> }
  >;
}

/**
 * The AWS calls the deploy and destroy scripts make around the CDK CLI; `awsEnvironment` in
 * ./aws.ts makes them with the AWS SDK (test/lifecycle stands in for the account behind it).
 */
export interface EnvironmentAws {
  /** The account of the credentials the calls are made with. */
  callerAccount(): Promise<string>;
  /** The stack's status, or undefined when CloudFormation has no stack of this name. */
  stackStatus(stackName: string): Promise<string | undefined>;
  /** The template the stack was last deployed with, as submitted. */
  stackTemplate(stackName: string): Promise<DeployedTemplate>;
  /** The log groups whose names start with `prefix`, with their tags. */
  logGroups(prefix: string): Promise<LogGroup[]>;
  deleteLogGroup(name: string): Promise<void>;
  /** Security groups tagged by CloudFormation with the stack, or by EKS with the cluster. */
  securityGroups(stackName: string, clusterName: string): Promise<NetworkLeftover[]>;
  /** Network interfaces in one of these security groups, or in a VPC CloudFormation tagged with the stack. */
  networkInterfaces(stackName: string, securityGroupIds: readonly string[]): Promise<NetworkLeftover[]>;
  /** The PodDisruptionBudgets of the EKS cluster, read through its Kubernetes API as the caller. */
  disruptionBudgets(clusterName: string): Promise<DisruptionBudget[]>;
  /** Every Ingress and Service of type LoadBalancer of the EKS cluster, read through its Kubernetes API. */
  loadBalancedObjects(clusterName: string): Promise<LoadBalancedObject[]>;
  /** Deletes one of them, only while it is the object listed. */
  deleteLoadBalancedObject(clusterName: string, object: LoadBalancedObject): Promise<void>;
  /** Load balancers, target groups and security groups the load balancer controller tagged with the cluster's name. */
  loadBalancerResources(clusterName: string): Promise<NetworkLeftover[]>;
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
 * The log groups that `cdk destroy` keeps on purpose under these settings: with
 * `retainOnDelete` the audit trail (control plane, flow logs, containers, and the web ACL's when
 * public ingress is enabled); without it, none.
 */
export function retainedLogGroups(config: PlatformConfig): string[] {
  const { names } = config;
  if (!config.retainOnDelete) return [];
  const webAcl = config.ingress.publicCertificateArns ? [names.webAclLogGroup] : [];
  return [names.controlPlaneLogGroup, names.flowLogGroup, names.containerLogGroup, ...webAcl].sort();
}

/**
 * Tags that only a stack gives a log group: the platform tags every resource of its stack with
 * the suffix (R11), and CloudFormation adds the stack's name. A service that writes to a group
 * after the stack deleted it (EKS, for the control plane's last lines) recreates it without tags.
 */
const STACK_TAG_KEYS = ['EnvironmentSuffix', 'aws:cloudformation:stack-name'];

/** The stack tags a group carries, as `key=value`; empty when none. */
export function stackTags(group: LogGroup): string[] {
  return STACK_TAG_KEYS.filter((key) => key in group.tags).map((key) => `${key}=${group.tags[key]}`);
}

/** What of an environment exists, sorted into what the scripts may and may not touch. */
export interface Survey {
  /** Log groups the stack keeps on purpose (its DeletionPolicy Retain groups). */
  readonly kept: readonly string[];
  /**
   * Log groups a stack made (they carry its tags) that the stack does not keep: a stack that kept
   * them under other settings, or a deletion that failed. Never deleted by the scripts.
   */
  readonly madeByAStack: readonly LogGroup[];
  /** Log groups without a stack's tags, written by a service after the stack was gone: the only ones the scripts delete. */
  readonly written: readonly string[];
  readonly securityGroups: readonly NetworkLeftover[];
  readonly networkInterfaces: readonly NetworkLeftover[];
  /** What the load balancer controller made for the cluster in AWS: it outlives the controller. */
  readonly loadBalancers: readonly NetworkLeftover[];
}

/** Every log group under the environment's prefixes or of its names outside them, sorted by name. */
async function environmentLogGroups(aws: EnvironmentAws, config: PlatformConfig): Promise<LogGroup[]> {
  const { logGroupPrefixes, logGroupsByName } = config.names;
  const underPrefixes = await Promise.all(logGroupPrefixes.map((prefix) => aws.logGroups(prefix)));
  const byName = await Promise.all(logGroupsByName.map(async (name) => (await aws.logGroups(name)).filter((group) => group.name === name)));
  return [...underPrefixes, ...byName].flat().sort((a, b) => a.name.localeCompare(b.name));
}

/** What of the environment exists, with `kept` the log groups its stack keeps on purpose. */
export async function survey(aws: EnvironmentAws, config: PlatformConfig, kept: ReadonlySet<string>): Promise<Survey> {
  const groups = await environmentLogGroups(aws, config);
  const securityGroups = await aws.securityGroups(config.names.stack, config.names.cluster);
  const networkInterfaces = await aws.networkInterfaces(
    config.names.stack,
    securityGroups.map((group) => group.id),
  );
  const loadBalancers = await aws.loadBalancerResources(config.names.cluster);
  const unkept = groups.filter((group) => !kept.has(group.name));
  return {
    kept: groups.filter((group) => kept.has(group.name)).map((group) => group.name),
    madeByAStack: unkept.filter((group) => stackTags(group).length > 0),
    written: unkept.filter((group) => stackTags(group).length === 0).map((group) => group.name),
    securityGroups,
    networkInterfaces,
    loadBalancers,
  };
}

/** Nothing is left but what the stack keeps on purpose. */
export function isClean(found: Survey): boolean {
  return (
    found.madeByAStack.length +
      found.written.length +
      found.securityGroups.length +
      found.networkInterfaces.length +
      found.loadBalancers.length ===
    0
  );
}

export function describeLeftovers(found: Survey): string[] {
  return [
    ...found.madeByAStack.map(
      (group) => `log group ${group.name} (made by a stack: ${stackTags(group).join(', ')}; the scripts never delete it)`,
    ),
    ...found.written.map((name) => `log group ${name} (written by a service after the stack was gone)`),
    ...found.securityGroups.map((group) => `security group ${group.id} (${group.description})`),
    ...found.networkInterfaces.map((eni) => `network interface ${eni.id} (${eni.description})`),
    ...found.loadBalancers.map((resource) => `${resource.description} (${resource.id}; made by the load balancer controller)`),
  ];
}

export interface SettleOptions {
  /** The log groups the destroyed stack keeps on purpose. */
  readonly kept: ReadonlySet<string>;
  /** How long to keep watching after the stack is gone. */
  readonly windowMs: number;
  /** Between two looks. */
  readonly intervalMs: number;
  readonly clock?: Clock;
  readonly log: (line: string) => void;
}

export interface Settled {
  /** What is still there at the end. */
  readonly found: Survey;
  /** The stack exists again (a deploy of the same suffix started): watching stopped, nothing more was deleted. */
  readonly stackReappeared: boolean;
}

/**
 * After `cdk destroy` succeeded: for `windowMs`, deletes every log group of the environment that
 * reappears without a stack's tags (EKS delivers the control plane's last lines after the cluster
 * and its group are gone, recreating the group unencrypted and never expiring), and waits for
 * network interfaces and security groups to go (a Lambda function's interfaces are released
 * minutes after the function). Before each look and each deletion it checks that the stack is
 * still gone: a deploy of the same suffix started meanwhile owns the groups again. Security
 * groups and network interfaces are never deleted here; they are named for a person.
 */
export async function settleAfterDestroy(aws: EnvironmentAws, config: PlatformConfig, options: SettleOptions): Promise<Settled> {
  const clock = options.clock ?? realClock;
  const stackName = config.names.stack;
  const reappeared = async () => (await aws.stackStatus(stackName)) !== undefined;
  const deadline = clock.now() + options.windowMs;
  for (;;) {
    if (await reappeared()) return { found: await survey(aws, config, options.kept), stackReappeared: true };
    const found = await survey(aws, config, options.kept);
    for (const name of found.written) {
      if (await reappeared()) return { found: await survey(aws, config, options.kept), stackReappeared: true };
      options.log(`deleting log group ${name}: written again after the stack deleted it`);
      await aws.deleteLogGroup(name);
    }
    if (clock.now() >= deadline) return { found: await survey(aws, config, options.kept), stackReappeared: false };
    await clock.sleep(Math.min(options.intervalMs, deadline - clock.now()));
  }
}
