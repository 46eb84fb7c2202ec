import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployStack } from '../../scripts/lifecycle/deploy';
import { destroyStack, SETTLE_WINDOW_MS } from '../../scripts/lifecycle/destroy';
import { internalCertificateSettings } from '../support/synth';
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
  // Production requires a certificate for its internal load balancers.
  const certificate = profile === 'production' ? { ingress: JSON.stringify(internalCertificateSettings().ingress) } : {};
  const context = { environmentSuffix: SUFFIX, platformProfile: profile, ...certificate, ...extra };
  return Object.entries(context).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
}

interface Interaction {
  /** A person at a terminal answers the --purge question so; without it nobody can answer (CI). */
  readonly answer?: boolean;
}

function standIn(options: StandInOptions = {}, interaction: Interaction = {}) {
  const account = new StandInAccount(options);
  const lines: string[] = [];
  const questions: string[] = [];
  const deps = {
    ...account.commandDeps(lines),
    confirm:
      interaction.answer === undefined
        ? undefined
        : async (question: string) => {
            questions.push(question);
            return interaction.answer!;
          },
  };
  return {
    account,
    deps,
    lines,
    questions,
    cdkCalls: account.cdkCalls,
    advance: (ms: number) => account.advance(ms),
    elapsed: () => account.now(),
    hasStack: () => account.stacks.has(STACK),
    logGroupNames: () => account.logGroupNames(),
    /** Whether a log group was deleted, as CloudWatch Logs received it. */
    deleted: () => account.calls.filter((call) => call.action === 'DeleteLogGroup').map((call) => call.input.logGroupName),
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

  test('with public ingress it keeps the web ACL log group as well, and a re-deploy adopts it', async () => {
    const certificate = 'arn:aws:acm:ap-southeast-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
    const dir = mkdtempSync(join(tmpdir(), 'lifecycle-'));
    const file = join(dir, 'settings.json');
    writeFileSync(
      file,
      JSON.stringify({
        environmentSuffix: SUFFIX,
        platformProfile: 'production',
        ingress: { internal: { certificateArn: certificate }, public: { enabled: true, certificateArns: [certificate] } },
      }),
    );
    const withPublic = ['-c', `configFile=${file}`];
    const account = standIn();
    expect(await deploy(withPublic, account.deps)).toBe(0);
    expect(await destroy(withPublic, account.deps)).toBe(0);
    expect(account.logGroupNames()).toEqual([
      `/aws/eks/${CLUSTER}/cluster`,
      `/aws/eks/${CLUSTER}/containers`,
      `/aws/vpc/${CLUSTER}/flow-logs`,
      `aws-waf-logs-${CLUSTER}`,
    ]);
    expect(await deploy(withPublic, account.deps)).toBe(0);
    expect(account.lines).toContain(
      `adopting what the last destroy of ${STACK} kept: /aws/eks/${CLUSTER}/cluster, /aws/eks/${CLUSTER}/containers, ` +
        `/aws/vpc/${CLUSTER}/flow-logs, aws-waf-logs-${CLUSTER}`,
    );
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

const KEPT_BY_PRODUCTION = [`/aws/eks/${CLUSTER}/cluster`, `/aws/eks/${CLUSTER}/containers`, `/aws/vpc/${CLUSTER}/flow-logs`];

/** A production environment that was destroyed with its settings: the stack is gone, its audit trail kept. */
async function destroyedProduction(options: StandInOptions = {}) {
  const account = standIn(options);
  expect(await deploy(argsOf('production'), account.deps)).toBe(0);
  expect(await destroy(argsOf('production'), account.deps)).toBe(0);
  expect(account.logGroupNames()).toEqual(KEPT_BY_PRODUCTION);
  return account;
}

describe('the lifecycle commands never delete what the deployed stack keeps (O1, O11)', () => {
  test('destroy without the production settings: refused, naming both, before anything is deleted', async () => {
    const account = standIn();
    expect(await deploy(argsOf('production'), account.deps)).toBe(0);
    const before = account.logGroupNames();

    const status = await destroy(['-c', `environmentSuffix=${SUFFIX}`], account.deps);
    expect(account.hasStack()).toBe(true);
    expect(account.cdkCalls.filter((call) => call[0] === 'destroy')).toEqual([]);
    expect(account.logGroupNames()).toEqual(before);
    const said = account.lines.join('\n');
    expect(said).toMatch(/deployed with platformProfile production, retainOnDelete true/);
    expect(said).toMatch(/these settings: platformProfile ephemeral, retainOnDelete false/);
    expect(said).toContain(`/aws/eks/${CLUSTER}/cluster`);
    expect(status).toBe(1);
  });

  test('destroy of a stack that is already gone, without the production settings: the kept groups stay, and it says why', async () => {
    const account = await destroyedProduction();
    const start = account.elapsed();
    const status = await destroy(['-c', `environmentSuffix=${SUFFIX}`], account.deps);
    expect(account.deleted()).toEqual([]);
    expect(account.elapsed()).toBe(start);
    expect(account.logGroupNames()).toEqual(KEPT_BY_PRODUCTION);
    expect(account.lines.join('\n')).toMatch(new RegExp(`${STACK} does not exist`));
    expect(status).toBe(1);
  });

  test('destroy of a stack already gone, with the production settings: nothing deleted, the kept groups named, exit 0', async () => {
    const account = await destroyedProduction();
    expect(await destroy(argsOf('production'), account.deps)).toBe(0);
    expect(account.deleted()).toEqual([]);
    expect(account.logGroupNames()).toEqual(KEPT_BY_PRODUCTION);
  });

  test('--purge --yes on a gone stack deletes only what a service wrote later, never a group a stack made and kept', async () => {
    const account = await destroyedProduction();
    account.account.logGroups.set(`/aws/lambda/${CLUSTER}/Cluster/Handler`, { tags: {}, creationTime: 0 });
    const status = await destroy(['-c', `environmentSuffix=${SUFFIX}`, '--purge', '--yes'], account.deps);
    expect(account.deleted()).toEqual([`/aws/lambda/${CLUSTER}/Cluster/Handler`]);
    expect(account.logGroupNames()).toEqual(KEPT_BY_PRODUCTION);
    expect(status).toBe(1);
  });

  test("--purge looks for the web ACL's log group by its whole name: that of suffix pr42-2 is not pr42's", async () => {
    const account = standIn();
    account.account.logGroups.set(`aws-waf-logs-${CLUSTER}-2`, { tags: {}, creationTime: 0 });
    account.account.logGroups.set(`aws-waf-logs-${CLUSTER}`, { tags: {}, creationTime: 0 });
    expect(await destroy([...argsOf('ephemeral'), '--purge', '--yes'], account.deps)).toBe(0);
    expect(account.deleted()).toEqual([`aws-waf-logs-${CLUSTER}`]);
    expect(account.logGroupNames()).toEqual([`aws-waf-logs-${CLUSTER}-2`]);
  });

  test('deploy without the production settings after a production destroy: refused, the kept groups stay, no stack is made', async () => {
    const account = await destroyedProduction();
    const status = await deploy(['-c', `environmentSuffix=${SUFFIX}`, '--purge', '--yes'], account.deps);
    expect(account.deleted()).toEqual([]);
    expect(account.logGroupNames()).toEqual(KEPT_BY_PRODUCTION);
    expect(account.hasStack()).toBe(false);
    expect(account.cdkCalls.filter((call) => call[0] === 'deploy')).toHaveLength(1);
    expect(account.lines.join('\n')).toMatch(/log groups of it that a stack made and kept do: .*EnvironmentSuffix=pr42/);
    expect(status).toBe(1);
  });

  test('a re-deploy during the wait after a destroy: the watch stops, and the new stack keeps every log group', async () => {
    const args = argsOf('ephemeral');
    const account = standIn();
    expect(await deploy(args, account.deps)).toBe(0);
    const groups = account.logGroupNames();
    account.account.at(60_000, () => account.account.runCdk(['deploy', STACK, '--import-existing-resources', ...args]));
    const status = await destroy(args, account.deps);
    expect(account.hasStack()).toBe(true);
    expect(account.deleted()).toEqual([]);
    expect(account.logGroupNames()).toEqual(groups);
    expect(account.lines.join('\n')).toMatch(new RegExp(`${STACK} exists again`));
    expect(status).toBe(1);
  });

  test('deploy with credentials of another account than the settings name: refused before anything is deleted', async () => {
    const account = standIn({ eksWritesAgainAfterMs: 1 });
    expect(await deploy(argsOf('ephemeral'), account.deps)).toBe(0);
    account.deps.runCdk(['destroy', STACK, ...argsOf('ephemeral')]);
    account.advance(1);
    const before = account.logGroupNames();
    expect(before).toEqual([`/aws/eks/${CLUSTER}/cluster`]);

    const status = await deploy([...argsOf('ephemeral', { account: '111111111111' }), '--purge', '--yes'], account.deps);
    expect(account.logGroupNames()).toEqual(before);
    expect(account.lines).toContain(
      `ERROR the AWS credentials are for account 123456789012, but the settings name account 111111111111 ("account"): nothing was changed`,
    );
    expect(status).toBe(1);
  });

  test('destroy with credentials of another account than the settings name: refused, nothing destroyed', async () => {
    const account = standIn();
    expect(await deploy(argsOf('ephemeral'), account.deps)).toBe(0);
    const status = await destroy(argsOf('ephemeral', { account: '111111111111' }), account.deps);
    expect(account.hasStack()).toBe(true);
    expect(account.cdkCalls.filter((call) => call[0] === 'destroy')).toEqual([]);
    expect(status).toBe(1);
  });

  test('destroy without a suffix is refused: it never falls back to the default environment', async () => {
    const account = standIn();
    expect(await deploy(['-c', 'environmentSuffix=dev'], account.deps)).toBe(0);
    const status = await destroy([], account.deps);
    expect(account.account.stacks.has('FintechEksPlatform-dev')).toBe(true);
    expect(account.cdkCalls.filter((call) => call[0] === 'destroy')).toEqual([]);
    expect(account.lines.join('\n')).toMatch(/environmentSuffix/);
    expect(status).toBe(1);
  });

  test('destroy takes the suffix from the settings file as well', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifecycle-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ environmentSuffix: SUFFIX }));
    const account = standIn();
    expect(await deploy(argsOf('ephemeral'), account.deps)).toBe(0);
    expect(await destroy(['-c', `configFile=${file}`], account.deps)).toBe(0);
    expect(account.hasStack()).toBe(false);
  });
});

