import { contextFromArgs } from '../../scripts/cdk-cli';
import { awsEnvironment } from '../../scripts/lifecycle/aws';
import { deployStack } from '../../scripts/lifecycle/deploy';
import { changedNodeGroups, disruptionBudgetsIn, drainRefusal } from '../../scripts/lifecycle/node-group-drain';
import { internalCertificateSettings, synthesize } from '../support/synth';
import { StandInAccount, StandInOptions } from './support/stand-in-account';

/**
 * A production node update drains zone by zone with forceNodeUpdate false: a PodDisruptionBudget
 * without headroom fails the drain, and CloudFormation rolls back every zone already updated
 * under the same budget. The deploy checks the budgets first, against the stand-in account and
 * the stand-in of the cluster's API.
 */
const SUFFIX = 'payments';

const CLUSTER = `fintech-eks-${SUFFIX}`;
const ZONES = ['a', 'b', 'c'].map((zone) => `${CLUSTER}-ng-ap-southeast-1${zone}`);

const argsOf = (extra: Record<string, string> = {}) =>
  Object.entries({
    environmentSuffix: SUFFIX,
    platformProfile: 'production',
    ingress: JSON.stringify(internalCertificateSettings().ingress),
    ...extra,
  }).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
const template = (cdkArgs: readonly string[]) => synthesize(contextFromArgs(cdkArgs)).template.toJSON();

async function deployedProduction(options: StandInOptions = {}) {
  const account = new StandInAccount(options);
  const lines: string[] = [];
  const deps = {
    runCdk: account.runCdk,
    aws: awsEnvironment(account.clients(), account.clusterApi),
    log: (line: string) => lines.push(line),
    error: (line: string) => lines.push(`ERROR ${line}`),
    synthesize: template,
  };
  expect(await deployStack(argsOf(), deps)).toBe(0);
  account.disruptionBudgets.set(CLUSTER, [
    { namespace: 'payments', name: 'ledger', disruptionsAllowed: 0, expectedPods: 3 },
    { namespace: 'payments', name: 'gateway', disruptionsAllowed: 1, expectedPods: 3 },
    { namespace: 'staging', name: 'nothing-selected', disruptionsAllowed: 0, expectedPods: 0 },
  ]);
  const deploys = () => account.cdkCalls.filter((call) => call[0] === 'deploy').length;
  const budgetsRead = () => account.calls.filter((call) => call.action === 'DescribeCluster').length;
  return { account, deps, lines, deploys, budgetsRead };
}

describe('which node groups a deploy changes', () => {
  test('a new instance type changes all three; an alarm e-mail changes none', () => {
    expect(changedNodeGroups(template(argsOf()), template(argsOf({ nodeInstanceType: 'm5.xlarge' })))).toEqual(ZONES);
    expect(changedNodeGroups(template(argsOf()), template(argsOf({ alarmEmail: 'oncall@example.com' })))).toEqual([]);
  });

  test('a change to the launch template the groups use changes all three', () => {
    const before = template(argsOf());
    const after = JSON.parse(JSON.stringify(before));
    const [launchTemplate] = Object.values<any>(after.Resources).filter((r) => r.Type === 'AWS::EC2::LaunchTemplate');
    launchTemplate.Properties.LaunchTemplateData.BlockDeviceMappings[0].Ebs.VolumeSize = 100;
    expect(changedNodeGroups(before, after)).toEqual(ZONES);
  });
});

describe('which node groups a deploy changes, on templates of their own', () => {
  const group = (name: string, instanceType: string, launchTemplate?: string) => ({
    Type: 'AWS::EKS::Nodegroup',
    Properties: {
      NodegroupName: name,
      InstanceTypes: [instanceType],
      ...(launchTemplate === undefined ? {} : { LaunchTemplate: { Id: { Ref: launchTemplate } } }),
    },
  });

  test('by name, sorted, whatever their order in the template', () => {
    const before = { Resources: { B: group('ng-b', 'm5.large'), A: group('ng-a', 'm5.large') } };
    const after = { Resources: { B: group('ng-b', 'm5.xlarge'), A: group('ng-a', 'm5.xlarge') } };
    expect(changedNodeGroups(before, after)).toEqual(['ng-a', 'ng-b']);
  });

  test('a group only added, or a logical id that is no longer a group, drains nothing', () => {
    expect(changedNodeGroups({ Resources: {} }, { Resources: { A: group('ng-a', 'm5.large') } })).toEqual([]);
    const replaced = { Resources: { A: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { MaxSize: '3' } } } };
    expect(changedNodeGroups({ Resources: { A: group('ng-a', 'm5.large') } }, replaced)).toEqual([]);
    expect(changedNodeGroups(replaced, { Resources: { A: group('ng-a', 'm5.large') } })).toEqual([]);
  });

  test('a launch template given as a parameter (not in the template) is compared by reference', () => {
    const same = { Resources: { A: group('ng-a', 'm5.large', 'LaunchTemplateParameter') } };
    expect(changedNodeGroups(same, same)).toEqual([]);
  });
});

