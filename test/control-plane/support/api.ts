import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiResponse, ControlPlane } from '../../support/control-plane';
import type { KubernetesObject } from '../../support/kubernetes';

/**
 * Requests are sent as raw JSON rather than through @kubernetes/client-node's typed APIs: its
 * serializer drops fields its models do not know, and the point of `fieldValidation=Strict` is
 * that the API server sees every field the manifest has.
 */

interface ApiResource {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

const discovered = new WeakMap<ControlPlane, Map<string, Promise<ApiResource[]>>>();

async function resourcesOf(plane: ControlPlane, apiVersion: string): Promise<ApiResource[]> {
  let cache = discovered.get(plane);
  if (!cache) discovered.set(plane, (cache = new Map()));
  let list = cache.get(apiVersion);
  if (!list) {
    const path = apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`;
    list = plane.request('GET', path).then((response) => {
      if (response.status !== 200) throw new Error(`the API server serves no ${apiVersion} (HTTP ${response.status})`);
      return response.body.resources;
    });
    cache.set(apiVersion, list);
  }
  return list;
}

/** The REST path of an object (or of its collection, without a name), found by API discovery. */
export async function objectPath(
  plane: ControlPlane,
  object: KubernetesObject,
  options: { collection?: boolean; defaultNamespace?: string } = {},
): Promise<string> {
  const resource = (await resourcesOf(plane, object.apiVersion)).find((r) => r.kind === object.kind && !r.name.includes('/'));
  if (!resource) throw new Error(`the API server has no kind ${object.kind} in ${object.apiVersion}`);
  const group = object.apiVersion === 'v1' ? '/api/v1' : `/apis/${object.apiVersion}`;
  // Namespaced objects shipped without a namespace land in the kubectl handler's context namespace,
  // or a Helm release's in the release's.
  const namespace = resource.namespaced ? `/namespaces/${object.metadata?.namespace ?? options.defaultNamespace ?? 'default'}` : '';
  return `${group}${namespace}/${resource.name}${options.collection ? '' : `/${object.metadata?.name}`}`;
}

/** What a refused or failed request said, for assertion messages. */
export function describeResponse(response: ApiResponse): string {
  const message = typeof response.body === 'object' ? response.body?.message : response.body;
  return `HTTP ${response.status}: ${message ?? JSON.stringify(response.body)}`;
}

/** Server-side apply, as `kubectl apply --server-side --field-manager=<manager> --validate=strict` does. */
export async function serverSideApply(
  plane: ControlPlane,
  object: KubernetesObject,
  options: { dryRun?: boolean; fieldManager?: string; defaultNamespace?: string } = {},
): Promise<ApiResponse> {
  const query = new URLSearchParams({ fieldManager: options.fieldManager ?? 'platform-tests', fieldValidation: 'Strict', force: 'true' });
  if (options.dryRun) query.set('dryRun', 'All');
  const path = await objectPath(plane, object, { defaultNamespace: options.defaultNamespace });
  return plane.request('PATCH', `${path}?${query.toString()}`, object, { contentType: 'application/apply-patch+yaml' });
}

/** A create with server dry-run: admission runs in full, nothing is stored. */
export async function dryRunCreate(
  plane: ControlPlane,
  object: KubernetesObject,
  options: { impersonateUser?: string; impersonateGroups?: readonly string[] } = {},
): Promise<ApiResponse> {
  const path = await objectPath(plane, object, { collection: true });
  return plane.request('POST', `${path}?dryRun=All&fieldValidation=Strict`, object, options);
}

/**
 * Waits until kube-controller-manager has done what admission of pods depends on: a `default`
 * ServiceAccount in every namespace, and the usage of every ResourceQuota counted.
 */
export async function controllersCaughtUp(plane: ControlPlane, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const namespaces = ((await plane.request('GET', '/api/v1/namespaces')).body.items as KubernetesObject[]).map((n) => n.metadata!.name!);
    const accounts = (
      (await plane.request('GET', '/api/v1/serviceaccounts?fieldSelector=metadata.name%3Ddefault')).body.items as KubernetesObject[]
    ).map((a) => a.metadata!.namespace!);
    const quotas = (await plane.request('GET', '/api/v1/resourcequotas')).body.items as any[];
    const waitingFor = [
      ...namespaces.filter((n) => !accounts.includes(n)).map((n) => `ServiceAccount ${n}/default`),
      ...quotas.filter((q) => !q.status?.used).map((q) => `usage of ResourceQuota ${q.metadata.namespace}/${q.metadata.name}`),
    ];
    if (waitingFor.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`kube-controller-manager has not made ${waitingFor.join(', ')} after ${timeoutMs / 1000} s\n${plane.diagnostics()}`);
    await sleep(200);
  }
}
