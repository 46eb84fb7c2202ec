import { loadConfig } from '../../lib/config/load';
import {
  Clock,
  describeLeftovers,
  EnvironmentAws,
  isClean,
  LogGroup,
  realClock,
  settleAfterDestroy,
  stackTags,
  survey,
  Survey,
} from '../../scripts/lifecycle/leftovers';
import { lazily } from '../support/synth';

/**
 * The survey of what an environment left behind, and the settle loop after destroy, on their
 * own with a scripted account: which log groups count as a stack's, what is reported and in
 * which order, and when the loop stops.
 */
// Loaded inside the tests (lazily): loaded while the file loads, the configuration would be
// loaded once, before any mutant of lib/config is switched on, for every mutant of a mutation run.
const config = lazily(() => loadConfig({ environmentSuffix: 'pr-7' }, () => ''));
const CLUSTER_GROUP = '/aws/eks/fintech-eks-pr-7/cluster';
const FLOW_GROUP = '/aws/vpc/fintech-eks-pr-7/flow-logs';
const LAMBDA_GROUP = '/aws/lambda/fintech-eks-pr-7/kubectl';

interface Account {
  groups: LogGroup[];
  statuses: (string | undefined)[];
  deleted: string[];
}

function account(groups: LogGroup[], statuses: (string | undefined)[] = []): { aws: EnvironmentAws; state: Account } {
  const state: Account = { groups, statuses, deleted: [] };
  const aws = {
    stackStatus: () => Promise.resolve(state.statuses.shift()),
    // The account lists groups in its own order, not by name.
    logGroups: (prefix: string) => Promise.resolve(state.groups.filter((g) => g.name.startsWith(prefix)).reverse()),
    deleteLogGroup: (name: string) => {
      state.deleted.push(name);
      state.groups = state.groups.filter((g) => g.name !== name);
      return Promise.resolve();
    },
    securityGroups: () => Promise.resolve([]),
    networkInterfaces: () => Promise.resolve([]),
    loadBalancerResources: () => Promise.resolve([]),
  } as Partial<EnvironmentAws> as EnvironmentAws;
  return { aws, state };
}

const untagged = (name: string): LogGroup => ({ name, tags: {} });

describe('which log groups a stack made', () => {
  test('the suffix tag alone, or the stack-name tag alone, marks a group as made by a stack', () => {
    expect(stackTags({ name: 'g', tags: { EnvironmentSuffix: 'pr-7' } })).toEqual(['EnvironmentSuffix=pr-7']);
    const stack = config().names.stack;
    expect(stackTags({ name: 'g', tags: { 'aws:cloudformation:stack-name': stack } })).toEqual([`aws:cloudformation:stack-name=${stack}`]);
    expect(stackTags({ name: 'g', tags: { Team: 'payments' } })).toEqual([]);
  });
});

describe('the survey', () => {
  test('sorts the groups by name, and separates kept, made-by-a-stack and written groups', async () => {
    const { aws } = account([
      { name: FLOW_GROUP, tags: { EnvironmentSuffix: 'pr-7' } },
      untagged(LAMBDA_GROUP),
      untagged(CLUSTER_GROUP),
      untagged('/aws/eks/fintech-eks-pr-7/another'),
      untagged('/aws/containerinsights/fintech-eks-pr-7/application'),
    ]);
    const found = await survey(aws, config(), new Set([CLUSTER_GROUP]));
    expect(found.kept).toEqual([CLUSTER_GROUP]);
    expect(found.madeByAStack.map((g) => g.name)).toEqual([FLOW_GROUP]);
    // By name across the prefixes, which the account is asked in another order (eks, vpc, containerinsights, lambda).
    expect(found.written).toEqual([
      '/aws/containerinsights/fintech-eks-pr-7/application',
      '/aws/eks/fintech-eks-pr-7/another',
      LAMBDA_GROUP,
    ]);
  });

  test("the web ACL's group is found by its whole name: one whose name merely starts so is another environment's", async () => {
    const { aws } = account([untagged('aws-waf-logs-fintech-eks-pr-7'), untagged('aws-waf-logs-fintech-eks-pr-7-2')]);
    expect((await survey(aws, config(), new Set())).written).toEqual(['aws-waf-logs-fintech-eks-pr-7']);
  });

  test('a group the stack does not keep is never reported as kept', async () => {
    const { aws } = account([untagged(CLUSTER_GROUP)]);
    expect((await survey(aws, config(), new Set())).kept).toEqual([]);
  });
});

