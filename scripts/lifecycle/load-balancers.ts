/**
 * Before a destroy: the AWS Load Balancer Controller is what deletes the load balancers, target
 * groups and security groups it made for Ingresses and `LoadBalancer` Services. Once the stack
 * (and the controller with it) is gone, nothing would delete them: a leaked ALB costs money every
 * hour and holds the subnets, so the stack's VPC cannot go either.
 */
import type { CoreV1Api, NetworkingV1Api } from '@kubernetes/client-node';
import { ClusterAccess, kubeConfigOptions } from '../eks/cluster-access';
import type { Clock, EnvironmentAws, NetworkLeftover } from './leftovers';

/** The tag the controller puts on everything it creates in AWS, with the cluster's name as value. */
export const CONTROLLER_CLUSTER_TAG = 'elbv2.k8s.aws/cluster';

/** An Ingress, or a Service of type LoadBalancer: an object the controller makes AWS resources for. */
export interface LoadBalancedObject {
  readonly kind: 'Ingress' | 'Service';
  readonly namespace: string;
  readonly name: string;
  /** Deleted only while it is still the object that was listed (a precondition on the delete). */
  readonly uid: string;
}

function describeObject(object: LoadBalancedObject): string {
  return `${object.kind} ${object.namespace}/${object.name}`;
}

/** The object was deleted and made again under its name since it was listed: the delete's uid precondition failed (HTTP 409). */
export class ReplacedSinceListed extends Error {
  constructor(object: LoadBalancedObject, cause: unknown) {
    super(`${describeObject(object)} was deleted and made again since it was listed (its uid is no longer ${object.uid})`, { cause });
  }
}

/** The calls of @kubernetes/client-node that list and delete Ingresses and Services. */
export interface LoadBalancedObjectsApi {
  readonly networking: Pick<NetworkingV1Api, 'listIngressForAllNamespaces' | 'deleteNamespacedIngress'>;
  readonly core: Pick<CoreV1Api, 'listServiceForAllNamespaces' | 'deleteNamespacedService'>;
}

async function apiClients(access: ClusterAccess): Promise<LoadBalancedObjectsApi> {
  // ESM-only package: loaded when a command needs it, as the integration suite loads it.
  const k8s = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  config.loadFromOptions(kubeConfigOptions(access, 'npm-run-destroy'));
  return { networking: config.makeApiClient(k8s.NetworkingV1Api), core: config.makeApiClient(k8s.CoreV1Api) };
}

/**
 * Every Ingress and every Service of type LoadBalancer in the cluster, in any namespace; other
 * Services are no business of the controller and are not listed.
 */
export async function readLoadBalancedObjects(access: ClusterAccess): Promise<LoadBalancedObject[]> {
  return loadBalancedObjectsIn(await apiClients(access));
}

/** What readLoadBalancedObjects reads, through these clients of the cluster's API. */
export async function loadBalancedObjectsIn({ networking, core }: LoadBalancedObjectsApi): Promise<LoadBalancedObject[]> {
  const ingresses = (await networking.listIngressForAllNamespaces()).items;
  const services = (await core.listServiceForAllNamespaces()).items.filter((service) => service.spec?.type === 'LoadBalancer');
  const of = (kind: LoadBalancedObject['kind'], metadata: { namespace?: string; name?: string; uid?: string } | undefined) => ({
    kind,
    namespace: metadata?.namespace ?? '',
    name: metadata?.name ?? '',
    uid: metadata?.uid ?? '',
  });
  return [...ingresses.map((i) => of('Ingress', i.metadata)), ...services.map((s) => of('Service', s.metadata))];
}

/**
 * Deletes the object listed, and nothing that replaced it under the same name since (uid
 * precondition; ReplacedSinceListed). Gone already is fine.
 */
export async function deleteLoadBalancedObject(access: ClusterAccess, object: LoadBalancedObject): Promise<void> {
  await deleteLoadBalancedObjectIn(await apiClients(access), object);
}

