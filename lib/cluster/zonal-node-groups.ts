import { CfnResource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { autoscalerTags } from '../shared/autoscaler-tags';
import { acknowledge, managedPolicyFindings } from '../compliance/acknowledgements';
import { CapacityType } from './instance-types';

/**
 * How an update reaches the three zonal groups. `zone-by-zone`: CloudFormation updates (and
 * creates) one group after the other, so at most one zone is short of a node while nodes are
 * replaced. `parallel`: all three at once, which saves two node-group creations (about 2 x 240 s)
 * on a fresh stack and two thirds of an upgrade's node roll.
 */
export const NODE_GROUP_ROLLOUTS = ['zone-by-zone', 'parallel'] as const;
export type NodeGroupRollout = (typeof NODE_GROUP_ROLLOUTS)[number];

/** The shape, size and update behaviour of the three zonal node groups: the configuration's `nodeGroups`. */
export interface NodeGroupSettings {
  /**
   * One or more types of one shape, the configured type first (with Spot, the interchangeable types
   * after it); EKS launches the first that has capacity (Spot: the best-priced pool with capacity).
   */
  readonly instanceTypes: readonly string[];
  /** `spot` for pull-request environments, `on-demand` for production. */
  readonly capacityType: CapacityType;
  /** Fewest nodes per zone: the Cluster Autoscaler never shrinks a group below it. */
  readonly minSize: number;
  /** Nodes per zone a group starts with; the Cluster Autoscaler then moves it between minSize and maxSize. */
  readonly desiredSize: number;
  /** Most nodes per zone the Cluster Autoscaler may scale a group to. */
  readonly maxSize: number;
  /** Whether CloudFormation updates the groups one zone after the other or all at once. */
  readonly rollout: NodeGroupRollout;
  /**
   * What an update does with a pod whose PodDisruptionBudget still forbids its eviction when EKS
   * gives up draining (after about 15 minutes): `true` evicts it anyway, `false` fails the update
   * (CloudFormation then rolls the node group back) and leaves the budget intact.
   */
  readonly forceUpdate: boolean;
}

export interface ZonalNodeGroupsProps extends NodeGroupSettings {
  /**
   * The cluster the nodes join. The class rather than eks.ICluster: the groups are made with its
   * addNodegroupCapacity, which places them under the cluster construct, so their logical ids,
   * and with them the deployed node groups, depend on it.
   */
  readonly cluster: eks.Cluster;
  /** The literal cluster name: it becomes part of a tag key, which cannot be a token. */
  readonly clusterName: string;
  /** The Kubernetes version of the nodes' kubelet; changing it rolls every group to the new version. */
  readonly kubernetesVersion: string;
  /** One private subnet per zone; a node group is made for each. */
  readonly subnets: ec2.ISubnet[];
  /** Routes and endpoints nodes need to join the cluster and pull images; each node group waits for them. */
  readonly egress: IDependable;
  /** The EKS name of the zone's node group, e.g. `fintech-eks-dev-ng-eu-west-1a`. */
  readonly nodeGroupName: (zone: string) => string;
  /**
   * Size of each node's encrypted gp3 root volume, in GiB.
   * @default 50
   */
  readonly rootVolumeGiB?: number;
}

/** Each node carries its zone under this label too; the autoscaler is told to ignore it when comparing groups. */
export const ZONE_LABEL = 'platform.fintech/zone';

/**
 * What the kubelet needs. AmazonEKS_CNI_Policy is not here: the VPC CNI runs on its own IRSA role
 * (lib/tenancy/network-isolation.ts), so the node's credentials cannot manage network interfaces.
 */
const NODE_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly'];

/** Graviton types (m7g, c6gn, t4g) need the ARM image. */
function amiTypeFor(instanceType: ec2.InstanceType): eks.NodegroupAmiType {
  return instanceType.architecture === ec2.InstanceArchitecture.ARM_64
    ? eks.NodegroupAmiType.AL2023_ARM_64_STANDARD
    : eks.NodegroupAmiType.AL2023_X86_64_STANDARD;
}

/**
 * Three managed node groups, one pinned to each zone's private subnet (R1, S9). One node
 * group per zone lets the cluster autoscaler scale a zone on its own, which a single
 * multi-zone group cannot do for zone-bound volumes.
 */
export class ZonalNodeGroups extends Construct {
  readonly nodeGroups: eks.Nodegroup[];
  readonly nodeRole: iam.Role;
  readonly nodeSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: ZonalNodeGroupsProps) {
    super(scope, id);
    const instanceTypes = props.instanceTypes.map((type) => new ec2.InstanceType(type));
    const [preferredType] = instanceTypes;
    if (!preferredType) throw new Error('nodeGroups.instanceTypes is empty: a node group needs at least one EC2 instance type');

    this.nodeRole = new iam.Role(this, 'NodeRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'Worker nodes of the zonal managed node groups',
      managedPolicies: NODE_POLICIES.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });

    const cfnNodeRole = this.nodeRole.node.defaultChild as CfnResource;
    acknowledge(
      cfnNodeRole,
      'Managed node groups require these AWS-managed policies on the node role (kubelet registration, image pulls).',
      ...managedPolicyFindings(cfnNodeRole, ...NODE_POLICIES),
    );

    // Extra node-level rules go here; node <-> control-plane traffic rides the cluster security group.
    this.nodeSecurityGroup = new ec2.SecurityGroup(this, 'NodeSecurityGroup', {
      vpc: props.cluster.vpc,
      description: `Worker nodes of ${props.clusterName}`,
      allowAllOutbound: true,
    });

    const launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      requireImdsv2: true,
      // One hop: IMDSv2's token response cannot cross the extra hop from a pod's network namespace
      // to the node, so no pod (tenant pods included) can read the node role's credentials. What
      // still needs instance metadata runs on the host network, where the node's own hop is the
      // only one: aws-node (VPC CNI), kube-proxy, the EKS Pod Identity agent and the CloudWatch
      // agent (the amazon-cloudwatch-observability add-on sets hostNetwork: true). None of them
      // takes AWS credentials from the node: aws-node and the CloudWatch agent have IRSA roles,
      // kube-proxy calls no AWS API. Fluent Bit, metrics-server and the cluster's other pods need no
      // instance metadata: their IRSA roles and AWS_REGION come from the pod spec.
      httpPutResponseHopLimit: 1,
      securityGroup: this.nodeSecurityGroup,
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(props.rootVolumeGiB ?? 50, {
            volumeType: ec2.EbsDeviceVolumeType.GP3,
            encrypted: true,
            deleteOnTermination: true,
          }),
        },
      ],
    });
    launchTemplate.addSecurityGroup(props.cluster.clusterSecurityGroup);

    this.nodeGroups = props.subnets.map((subnet) => {
      const zone = subnet.availabilityZone;
      const nodeGroup = props.cluster.addNodegroupCapacity(`NodeGroup-${zone}`, {
        nodegroupName: props.nodeGroupName(zone),
        subnets: { subnets: [subnet] },
        amiType: amiTypeFor(preferredType),
        instanceTypes,
        capacityType: props.capacityType === 'spot' ? eks.CapacityType.SPOT : eks.CapacityType.ON_DEMAND,
        minSize: props.minSize,
        desiredSize: props.desiredSize,
        maxSize: props.maxSize,
        nodeRole: this.nodeRole,
        launchTemplateSpec: { id: launchTemplate.launchTemplateId!, version: launchTemplate.latestVersionNumber },
        labels: { [ZONE_LABEL]: zone },
        // EKS puts the same tags on the group's Auto Scaling group, which is what the autoscaler
        // discovers and its IAM conditions match; here they say so on the node group too.
        tags: autoscalerTags(props.clusterName),
        // An upgrade replaces one node of a group at a time (EKS starts its replacement first).
        maxUnavailable: 1,
        forceUpdate: props.forceUpdate,
      });
      nodeGroup.node.addDependency(props.egress);
      return nodeGroup;
    });
    if (props.rollout === 'zone-by-zone') {
      // maxUnavailable is per group: without this chain CloudFormation updates the three groups at
      // once, and each zone loses a node at the same time. With it, a zone's group waits until the
      // previous zone's update has finished (and, on deletion, goes first, in reverse order).
      this.nodeGroups.forEach((group, index) => {
        const previous = this.nodeGroups[index - 1];
        if (previous) group.node.addDependency(previous);
      });
    }
    for (const group of this.nodeGroups) {
      // Without Version a node group keeps its kubelet when the control plane moves on; with it,
      // a new kubernetesVersion rolls the nodes to that version's latest EKS AMI.
      (group.node.defaultChild as eks.CfnNodegroup).version = props.kubernetesVersion;
    }
  }
}
