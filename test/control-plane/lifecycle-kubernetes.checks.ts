import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { ENFORCE_LABEL } from '../../lib/shared/pod-security-labels';
import type { ClusterAccess } from '../../scripts/eks/cluster-access';
import {
  deleteLoadBalancedObject,
  LoadBalancedObject,
  readLoadBalancedObjects,
  ReplacedSinceListed,
} from '../../scripts/lifecycle/load-balancers';
import { readDisruptionBudgets } from '../../scripts/lifecycle/node-group-drain';
import { apiError } from '../integration/support/kube';
import type { ControlPlane } from '../support/control-plane';
import { ingress, service } from '../support/ingress-admission-cases';
import type { KubernetesObject } from '../support/kubernetes';
import { describeResponse, objectPath } from './support/api';
import type { PlatformUnderTest } from './support/platform';

/** A namespace of these checks: restricted, as the namespace policy requires of every namespace but the platform's. */
const NAMESPACE = 'lifecycle-checks';
/**
 * The platform refuses a Service of type LoadBalancer outside its own namespaces (the ingress
 * admission policies), so the checks make theirs where the platform's would be.
 */
const PLATFORM_NAMESPACE = 'kube-system';

/** How scripts/lifecycle reaches an EKS cluster's API, pointed at the control plane: its server, its CA, the admin's token. */
function accessTo(plane: ControlPlane): ClusterAccess {
  return { clusterName: 'control-plane', server: plane.server, caData: plane.caData, token: plane.token };
}

/** An Ingress the ingress admission policy admits (no class: internal), in the checks' namespace. */
function ingressNamed(name: string): KubernetesObject {
  const object = ingress(name);
  return { ...object, metadata: { ...object.metadata, namespace: NAMESPACE } };
}

/** Creates the object (not a dry run) and returns it as stored, with the uid the server gave. */
async function create(plane: ControlPlane, object: KubernetesObject): Promise<KubernetesObject> {
  const response = await plane.request('POST', await objectPath(plane, object, { collection: true }), object);
  assert.equal(response.status, 201, `${object.kind} ${object.metadata?.name}: ${describeResponse(response)}`);
  return response.body;
}

/** The uid of the object stored under the object's name, or undefined when there is none. */
async function storedUid(plane: ControlPlane, object: KubernetesObject): Promise<string | undefined> {
  const response = await plane.request('GET', await objectPath(plane, object));
  if (response.status === 404) return undefined;
  assert.equal(response.status, 200, describeResponse(response));
  return response.body.metadata.uid;
}

async function remove(plane: ControlPlane, object: KubernetesObject): Promise<void> {
  const response = await plane.request('DELETE', await objectPath(plane, object));
  assert.ok(response.status === 200 || response.status === 404, describeResponse(response));
}

/** The listing's entry for the object, as the API server stored it. */
function listingOf(object: KubernetesObject): LoadBalancedObject {
  const { namespace, name, uid } = object.metadata ?? {};
  return { kind: object.kind as LoadBalancedObject['kind'], namespace: namespace!, name: name!, uid: uid! };
}

/**
 * What `npm run destroy` (scripts/lifecycle/load-balancers.ts) and `npm run deploy`
 * (scripts/lifecycle/node-group-drain.ts) ask of a cluster's Kubernetes API, through the
 * exported functions themselves: a kubeconfig made from a `ClusterAccess`, the real clients of
 * @kubernetes/client-node, the real request paths, and the uid precondition as an API server
 * applies it. The unit tests (test/lifecycle) reach only the functions behind them, with fake
 * clients: jest cannot load the ESM-only client.
 */
