import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { podSecurityLabels } from '../../shared/pod-security-labels';

/**
 * AWS for Fluent Bit 3.2.2 (Fluent Bit 4.2.2 on Amazon Linux 2023), the official image (R4).
 * Release: https://github.com/aws/aws-for-fluent-bit/pull/1070
 * By tag alone: no record of its digest could be read offline. Searched: the release pull request
 * and the project's release notes (no digests; CHANGELOG.md is not kept for 3.x), and public code
 * and pull requests for a pinned `aws-for-fluent-bit:3.2.2@sha256` (none).
 */
export const FLUENT_BIT_IMAGE = 'public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.2';
/**
 * Fetches the configuration from SSM before Fluent Bit starts. Digest: AWS publishes none for its
 * CLI images; this is the one another project pinned for the same tag (benhook1013/FireMUD,
 * docker/backup-verifier.Dockerfile, commit f3896035); where a registry is reachable,
 * `crane digest public.ecr.aws/aws-cli/aws-cli:2.31.23` confirms it.
 */
export const CONFIG_LOADER_IMAGE =
  'public.ecr.aws/aws-cli/aws-cli:2.31.23@sha256:668ffb01408e03e1002b36886797c1a97b09f7d0f02fba3123f9fcd68a081dc5';

export const FLUENT_BIT_NAME = 'fluent-bit';
const CONFIG_HASH_ANNOTATION = 'platform.fintech/fluent-bit-config-sha256';
const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';

const CONFIG_DIR = '/fluent-bit/ssm-config';
const CONFIG_FILE = `${CONFIG_DIR}/fluent-bit.conf`;
const HEALTH_PORT = 2020;

export interface FluentBitManifestProps {
  /** The namespace the objects are created in, and the namespace object itself. */
  readonly namespace: string;
  /** `1.36`: the pod-security labels pin the policy version to the cluster's. */
  readonly kubernetesVersion: string;
  /** The IRSA role the service account is annotated with. */
  readonly roleArn: string;
  /** `AWS_REGION` of both containers: where the configuration is fetched and the logs go. */
  readonly region: string;
  /** The SSM parameter the init container fetches the configuration from. */
  readonly configParameterName: string;
  /** Hash of the configuration, in the pod template: a new configuration rolls the pods. */
  readonly configSha256: string;
}

export interface FluentBitManifests {
  readonly namespace: Namespace;
  readonly serviceAccount: ServiceAccount;
  readonly clusterRole: ClusterRole;
  readonly clusterRoleBinding: ClusterRoleBinding;
  readonly daemonSet: DaemonSet;
}

/**
 * The Kubernetes objects of the Fluent Bit DaemonSet (R4, S4). The configuration is not in any
 * of them: an init container fetches it from SSM, decrypted, into a memory-backed volume that
 * Fluent Bit reads; the pod template carries only its hash.
 */
export function fluentBitManifests(props: FluentBitManifestProps): FluentBitManifests {
  const labels = { 'app.kubernetes.io/name': FLUENT_BIT_NAME, 'app.kubernetes.io/part-of': 'platform-observability' };

  // Reading every container's log file means host paths, which only `privileged` admits. This is
  // the platform's one privileged namespace; the tenancy admission policy exempts it by name.
  const namespace = new Namespace({
    metadata: {
      name: props.namespace,
      labels: {
        ...labels,
        // Audit and warn too: a report of the hostPath volumes this namespace exists for is noise.
        ...podSecurityLabels('privileged', props.kubernetesVersion, 'privileged'),
      },
    },
  });

  const serviceAccount = new ServiceAccount({
    metadata: {
      name: FLUENT_BIT_NAME,
      namespace: props.namespace,
      labels,
      annotations: { [IRSA_ROLE_ANNOTATION]: props.roleArn, 'eks.amazonaws.com/sts-regional-endpoints': 'true' },
    },
  });

  // The Kubernetes filter adds pod and namespace metadata to every record.
  const clusterRole = new ClusterRole({
    metadata: { name: FLUENT_BIT_NAME, labels },
    rules: [{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }],
  });
  const clusterRoleBinding = new ClusterRoleBinding({
    metadata: { name: FLUENT_BIT_NAME, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: FLUENT_BIT_NAME },
    subjects: [{ kind: 'ServiceAccount', name: FLUENT_BIT_NAME, namespace: props.namespace }],
  });

  const hardened: ISecurityContext = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };

  const daemonSet = new DaemonSet({
    metadata: { name: FLUENT_BIT_NAME, namespace: props.namespace, labels },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': FLUENT_BIT_NAME } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: {
          labels,
          // A new configuration changes this hash, so the next deploy rolls every pod onto it.
          annotations: { [CONFIG_HASH_ANNOTATION]: props.configSha256 },
        },
        spec: {
          serviceAccountName: FLUENT_BIT_NAME,
          priorityClassName: 'system-node-critical',
          // Every node, whatever its taints: a node without a log shipper loses its logs.
          tolerations: [{ operator: 'Exists' }],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          terminationGracePeriodSeconds: 45,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          initContainers: [
            {
              name: 'load-config',
              image: CONFIG_LOADER_IMAGE,
              command: ['/bin/sh', '-ec'],
              args: [
                'aws ssm get-parameter --name "$CONFIG_PARAMETER" --with-decryption --query Parameter.Value --output text > "$CONFIG_FILE"',
              ],
              env: [
                { name: 'CONFIG_PARAMETER', value: props.configParameterName },
                { name: 'CONFIG_FILE', value: CONFIG_FILE },
                { name: 'AWS_REGION', value: props.region },
                { name: 'AWS_PAGER', value: '' },
                { name: 'HOME', value: '/tmp' },
              ],
              securityContext: { ...hardened, runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534 },
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
              volumeMounts: [
                { name: 'config', mountPath: CONFIG_DIR },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          containers: [
            {
              name: FLUENT_BIT_NAME,
              image: FLUENT_BIT_IMAGE,
              command: ['/fluent-bit/bin/fluent-bit'],
              args: ['-c', CONFIG_FILE],
              env: [
                { name: 'HOST_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                { name: 'AWS_REGION', value: props.region },
              ],
              // Root only to read the root-owned container log files of the node; with every
              // capability dropped it cannot read what root does not own, nor escalate.
              securityContext: { ...hardened, runAsNonRoot: false, runAsUser: 0 },
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
              ports: [{ name: 'http', containerPort: HEALTH_PORT, protocol: 'TCP' }],
              livenessProbe: {
                httpGet: { path: '/api/v1/health', port: HEALTH_PORT },
                initialDelaySeconds: 15,
                periodSeconds: 30,
                failureThreshold: 3,
              },
              volumeMounts: [
                { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                { name: 'varlog', mountPath: '/var/log', readOnly: true },
                { name: 'state', mountPath: '/var/fluent-bit/state' },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            // In memory: the decrypted configuration never touches the node's disk.
            { name: 'config', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
            { name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } },
            // Tail positions and the filesystem buffer survive pod restarts.
            { name: 'state', hostPath: { path: '/var/fluent-bit/state', type: 'DirectoryOrCreate' } },
            { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
          ],
        },
      },
    },
  });

  return { namespace, serviceAccount, clusterRole, clusterRoleBinding, daemonSet };
}