describe('what is left', () => {
  const nothing: Survey = {
    kept: [CLUSTER_GROUP],
    madeByAStack: [],
    written: [],
    securityGroups: [],
    networkInterfaces: [],
    loadBalancers: [],
  };
  const one: Record<string, Partial<Survey>> = {
    'a log group a stack made': { madeByAStack: [{ name: FLOW_GROUP, tags: { EnvironmentSuffix: 'pr-7' } }] },
    'a log group a service wrote': { written: [LAMBDA_GROUP] },
    'a security group': { securityGroups: [{ id: 'sg-1', description: 'eks-cluster-sg' }] },
    'a network interface': { networkInterfaces: [{ id: 'eni-1', description: 'aws-K8S-i-0' }] },
    'a load balancer the controller made': {
      loadBalancers: [{ id: 'arn:lb/app/k8s-prod-api/1', description: 'load balancer k8s-prod-api' }],
    },
  };

  test('kept groups alone are clean', () => {
    expect(isClean(nothing)).toBe(true);
  });

  test.each(Object.keys(one))('%s alone is not clean', (kind) => {
    expect(isClean({ ...nothing, ...one[kind] })).toBe(false);
  });

  test('one of each kind together is not clean either: the counts add up, they never cancel', () => {
    expect(isClean({ ...nothing, ...one['a log group a stack made'], ...one['a log group a service wrote'] })).toBe(false);
  });

  test.each(
    Object.keys(one).flatMap((first, i) =>
      Object.keys(one)
        .slice(i + 1)
        .map((second) => [first, second]),
    ),
  )('%s and %s together are not clean', (first, second) => {
    expect(isClean({ ...nothing, ...one[first], ...one[second] })).toBe(false);
  });

  test('a group a stack made is named with each of its stack tags', () => {
    const group = { name: FLOW_GROUP, tags: { EnvironmentSuffix: 'pr-7', 'aws:cloudformation:stack-name': 'FintechEksPlatform-pr-7' } };
    expect(describeLeftovers({ ...nothing, madeByAStack: [group] })).toEqual([
      `log group ${FLOW_GROUP} (made by a stack: EnvironmentSuffix=pr-7, aws:cloudformation:stack-name=FintechEksPlatform-pr-7; ` +
        'the scripts never delete it)',
    ]);
  });

  test('each leftover is named with why it is there', () => {
    expect(describeLeftovers({ ...nothing, ...Object.assign({}, ...Object.values(one)) })).toEqual([
      `log group ${FLOW_GROUP} (made by a stack: EnvironmentSuffix=pr-7; the scripts never delete it)`,
      `log group ${LAMBDA_GROUP} (written by a service after the stack was gone)`,
      'security group sg-1 (eks-cluster-sg)',
      'network interface eni-1 (aws-K8S-i-0)',
      'load balancer k8s-prod-api (arn:lb/app/k8s-prod-api/1; made by the load balancer controller)',
    ]);
  });
});

describe('the settle loop after destroy', () => {
  function fakeClock(): Clock & { slept: number[] } {
    let now = 0;
    const slept: number[] = [];
    return {
      slept,
      now: () => now,
      sleep: (ms) => {
        slept.push(ms);
        now += ms;
        return Promise.resolve();
      },
    };
  }

  test('a deploy that starts between two deletions stops it, and the second group stays', async () => {
    // Before the look, before the first deletion: gone; before the second: a new stack.
    const { aws, state } = account([untagged(CLUSTER_GROUP), untagged(LAMBDA_GROUP)], [undefined, undefined, 'CREATE_IN_PROGRESS']);
    const log: string[] = [];
    const settled = await settleAfterDestroy(aws, config(), {
      kept: new Set(),
      windowMs: 60_000,
      intervalMs: 10_000,
      clock: fakeClock(),
      log: (l) => log.push(l),
    });
    expect(settled.stackReappeared).toBe(true);
    expect(state.deleted).toEqual([CLUSTER_GROUP]);
    expect(log).toEqual([`deleting log group ${CLUSTER_GROUP}: written again after the stack deleted it`]);
  });

  test('it watches for the whole window and never sleeps past its end', async () => {
    const { aws } = account([]);
    const clock = fakeClock();
    const settled = await settleAfterDestroy(aws, config(), {
      kept: new Set(),
      windowMs: 25_000,
      intervalMs: 10_000,
      clock,
      log: () => {},
    });
    expect(settled).toMatchObject({ stackReappeared: false });
    expect(isClean(settled.found)).toBe(true);
    expect(clock.slept).toEqual([10_000, 10_000, 5_000]);
  });
});

test('the real clock sleeps for the time asked', async () => {
  const start = realClock.now();
  await realClock.sleep(50);
  // Timers may fire a millisecond early.
  expect(realClock.now() - start).toBeGreaterThanOrEqual(49);
});
