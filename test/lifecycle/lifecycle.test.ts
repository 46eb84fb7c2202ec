import { loadConfig, PlatformConfig } from '../../lib/config/load';
import { deployStack } from '../../scripts/lifecycle/deploy';
import { destroyStack, SETTLE_WINDOW_MS } from '../../scripts/lifecycle/destroy';
import type { EnvironmentAws, NetworkLeftover } from '../../scripts/lifecycle/leftovers';

/**
 * O1: deploy -> destroy -> deploy of one suffix, against an in-process
 * stand-in for the account. It behaves as the services document: CloudFormation refuses to
 * create a named log group that already exists unless the change set imports existing
 * resources and the template retains the group (DeletionPolicy Retain); `cdk destroy` deletes
 * what the stack owns and keeps what it retains; EKS writes the control plane's last lines
 * after the cluster is gone, recreating its log group (at `eksWritesAgainAfterMs`); a Lambda
 * function's network interface outlives the function (until `eniReleasedAfterMs`).
 */
const SUFFIX = 'pr42';
const CLUSTER = `fintech-eks-${SUFFIX}`;
const STACK = `FintechEksPlatform-${SUFFIX}`;

function configOf(profile: string, extra: Record<string, string> = {}): { config: PlatformConfig; args: string[] } {
  const context = { environmentSuffix: SUFFIX, platformProfile: profile, ...extra };
  const args = Object.entries(context).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  return { config: loadConfig(context, () => ''), args };
}

interface AccountOptions {
  /** After the cluster is deleted, EKS writes to its control-plane group once more, this much later. */
  readonly eksWritesAgainAfterMs?: number;
  /** A kubectl function's network interface is released this long after the stack is gone. */
  readonly eniReleasedAfterMs?: number;
  /** The interface is on the EKS-owned cluster group, which then cannot be deleted (the old layout). */
  readonly eniHoldsClusterGroup?: boolean;
}

function fakeAccount(config: PlatformConfig, options: AccountOptions = {}) {
  let clock = 0;
  let stack = false;
  const logGroups = new Set<string>();
  const securityGroups = new Map<string, NetworkLeftover>();
  const interfaces = new Map<string, NetworkLeftover>();
  const pending: { at: number; run: () => void }[] = [];
  const cdkCalls: string[][] = [];
  const { names } = config;
  const stackGroups = [
    names.controlPlaneLogGroup,
    names.flowLogGroup,
    names.containerLogGroup,
    names.containerInsightsLogGroup,
    `${names.lambdaLogGroupPrefix}/Cluster/Cluster/KubectlProvider/Handler`,
  ];
  const retained = config.retainOnDelete ? [names.controlPlaneLogGroup, names.flowLogGroup, names.containerLogGroup] : [];

  const advance = (ms: number) => {
    clock += ms;
    for (const event of pending.filter((e) => e.at <= clock)) {
      pending.splice(pending.indexOf(event), 1);
      event.run();
    }
  };

  const runCdk = (args: readonly string[]): number => {
    cdkCalls.push([...args]);
    if (args[0] === 'deploy') {
      const importing = args.includes('--import-existing-resources');
      const clash = stackGroups.filter((name) => logGroups.has(name) && !stack && !(importing && retained.includes(name)));
      if (clash.length > 0) return 1; // CREATE_FAILED: "<name> already exists"
      stack = true;
      stackGroups.forEach((name) => logGroups.add(name));
      return 0;
    }
    if (args[0] === 'destroy') {
      if (!stack) return 0;
      stack = false;
      stackGroups.filter((name) => !retained.includes(name)).forEach((name) => logGroups.delete(name));
      if (options.eniHoldsClusterGroup) {
        securityGroups.set('sg-eks', { id: 'sg-eks', description: `eks-cluster-sg-${CLUSTER}` });
        interfaces.set('eni-1', { id: 'eni-1', description: 'AWS Lambda VPC ENI-kubectl' });
        return 1; // DELETE_FAILED: the subnets and the VPC still have dependencies
      }
      if (options.eksWritesAgainAfterMs !== undefined) {
        pending.push({ at: clock + options.eksWritesAgainAfterMs, run: () => logGroups.add(names.controlPlaneLogGroup) });
      }
      if (options.eniReleasedAfterMs !== undefined) {
        interfaces.set('eni-2', { id: 'eni-2', description: 'AWS Lambda VPC ENI-kubectl' });
        pending.push({ at: clock + options.eniReleasedAfterMs, run: () => interfaces.delete('eni-2') });
      }
      return 0;
    }
    throw new Error(`unexpected cdk ${args.join(' ')}`);
  };

  const aws: EnvironmentAws = {
    stackExists: async (name) => name === STACK && stack,
    logGroups: async (prefix) => [...logGroups].filter((name) => name.startsWith(prefix)),
    deleteLogGroup: async (name) => void logGroups.delete(name),
    securityGroups: async () => [...securityGroups.values()],
    networkInterfaces: async () => [...interfaces.values()],
  };
  const lines: string[] = [];

  const deps = {
    runCdk,
    aws,
    clock: { now: () => clock, sleep: async (ms: number) => advance(ms) },
    log: (line: string) => lines.push(line),
    error: (line: string) => lines.push(`ERROR ${line}`),
  };
  return { deps, logGroups, cdkCalls, lines, advance, elapsed: () => clock, hasStack: () => stack };
}

