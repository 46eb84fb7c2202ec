import type * as K8s from '@kubernetes/client-node';
import { eksClusterAccess, kubeConfigOptions } from '../../../scripts/eks/cluster-access';
import { awsClients } from './clients';
import type { Deployment } from './deployment';
import { RUN_ID } from './suite';

type K8sModule = typeof K8s;

export interface Kube {
  readonly k8s: K8sModule;
  readonly core: K8s.CoreV1Api;
  readonly apps: K8s.AppsV1Api;
  readonly networking: K8s.NetworkingV1Api;
  readonly metrics: K8s.Metrics;
}

/** Names a kubeconfig file to use instead of the EKS cluster of the outputs (README). */
export const KUBECONFIG_VARIABLE = 'INTEGRATION_KUBECONFIG';

/** EKS accepts a token for 15 minutes; a fresh one well before that keeps long checks working. */
const TOKEN_REUSE_MS = 10 * 60_000;
let connection: { readonly kube: Kube; readonly madeAt: number } | undefined;

/**
 * A Kubernetes client for the deployed cluster, authenticated as the suite's AWS identity with
 * the token `aws eks get-token` would make. The identity needs an EKS access entry: deploy
 * with `-c adminRoleArn=<the role the suite runs as>`. With INTEGRATION_KUBECONFIG set, the
 * client is that kubeconfig's current context instead.
 */
export async function connect(deployment: Deployment): Promise<Kube> {
  if (connection && Date.now() - connection.madeAt < TOKEN_REUSE_MS) return connection.kube;
  // ESM-only package: loaded at run time, so that nothing CommonJS (jest) ever has to load it.
  const k8s = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  const { outputs } = deployment;
  const kubeconfig = deployment.kubeconfigPath ?? process.env[KUBECONFIG_VARIABLE];
  if (kubeconfig) {
    // Any API server: the in-cluster checks need only a kubeconfig with rights to read the
    // platform's objects and to make dry-run requests.
    config.loadFromFile(kubeconfig);
  } else {
    const access = await eksClusterAccess(awsClients(deployment).eks, outputs.ClusterName, await deployment.credentials());
    config.loadFromOptions(kubeConfigOptions(access, 'integration-suite'));
  }
  const kube = {
    k8s,
    core: config.makeApiClient(k8s.CoreV1Api),
    apps: config.makeApiClient(k8s.AppsV1Api),
    networking: config.makeApiClient(k8s.NetworkingV1Api),
    metrics: new k8s.Metrics(config),
  };
  try {
    await kube.core.readNamespace({ name: 'default' });
  } catch (error) {
    const { code } = apiError(error);
    if (code === 401 || code === 403) {
      throw new Error(
        `the Kubernetes API of ${outputs.ClusterName} refused the suite's AWS identity (HTTP ${code}); ` +
          'give it an access entry: deploy with -c adminRoleArn=<the IAM role the suite runs as>',
        { cause: error },
      );
    }
    throw error;
  }
  connection = { kube, madeAt: Date.now() };
  return kube;
}

/** The HTTP status and the API server's message of a failed client-node call. */
export function apiError(error: unknown): { code?: number; message: string } {
  const { code, body } = error as { code?: unknown; body?: unknown };
  let status: unknown = body;
  if (typeof body === 'string') {
    try {
      status = JSON.parse(body);
    } catch {
      status = { message: body };
    }
  }
  const message = (status as { message?: unknown } | undefined)?.message;
  return {
    code: typeof code === 'number' ? code : undefined,
    message: typeof message === 'string' ? message : (error as Error).message,
  };
}

/** Runs a request the API server should refuse; returns its status and message, or fails if it was admitted. */
export async function refusal(what: string, request: () => Promise<unknown>): Promise<{ code?: number; message: string }> {
  try {
    await request();
  } catch (error) {
    const refused = apiError(error);
    if (refused.code === undefined) throw error;
    return refused;
  }
  throw new Error(`${what} was admitted; it should have been refused`);
}

/** The labels of everything this run creates. */
export const RUN_LABELS = { 'app.kubernetes.io/managed-by': 'platform-integration-suite', 'platform.fintech/run': RUN_ID };

/**
 * Deletes whatever this run created in the given namespaces, found by its run label: the
 * safety net behind each check's own clean-up, for a check that timed out or was cancelled.
 * Makes no connection of its own when the suite never connected.
 */
export async function removeRunObjects(namespaces: readonly string[]): Promise<void> {
  if (!connection) return;
  const { core } = connection.kube;
  const labelSelector = `platform.fintech/run=${RUN_ID}`;
  for (const namespace of namespaces) {
    const pods = await core.listNamespacedPod({ namespace, labelSelector });
    for (const pod of pods.items) {
      await deleteIgnoringAbsence(() => core.deleteNamespacedPod({ name: pod.metadata!.name!, namespace, gracePeriodSeconds: 0 }));
    }
  }
}

export async function deleteIgnoringAbsence(remove: () => Promise<unknown>): Promise<void> {
  try {
    await remove();
  } catch (error) {
    if (apiError(error).code !== 404) throw error;
  }
}
