import type { KubernetesVersionString } from './kubernetes-version';

/** The EKS managed add-ons the platform installs; each one is pinned, none is left to EKS's default. */
export const EKS_ADDON_NAMES = [
  'vpc-cni',
  'kube-proxy',
  'coredns',
  'eks-pod-identity-agent',
  'amazon-cloudwatch-observability',
  'aws-guardduty-agent',
  'aws-secrets-store-csi-driver-provider',
] as const;
export type EksAddonName = (typeof EKS_ADDON_NAMES)[number];

/** What EKS does when the add-on's objects already exist or were edited outside the add-on. */
export type ResolveConflicts = 'OVERWRITE' | 'PRESERVE' | 'NONE';

/** An EKS add-on version string, such as `v1.14.3-eksbuild.3`. */
export const ADDON_VERSION_PATTERN = /^v\d+\.\d+\.\d+(-[a-z0-9.]+)?-eksbuild\.\d+$/;

interface EksAddonRow {
  /** One version per supported Kubernetes version: a new row in the kubectl layer table does not compile until it is filled in. */
  readonly versions: Readonly<Record<KubernetesVersionString, string>>;
  readonly resolveConflicts: ResolveConflicts;
  /** Where each version string was read, so that a reviewer can check it. */
  readonly source: string;
}

/**
 * The one table of add-on versions. No synthesis or test may call AWS, so these strings were
 * read from AWS documentation and public records on 2026-11-27, not from the EKS API;
 * `npm run addons:check` asks DescribeAddonVersions for the newer and the default versions of
 * each add-on for the configured Kubernetes version, and is how this table is refreshed. Each
 * row says whether an AWS source confirms it or only public records of the EKS API do.
 *
 * OVERWRITE everywhere, for two reasons: EKS bootstraps vpc-cni, kube-proxy and CoreDNS as
 * self-managed objects, which the managed add-on must take over on creation; and this code is
 * the only place their configuration is set, so a change made with kubectl is drift to undo,
 * not a setting to keep (PRESERVE would keep it silently).
 */
