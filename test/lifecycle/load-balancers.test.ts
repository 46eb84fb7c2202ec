import type { V1Ingress, V1Service } from '@kubernetes/client-node';
import { deployStack } from '../../scripts/lifecycle/deploy';
import { destroyStack, LOAD_BALANCER_WAIT_MS } from '../../scripts/lifecycle/destroy';
import type { EnvironmentAws, NetworkLeftover } from '../../scripts/lifecycle/leftovers';
import {
  deleteLoadBalancedObjectIn,
  LoadBalancedObject,
  loadBalancedObjectsIn,
  LoadBalancedObjectsApi,
  removeLoadBalancers,
  ReplacedSinceListed,
} from '../../scripts/lifecycle/load-balancers';
import { StandInAccount, StandInOptions } from './support/stand-in-account';

/**
 * O1, O7: the load balancer controller deletes what it made in AWS only while it runs, so destroy
 * deletes every Ingress and LoadBalancer Service first and waits for the load balancers, target
 * groups and security groups tagged for the cluster to go; a leaked ALB costs money every hour.
 * Against the stand-in account, whose cluster runs a stand-in of the controller.
 */
const SUFFIX = 'pr42';
const CLUSTER = `fintech-eks-${SUFFIX}`;
const STACK = `FintechEksPlatform-${SUFFIX}`;
const ARGS = ['-c', `environmentSuffix=${SUFFIX}`, '-c', 'platformProfile=ephemeral'];

async function deployedWithTraffic(options: StandInOptions = {}) {
  const account = new StandInAccount(options);
  const lines: string[] = [];
  const deps = account.commandDeps(lines);
  expect(await deployStack(ARGS, deps)).toBe(0);
  const ingress = account.expose(CLUSTER, { kind: 'Ingress', namespace: 'payments', name: 'payments-api' });
  const service = account.expose(CLUSTER, { kind: 'Service', namespace: 'kube-system', name: 'edge', serviceType: 'LoadBalancer' });
  account.expose(CLUSTER, { kind: 'Service', namespace: 'payments', name: 'payments-api', serviceType: 'ClusterIP' });
  const elbResources = () => [...account.loadBalancers.keys(), ...account.targetGroups.keys()];
  const deletedObjects = () => lines.filter((line) => line.startsWith('deleted '));
  return { account, deps, lines, made: [...ingress, ...service], elbResources, deletedObjects };
}

/** The CDK CLI's destroy, recording what of the controller's resources still existed when it ran. */
function watchingDestroy(account: StandInAccount) {
  const atDestroy: string[][] = [];
  const runCdk = (args: readonly string[]) => {
    if (args[0] === 'destroy') atDestroy.push([...account.loadBalancers.keys(), ...account.targetGroups.keys()]);
    return account.runCdk(args);
  };
  return { runCdk, atDestroy };
}