/** What deleteLoadBalancedObject does, through these clients of the cluster's API. */
export async function deleteLoadBalancedObjectIn({ networking, core }: LoadBalancedObjectsApi, object: LoadBalancedObject): Promise<void> {
  const request = { name: object.name, namespace: object.namespace, body: { preconditions: { uid: object.uid } } };
  try {
    if (object.kind === 'Ingress') await networking.deleteNamespacedIngress(request);
    else await core.deleteNamespacedService(request);
  } catch (error) {
    const { code } = error as { code?: number };
    if (code === 409) throw new ReplacedSinceListed(object, error);
    if (code !== 404) throw error;
  }
}

export interface LoadBalancerRemovalOptions {
  /** How long to wait for the controller to delete what it made in AWS. */
  readonly timeoutMs: number;
  /** Between two looks. */
  readonly intervalMs: number;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  readonly error: (line: string) => void;
}

function listed(resources: readonly NetworkLeftover[]): string {
  return resources.map((resource) => `${resource.description} (${resource.id})`).join(', ');
}

/**
 * Deletes every Ingress and LoadBalancer Service of the cluster while its controller still runs,
 * saying what it deleted, then waits (at most `timeoutMs`) until no load balancer, target group or
 * security group tagged `elbv2.k8s.aws/cluster=<cluster>` is left. Where the cluster's API cannot
 * be read (a private endpoint, or no cluster any more) it goes on only if AWS holds nothing tagged
 * for the cluster. An object deleted and made again while it runs stops it: something keeps
 * making it, and its load balancer would outlive the stack. Returns whether the stack may be
 * destroyed; else it has named what remains.
 */
export async function removeLoadBalancers(aws: EnvironmentAws, clusterName: string, options: LoadBalancerRemovalOptions): Promise<boolean> {
  const tag = `${CONTROLLER_CLUSTER_TAG}=${clusterName}`;
  let objects: LoadBalancedObject[];
  try {
    objects = await aws.loadBalancedObjects(clusterName);
  } catch (error) {
    const remaining = await aws.loadBalancerResources(clusterName);
    const why =
      `the Kubernetes API of ${clusterName} could not be read to delete its Ingresses and LoadBalancer Services ` +
      `(${(error as Error).message})`;
    if (remaining.length === 0) {
      options.log(`${why}; nothing tagged ${tag} exists in AWS, so no load balancer can be left behind`);
      return true;
    }
    options.error(
      `${why}, and these tagged ${tag} exist: ${listed(remaining)}. Destroyed now, the controller would leave them behind. ` +
        `Destroy from where the cluster's API is reachable, with an access entry that may delete ingresses and services ` +
        `(see the lifecycle guide, "Load balancers before the stack"); nothing was changed`,
    );
    return false;
  }

  if (objects.length === 0) options.log(`no Ingress and no LoadBalancer Service in ${clusterName}`);
  for (const object of objects) {
    try {
      await aws.deleteLoadBalancedObject(clusterName, object);
    } catch (error) {
      if (!(error instanceof ReplacedSinceListed)) throw error;
      options.error(
        `${error.message}: something makes it again (a deployment pipeline, a GitOps controller). The stack was not destroyed; ` +
          'stop what makes it, then run destroy again',
      );
      return false;
    }
    options.log(`deleted ${describeObject(object)}: its controller removes what it made in AWS`);
  }

  const deadline = options.clock.now() + options.timeoutMs;
  for (;;) {
    const remaining = await aws.loadBalancerResources(clusterName);
    if (remaining.length === 0) {
      options.log(`no load balancer, target group or security group tagged ${tag} is left`);
      return true;
    }
    if (options.clock.now() >= deadline) {
      options.error(
        `${Math.round(options.timeoutMs / 60_000)} minutes after the Ingresses and LoadBalancer Services were deleted, these ` +
          `tagged ${tag} are still there: ${listed(remaining)}. The stack was not destroyed: its controller is what deletes ` +
          `them (see the lifecycle guide, "Load balancers before the stack")`,
      );
      return false;
    }
    await options.clock.sleep(Math.min(options.intervalMs, deadline - options.clock.now()));
  }
}
