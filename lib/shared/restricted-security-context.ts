/**
 * The `restricted` Pod Security Standard as Helm chart values for a pod and its containers, for
 * the platform's own charts: stated explicitly rather than left to each chart's defaults. Runs
 * as `nobody` (65534).
 */
export function restrictedPodSecurityContext(): Record<string, unknown> {
  return { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } };
}

/** A container's half of the `restricted` standard, with a read-only root filesystem. */
export function restrictedContainerSecurityContext(): Record<string, unknown> {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
