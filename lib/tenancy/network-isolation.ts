import { CfnResource } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { Construct } from 'constructs';
import { acknowledge, managedPolicyFindings } from '../compliance/acknowledgements';
import { createIrsaRole } from '../shared/irsa-role';
import { AddonPins, pinnedAddonProps } from '../shared/eks-addon-versions';
import type { TenantNamespace } from './tenant-namespaces';

export interface NetworkIsolationProps {
  /** The cluster the VPC CNI add-on and the network policies are installed on; its OIDC provider is what the CNI's IRSA role trusts. */
  readonly cluster: eks.ICluster;
  /** Each gets a default-deny policy and a DNS allowance, after its namespace exists. */
  readonly tenants: readonly TenantNamespace[];
  /** The vpc-cni row of the add-on table: version and conflict policy. */
  readonly addons: AddonPins;
}

/** The VPC CNI's DaemonSet runs as this service account (EKS creates it with the add-on). */
export const VPC_CNI_SERVICE_ACCOUNT = { namespace: 'kube-system', name: 'aws-node' } as const;
const VPC_CNI_POLICY = 'AmazonEKS_CNI_Policy';

/** Cluster DNS (CoreDNS keeps the kube-dns label on EKS), the one destination every tenant pod needs. */
const CLUSTER_DNS = { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, port: 53 } as const;

/**
 * Tenant namespaces cannot reach each other, or anything else, unless a later policy says so.
 * NetworkPolicy objects are inert without an enforcing agent: the VPC CNI runs one only when
 * installed as the managed add-on with `enableNetworkPolicy`, so the add-on is part of this
 * construct and every policy is applied after it.
 */
export class NetworkIsolation extends Construct {
  readonly vpcCni: eks.CfnAddon;
  readonly vpcCniRole: iam.Role;

  constructor(scope: Construct, id: string, props: NetworkIsolationProps) {
    super(scope, id);

    // aws-node manages the nodes' network interfaces; on its own role that right stays with it,
    // instead of sitting on the node role where every pod that reached instance metadata had it.
    this.vpcCniRole = createIrsaRole(this, 'VpcCniRole', {
      cluster: props.cluster,
      namespace: VPC_CNI_SERVICE_ACCOUNT.namespace,
      serviceAccountName: VPC_CNI_SERVICE_ACCOUNT.name,
      description: 'IRSA role of the VPC CNI (aws-node): network interfaces and IP addresses of the nodes',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(VPC_CNI_POLICY)],
    });
    const cfnVpcCniRole = this.vpcCniRole.node.defaultChild as CfnResource;
    acknowledge(
      cfnVpcCniRole,
      'The VPC CNI requires AmazonEKS_CNI_Policy, which AWS maintains as the CNI changes; only aws-node can assume this role.',
      ...managedPolicyFindings(cfnVpcCniRole, VPC_CNI_POLICY),
    );

    this.vpcCni = new eks.CfnAddon(this, 'VpcCni', {
      // EKS bootstraps a self-managed vpc-cni; the managed add-on takes its objects over (OVERWRITE in the table).
      ...pinnedAddonProps('vpc-cni', props.addons),
      clusterName: props.cluster.clusterName,
      serviceAccountRoleArn: this.vpcCniRole.roleArn,
      configurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }),
      // Deleting the add-on resource must not pull the CNI from under running nodes.
      preserveOnDelete: true,
    });

    for (const tenant of props.tenants) {
      const policies = new eks.KubernetesManifest(this, `Policies-${tenant.name}`, {
        cluster: props.cluster,
        manifest: tenantPolicies(tenant.name).map((policy) => policy.toJSON() as Record<string, unknown>),
      });
      policies.node.addDependency(tenant.namespaceManifest, this.vpcCni);
    }
  }
}

function tenantPolicies(namespace: string): NetworkPolicy[] {
  const denyAll = new NetworkPolicy({
    metadata: { name: 'default-deny-all', namespace },
    // An empty selector is every pod; listing both types with no rules denies both directions.
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
  const allowDns = new NetworkPolicy({
    metadata: { name: 'allow-cluster-dns', namespace },
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': CLUSTER_DNS.namespace } },
              podSelector: { matchLabels: { ...CLUSTER_DNS.podLabels } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: CLUSTER_DNS.port },
            { protocol: 'TCP', port: CLUSTER_DNS.port },
          ],
        },
      ],
    },
  });
  return [denyAll, allowDns];
}
