/** The Pod Security Standards, from least to most restrictive. */
export const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

/** What a tenant namespace may enforce: `privileged` is kept for the platform's own namespaces. */
export const TENANT_POD_SECURITY_LEVELS = ['baseline', 'restricted'] as const;
export type TenantPodSecurityLevel = (typeof TENANT_POD_SECURITY_LEVELS)[number];

/** The label Pod Security admission reads the enforced level from; the admission policy checks it too. */
export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/**
 * The six Pod Security admission labels of a namespace (S1): `enforce` at the given level,
 * `audit` and `warn` at `report` (by default `restricted`, so a baseline namespace still reports
 * every pod that would fail the stricter standard). Each mode is pinned to the cluster's minor
 * version: a cluster upgrade then cannot tighten a standard under running workloads unannounced.
 */
export function podSecurityLabels(
  enforce: PodSecurityLevel,
  kubernetesVersion: string,
  report: PodSecurityLevel = 'restricted',
): Record<string, string> {
  const version = `v${kubernetesVersion}`;
  return {
    [ENFORCE_LABEL]: enforce,
    [`${ENFORCE_LABEL}-version`]: version,
    'pod-security.kubernetes.io/audit': report,
    'pod-security.kubernetes.io/audit-version': version,
    'pod-security.kubernetes.io/warn': report,
    'pod-security.kubernetes.io/warn-version': version,
  };
}
