import { awsEnvironment } from '../../scripts/lifecycle/aws';
import { deployStack } from '../../scripts/lifecycle/deploy';
import { destroyStack, SETTLE_WINDOW_MS } from '../../scripts/lifecycle/destroy';
import { StandInAccount, StandInOptions } from './support/stand-in-account';

/**
 * O1: deploy -> destroy -> deploy of one suffix, against the stand-in account of
 * ./support/stand-in-account.ts, which answers the AWS SDK's clients as the services document and
 * plays the CDK CLI on the real template of the settings given.
 */
const SUFFIX = 'pr42';
const CLUSTER = `fintech-eks-${SUFFIX}`;
const STACK = `FintechEksPlatform-${SUFFIX}`;

/** The `-c key=value` arguments of these settings. */
function argsOf(profile: string, extra: Record<string, string> = {}): string[] {
  const context = { environmentSuffix: SUFFIX, platformProfile: profile, ...extra };
  return Object.entries(context).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
}

function standIn(options: StandInOptions = {}) {
  const account = new StandInAccount(options);
  const lines: string[] = [];
  const deps = {
    runCdk: account.runCdk,
    aws: awsEnvironment(account.clients()),
    clock: { now: () => account.now(), sleep: async (ms: number) => account.advance(ms) },
    log: (line: string) => lines.push(line),
    error: (line: string) => lines.push(`ERROR ${line}`),
  };
  return {
    deps,
    lines,
    cdkCalls: account.cdkCalls,
    advance: (ms: number) => account.advance(ms),
    elapsed: () => account.now(),
    hasStack: () => account.stacks.has(STACK),
    logGroupNames: () => account.logGroupNames(),
  };
}

const deploy = (args: string[], deps: ReturnType<typeof standIn>['deps']) => deployStack(args, deps);
const destroy = async (args: string[], deps: ReturnType<typeof standIn>['deps']) => (await destroyStack(args, deps)).status;

describe('deploy -> destroy -> deploy of one suffix (O1)', () => {
  const args = argsOf('ephemeral');

  test('ephemeral: the control-plane group EKS recreates during the destroy is removed, and the next deploy succeeds', async () => {
    const account = standIn({ eksWritesAgainAfterMs: 90_000 });
    expect(await deploy(args, account.deps)).toBe(0);
    expect(await destroy(args, account.deps)).toBe(0);
    expect(account.elapsed()).toBe(SETTLE_WINDOW_MS);
    expect(account.logGroupNames()).toEqual([]);
    expect(account.lines).toContain(`deleting log group /aws/eks/${CLUSTER}/cluster: written again after the stack deleted it`);
    expect(await deploy(args, account.deps)).toBe(0);
  });

  test('ephemeral: a group EKS recreates after the destroy is over is deleted by the next deploy before CloudFormation runs', async () => {
    const account = standIn({ eksWritesAgainAfterMs: SETTLE_WINDOW_MS + 60_000 });
    expect(await deploy(args, account.deps)).toBe(0);
    expect(await destroy(args, account.deps)).toBe(0);
    account.advance(120_000);
    expect(account.logGroupNames()).toEqual([`/aws/eks/${CLUSTER}/cluster`]);
    expect(await deploy(args, account.deps)).toBe(0);
    expect(account.lines).toContain(
      `deleting log group /aws/eks/${CLUSTER}/cluster: left over from an earlier ${STACK}, which no longer exists`,
    );
  });

  test('without the clean-up the second deploy would fail: the stand-in refuses an existing named group', async () => {
    const account = standIn({ eksWritesAgainAfterMs: 1 });
    expect(await deploy(args, account.deps)).toBe(0);
    account.deps.runCdk(['destroy', STACK, ...args]);
    account.advance(1);
    expect(account.deps.runCdk(['deploy', STACK, '--import-existing-resources', ...args])).toBe(1);
  });

  test('a deploy over a live stack deletes nothing', async () => {
    const account = standIn();
    expect(await deploy(args, account.deps)).toBe(0);
    const before = account.logGroupNames();
    expect(await deploy(args, account.deps)).toBe(0);
    expect(account.logGroupNames()).toEqual(before);
  });
});

describe('production keeps its audit trail (O1)', () => {
  const args = argsOf('production');

  test('destroy keeps the control-plane, flow-log and container groups, says so, and exits 0', async () => {
    const account = standIn();
    expect(await deploy(args, account.deps)).toBe(0);
    expect(await destroy(args, account.deps)).toBe(0);
    expect(account.logGroupNames()).toEqual([
      `/aws/eks/${CLUSTER}/cluster`,
      `/aws/eks/${CLUSTER}/containers`,
      `/aws/vpc/${CLUSTER}/flow-logs`,
    ]);
    expect(account.lines.join('\n')).toMatch(/kept on purpose \(retainOnDelete\)/);
  });

  test('a re-deploy adopts the kept groups (--import-existing-resources) instead of failing', async () => {
    const account = standIn();
    expect(await deploy(args, account.deps)).toBe(0);
    expect(await destroy(args, account.deps)).toBe(0);
    expect(await deploy(args, account.deps)).toBe(0);
    expect(account.cdkCalls.filter((call) => call[0] === 'deploy').every((call) => call.includes('--import-existing-resources'))).toBe(
      true,
    );
    expect(account.hasStack()).toBe(true);
  });

  test('retainOnDelete=false makes production leave nothing, like ephemeral', async () => {
    const noRetainArgs = argsOf('production', { retainOnDelete: 'false' });
    const account = standIn();
    expect(await deploy(noRetainArgs, account.deps)).toBe(0);
    expect(await destroy(noRetainArgs, account.deps)).toBe(0);
    expect(account.logGroupNames()).toEqual([]);
  });
});

describe('destroy names what is left (O1)', () => {
  const args = argsOf('ephemeral');

  test('a network interface released within the wait is not reported', async () => {
    const account = standIn({ eniReleasedAfterMs: 120_000 });
    await deploy(args, account.deps);
    expect(await destroy(args, account.deps)).toBe(0);
  });

  test('a network interface still there after the wait is named, and destroy exits non-zero', async () => {
    const account = standIn({ eniReleasedAfterMs: SETTLE_WINDOW_MS + 1 });
    await deploy(args, account.deps);
    expect(await destroy(args, account.deps)).toBe(1);
    expect(account.lines).toContain('ERROR   network interface eni-2 (AWS Lambda VPC ENI-kubectl)');
  });

  test('a failed destroy lists what remains at once and keeps the CDK CLI status', async () => {
    const account = standIn({ eniHoldsClusterGroup: true });
    await deploy(args, account.deps);
    expect(await destroy(args, account.deps)).toBe(1);
    expect(account.elapsed()).toBe(0);
    expect(account.lines).toEqual(
      expect.arrayContaining([
        `ERROR   security group sg-eks (eks-cluster-sg-${CLUSTER}: EKS created security group)`,
        'ERROR   network interface eni-1 (AWS Lambda VPC ENI-kubectl)',
      ]),
    );
  });
});
