import type { V1Pod } from '@kubernetes/client-node';
import { RUN_LABELS } from './kube';

/** Pinned, small, from ECR Public (reached through the NAT gateway), with a shell for the marker loop. */
export const TEST_IMAGE = 'public.ecr.aws/docker/library/busybox:1.37.0';

/**
 * A pod that meets the `restricted` Pod Security Standard: non-root, no privilege escalation,
 * every capability dropped, the runtime's seccomp profile; requests and limits within any
 * tenant quota.
 */
export function restrictedPod(name: string, namespace: string, command: string[]): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { ...RUN_LABELS } },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'main',
          image: TEST_IMAGE,
          command,
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
        },
      ],
    },
  };
}

/** The same pod, privileged: what Pod Security admission must keep out of a `restricted` namespace. */
export function privilegedPod(name: string, namespace: string): V1Pod {
  const pod = restrictedPod(name, namespace, ['sleep', '60']);
  const container = pod.spec!.containers[0];
  return {
    ...pod,
    spec: {
      ...pod.spec!,
      securityContext: { runAsUser: 0 },
      containers: [{ ...container, securityContext: { privileged: true, allowPrivilegeEscalation: true } }],
    },
  };
}
