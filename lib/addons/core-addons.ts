import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';
import { AddonPins, pinnedAddonProps } from '../shared/eks-addon-versions';

export interface CoreAddonsProps {
  /** The cluster the add-ons are installed on. */
  readonly cluster: eks.ICluster;
  /** Versions and conflict policy from the add-on table (lib/shared/eks-addon-versions.ts). */
  readonly addons: AddonPins;
  /** CoreDNS only becomes ACTIVE once its pods run, so it waits for the nodes. */
  readonly nodeGroups: readonly IDependable[];
}

/**
 * The cluster's own add-ons as EKS managed add-ons at pinned versions: kube-proxy and CoreDNS
 * (which EKS otherwise bootstraps self-managed and never upgrades) and the Pod Identity agent.
 * The VPC CNI and CloudWatch add-ons are configured by the constructs whose concern they serve
 * (NetworkIsolation, ContainerInsights), from the same table.
 */
export class CoreAddons extends Construct {
  readonly kubeProxy: eks.CfnAddon;
  readonly coreDns: eks.CfnAddon;
  readonly podIdentityAgent: eks.CfnAddon;

  constructor(scope: Construct, id: string, props: CoreAddonsProps) {
    super(scope, id);
    const addon = (addonId: string, name: Parameters<typeof pinnedAddonProps>[0]) =>
      new eks.CfnAddon(this, addonId, {
        ...pinnedAddonProps(name, props.addons),
        clusterName: props.cluster.clusterName,
        // kube-proxy and CoreDNS serve every pod: deleting the add-on resource must not remove them
        // from under a running cluster (the cluster's own deletion removes them anyway).
        preserveOnDelete: true,
      });
    this.kubeProxy = addon('KubeProxy', 'kube-proxy');
    this.coreDns = addon('CoreDns', 'coredns');
    this.podIdentityAgent = addon('PodIdentityAgent', 'eks-pod-identity-agent');
    this.coreDns.node.addDependency(...props.nodeGroups);
    this.podIdentityAgent.node.addDependency(...props.nodeGroups);
  }
}
