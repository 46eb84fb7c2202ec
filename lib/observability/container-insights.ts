import { CfnResource } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IDependable } from 'constructs';
import { AddonPins, pinnedAddonProps } from '../shared/eks-addon-versions';
import { acknowledgeWildcardResource } from '../compliance/acknowledgements';
import { CLOUDWATCH_NAMESPACE } from '../shared/namespaces';
import { createEncryptedLogGroup, LogGroupPolicy, writeToLogGroupStatement } from '../shared/encrypted-log-group';
import { createIrsaRole } from '../shared/irsa-role';

export const CLOUDWATCH_OBSERVABILITY_ADDON = 'amazon-cloudwatch-observability' as const;
/** The service account the add-on creates for its CloudWatch agent. */
export const CLOUDWATCH_AGENT_SERVICE_ACCOUNT = 'cloudwatch-agent';

/**
 * The add-on's configuration values. Its own Fluent Bit stays off: the platform's Fluent Bit
 * ships container logs (R4), and two shippers would store every line twice. The agent
 * configuration keeps Container Insights with enhanced observability only; the default also
 * enables Application Signals, which would need X-Ray rights and create log groups that
 * nobody owns (unencrypted, never expiring, left behind by `cdk destroy`).
 *
 * Auto-monitoring stays off as well. Since add-on 5.0.0 its operator injects the OpenTelemetry
 * SDK into every Java, Python, .NET and Node.js workload by default, through init containers
 * (which public reports found refused in `restricted` namespaces), into tenants' pods the
 * platform has no business instrumenting. Chart 6.x already switches it off when the agent configuration has no
 * Application Signals (the `manager.modify-auto-monitor-config` helper of
 * aws-observability/helm-charts); it is written here so it does not rest on that inference.
 */
export const CLOUDWATCH_OBSERVABILITY_CONFIGURATION = {
  containerLogs: { enabled: false },
  agent: {
    config: {
      logs: { metrics_collected: { kubernetes: { enhanced_container_insights: true } } },
    },
  },
  manager: { applicationSignals: { autoMonitor: { monitorAllServices: false } } },
};

export interface ContainerInsightsProps {
  /** The cluster the add-on is installed on; its OIDC provider is what the agent's IRSA role trusts. */
  readonly cluster: eks.ICluster;
  /** The add-on schedules agents onto nodes and must not be created before they exist. */
  readonly nodeGroups: readonly IDependable[];
  /** The group the agent writes its performance events to: `/aws/containerinsights/<cluster>/performance`, the name it uses. */
  readonly performanceLogGroupName: string;
  /** Retention, key and deletion rules of the stack's log groups. */
  readonly logGroups: LogGroupPolicy;
  /** Version and conflict policy of the add-on, from the add-on table. */
  readonly addons: AddonPins;
}

/**
 * CloudWatch Container Insights (R3): the `amazon-cloudwatch-observability` EKS add-on with
 * its CloudWatch agent on an IRSA role that may write only the cluster's performance events.
 * Container Insights metrics (namespace `ContainerInsights`, dimension `ClusterName`) are
 * extracted by CloudWatch from those events.
 */
export class ContainerInsights extends Construct {
  readonly addon: eks.CfnAddon;
  readonly agentRole: iam.Role;
  readonly performanceLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ContainerInsightsProps) {
    super(scope, id);
    // The agent would create this group itself, without retention or key, and it would outlive
    // the stack; creating it first keeps it ours.
    this.performanceLogGroup = createEncryptedLogGroup(this, 'PerformanceLogGroup', {
      logGroupName: props.performanceLogGroupName,
      policy: props.logGroups,
    });

    const agentPolicy = new iam.ManagedPolicy(this, 'AgentPolicy', {
      description: 'CloudWatch agent of Container Insights: performance events to its one log group, metrics to ContainerInsights',
      statements: [
        writeToLogGroupStatement(this.performanceLogGroup, 'WritePerformanceEvents'),
        new iam.PolicyStatement({
          sid: 'PutContainerInsightsMetrics',
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          conditions: { StringEquals: { 'cloudwatch:namespace': 'ContainerInsights' } },
        }),
        new iam.PolicyStatement({
          sid: 'DescribeNodeVolumesAndTags',
          actions: ['ec2:DescribeVolumes', 'ec2:DescribeTags'],
          resources: ['*'],
        }),
      ],
    });
    acknowledgeWildcardResource(
      agentPolicy.node.defaultChild as CfnResource,
      'cloudwatch:PutMetricData and ec2:DescribeVolumes/DescribeTags support no resource-level permissions; PutMetricData is ' +
        'limited to the ContainerInsights namespace by condition, and the EC2 actions are read-only.',
      '*',
      ['cloudwatch:PutMetricData', 'ec2:DescribeVolumes', 'ec2:DescribeTags'],
    );

    this.agentRole = createIrsaRole(this, 'AgentRole', {
      cluster: props.cluster,
      namespace: CLOUDWATCH_NAMESPACE,
      serviceAccountName: CLOUDWATCH_AGENT_SERVICE_ACCOUNT,
      description: 'IRSA role of the Container Insights CloudWatch agent',
      managedPolicies: [agentPolicy],
    });

    // CfnAddon, because the L2 Addon cannot set serviceAccountRoleArn.
    this.addon = new eks.CfnAddon(this, 'Addon', {
      ...pinnedAddonProps(CLOUDWATCH_OBSERVABILITY_ADDON, props.addons),
      clusterName: props.cluster.clusterName,
      serviceAccountRoleArn: this.agentRole.roleArn,
      configurationValues: JSON.stringify(CLOUDWATCH_OBSERVABILITY_CONFIGURATION),
      // Removing the add-on removes its agents too; nothing of it may outlive the stack.
      preserveOnDelete: false,
    });
    this.addon.node.addDependency(this.performanceLogGroup, ...props.nodeGroups);
  }
}