describe('--purge: what a service wrote after the stack was gone goes only when asked (O1)', () => {
  const args = argsOf('ephemeral');

  /** An ephemeral environment destroyed, after which EKS wrote its control-plane group once more. */
  async function withLateGroup(interaction: Interaction = {}) {
    const account = standIn({ eksWritesAgainAfterMs: SETTLE_WINDOW_MS + 60_000 }, interaction);
    expect(await deploy(args, account.deps)).toBe(0);
    expect(await destroy(args, account.deps)).toBe(0);
    account.advance(120_000);
    expect(account.logGroupNames()).toEqual([`/aws/eks/${CLUSTER}/cluster`]);
    return account;
  }

  test('deploy without --purge: refused, naming the group and the flag; nothing deleted, nothing deployed', async () => {
    const account = await withLateGroup();
    const status = await deploy(args, account.deps);
    expect(account.logGroupNames()).toEqual([`/aws/eks/${CLUSTER}/cluster`]);
    expect(account.hasStack()).toBe(false);
    const said = account.lines.join('\n');
    expect(said).toContain(`/aws/eks/${CLUSTER}/cluster`);
    expect(said).toContain('--purge');
    expect(status).toBe(1);
  });

  test('deploy --purge where nobody can answer: refused until --yes is given', async () => {
    const account = await withLateGroup();
    const status = await deploy([...args, '--purge'], account.deps);
    expect(account.deleted()).toEqual([]);
    expect(account.lines.join('\n')).toContain('--yes');
    expect(status).toBe(1);
  });

  test('deploy --purge --yes: deletes the group, says so, and deploys', async () => {
    const account = await withLateGroup();
    expect(await deploy([...args, '--purge', '--yes'], account.deps)).toBe(0);
    expect(account.deleted()).toEqual([`/aws/eks/${CLUSTER}/cluster`]);
    expect(account.lines).toContain(`deleted log group /aws/eks/${CLUSTER}/cluster`);
    expect(account.hasStack()).toBe(true);
    expect(account.cdkCalls.at(-1)).not.toContain('--purge');
    expect(account.cdkCalls.at(-1)).not.toContain('--yes');
  });

  test('deploy --purge at a terminal names what it will delete and asks; no keeps it', async () => {
    const refused = await withLateGroup({ answer: false });
    const status = await deploy([...args, '--purge'], refused.deps);
    expect(refused.questions).toHaveLength(1);
    expect(refused.questions[0]).toContain(`/aws/eks/${CLUSTER}/cluster`);
    expect(refused.deleted()).toEqual([]);

    const agreed = await withLateGroup({ answer: true });
    expect(await deploy([...args, '--purge'], agreed.deps)).toBe(0);
    expect(agreed.deleted()).toEqual([`/aws/eks/${CLUSTER}/cluster`]);
    expect(status).toBe(1);
  });
});