describe('destroy removes the load balancers before the stack (O1, O7)', () => {
  test('every Ingress and LoadBalancer Service is deleted, named, and what the controller made is gone before cdk destroy', async () => {
    const { account, deps, lines, elbResources, deletedObjects } = await deployedWithTraffic();
    const { runCdk, atDestroy } = watchingDestroy(account);
    expect(elbResources()).toHaveLength(4);

    expect((await destroyStack(ARGS, { ...deps, runCdk })).status).toBe(0);

    expect(deletedObjects()).toEqual([
      'deleted Ingress payments/payments-api: its controller removes what it made in AWS',
      'deleted Service kube-system/edge: its controller removes what it made in AWS',
    ]);
    expect(atDestroy).toEqual([[]]);
    expect(elbResources()).toEqual([]);
    expect([...account.securityGroups.keys()]).toEqual([]);
    expect(lines).toContain(`no load balancer, target group or security group tagged elbv2.k8s.aws/cluster=${CLUSTER} is left`);
  });

  test('only Ingresses and LoadBalancer Services are deleted: a ClusterIP Service of the same name stays', async () => {
    const { account, deps } = await deployedWithTraffic();
    const { runCdk } = watchingDestroy(account);
    let beforeStack: string[] = [];
    await destroyStack(ARGS, {
      ...deps,
      runCdk: (args) => {
        beforeStack = (account.kubernetesObjects.get(CLUSTER) ?? []).map((o) => `${o.kind} ${o.namespace}/${o.name}`);
        return runCdk(args);
      },
    });
    expect(account.kubernetesDeletes).toEqual(['Ingress payments/payments-api', 'Service kube-system/edge']);
    expect(beforeStack).toEqual(['Service payments/payments-api']);
  });

  test('without it, the stack goes and the controller with it: its load balancer, target group and security group stay', async () => {
    const { account, made, elbResources } = await deployedWithTraffic();
    expect(account.runCdk(['destroy', STACK, ...ARGS])).toBe(0);
    account.advance(LOAD_BALANCER_WAIT_MS);
    expect([...elbResources(), ...account.securityGroups.keys()].sort()).toEqual([...made].sort());
  });

  test('what a destroy of a stack already gone finds of them is named, and it exits 1', async () => {
    const { account, deps, lines } = await deployedWithTraffic();
    account.runCdk(['destroy', STACK, ...ARGS]);
    expect((await destroyStack(ARGS, deps)).status).toBe(1);
    const said = lines.filter((line) => line.includes('made by the load balancer controller'));
    expect(said).toHaveLength(6);
    expect(said[0]).toMatch(/^ERROR {3}load balancer k8s-payments-payments-api-\d+ \(arn:aws:elasticloadbalancing:.*:loadbalancer\/app\//);
  });

  test('a controller that does not finish within the wait: destroy names what remains and does not destroy the stack', async () => {
    const { account, deps, lines } = await deployedWithTraffic({ controllerRemovesAfterMs: LOAD_BALANCER_WAIT_MS + 60_000 });
    const result = await destroyStack(ARGS, deps);
    expect(result).toEqual({ status: 1, stackGone: false });
    expect(account.now()).toBe(LOAD_BALANCER_WAIT_MS);
    expect(account.cdkCalls.filter((call) => call[0] === 'destroy')).toEqual([]);
    expect(account.stacks.has(STACK)).toBe(true);
    const said = lines.find((line) => line.startsWith('ERROR 10 minutes after'))!;
    expect(said).toContain(`tagged elbv2.k8s.aws/cluster=${CLUSTER} are still there: load balancer k8s-payments-payments-api-`);
    expect(said.match(/load balancer |target group |security group /g)).toEqual([
      'load balancer ',
      'load balancer ',
      'target group ',
      'target group ',
      'security group ',
      'security group ',
    ]);
    expect(said).toContain('The stack was not destroyed');
  });

  test("another cluster's load balancers are neither waited for nor named, across many DescribeTags calls", async () => {
    const { account, deps } = await deployedWithTraffic();
    const others = Array.from({ length: 12 }, (_, n) =>
      account.expose('fintech-eks-pr43', { kind: 'Ingress', namespace: 'payments', name: `api-${n}` }),
    ).flat();
    expect((await destroyStack(ARGS, deps)).status).toBe(0);
    expect([...account.loadBalancers.keys(), ...account.targetGroups.keys(), ...account.securityGroups.keys()].sort()).toEqual(
      others.sort(),
    );
    const tagCalls = account.calls.filter((call) => call.action === 'DescribeTags');
    expect(Math.max(...tagCalls.map((call) => call.input.ResourceArns.length))).toBe(20);
  });
});

describe("destroy where the cluster's API cannot be read (a private endpoint)", () => {
  test('with load balancers tagged for the cluster: refused, naming them, nothing deleted', async () => {
    const { account, deps, lines, elbResources, deletedObjects } = await deployedWithTraffic({ clusterApiUnreachable: true });
    expect(await destroyStack(ARGS, deps)).toEqual({ status: 1, stackGone: false });
    expect(account.cdkCalls.filter((call) => call[0] === 'destroy')).toEqual([]);
    expect(deletedObjects()).toEqual([]);
    expect(elbResources()).toHaveLength(4);
    const said = lines.join('\n');
    expect(said).toMatch(/could not be read .*connect ETIMEDOUT/);
    expect(said).toMatch(/these tagged elbv2\.k8s\.aws\/cluster=fintech-eks-pr42 exist: load balancer k8s-payments/);
    expect(said).toContain('nothing was changed');
  });

  test('with nothing tagged for the cluster: destroyed, saying why that is safe', async () => {
    const account = new StandInAccount({ clusterApiUnreachable: true });
    const lines: string[] = [];
    const deps = account.commandDeps(lines);
    expect(await deployStack(ARGS, deps)).toBe(0);
    expect(await destroyStack(ARGS, deps)).toEqual({ status: 0, stackGone: true });
    expect(lines.join('\n')).toContain('nothing tagged elbv2.k8s.aws/cluster=fintech-eks-pr42 exists in AWS');
  });
});

describe('removeLoadBalancers on its own, with a scripted account and clock', () => {
  const LB = { id: 'arn:lb/app/k8s-payments/1', description: 'load balancer k8s-payments' };
  const SG = { id: 'sg-lb1', description: 'security group k8s-payments' };
  const INGRESS: LoadBalancedObject = { kind: 'Ingress', namespace: 'payments', name: 'api', uid: 'uid-1' };

  function run(
    objects: () => Promise<LoadBalancedObject[]>,
    remaining: NetworkLeftover[],
    deleteObject: (cluster: string, object: LoadBalancedObject) => Promise<void> = () => Promise.resolve(),
  ) {
    let now = 0;
    const slept: number[] = [];
    const said: string[] = [];
    const aws = {
      loadBalancedObjects: objects,
      deleteLoadBalancedObject: deleteObject,
      loadBalancerResources: () => Promise.resolve(remaining),
    } as Partial<EnvironmentAws> as EnvironmentAws;
    const clock = {
      now: () => now,
      sleep: (ms: number) => {
        slept.push(ms);
        now += ms;
        return Promise.resolve();
      },
    };
    const result = removeLoadBalancers(aws, CLUSTER, {
      timeoutMs: 100_000,
      intervalMs: 15_000,
      clock,
      log: (l) => said.push(l),
      error: (l) => said.push(`ERROR ${l}`),
    });
    return result.then((cleared) => ({ cleared, slept, said }));
  }

  test('nothing to delete and nothing tagged: says both, and the stack may go', async () => {
    expect(await run(() => Promise.resolve([]), [])).toEqual({
      cleared: true,
      slept: [],
      said: [
        `no Ingress and no LoadBalancer Service in ${CLUSTER}`,
        `no load balancer, target group or security group tagged elbv2.k8s.aws/cluster=${CLUSTER} is left`,
      ],
    });
  });

  test('what stays past the wait is named, each with its id; it never sleeps past the end of the wait', async () => {
    const outcome = await run(() => Promise.resolve([INGRESS]), [LB, SG]);
    expect(outcome.cleared).toBe(false);
    expect(outcome.slept).toEqual([15_000, 15_000, 15_000, 15_000, 15_000, 15_000, 10_000]);
    expect(outcome.said).toEqual([
      'deleted Ingress payments/api: its controller removes what it made in AWS',
      `ERROR 2 minutes after the Ingresses and LoadBalancer Services were deleted, these tagged elbv2.k8s.aws/cluster=${CLUSTER} ` +
        'are still there: load balancer k8s-payments (arn:lb/app/k8s-payments/1), security group k8s-payments (sg-lb1). ' +
        'The stack was not destroyed: its controller is what deletes them (see the lifecycle guide, "Load balancers before the stack")',
    ]);
  });

  test('an object made again since it was listed stops it: the stack stays, and it says what to stop', async () => {
    const SERVICE: LoadBalancedObject = { kind: 'Service', namespace: 'kube-system', name: 'edge', uid: 'uid-2' };
    const replaced = (_cluster: string, object: LoadBalancedObject) =>
      object === INGRESS ? Promise.reject(new ReplacedSinceListed(object, new Error('HTTP-Code: 409'))) : Promise.resolve();
    const outcome = await run(() => Promise.resolve([SERVICE, INGRESS]), [LB, SG], replaced);
    expect(outcome).toEqual({
      cleared: false,
      slept: [],
      said: [
        'deleted Service kube-system/edge: its controller removes what it made in AWS',
        'ERROR Ingress payments/api was deleted and made again since it was listed (its uid is no longer uid-1): something makes ' +
          'it again (a deployment pipeline, a GitOps controller). The stack was not destroyed; stop what makes it, then run destroy again',
      ],
    });
  });

  test('any other failure of a delete is passed on', async () => {
    const denied = new Error('HTTP-Code: 403');
    await expect(
      run(
        () => Promise.resolve([INGRESS]),
        [LB],
        () => Promise.reject(denied),
      ),
    ).rejects.toBe(denied);
  });

  test('an API that cannot be read while load balancers are tagged for the cluster: refused, naming them and what to do', async () => {
    const outcome = await run(() => Promise.reject(new Error('HTTP 401 Unauthorized')), [LB, SG]);
    expect(outcome.cleared).toBe(false);
    expect(outcome.said).toEqual([
      `ERROR the Kubernetes API of ${CLUSTER} could not be read to delete its Ingresses and LoadBalancer Services ` +
        `(HTTP 401 Unauthorized), and these tagged elbv2.k8s.aws/cluster=${CLUSTER} exist: load balancer k8s-payments ` +
        '(arn:lb/app/k8s-payments/1), security group k8s-payments (sg-lb1). Destroyed now, the controller would leave them behind. ' +
        "Destroy from where the cluster's API is reachable, with an access entry that may delete ingresses and services " +
        '(see the lifecycle guide, "Load balancers before the stack"); nothing was changed',
    ]);
  });
});

describe('the Ingresses and Services, through stand-ins of the Kubernetes client', () => {
  const INGRESS: LoadBalancedObject = { kind: 'Ingress', namespace: 'payments', name: 'api', uid: 'uid-1' };
  const SERVICE: LoadBalancedObject = { kind: 'Service', namespace: 'kube-system', name: 'edge', uid: 'uid-2' };

  function clients(ingresses: V1Ingress[], services: V1Service[], deleteFails?: Error) {
    const answer = () => (deleteFails ? Promise.reject(deleteFails) : Promise.resolve({}));
    const deleteIngress = jest.fn((_request: unknown) => answer());
    const deleteService = jest.fn((_request: unknown) => answer());
    const api: LoadBalancedObjectsApi = {
      networking: { listIngressForAllNamespaces: () => Promise.resolve({ items: ingresses }), deleteNamespacedIngress: deleteIngress },
      core: { listServiceForAllNamespaces: () => Promise.resolve({ items: services }), deleteNamespacedService: deleteService },
    };
    return { api, deleteIngress, deleteService };
  }

  /** An error as the client throws it for an HTTP status (ApiException). */
  const httpError = (code: number) => Object.assign(new Error(`HTTP-Code: ${code}`), { code });

  test('lists every Ingress and only the Services of type LoadBalancer', async () => {
    const { api } = clients(
      [{ metadata: { namespace: 'payments', name: 'api', uid: 'uid-1' } }],
      [
        { metadata: { namespace: 'kube-system', name: 'edge', uid: 'uid-2' }, spec: { type: 'LoadBalancer' } },
        { metadata: { namespace: 'payments', name: 'api', uid: 'uid-3' }, spec: { type: 'ClusterIP' } },
        { metadata: { namespace: 'payments', name: 'node-port', uid: 'uid-4' }, spec: { type: 'NodePort' } },
        { metadata: { namespace: 'payments', name: 'no-spec', uid: 'uid-5' } },
      ],
    );
    expect(await loadBalancedObjectsIn(api)).toEqual([INGRESS, SERVICE]);
  });

  test('an object listed without metadata is named with empty strings, not "undefined"', async () => {
    const { api } = clients([{}], [{ spec: { type: 'LoadBalancer' } }]);
    expect(await loadBalancedObjectsIn(api)).toEqual([
      { kind: 'Ingress', namespace: '', name: '', uid: '' },
      { kind: 'Service', namespace: '', name: '', uid: '' },
    ]);
  });

  test.each([
    ['an Ingress through the networking API', INGRESS, 'deleteIngress'],
    ['a Service through the core API', SERVICE, 'deleteService'],
  ] as const)('deletes %s, only while its uid is the one listed', async (_case, object, used) => {
    const fakes = clients([], []);
    await deleteLoadBalancedObjectIn(fakes.api, object);
    expect(fakes[used].mock.calls).toEqual([
      [{ name: object.name, namespace: object.namespace, body: { preconditions: { uid: object.uid } } }],
    ]);
    const other = used === 'deleteIngress' ? fakes.deleteService : fakes.deleteIngress;
    expect(other).not.toHaveBeenCalled();
  });

  test('an object already gone (404) counts as deleted', async () => {
    await expect(deleteLoadBalancedObjectIn(clients([], [], httpError(404)).api, INGRESS)).resolves.toBeUndefined();
  });

  test('an object replaced since it was listed (409, the uid precondition) is not deleted: the error names it', async () => {
    const conflict = httpError(409);
    const refused = deleteLoadBalancedObjectIn(clients([], [], conflict).api, SERVICE);
    await expect(refused).rejects.toThrow(ReplacedSinceListed);
    await expect(refused).rejects.toThrow(
      'Service kube-system/edge was deleted and made again since it was listed (its uid is no longer uid-2)',
    );
    // The server's answer stays reachable, for whoever needs more than the one line.
    await expect(refused).rejects.toHaveProperty('cause', conflict);
  });

  test('any other failure of the delete is passed on as the client gave it', async () => {
    const denied = httpError(403);
    await expect(deleteLoadBalancedObjectIn(clients([], [], denied).api, INGRESS)).rejects.toBe(denied);
  });
});