describe('the refusal, on its own', () => {
  const budget = (name: string, disruptionsAllowed: number, expectedPods: number) => ({
    namespace: 'payments',
    name,
    disruptionsAllowed,
    expectedPods,
  });
  const FORCE =
    'or, if their owners accept the interruption, deploy once with -c forceNodeUpdate=true (see the upgrade guide, ' +
    '"A drain that does not finish")';

  test('budgets that allow no disruption are each named with their pods', async () => {
    const log: string[] = [];
    const budgets = [budget('ledger', 0, 3), budget('gateway', 1, 3), budget('settlement', 0, 2)];
    expect(
      await drainRefusal(
        'FintechEksPlatform-payments',
        ZONES.slice(0, 2),
        () => Promise.resolve(budgets),
        (l) => log.push(l),
      ),
    ).toBe(
      `this deploy of FintechEksPlatform-payments changes node groups ${ZONES[0]}, ${ZONES[1]} (EKS drains their nodes, ` +
        'forceNodeUpdate is false), and these PodDisruptionBudgets allow no disruption: payments/ledger (0 of 3 pods may be ' +
        'evicted), payments/settlement (0 of 2 pods may be evicted). The drain would fail and CloudFormation would roll back ' +
        'every zone already updated. Make each allow at least one disruption (scale the workload or fix its unready pods with ' +
        `its owner), ${FORCE}; nothing was changed`,
    );
    expect(log).toEqual([]);
  });

  test('budgets that all allow a disruption: it goes on, saying how many it checked', async () => {
    const log: string[] = [];
    const budgets = [budget('gateway', 1, 3), budget('nothing-selected', 0, 0)];
    expect(
      await drainRefusal(
        'FintechEksPlatform-payments',
        ZONES.slice(0, 2),
        () => Promise.resolve(budgets),
        (l) => log.push(l),
      ),
    ).toBe(undefined);
    expect(log).toEqual([`node groups ${ZONES[0]}, ${ZONES[1]} change: each of the 2 PodDisruptionBudgets allows a disruption`]);
  });

  test('budgets that cannot be read: refused, with the error and what to do', async () => {
    const unreadable = () => Promise.reject(new Error('HTTP 403 Forbidden'));
    expect(await drainRefusal('FintechEksPlatform-payments', ZONES.slice(0, 2), unreadable, () => {})).toBe(
      `this deploy of FintechEksPlatform-payments changes node groups ${ZONES[0]}, ${ZONES[1]} (EKS drains their nodes, ` +
        'forceNodeUpdate is false), and the PodDisruptionBudgets could not be read to check that the drain can finish: ' +
        "HTTP 403 Forbidden. Deploy from where the cluster's API is reachable, with an access entry that may list " +
        `poddisruptionbudgets, ${FORCE}; nothing was changed`,
    );
  });
});

describe('a production deploy that changes node groups checks the PodDisruptionBudgets first (O4)', () => {
  test('a budget that allows no disruption: refused, naming it and the groups; cdk deploy does not run', async () => {
    const { deps, lines, deploys } = await deployedProduction();
    expect(await deployStack(argsOf({ nodeInstanceType: 'm5.xlarge' }), deps)).toBe(1);
    expect(deploys()).toBe(1);
    const said = lines.join('\n');
    expect(said).toContain(`changes node groups ${ZONES.join(', ')}`);
    expect(said).toContain('these PodDisruptionBudgets allow no disruption: payments/ledger (0 of 3 pods may be evicted).');
    expect(said).not.toContain('payments/gateway');
    expect(said).not.toContain('nothing-selected');
    expect(said).toContain('forceNodeUpdate=true');
  });

  test('every budget allows a disruption: the deploy runs', async () => {
    const { account, deps, deploys } = await deployedProduction();
    account.disruptionBudgets.set(CLUSTER, [{ namespace: 'payments', name: 'gateway', disruptionsAllowed: 1, expectedPods: 3 }]);
    expect(await deployStack(argsOf({ nodeInstanceType: 'm5.xlarge' }), deps)).toBe(0);
    expect(deploys()).toBe(2);
  });

  test('a deploy that leaves the node groups alone does not read the budgets', async () => {
    const { deps, deploys, budgetsRead } = await deployedProduction();
    expect(await deployStack(argsOf({ alarmEmail: 'oncall@example.com' }), deps)).toBe(0);
    expect(budgetsRead()).toBe(0);
    expect(deploys()).toBe(2);
  });

  test('forceNodeUpdate=true (the owners accept evictions) does not check', async () => {
    const { deps, deploys, budgetsRead } = await deployedProduction();
    expect(await deployStack(argsOf({ nodeInstanceType: 'm5.xlarge', forceNodeUpdate: 'true' }), deps)).toBe(0);
    expect(budgetsRead()).toBe(0);
    expect(deploys()).toBe(2);
  });

  test('budgets that cannot be read (a private endpoint out of reach): refused, saying why', async () => {
    const { deps, lines, deploys } = await deployedProduction({ clusterApiUnreachable: true });
    expect(await deployStack(argsOf({ nodeInstanceType: 'm5.xlarge' }), deps)).toBe(1);
    expect(deploys()).toBe(1);
    expect(lines.join('\n')).toMatch(/could not be read .*connect ETIMEDOUT fintech-eks-payments\.stand-in\.eks\.amazonaws\.com:443/);
  });
});

describe('the budgets, through a stand-in of the Kubernetes client', () => {
  test('each with its namespace, name and status; what the API leaves out is empty or zero', async () => {
    const items = [
      {
        metadata: { namespace: 'payments', name: 'ledger' },
        status: { disruptionsAllowed: 1, expectedPods: 3, currentHealthy: 3, desiredHealthy: 2 },
      },
      {},
    ];
    const policy = { listPodDisruptionBudgetForAllNamespaces: () => Promise.resolve({ items }) };
    expect(await disruptionBudgetsIn(policy)).toEqual([
      { namespace: 'payments', name: 'ledger', disruptionsAllowed: 1, expectedPods: 3 },
      { namespace: '', name: '', disruptionsAllowed: 0, expectedPods: 0 },
    ]);
  });
});
