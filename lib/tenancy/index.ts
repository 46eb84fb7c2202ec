import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { AddonPins } from '../shared/eks-addon-versions';
import { ClusterPodSecurityPolicy } from './cluster-pod-security-policy';
import { NetworkIsolation } from './network-isolation';
import { PLATFORM_EXEMPT_NAMESPACES } from './platform-namespaces';
import { TenantNamespace, TenantSettings } from './tenant-namespaces';

export interface TenancyProps {
  /** The cluster the tenant namespaces, the admission policy and the VPC CNI add-on are created in. */
  readonly cluster: eks.ICluster;
  /** Namespace name to its Pod Security level and compute quota. */
  readonly tenants: Readonly<Record<string, TenantSettings>>;
  /** Minor version the Pod Security labels are pinned to, e.g. `"1.36"`. */
  readonly kubernetesVersion: string;
  /** Pinned EKS add-ons; the VPC CNI one enforces the network policies. */
  readonly addons: AddonPins;
}

/**
 * Tenant namespaces with quotas, Pod Security levels and network isolation, under a
 * cluster-wide `restricted` default (R8, R9, S1). The admission policy comes first, so the
 * tenant namespaces are admitted by it like any namespace a developer creates later.
 */
export class Tenancy extends Construct {
  /** The VPC CNI add-on, on its own IRSA role: the node groups must wait for it. */
  readonly vpcCni: eks.CfnAddon;
  /** The VPC CNI's IRSA role (an output: the integration suite checks the add-on runs on it). */
  readonly vpcCniRole: iam.Role;
  /** Namespace name to the manifest that creates the namespace: what lives in a tenant's namespace waits for it. */
  readonly namespaces: Readonly<Record<string, eks.KubernetesManifest>>;

  constructor(scope: Construct, id: string, props: TenancyProps) {
    super(scope, id);

    const policy = new ClusterPodSecurityPolicy(this, 'ClusterPodSecurity', {
      cluster: props.cluster,
      exemptNamespaces: PLATFORM_EXEMPT_NAMESPACES,
      tenants: Object.fromEntries(Object.entries(props.tenants).map(([name, tenant]) => [name, tenant.enforce])),
      kubernetesVersion: props.kubernetesVersion,
    });

    const tenants = Object.entries(props.tenants).map(([name, tenant]) => {
      const namespace = new TenantNamespace(this, `Tenant-${name}`, {
        cluster: props.cluster,
        name,
        enforce: tenant.enforce,
        cpu: tenant.cpu,
        memory: tenant.memory,
        kubernetesVersion: props.kubernetesVersion,
      });
      // Also orders updates: the policy admits a tenant's new level before the tenant is relabelled.
      namespace.namespaceManifest.node.addDependency(policy.policyManifest);
      return namespace;
    });

    this.namespaces = Object.fromEntries(tenants.map((t) => [t.name, t.namespaceManifest]));

    const isolation = new NetworkIsolation(this, 'NetworkIsolation', {
      cluster: props.cluster,
      tenants,
      addons: props.addons,
    });
    this.vpcCni = isolation.vpcCni;
    this.vpcCniRole = isolation.vpcCniRole;
  }
}
