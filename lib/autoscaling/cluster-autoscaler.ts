import { CfnResource, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import type { KubernetesVersionString } from '../shared/kubernetes-version';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../shared/restricted-security-context';
import { twoReplicasAcrossZones } from '../shared/two-replicas-across-zones';
import { acknowledgeWildcardResource } from '../compliance/acknowledgements';
import { ChartPin, installChartOnNodes } from '../shared/chart-on-nodes';
import { createIrsaRole } from '../shared/irsa-role';
import { autoscalerTags } from '../shared/autoscaler-tags';

/**
 * The official chart (kubernetes/autoscaler). No chart release yet ships Cluster Autoscaler
 * 1.36: 9.59.0 (2026-07-21) is the newest and defaults to v1.35.0, so the image is set to the
 * 1.36 release below. The autoscaler's minor must match the cluster's: it simulates the
 * scheduler of its own Kubernetes version.
 */
export const CLUSTER_AUTOSCALER_CHART: ChartPin = {
  chart: 'cluster-autoscaler',
  repository: 'https://kubernetes.github.io/autoscaler',
  version: '9.59.0',
};

/**
 * Autoscaler release per Kubernetes minor (tag cluster-autoscaler-1.36.1, 2026-07-22), by tag
 * alone: no authoritative digest of v1.36.1 could be read offline. Searched: the promoter
 * manifest registry.k8s.io/images/k8s-staging-autoscaling/images.yaml in kubernetes/k8s.io
 * (stored only up to v1.33.1), its promotion pull request kubernetes/k8s.io#9760 (stored copy cut
 * off before the 1.36.1 digest), the release notes (no digests) and kubernetes/kops (tags only).
 * A public record of registry look-ups gives sha256:461388d03eb5b55db58941ee7a81d9a619dd15302b01cbab9f5a9946715994b4;
 * check it (crane digest) before writing 'v1.36.1@sha256:<digest>' here: chart 9.59.0 renders
 * the image as "repository:tag", so a digest goes in the tag.
 */
export const CLUSTER_AUTOSCALER_IMAGES: Readonly<Record<KubernetesVersionString, string>> = {
  '1.36': 'v1.36.1',
};
export const CLUSTER_AUTOSCALER_IMAGE_REPOSITORY = 'registry.k8s.io/autoscaling/cluster-autoscaler';

export const CLUSTER_AUTOSCALER_NAMESPACE = 'kube-system';
export const CLUSTER_AUTOSCALER_SERVICE_ACCOUNT = 'cluster-autoscaler';

/** What the AWS provider of Cluster Autoscaler 1.36 reads for managed node groups with a launch template. */
const DISCOVERY_ACTIONS = [
  'autoscaling:DescribeAutoScalingGroups',
  'autoscaling:DescribeScalingActivities',
  'ec2:DescribeInstanceTypes',
  'ec2:DescribeLaunchTemplateVersions',
];
const RESIZE_ACTIONS = ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'];

export interface ClusterAutoscalerProps {
  /** The cluster it scales: the chart is installed on it and its OIDC provider is what the autoscaler's IRSA role trusts. */
  readonly cluster: eks.ICluster;
  /** The literal cluster name: it is part of the tag keys in the IAM conditions, which cannot be tokens. */
  readonly clusterName: string;
  /** The cluster's minor version; the autoscaler image must have the same one. */
  readonly kubernetesVersion: KubernetesVersionString;
  /** The cluster's region: the autoscaler calls the Auto Scaling and EC2 APIs there, and its IAM policy names it in every ARN. */
  readonly region: string;
  /** The node label that differs between the zonal groups and must not stop them counting as similar. */
  readonly zoneLabel: string;
  /** Its pods need nodes; the chart waits for them. */
  readonly nodeGroups: readonly IDependable[];
}

/**
 * Cluster Autoscaler (O4): adds a node to a zonal group when pods cannot be scheduled and
 * removes nodes that stay under-used, within each group's minSize and maxSize. Its IRSA role
 * may resize or shrink only Auto Scaling groups tagged as this cluster's.
 */
export class ClusterAutoscaler extends Construct {
  readonly role: iam.Role;
  readonly chart: eks.HelmChart;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    const image = CLUSTER_AUTOSCALER_IMAGES[props.kubernetesVersion] as string | undefined;
    if (!image) {
      throw new Error(
        `No Cluster Autoscaler release is registered for Kubernetes ${props.kubernetesVersion}; ` +
          'add the matching registry.k8s.io/autoscaling/cluster-autoscaler tag to CLUSTER_AUTOSCALER_IMAGES ' +
          'in lib/autoscaling/cluster-autoscaler.ts',
      );
    }
    const { partition, account } = Stack.of(this);
    const ownNodegroups = `arn:${partition}:eks:${props.region}:${account}:nodegroup/${props.clusterName}/*/*`;
    const anyAutoScalingGroup = `arn:${partition}:autoscaling:${props.region}:${account}:autoScalingGroup:*:autoScalingGroupName/*`;

    const tagConditions = Object.fromEntries(
      Object.entries(autoscalerTags(props.clusterName)).map(([key, value]) => [`aws:ResourceTag/${key}`, value]),
    );
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Cluster Autoscaler of ${props.clusterName}: read Auto Scaling groups, resize only this cluster's`,
      statements: [
        new iam.PolicyStatement({
          // What the AWS provider of Cluster Autoscaler 1.36 calls for managed node groups with a
          // launch template; none of these actions supports resource-level permissions.
          sid: 'DiscoverGroupsAndInstanceTypes',
          actions: DISCOVERY_ACTIONS,
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          // Labels and taints of a group scaled to zero.
          sid: 'DescribeOwnNodegroups',
          actions: ['eks:DescribeNodegroup'],
          resources: [ownNodegroups],
        }),
        new iam.PolicyStatement({
          sid: 'ResizeOwnGroups',
          actions: RESIZE_ACTIONS,
          resources: [anyAutoScalingGroup],
          conditions: { StringEquals: tagConditions },
        }),
      ],
    });
    const cfnPolicy = policy.node.defaultChild as CfnResource;
    acknowledgeWildcardResource(
      cfnPolicy,
      'These Describe actions of Auto Scaling and EC2 support no resource-level permissions; they are read-only.',
      '*',
      DISCOVERY_ACTIONS,
    );
    acknowledgeWildcardResource(
      cfnPolicy,
      "DescribeNodegroup (read-only) on this cluster's node groups, whose ids EKS generates.",
      ownNodegroups,
      ['eks:DescribeNodegroup'],
    );
    acknowledgeWildcardResource(
      cfnPolicy,
      "EKS names the node groups' Auto Scaling groups; resizing is limited by condition to the groups tagged as this cluster's.",
      anyAutoScalingGroup,
      RESIZE_ACTIONS,
    );

    this.role = createIrsaRole(this, 'Role', {
      cluster: props.cluster,
      namespace: CLUSTER_AUTOSCALER_NAMESPACE,
      serviceAccountName: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
      description: `IRSA role of the Cluster Autoscaler of ${props.clusterName}`,
      managedPolicies: [policy],
    });

    const selector = { 'app.kubernetes.io/name': 'aws-cluster-autoscaler', 'app.kubernetes.io/instance': 'cluster-autoscaler' };
    this.chart = installChartOnNodes(this, 'Chart', {
      cluster: props.cluster,
      chart: CLUSTER_AUTOSCALER_CHART,
      release: 'cluster-autoscaler',
      namespace: CLUSTER_AUTOSCALER_NAMESPACE,
      nodeGroups: props.nodeGroups,
      values: {
        cloudProvider: 'aws',
        awsRegion: props.region,
        autoDiscovery: { clusterName: props.clusterName },
        image: { repository: CLUSTER_AUTOSCALER_IMAGE_REPOSITORY, tag: image },
        rbac: {
          serviceAccount: {
            create: true,
            name: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
            annotations: { 'eks.amazonaws.com/role-arn': this.role.roleArn },
          },
        },
        extraArgs: {
          // The three zonal groups are one pool: scale-ups are spread so the zones stay even.
          'balance-similar-node-groups': true,
          // The per-zone label is the only one that differs between the groups.
          'balancing-ignore-label_1': props.zoneLabel,
          expander: 'least-waste',
        },
        // Two replicas with leader election: a node drain never leaves the cluster without one.
        ...twoReplicasAcrossZones(selector),
        // It must not be the reason its own node cannot be removed, yet must not be evicted mid-decision.
        podAnnotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' },
        // The `restricted` Pod Security Standard, stated here rather than left to chart defaults.
        securityContext: restrictedPodSecurityContext(),
        containerSecurityContext: restrictedContainerSecurityContext(),
        resources: { requests: { cpu: '100m', memory: '300Mi' }, limits: { memory: '600Mi' } },
      },
    });
  }
}