describe('what destroy says, and what it answers its caller (O1)', () => {
  const args = argsOf('ephemeral');
  const NO_LEFTOVERS = [
    `no Ingress and no LoadBalancer Service in ${CLUSTER}`,
    `no load balancer, target group or security group tagged elbv2.k8s.aws/cluster=${CLUSTER} is left`,
    `checking for 5 minutes that nothing of ${STACK} comes back`,
  ];

  test('a clean ephemeral destroy: cdk destroy --force, the watch named, nothing kept to report; the stack is gone', async () => {
    const account = standIn();
    expect(await deploy(args, account.deps)).toBe(0);
    expect(await destroyStack(args, account.deps)).toEqual({ status: 0, stackGone: true });
    expect(account.cdkCalls.at(-1)).toEqual(['destroy', STACK, '--force', ...args]);
    expect(account.lines).toEqual(NO_LEFTOVERS);
  });

  test('a clean production destroy names what it keeps on purpose, and the key', async () => {
    const account = standIn();
    expect(await deploy(argsOf('production'), account.deps)).toBe(0);
    expect(await destroyStack(argsOf('production'), account.deps)).toEqual({ status: 0, stackGone: true });
    expect(account.lines).toEqual([
      ...NO_LEFTOVERS,
      `kept on purpose (retainOnDelete): ${KEPT_BY_PRODUCTION.join(', ')}, ` +
        'and the platform key that encrypts them (see the lifecycle guide)',
    ]);
  });

  test('what is still there after the watch is named under its heading and the guide', async () => {
    const account = standIn({ eniReleasedAfterMs: SETTLE_WINDOW_MS + 1 });
    expect(await deploy(args, account.deps)).toBe(0);
    expect(await destroyStack(args, account.deps)).toEqual({ status: 1, stackGone: true });
    expect(account.lines.slice(NO_LEFTOVERS.length)).toEqual([
      `ERROR ${STACK}: still there 5 minutes after the destroy:`,
      'ERROR   security group sg-kubectl (FintechEksPlatform-pr42-KubectlProvider: kubectl provider functions)',
      'ERROR   network interface eni-2 (AWS Lambda VPC ENI-kubectl)',
      'ERROR see the lifecycle guide, "What remains after destroy"',
    ]);
  });

  test('a failed destroy: the stack is not gone, what remains is named with the guide to clean it up', async () => {
    const account = standIn({ eniHoldsClusterGroup: true });
    expect(await deploy(args, account.deps)).toBe(0);
    expect(await destroyStack(args, account.deps)).toEqual({ status: 1, stackGone: false });
    expect(account.lines.slice(2)).toEqual([
      `ERROR ${STACK}: the destroy failed; still there:`,
      `ERROR   security group sg-eks (eks-cluster-sg-${CLUSTER}: EKS created security group)`,
      'ERROR   network interface eni-1 (AWS Lambda VPC ENI-kubectl)',
      'ERROR see the lifecycle guide, "Cleaning up a failed destroy"',
    ]);
  });

  test("a refused destroy (settings that are not the deployed stack's): the stack is not gone, both sides named", async () => {
    const account = standIn();
    expect(await deploy(argsOf('production'), account.deps)).toBe(0);
    expect(await destroyStack(args, account.deps)).toEqual({ status: 1, stackGone: false });
    expect(account.lines).toEqual([
      `ERROR ${STACK} was deployed with platformProfile production, retainOnDelete true (its template keeps ` +
        `${KEPT_BY_PRODUCTION.join(', ')}); these settings: platformProfile ephemeral, retainOnDelete false (keeps no log group). ` +
        'Give the settings it was deployed with (the same -c values or configFile); nothing was changed',
    ]);
  });

  test('a re-deploy during the watch: the stack is not gone', async () => {
    const account = standIn();
    expect(await deploy(args, account.deps)).toBe(0);
    account.account.at(60_000, () => account.account.runCdk(['deploy', STACK, '--import-existing-resources', ...args]));
    expect(await destroyStack(args, account.deps)).toEqual({ status: 1, stackGone: false });
  });

  test('without a suffix: refused, saying how to name the environment; nothing is gone', async () => {
    const account = standIn();
    expect(await destroyStack(['-c', 'platformProfile=ephemeral'], account.deps)).toEqual({ status: 1, stackGone: false });
    expect(account.lines).toEqual([
      'ERROR destroy needs the environment named: -c environmentSuffix=<suffix>, or a configFile that sets it ' +
        '(it never falls back to the default suffix); nothing was changed',
    ]);
    expect(account.account.calls).toEqual([]);
  });

  test('a settings file that does not set the suffix does not name the environment either', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifecycle-'));
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ platformProfile: 'ephemeral' }));
    const account = standIn();
    expect(await deploy(['-c', 'environmentSuffix=dev'], account.deps)).toBe(0);
    expect(await destroyStack(['-c', `configFile=${file}`], account.deps)).toEqual({ status: 1, stackGone: false });
    expect(account.account.stacks.has('FintechEksPlatform-dev')).toBe(true);
    expect(account.lines.at(-1)).toMatch(/^ERROR destroy needs the environment named/);
  });
});

