import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';
import { AddonPins, pinnedAddonProps } from '../shared/eks-addon-versions';

/** The CSI driver name a pod's inline volume names to mount secrets through a SecretProviderClass. */
export const SECRETS_STORE_CSI_DRIVER = 'secrets-store.csi.k8s.io';

/**
 * The add-on's configuration: the Secrets Store CSI driver chart's values under its sub-chart
 * key. Syncing mounted secrets into Kubernetes Secrets stays off (O9): a secret lives in Secrets
 * Manager and in the pod's tmpfs mount, never in etcd, and the driver gets no RBAC on Secrets.
 */
export const SECRETS_STORE_CSI_CONFIGURATION = { 'secrets-store-csi-driver': { syncSecret: { enabled: false } } };

export interface SecretsStoreCsiDriverProps {
  /** The cluster the driver and the AWS provider run on. */
  readonly cluster: eks.ICluster;
  /** Versions and conflict policy from the add-on table (lib/shared/eks-addon-versions.ts). */
  readonly addons: AddonPins;
  /** Both are DaemonSets: the add-on becomes ACTIVE only once their pods run on nodes. */
  readonly nodeGroups: readonly IDependable[];
}

/**
 * The Secrets Store CSI driver and the AWS provider (ASCP), as the one EKS add-on that installs
 * both. A tenant's pod mounts its secrets with a SecretProviderClass whose `usePodIdentity` is
 * "true": the provider then reads them as the pod, with the secrets-reader role Pod Identity
 * gives its service account (secrets-reader.ts). The add-on needs no role of its own.
 */
export class SecretsStoreCsiDriver extends Construct {
  readonly addon: eks.CfnAddon;

  constructor(scope: Construct, id: string, props: SecretsStoreCsiDriverProps) {
    super(scope, id);
    this.addon = new eks.CfnAddon(this, 'Addon', {
      ...pinnedAddonProps('aws-secrets-store-csi-driver-provider', props.addons),
      clusterName: props.cluster.clusterName,
      configurationValues: JSON.stringify(SECRETS_STORE_CSI_CONFIGURATION),
    });
    this.addon.node.addDependency(...props.nodeGroups);
  }
}
