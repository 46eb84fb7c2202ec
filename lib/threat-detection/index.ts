import { Tags } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';
import type { AddonPins } from '../shared/eks-addon-versions';
import type { RuleNotifications } from '../shared/rule-notifications';
import { PlatformDetector } from './detector';
import { ThreatFindingsAlarm } from './findings-alarm';
import { GuardDutyRuntimeAgent } from './runtime-agent';
import type { ThreatDetectionSettings } from './threat-detection-settings';

/**
 * The cluster tag GuardDuty's automated agent configuration reads: `false` keeps it from
 * installing or updating its own agent on the cluster, `true` includes the cluster where the
 * account monitors tagged clusters only.
 */
export const GUARDDUTY_MANAGED_TAG = 'GuardDutyManaged';

export interface ThreatDetectionProps {
  /** The cluster watched. */
  readonly cluster: eks.ICluster;
  /** The cluster's name, which GuardDuty puts in each finding about it. */
  readonly clusterName: string;
  /** What the configuration decides. */
  readonly settings: ThreatDetectionSettings;
  /** The cluster's VPC. */
  readonly vpc: ec2.IVpc;
  /** The subnets holding the platform's interface endpoints. */
  readonly endpointSubnets: ec2.ISubnet[];
  /** The interface endpoints' security group. */
  readonly endpointSecurityGroup: ec2.ISecurityGroup;
  /** Pinned EKS add-ons; the runtime agent is one. */
  readonly addons: AddonPins;
  /** The runtime agent's pods need nodes. */
  readonly nodeGroups: readonly IDependable[];
  /** Name of the rule routing the cluster's findings. */
  readonly findingsRuleName: string;
  /** The alarm topic. */
  readonly notifications: RuleNotifications;
}

/**
 * GuardDuty for the cluster (O10): what belongs to this cluster (the runtime agent and its
 * endpoint, the tag that says who manages the agent, the rule paging this cluster's findings),
 * and the account's detector only where this environment owns it.
 */
export class ThreatDetection extends Construct {
  readonly runtimeAgent?: GuardDutyRuntimeAgent;
  readonly findingsAlarm?: ThreatFindingsAlarm;
  readonly detector?: PlatformDetector;

  constructor(scope: Construct, id: string, props: ThreatDetectionProps) {
    super(scope, id);
    const { settings } = props;

    if (settings.ownDetector) {
      if (settings.runtimeMonitoring === 'organization') {
        // The configuration refuses this pair; a direct caller gets the same rule.
        throw new Error('ownDetector with runtimeMonitoring "organization": the organization configures that detector');
      }
      this.detector = new PlatformDetector(this, 'Detector', {
        auditLogMonitoring: settings.auditLogMonitoring,
        runtimeMonitoring: settings.runtimeMonitoring,
      });
    }

    Tags.of(props.cluster).add(GUARDDUTY_MANAGED_TAG, String(settings.runtimeMonitoring === 'organization'), {
      includeResourceTypes: ['AWS::EKS::Cluster'],
    });
    if (settings.runtimeMonitoring === 'platform') {
      this.runtimeAgent = new GuardDutyRuntimeAgent(this, 'RuntimeAgent', {
        cluster: props.cluster,
        vpc: props.vpc,
        subnets: props.endpointSubnets,
        endpointSecurityGroup: props.endpointSecurityGroup,
        addons: props.addons,
        nodeGroups: props.nodeGroups,
      });
      if (this.detector) this.runtimeAgent.addon.node.addDependency(this.detector);
    }

    if (settings.auditLogMonitoring || settings.runtimeMonitoring !== 'off') {
      this.findingsAlarm = new ThreatFindingsAlarm(this, 'FindingsAlarm', {
        clusterName: props.clusterName,
        ruleName: props.findingsRuleName,
        notifications: props.notifications,
      });
    }
  }
}
