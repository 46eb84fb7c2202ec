import type { IPod, IPodSpec } from 'kubernetes-models/v1';

type IObjectMeta = NonNullable<IPod['metadata']>;

/** A Kubernetes object as it will reach the API server. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: IObjectMeta;
  readonly [field: string]: unknown;
}

/** Namespaced objects applied without a namespace land in the kubectl handler's context namespace. */
export function namespaceOf(object: KubernetesObject): string {
  return object.metadata?.namespace ?? 'default';
}

export interface ShippedPodTemplate {
  /** e.g. `DaemonSet logging/fluent-bit` */
  readonly owner: string;
  readonly namespace: string;
  readonly metadata?: IObjectMeta;
  readonly spec: IPodSpec;
}

/** Where each workload kind keeps the pod it creates. */
const POD_TEMPLATE_PATHS: Record<string, readonly string[]> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

/** The pod (template) of every workload among the objects, with the namespace its pods land in. */
export function podTemplates(objects: readonly KubernetesObject[]): ShippedPodTemplate[] {
  return objects.flatMap((object) => {
    const path = POD_TEMPLATE_PATHS[object.kind];
    if (!path) return [];
    const pod = path.reduce<any>((node, key) => node?.[key], object);
    const namespace = namespaceOf(object);
    return [{ owner: `${object.kind} ${namespace}/${object.metadata?.name}`, namespace, metadata: pod?.metadata, spec: pod?.spec }];
  });
}