export function lifecycleKubernetesChecks(platform: PlatformUnderTest): void {
  describe("destroy's and deploy's Kubernetes calls (scripts/lifecycle), through a ClusterAccess", () => {
    const made: KubernetesObject[] = [];
    const make = async (object: KubernetesObject) => {
      made.push(object);
      return create(platform.plane(), object);
    };

    before(async () => {
      // Left in place afterwards: no namespace controller runs here, so a deleted namespace would stay Terminating.
      const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE, labels: { [ENFORCE_LABEL]: 'restricted' } } };
      await create(platform.plane(), namespace);
    });
    after(async () => {
      for (const object of made.reverse()) await remove(platform.plane(), object);
    });

    test('readLoadBalancedObjects lists every Ingress and LoadBalancer Service, with its uid; no ClusterIP Service', async () => {
      const listedIngress = await make(ingressNamed('listed'));
      const loadBalancer = await make(service('listed-load-balancer', PLATFORM_NAMESPACE, 'LoadBalancer'));
      // Beside the Ingress, under its name: were it listed, it would be among ours.
      await make(service('listed', NAMESPACE, 'ClusterIP'));

      const listed = await readLoadBalancedObjects(accessTo(platform.plane()));
      const ours = listed.filter((o) => o.namespace === NAMESPACE || (o.namespace === PLATFORM_NAMESPACE && o.name.startsWith('listed')));
      assert.deepEqual(ours, [listingOf(listedIngress), listingOf(loadBalancer)]);
    });

    // The Ingress has a ClusterIP Service of the same name beside it: the delete must take the kind it was given.
    const cases = [
      {
        kind: 'an Ingress',
        resource: 'Ingress.networking.k8s.io',
        object: (name: string) => ingressNamed(name),
        neighbour: (name: string) => service(name, NAMESPACE, 'ClusterIP'),
      },
      { kind: 'a LoadBalancer Service', resource: 'Service', object: (name: string) => service(name, PLATFORM_NAMESPACE, 'LoadBalancer') },
    ];
    for (const { kind, resource, object, neighbour } of cases) {
      test(`deleteLoadBalancedObject deletes ${kind} it listed; once gone, deleting it again resolves (404)`, async () => {
        const plane = platform.plane();
        const access = accessTo(plane);
        const stored = await make(object('deleted'));
        const beside = neighbour && (await make(neighbour('deleted')));
        const listing = listingOf(stored);
        const listed = await readLoadBalancedObjects(access);
        assert.deepEqual(
          listed.filter((o) => o.uid === listing.uid),
          [listing],
        );

        await deleteLoadBalancedObject(access, listing);
        assert.equal(await storedUid(plane, stored), undefined, 'still stored after the delete');
        if (beside) assert.equal(await storedUid(plane, beside), beside.metadata?.uid, 'the Service of the same name was deleted too');
        await deleteLoadBalancedObject(access, listing);
      });

      test(`deleteLoadBalancedObject leaves ${kind} that replaced the listed one: it rejects, naming it, on the server's 409`, async () => {
        const plane = platform.plane();
        const access = accessTo(plane);
        const old = listingOf(await make(object('replaced')));
        await remove(plane, object('replaced'));
        const replacement = await make(object('replaced'));
        assert.notEqual(replacement.metadata?.uid, old.uid);

        const error = await deleteLoadBalancedObject(access, old).then(
          () => assert.fail('the replacement was deleted, or the delete resolved without deleting it'),
          (rejection: unknown) => rejection,
        );
        // Named for destroy to stop on (removeLoadBalancers), with the server's answer as its cause.
        assert.ok(error instanceof ReplacedSinceListed, `not a ReplacedSinceListed: ${String(error)}`);
        assert.equal(
          error.message,
          `${old.kind} ${old.namespace}/replaced was deleted and made again since it was listed (its uid is no longer ${old.uid})`,
        );
        assert.deepEqual(apiError(error.cause), {
          code: 409,
          message:
            `Operation cannot be fulfilled on ${resource} "replaced": the UID in the precondition (${old.uid}) does not match ` +
            `the UID in record (${replacement.metadata?.uid}). The object might have been deleted and then recreated`,
        });
        assert.equal(await storedUid(plane, replacement), replacement.metadata?.uid, 'the replacement is gone');
      });
    }

    test('readDisruptionBudgets reads every PodDisruptionBudget with the status the server has', async () => {
      const plane = platform.plane();
      // No disruption controller runs here: the status is written as it would write it, and stays.
      const budgets = [
        { name: 'ledger', status: { disruptionsAllowed: 0, expectedPods: 2, currentHealthy: 2, desiredHealthy: 2 } },
        { name: 'payments-api', status: { disruptionsAllowed: 1, expectedPods: 3, currentHealthy: 3, desiredHealthy: 2 } },
      ];
      for (const { name, status } of budgets) {
        const budget = await make({
          apiVersion: 'policy/v1',
          kind: 'PodDisruptionBudget',
          metadata: { name, namespace: NAMESPACE },
          spec: { minAvailable: status.desiredHealthy, selector: { matchLabels: { app: name } } },
        });
        const path = `${await objectPath(plane, budget)}/status`;
        const response = await plane.request('PATCH', path, { status }, { contentType: 'application/merge-patch+json' });
        assert.equal(response.status, 200, describeResponse(response));
      }

      const read = await readDisruptionBudgets(accessTo(plane));
      assert.deepEqual(
        read.filter((budget) => budget.namespace === NAMESPACE).sort((a, b) => a.name.localeCompare(b.name)),
        budgets.map(({ name, status }) => ({
          namespace: NAMESPACE,
          name,
          disruptionsAllowed: status.disruptionsAllowed,
          expectedPods: status.expectedPods,
        })),
      );
    });
  });
}