const deploy = (args: string[], deps: ReturnType<typeof fakeAccount>['deps']) => deployStack(args, deps);
const destroy = async (args: string[], deps: ReturnType<typeof fakeAccount>['deps']) => (await destroyStack(args, deps)).status;

describe('deploy -> destroy -> deploy of one suffix (O1)', () => {
  const { config, args } = configOf('ephemeral');

  test('ephemeral: the control-plane group EKS recreates during the destroy is removed, and the next deploy succeeds', async () => {
    const account = fakeAccount(config, { eksWritesAgainAfterMs: 90_000 });
    expect(await deploy(args, account.deps)).toBe(0);
    expect(await destroy(args, account.deps)).toBe(0);
    expect(account.elapsed()).toBe(SETTLE_WINDOW_MS);
    expect([...account.logGroups]).toEqual([]);
    expect(account.lines).toContain(`deleting log group /aws/eks/${CLUSTER}/cluster: written again after the stack deleted it`);
    expect(await deploy(args, account.deps)).toBe(0);
  });

  test('ephemeral: a group EKS recreates after the destroy is over is deleted by the next deploy before CloudFormation runs', async () => {
    const account = fakeAccount(config, { eksWritesAgainAfterMs: SETTLE_WINDOW_MS + 60_000 });
    expect(await deploy(args, account.deps)).toBe(0);
    expect(await destroy(args, account.deps)).toBe(0);
    account.advance(120_000);
    expect([...account.logGroups]).toEqual([`/aws/eks/${CLUSTER}/cluster`]);
    expect(await deploy(args, account.deps)).toBe(0);
    expect(account.lines).toContain(
      `deleting log group /aws/eks/${CLUSTER}/cluster: left over from an earlier ${STACK}, which no longer exists`,
    );
  });

  test('without the clean-up the second deploy would fail: the stand-in refuses an existing named group', async () => {
    const account = fakeAccount(config, { eksWritesAgainAfterMs: 1 });
    expect(await deploy(args, account.deps)).toBe(0);
    account.deps.runCdk(['destroy', STACK]);
    account.advance(1);
    expect(account.deps.runCdk(['deploy', STACK, '--import-existing-resources'])).toBe(1);
  });

  test('a deploy over a live stack deletes nothing', async () => {
    const account = fakeAccount(config);
    expect(await deploy(args, account.deps)).toBe(0);
    const before = [...account.logGroups];
    expect(await deploy(args, account.deps)).toBe(0);
    expect([...account.logGroups]).toEqual(before);
  });
});

describe('production keeps its audit trail (O1)', () => {
  const { config, args } = configOf('production');

  test('destroy keeps the control-plane, flow-log and container groups, says so, and exits 0', async () => {
    const account = fakeAccount(config);
    expect(await deploy(args, account.deps)).toBe(0);
    expect(await destroy(args, account.deps)).toBe(0);
    expect([...account.logGroups].sort()).toEqual([
      `/aws/eks/${CLUSTER}/cluster`,
      `/aws/eks/${CLUSTER}/containers`,
      `/aws/vpc/${CLUSTER}/flow-logs`,
    ]);
    expect(account.lines.join('\n')).toMatch(/kept on purpose \(retainOnDelete\)/);
  });

  test('a re-deploy adopts the kept groups (--import-existing-resources) instead of failing', async () => {
    const account = fakeAccount(config);
    expect(await deploy(args, account.deps)).toBe(0);
    expect(await destroy(args, account.deps)).toBe(0);
    expect(await deploy(args, account.deps)).toBe(0);
    expect(account.cdkCalls.filter((call) => call[0] === 'deploy').every((call) => call.includes('--import-existing-resources'))).toBe(
      true,
    );
    expect(account.hasStack()).toBe(true);
  });

  test('retainOnDelete=false makes production leave nothing, like ephemeral', async () => {
    const { config: noRetain, args: noRetainArgs } = configOf('production', { retainOnDelete: 'false' });
    const account = fakeAccount(noRetain);
    expect(await deploy(noRetainArgs, account.deps)).toBe(0);
    expect(await destroy(noRetainArgs, account.deps)).toBe(0);
    expect([...account.logGroups]).toEqual([]);
  });
});

describe('destroy names what is left (O1)', () => {
  const { config, args } = configOf('ephemeral');

  test('a network interface released within the wait is not reported', async () => {
    const account = fakeAccount(config, { eniReleasedAfterMs: 120_000 });
    await deploy(args, account.deps);
    expect(await destroy(args, account.deps)).toBe(0);
  });

  test('a network interface still there after the wait is named, and destroy exits non-zero', async () => {
    const account = fakeAccount(config, { eniReleasedAfterMs: SETTLE_WINDOW_MS + 1 });
    await deploy(args, account.deps);
    expect(await destroy(args, account.deps)).toBe(1);
    expect(account.lines).toContain('ERROR   network interface eni-2 (AWS Lambda VPC ENI-kubectl)');
  });

  test('a failed destroy lists what remains at once and keeps the CDK CLI status', async () => {
    const account = fakeAccount(config, { eniHoldsClusterGroup: true });
    await deploy(args, account.deps);
    expect(await destroy(args, account.deps)).toBe(1);
    expect(account.elapsed()).toBe(0);
    expect(account.lines).toEqual(
      expect.arrayContaining([
        `ERROR   security group sg-eks (eks-cluster-sg-${CLUSTER})`,
        'ERROR   network interface eni-1 (AWS Lambda VPC ENI-kubectl)',
      ]),
    );
  });
});