export const EKS_ADDONS: Readonly<Record<EksAddonName, EksAddonRow>> = {
  'vpc-cni': {
    // Not confirmed by an AWS page or the EKS API here (the stored copies of AWS's VPC CNI version
    // table stop at 1.33). Published for 1.36 by two public records of the EKS API: a Terraform
    // variables file lists what EKS installed on a 1.36 cluster (beside kube-proxy
    // v1.36.0-eksbuild.45): v1.23.2-eksbuild.1; a configuration dated 2026-09-22 names
    // v1.23.1-eksbuild.1 the newest for 1.36 and v1.22.4-eksbuild.3 the default. Since 1.23 the CNI
    // needs network policy agent 1.4.1 or later (the add-on ships a matching one), and with network
    // policies on, a rollback must go to 1.22.4 (aws/amazon-vpc-cni-k8s release v1.23.0).
    versions: { '1.36': 'v1.23.2-eksbuild.1' },
    resolveConflicts: 'OVERWRITE',
    source:
      'public records of the EKS API for Kubernetes 1.36 (version EKS installed on a 1.36 cluster; describe-addon-versions 2026-09-22); ' +
      'not confirmed by AWS documentation or the EKS API here',
  },
  'kube-proxy': {
    versions: { '1.36': 'v1.36.0-eksbuild.14' },
    resolveConflicts: 'OVERWRITE',
    source: 'docs.aws.amazon.com/ja_jp/eks/latest/userguide/managing-kube-proxy.md, table "kube-proxy versions", row 1.36',
  },
  coredns: {
    versions: { '1.36': 'v1.14.3-eksbuild.3' },
    resolveConflicts: 'OVERWRITE',
    source: 'docs.aws.amazon.com/ja_jp/eks/latest/userguide/managing-coredns.md, table "CoreDNS versions", row 1.36',
  },
  'eks-pod-identity-agent': {
    // Not confirmed by an AWS page or the EKS API here: AWS documents no version table for this
    // add-on. Published for 1.36 by the same two public records as vpc-cni: v1.4.0-eksbuild.3 is
    // what EKS installed on a 1.36 cluster; on 2026-09-22 v1.4.0-eksbuild.2 was the newest for 1.36
    // and v1.3.10-eksbuild.3 the default.
    versions: { '1.36': 'v1.4.0-eksbuild.3' },
    resolveConflicts: 'OVERWRITE',
    source:
      'public records of the EKS API for Kubernetes 1.36 (version EKS installed on a 1.36 cluster; describe-addon-versions 2026-09-22); ' +
      'not confirmed by AWS documentation or the EKS API here',
  },
  'amazon-cloudwatch-observability': {
    // Not confirmed by an AWS page or the EKS API here. Published for 1.36 by the public records
    // of the vpc-cni row: v6.7.0-eksbuild.1 is what EKS installed on a 1.36 cluster, and an upgrade
    // log of a 1.36 cluster calls it that version's default. No record shows a 4.x build for 1.36.
    // Versions 5 and 6 changed defaults: auto-monitoring is on since 5.0.0 (CLOUDWATCH_OBSERVABILITY_CONFIGURATION
    // in container-insights.ts turns it off); OTel Container Insights, on in 6.0.0, is off by default since 6.2.0.
    versions: { '1.36': 'v6.7.0-eksbuild.1' },
    resolveConflicts: 'OVERWRITE',
    source:
      'public records of the EKS API for Kubernetes 1.36 (version EKS installed on a 1.36 cluster; ' +
      'an upgrade log naming it the 1.36 default); ' +
      'not confirmed by AWS documentation or the EKS API here',
  },
  'aws-guardduty-agent': {
    // GuardDuty's own table of the Kubernetes versions each agent version supports: v1.16.0 (newest
    // build v1.16.0-eksbuild.2) supports 1.28 to 1.36, as do v1.15.0 and v1.12.2; v1.12.1 stops at 1.35.
    // Installed only where runtimeMonitoring is "platform" (lib/threat-detection).
    versions: { '1.36': 'v1.16.0-eksbuild.2' },
    resolveConflicts: 'OVERWRITE',
    source:
      'docs.aws.amazon.com/guardduty/latest/ug/prereq-runtime-monitoring-eks-support.md, ' +
      'table "Kubernetes versions supported by GuardDuty security agent", row v1.16.0 (1.28 - 1.36)',
  },
  'aws-secrets-store-csi-driver-provider': {
    // Not confirmed by an AWS page or the EKS API here: AWS documents no version table for this
    // add-on (launched 2025-11; it installs the Secrets Store CSI driver and the AWS provider).
    // Published for 1.36 by two public records of the EKS API: the 1.36 configuration of the
    // vpc-cni row's 2026-09-22 record (same vpc-cni and Pod Identity agent builds) pins
    // v3.1.4-eksbuild.1; a Terraform file adopting a live 1.36 cluster (kube-proxy
    // v1.36.0-eksbuild.13) records v3.1.1-eksbuild.2 installed on it.
    versions: { '1.36': 'v3.1.4-eksbuild.1' },
    resolveConflicts: 'OVERWRITE',
    source:
      'public records of the EKS API for Kubernetes 1.36 (a 1.36 configuration of 2026-09-22; version installed on a 1.36 cluster); ' +
      'not confirmed by AWS documentation or the EKS API here',
  },
};

/** The version and conflict policy one add-on is installed with. */
export interface AddonPin {
  /** The EKS add-on version, e.g. `v1.14.3-eksbuild.3`: the table's for the cluster's minor unless the configuration overrides it. */
  readonly version: string;
  /** What EKS does, when it creates or updates the add-on, with its objects' settings changed outside EKS (OVERWRITE replaces them). */
  readonly resolveConflicts: ResolveConflicts;
}

export type AddonPins = Readonly<Record<EksAddonName, AddonPin>>;

/** The table's row for this Kubernetes version, with the versions the configuration overrides. */
export function addonPins(kubernetesVersion: KubernetesVersionString, overrides: Partial<Record<EksAddonName, string>> = {}): AddonPins {
  const pins = {} as Record<EksAddonName, AddonPin>;
  for (const name of EKS_ADDON_NAMES) {
    const row = EKS_ADDONS[name];
    pins[name] = { version: overrides[name] ?? row.versions[kubernetesVersion], resolveConflicts: row.resolveConflicts };
  }
  return pins;
}

/** The CfnAddon properties every add-on takes from the table; the construct owning it adds its own configuration. */
export function pinnedAddonProps(
  name: EksAddonName,
  pins: AddonPins,
): { addonName: string; addonVersion: string; resolveConflicts: ResolveConflicts } {
  return { addonName: name, addonVersion: pins[name].version, resolveConflicts: pins[name].resolveConflicts };
}
