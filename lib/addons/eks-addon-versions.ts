import type { KubernetesVersionString } from '../cluster/kubernetes-version';

/** The EKS managed add-ons the platform installs; each one is pinned, none is left to EKS's default. */
export const EKS_ADDON_NAMES = ['vpc-cni', 'kube-proxy', 'coredns', 'eks-pod-identity-agent', 'amazon-cloudwatch-observability'] as const;
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
 * read from AWS documentation and public configurations on 2026-11-27, not from the EKS API;
 * `npm run addons:check` asks DescribeAddonVersions for the newer and the default versions of
 * each add-on for the configured Kubernetes version, and is how this table is refreshed.
 *
 * OVERWRITE everywhere, for two reasons: EKS bootstraps vpc-cni, kube-proxy and CoreDNS as
 * self-managed objects, which the managed add-on must take over on creation; and this code is
 * the only place their configuration is set, so a change made with kubectl is drift to undo,
 * not a setting to keep (PRESERVE would keep it silently).
 */
export const EKS_ADDONS: Readonly<Record<EksAddonName, EksAddonRow>> = {
  'vpc-cni': {
    // Not confirmed for 1.36: v1.22.3-eksbuild.1 is the newest build seen published (July 2026,
    // for 1.33); AWS publishes each VPC CNI build for every supported Kubernetes version (its
    // version table lists one build for all of them).
    versions: { '1.36': 'v1.22.3-eksbuild.1' },
    resolveConflicts: 'OVERWRITE',
    source:
      'github.com/ministryofjustice/cloud-platform-infrastructure pull 4678 (describe-addon-versions, 2026-07-08); not confirmed for 1.36',
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
    // Not confirmed for 1.36: the newest version seen pinned in a public configuration.
    versions: { '1.36': 'v1.3.10-eksbuild.3' },
    resolveConflicts: 'OVERWRITE',
    source: 'public configuration pinning v1.3.10-eksbuild.3 (Kubernetes version not stated); not confirmed for 1.36',
  },
  'amazon-cloudwatch-observability': {
    // Not confirmed for 1.36: the newest version seen pinned in a public configuration; the
    // agent operator added 1.36 to its test matrix in June 2026 (aws/amazon-cloudwatch-agent-operator pull 389).
    versions: { '1.36': 'v4.5.0-eksbuild.1' },
    resolveConflicts: 'OVERWRITE',
    source: 'public Terraform configuration pinning v4.5.0-eksbuild.1; not confirmed for 1.36',
  },
};

/** The version and conflict policy one add-on is installed with. */
export interface AddonPin {
  readonly version: string;
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
