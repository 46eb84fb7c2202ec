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

/**
 * A pod that `baseline` admits and `restricted` refuses: nothing privileged, no host namespaces
 * or paths, but none of restricted's own settings (no runAsNonRoot, no seccomp profile, no
 * dropped capabilities, privilege escalation not turned off). A privileged pod would be
 * refused by baseline too, so it could not tell restricted from baseline.
 */
export function baselineOnlyPod(name: string, namespace: string): V1Pod {
  const pod = restrictedPod(name, namespace, ['sleep', '60']);
  const container = pod.spec!.containers[0];
  return {
    ...pod,
    spec: {
      ...pod.spec!,
      securityContext: {},
      containers: [{ ...container, securityContext: { readOnlyRootFilesystem: true } }],
    },
  };
}
