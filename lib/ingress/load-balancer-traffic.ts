import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { Construct, IDependable } from 'constructs';

/** A pod that serves a load balancer carries this label; no other pod is reachable from one. */
export const INGRESS_POD_LABEL = { 'platform.fintech/ingress': 'true' } as const;
/** The name of the container port a load balancer reaches a labelled pod on. */
export const INGRESS_PORT_NAME = 'ingress';
export const LOAD_BALANCER_POLICY_NAME = 'allow-from-load-balancers';

/** A tenant namespace, and what must exist before a policy goes in it. */
export interface TenantTarget {
  /** The namespace's name. */
  readonly name: string;
  /** The namespace itself and the agent that enforces network policies. */
  readonly dependsOn: readonly IDependable[];
}

export interface LoadBalancerTrafficProps {
  /** The cluster the policies are applied to. */
  readonly cluster: eks.ICluster;
  /** Tenant namespaces, each with what must exist before its policy (the namespace, the enforcing CNI). */
  readonly tenants: readonly TenantTarget[];
  /** Where load balancers send from: their nodes' addresses in the VPC (targets are pod IPs). */
  readonly loadBalancerCidr: string;
}

/**
 * Tenants keep their default-deny; a load balancer reaches a pod only if the pod opts in with
 * INGRESS_POD_LABEL, and only on its container port named INGRESS_PORT_NAME. The load balancers'
 * addresses are not told apart from other addresses of the VPC, pods' included: the policy opens
 * that one port of labelled pods to the VPC (docs/components/ingress.md).
 */
export class LoadBalancerTraffic extends Construct {
  constructor(scope: Construct, id: string, props: LoadBalancerTrafficProps) {
    super(scope, id);
    for (const tenant of props.tenants) {
      const policy = new NetworkPolicy({
        metadata: { name: LOAD_BALANCER_POLICY_NAME, namespace: tenant.name },
        spec: {
          podSelector: { matchLabels: { ...INGRESS_POD_LABEL } },
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ ipBlock: { cidr: props.loadBalancerCidr } }], ports: [{ protocol: 'TCP', port: INGRESS_PORT_NAME }] }],
        },
      });
      const manifest = new eks.KubernetesManifest(this, `Policy-${tenant.name}`, {
        cluster: props.cluster,
        manifest: [policy.toJSON() as Record<string, unknown>],
      });
      manifest.node.addDependency(...tenant.dependsOn);
    }
  }
}
