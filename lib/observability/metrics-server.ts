import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';
import { ChartPin, installChartOnNodes } from '../shared/chart-on-nodes';

export const METRICS_SERVER_CHART: ChartPin = {
  chart: 'metrics-server',
  repository: 'https://kubernetes-sigs.github.io/metrics-server/',
  version: '3.13.0',
};

/**
 * The chart's own image (its appVersion 0.8.0), pinned by digest so that what runs cannot change
 * under the same template. Digest: the image promoter's manifest, kubernetes/k8s.io
 * registry.k8s.io/images/k8s-staging-metrics-server/images.yaml (commit bc1017d8), entry v0.8.0.
 * The chart renders `repository:tag`, so the digest rides in the tag.
 */
export const METRICS_SERVER_IMAGE = {
  repository: 'registry.k8s.io/metrics-server/metrics-server',
  tag: 'v0.8.0@sha256:89258156d0e9af60403eafd44da9676fd66f600c7934d468ccc17e42b199aee2',
} as const;

/** kube-system is exempt from the tenancy policy, yet the pods also pass `restricted`. */
export const METRICS_SERVER_NAMESPACE = 'kube-system';
export const METRICS_SERVER_REPLICAS = 2;

export interface MetricsServerProps {
  /** The cluster the chart is installed on. */
  readonly cluster: eks.ICluster;
  /** Its pods need nodes; `wait` would otherwise time out on an empty cluster. */
  readonly nodeGroups: readonly IDependable[];
}

/**
 * metrics-server (R7), the resource-metrics API that the Horizontal Pod Autoscaler reads. Two
 * replicas on different nodes with a disruption budget, so a node drain or loss does not stop
 * autoscaling.
 */
export class MetricsServer extends Construct {
  readonly chart: eks.HelmChart;

  constructor(scope: Construct, id: string, props: MetricsServerProps) {
    super(scope, id);
    const selector = { 'app.kubernetes.io/name': 'metrics-server', 'app.kubernetes.io/instance': 'metrics-server' };

    this.chart = installChartOnNodes(this, 'Chart', {
      cluster: props.cluster,
      chart: METRICS_SERVER_CHART,
      release: 'metrics-server',
      namespace: METRICS_SERVER_NAMESPACE,
      nodeGroups: props.nodeGroups,
      values: {
        image: METRICS_SERVER_IMAGE,
        replicas: METRICS_SERVER_REPLICAS,
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
        affinity: {
          podAntiAffinity: {
            // Never two replicas on one node; spread over zones when the zones have room.
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' },
            ],
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: selector }, topologyKey: 'topology.kubernetes.io/zone' } },
            ],
          },
        },
        // The `restricted` Pod Security Standard, stated here rather than left to chart defaults.
        podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          runAsUser: 1000,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        },
        resources: { requests: { cpu: '100m', memory: '200Mi' }, limits: { memory: '400Mi' } },
      },
    });
  }
}
