import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IDependable } from 'constructs';
import type { AddonPins } from '../addons/eks-addon-versions';
import type { PlatformNames } from '../config/names';
import { FLUENT_BIT_NAMESPACE } from '../shared/namespaces';
import { PlatformAlarms } from './alarms';
import { ContainerInsights } from './container-insights';
import { loadFluentBitConfig } from './fluent-bit/config';
import { FluentBit } from './fluent-bit/fluent-bit';
import { MetricsServer } from './metrics-server';

export interface ObservabilityProps {
  readonly cluster: eks.ICluster;
  /** Add-on and charts wait for them: their pods need nodes. */
  readonly nodeGroups: readonly IDependable[];
  readonly encryptionKey: kms.IKey;
  readonly names: PlatformNames;
  readonly region: string;
  readonly kubernetesVersion: string;
  readonly logRetentionDays: number;
  readonly alarmEmail?: string;
  /** Warn at synth when the alarm topic gets no subscriber (production). @default false */
  readonly expectAlarmSubscriber?: boolean;
  /** Set on the SSM parameter, which stack tags do not reach. */
  readonly tags: Readonly<Record<string, string>>;
  /** Pinned EKS add-ons; Container Insights is one. */
  readonly addons: AddonPins;
}

/**
 * Metrics, logs and alerting of the platform (R3, R4, R5, R7, R10, S3, S4): Container
 * Insights, Fluent Bit with its configuration in SSM, metrics-server, alarms and dashboard.
 */
export class Observability extends Construct {
  readonly containerInsights: ContainerInsights;
  readonly fluentBit: FluentBit;
  readonly metricsServer: MetricsServer;
  readonly alarms: PlatformAlarms;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { names } = props;

    this.containerInsights = new ContainerInsights(this, 'ContainerInsights', {
      cluster: props.cluster,
      nodeGroups: props.nodeGroups,
      performanceLogGroupName: names.containerInsightsLogGroup,
      logRetentionDays: props.logRetentionDays,
      encryptionKey: props.encryptionKey,
      agentRoleName: names.role('cloudwatch-agent-irsa'),
      addons: props.addons,
    });

    this.fluentBit = new FluentBit(this, 'FluentBit', {
      cluster: props.cluster,
      namespace: FLUENT_BIT_NAMESPACE,
      kubernetesVersion: props.kubernetesVersion,
      region: props.region,
      logGroupName: names.containerLogGroup,
      logRetentionDays: props.logRetentionDays,
      encryptionKey: props.encryptionKey,
      config: loadFluentBitConfig({ logGroupName: names.containerLogGroup, region: props.region }),
      configParameterName: names.fluentBitConfigParameter,
      roleName: names.role('fluent-bit-irsa'),
      configWriterRoleName: names.role('fluent-bit-config-writer'),
      tags: props.tags,
    });

    this.metricsServer = new MetricsServer(this, 'MetricsServer', {
      cluster: props.cluster,
      nodeGroups: props.nodeGroups,
    });

    this.alarms = new PlatformAlarms(this, 'Alarms', {
      clusterName: names.cluster,
      containerLogGroup: this.fluentBit.logGroup,
      encryptionKey: props.encryptionKey,
      topicName: names.alarmTopic,
      alarmEmail: props.alarmEmail,
      alarmNamePrefix: names.alarmNamePrefix,
      expectSubscriber: props.expectAlarmSubscriber,
      dashboardName: names.dashboard,
      fluentBitMetricNamespace: names.fluentBitMetricNamespace,
    });
  }
}
