/**
 * Helm values for a platform controller a node drain must not take away: two replicas (the
 * chart's leader election keeps one active), at most one unavailable at a time, spread across
 * zones where the nodes allow it. `selector` is the labels of the chart's pods.
 */
export function twoReplicasAcrossZones(selector: Readonly<Record<string, string>>): Record<string, unknown> {
  return {
    replicaCount: 2,
    podDisruptionBudget: { maxUnavailable: 1 },
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: selector },
      },
    ],
  };
}