describe('destroy of a stack that is already gone (O1)', () => {
  const args = argsOf('ephemeral');
  const LATE = `/aws/lambda/${CLUSTER}/Cluster/Handler`;
  const GONE = `${STACK} does not exist: nothing to destroy; looking for what is left of it`;

  test('nothing left: says so, and answers that the stack is gone', async () => {
    const account = standIn();
    expect(await destroyStack(args, account.deps)).toEqual({ status: 0, stackGone: true });
    expect(account.lines).toEqual([GONE]);
    expect(account.cdkCalls).toEqual([]);
  });

  test('a group written later, without --purge: named, with the flag that deletes it; nothing deleted', async () => {
    const account = standIn();
    account.account.logGroups.set(LATE, { tags: {}, creationTime: 0 });
    expect(await destroyStack(args, account.deps)).toEqual({ status: 1, stackGone: true });
    expect(account.deleted()).toEqual([]);
    expect(account.lines).toEqual([
      GONE,
      `ERROR ${STACK}: still there:`,
      `ERROR   log group ${LATE} (written by a service after the stack was gone)`,
      'ERROR see the lifecycle guide, "What remains after destroy"',
      'ERROR --purge deletes the log groups written after the stack was gone',
    ]);
  });

  test('--purge where nobody can answer: the purge says what is missing, and the flag is not suggested again', async () => {
    const account = standIn();
    account.account.logGroups.set(LATE, { tags: {}, creationTime: 0 });
    expect(await destroyStack([...args, '--purge'], account.deps)).toEqual({ status: 1, stackGone: true });
    expect(account.deleted()).toEqual([]);
    expect(account.lines).toEqual([
      GONE,
      `--purge: ${STACK} does not exist; its log groups written after it was gone: ${LATE}`,
      'ERROR --purge asks before it deletes, and nobody can answer here (CI, no terminal): add --yes; nothing was deleted',
      `ERROR ${STACK}: still there:`,
      `ERROR   log group ${LATE} (written by a service after the stack was gone)`,
      'ERROR see the lifecycle guide, "What remains after destroy"',
    ]);
  });

  test('--purge --yes: deletes it, says so, and exits 0', async () => {
    const account = standIn();
    account.account.logGroups.set(LATE, { tags: {}, creationTime: 0 });
    expect(await destroyStack([...args, '--purge', '--yes'], account.deps)).toEqual({ status: 0, stackGone: true });
    expect(account.deleted()).toEqual([LATE]);
    expect(account.lines).toEqual([
      GONE,
      `--purge: ${STACK} does not exist; its log groups written after it was gone: ${LATE}`,
      `deleted log group ${LATE}`,
    ]);
  });

  test('a stack CloudFormation still lists as DELETE_COMPLETE is gone: not destroyed again', async () => {
    const account = standIn();
    account.account.respond = ({ action, input }) =>
      action === 'DescribeStacks'
        ? { Stacks: [{ StackName: input.StackName, StackId: 'arn:stack/1', StackStatus: 'DELETE_COMPLETE', CreationTime: new Date(0) }] }
        : undefined;
    expect(await destroyStack(args, account.deps)).toEqual({ status: 0, stackGone: true });
    expect(account.lines).toEqual([GONE]);
    expect(account.cdkCalls).toEqual([]);
  });
});

