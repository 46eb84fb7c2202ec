import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { LimitRange } from 'kubernetes-models/v1/LimitRange';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { ResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import { Construct } from 'constructs';
import { CONTAINER_DEFAULTS } from './container-defaults';
import { podSecurityLabels, TenantPodSecurityLevel } from '../shared/pod-security-labels';

/** A tenant: what its namespace enforces and how much compute it may claim. */
export interface TenantSettings {
  /** Pod Security Standard enforced in the namespace; audit and warn are `restricted` regardless. */
  readonly enforce: TenantPodSecurityLevel;
  /** ResourceQuota for `requests.cpu` and `limits.cpu` alike, e.g. `"100"`. */
  readonly cpu: string;
  /** ResourceQuota for `requests.memory` and `limits.memory` alike, e.g. `"200Gi"`. */
  readonly memory: string;
}

export interface TenantNamespaceProps extends TenantSettings {
  /** The cluster the namespace is created in. */
  readonly cluster: eks.ICluster;
  /** The namespace's name, which is the tenant's. */
  readonly name: string;
  /** Minor version the Pod Security labels are pinned to, e.g. `"1.36"`. */
  readonly kubernetesVersion: string;
}

/**
 * One tenant namespace (R9, S1): its Pod Security labels, a compute quota, and the LimitRange
 * without which that quota would reject every pod that declares no resources. The quota and
 * the LimitRange are applied only once the namespace exists.
 */
export class TenantNamespace extends Construct {
  readonly name: string;
  /** The manifest that creates the namespace; whatever lives in it depends on this. */
  readonly namespaceManifest: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: TenantNamespaceProps) {
    super(scope, id);
    this.name = props.name;

    const namespace = new Namespace({
      metadata: { name: props.name, labels: podSecurityLabels(props.enforce, props.kubernetesVersion) },
    });
    this.namespaceManifest = new eks.KubernetesManifest(this, 'Namespace', {
      cluster: props.cluster,
      manifest: [namespace.toJSON() as Record<string, unknown>],
    });

    const quota = new ResourceQuota({
      metadata: { name: 'compute', namespace: props.name },
      spec: {
        hard: {
          'requests.cpu': props.cpu,
          'limits.cpu': props.cpu,
          'requests.memory': props.memory,
          'limits.memory': props.memory,
        },
      },
    });
    const limitRange = new LimitRange({
      metadata: { name: 'container-defaults', namespace: props.name },
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: { ...CONTAINER_DEFAULTS.request },
            default: { ...CONTAINER_DEFAULTS.limit },
          },
        ],
      },
    });
    const limits = new eks.KubernetesManifest(this, 'ResourceLimits', {
      cluster: props.cluster,
      manifest: [quota.toJSON() as Record<string, unknown>, limitRange.toJSON() as Record<string, unknown>],
    });
    limits.node.addDependency(this.namespaceManifest);
  }
}
