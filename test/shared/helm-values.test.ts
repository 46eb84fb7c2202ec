import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../../lib/shared/restricted-security-context';
import { twoReplicasAcrossZones } from '../../lib/shared/two-replicas-across-zones';

test('pods run as nobody, non-root, with the runtime default seccomp profile', () => {
  expect(restrictedPodSecurityContext()).toEqual({
    runAsNonRoot: true,
    runAsUser: 65534,
    runAsGroup: 65534,
    fsGroup: 65534,
    seccompProfile: { type: 'RuntimeDefault' },
  });
});

test('containers cannot escalate, write their root filesystem or keep any capability', () => {
  expect(restrictedContainerSecurityContext()).toEqual({
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  });
});

test('two replicas, one unavailable at most, spread across zones by the given pod labels', () => {
  expect(twoReplicasAcrossZones({ 'app.kubernetes.io/name': 'metrics-server' })).toEqual({
    replicaCount: 2,
    podDisruptionBudget: { maxUnavailable: 1 },
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'metrics-server' } },
      },
    ],
  });
});