describe('a stack CloudFormation cannot be asked about is not taken for gone (O1)', () => {
  const args = argsOf('ephemeral');

  test.each([
    ['access denied', 'AccessDenied', `User: arn:aws:sts::123456789012:assumed-role/Deployer/session is not authorized`],
    [
      'a validation error of another kind',
      'ValidationError',
      '1 validation error detected: Value at stackName failed to satisfy constraint',
    ],
    ['an error that is not a validation error', 'ResourceNotFoundException', `The role that CloudFormation assumes does not exist`],
  ])('%s: destroy stops with the error, and destroys nothing', async (_, name, message) => {
    const account = standIn();
    expect(await deploy(args, account.deps)).toBe(0);
    account.account.respond = ({ action }) => {
      if (action === 'DescribeStacks') throw Object.assign(new Error(message), { name });
      return undefined;
    };
    await expect(destroyStack(args, account.deps)).rejects.toThrow(message);
    expect(account.cdkCalls.filter((call) => call[0] === 'destroy')).toEqual([]);
    expect(account.lines).toEqual([]);
  });
});

describe('what deploy refuses and says (O1)', () => {
  const deploysRun = (account: ReturnType<typeof standIn>) => account.cdkCalls.filter((call) => call[0] === 'deploy').length;

  test('over a deployed stack of other settings: refused, naming both; cdk deploy does not run', async () => {
    const account = standIn();
    expect(await deploy(argsOf('production'), account.deps)).toBe(0);
    expect(await deploy(argsOf('ephemeral'), account.deps)).toBe(1);
    expect(deploysRun(account)).toBe(1);
    expect(account.lines).toEqual([
      `ERROR ${STACK} was deployed with platformProfile production, retainOnDelete true (its template keeps ` +
        `${KEPT_BY_PRODUCTION.join(', ')}); these settings: platformProfile ephemeral, retainOnDelete false (keeps no log group). ` +
        'Give the settings it was deployed with (the same -c values or configFile); nothing was changed',
    ]);
  });

  test('where a stack made and kept log groups under other settings: refused, naming each with its tags and what to do', async () => {
    const account = await destroyedProduction();
    const before = account.lines.length;
    expect(await deploy(argsOf('ephemeral'), account.deps)).toBe(1);
    expect(account.lines.slice(before)).toEqual([
      `ERROR ${STACK} does not exist, but log groups of it that a stack made and kept do: ` +
        KEPT_BY_PRODUCTION.map((group) => `${group} (EnvironmentSuffix=${SUFFIX})`).join(', ') +
        '. These settings (platformProfile ephemeral, retainOnDelete false) would not adopt them, so the create would fail on them. ' +
        'Deploy with the settings that kept them (for a production environment, platformProfile=production), or delete them ' +
        'yourself once their logs are no longer needed (see the lifecycle guide); nothing was changed',
    ]);
  });

  test('a group a stack made carries both its tags in the refusal', async () => {
    const account = standIn();
    const group = `/aws/eks/${CLUSTER}/cluster`;
    account.account.logGroups.set(group, { tags: { EnvironmentSuffix: SUFFIX, 'aws:cloudformation:stack-name': STACK }, creationTime: 0 });
    expect(await deploy(argsOf('ephemeral'), account.deps)).toBe(1);
    expect(account.lines[0]).toContain(`kept do: ${group} (EnvironmentSuffix=${SUFFIX}, aws:cloudformation:stack-name=${STACK}). These`);
  });

  test('a new ephemeral environment adopts nothing, and says nothing about it', async () => {
    const account = standIn();
    expect(await deploy(argsOf('ephemeral'), account.deps)).toBe(0);
    expect(account.lines).toEqual([]);
  });

  test('a refused purge stops the deploy before cdk deploy runs', async () => {
    const account = standIn();
    account.account.logGroups.set(`/aws/eks/${CLUSTER}/cluster`, { tags: {}, creationTime: 0 });
    expect(await deploy(argsOf('ephemeral'), account.deps)).toBe(1);
    expect(deploysRun(account)).toBe(0);
  });

  test('credentials of the account the settings name: deployed', async () => {
    const account = standIn();
    expect(await deploy(argsOf('ephemeral', { account: '123456789012' }), account.deps)).toBe(0);
    expect(account.hasStack()).toBe(true);
  });

  test('a stack another deploy is creating (REVIEW_IN_PROGRESS): refused, saying how to clear it; nothing runs', async () => {
    const account = standIn();
    account.account.stacks.set(STACK, { id: `arn:stack/${STACK}/1`, status: 'REVIEW_IN_PROGRESS', template: {} });
    expect(await deploy(argsOf('ephemeral'), account.deps)).toBe(1);
    expect(await destroyStack(argsOf('ephemeral'), account.deps)).toEqual({ status: 1, stackGone: false });
    const refusal =
      `ERROR ${STACK} is REVIEW_IN_PROGRESS: another deploy or cdk diff is creating it. Try again once it is done ` +
      `(a change set left behind: aws cloudformation delete-stack --stack-name ${STACK}); nothing was changed`;
    expect(account.lines).toEqual([refusal, refusal]);
    expect(account.cdkCalls).toEqual([]);
  });
});
