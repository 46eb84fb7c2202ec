import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IDependable } from 'constructs';
import type { AddonPins } from '../shared/eks-addon-versions';
import type { LogGroupPolicy } from '../shared/encrypted-log-group';
import { FLUENT_BIT_NAMESPACE } from '../shared/namespaces';
import { PlatformAlarms } from './alarms';
import { ContainerInsights } from './container-insights';
import { loadFluentBitConfig } from './fluent-bit/config';
import { FluentBit } from './fluent-bit/fluent-bit';
import { MetricsServer } from './metrics-server';

/** The physical names of what Observability creates. */
export interface ObservabilityNames {
  /** Name of the cluster the alarms and the dashboard watch. */
  readonly cluster: string;
  /** Log group Fluent Bit ships container logs to. */
  readonly containerLogGroup: string;
  /** Log group the Container Insights agent writes its performance events to. */
  readonly containerInsightsLogGroup: string;
  /** SSM SecureString parameter holding the Fluent Bit configuration. */
  readonly fluentBitConfigParameter: string;
  /** Custom metric namespace of the metric filters over Fluent Bit's own log lines. */
  readonly fluentBitMetricNamespace: string;
  /** SNS topic the alarms notify. */
  readonly alarmTopic: string;
  /** What every alarm name starts with; the topic and key admit CloudWatch only for alarms named so. */
  readonly alarmNamePrefix: string;
  /** CloudWatch dashboard of cluster, node, namespace and log-shipping health. */
  readonly dashboard: string;
}

export interface ObservabilityProps {
  /** The cluster whose metrics and logs are collected. */
  readonly cluster: eks.ICluster;
  /** Add-on and charts wait for them: their pods need nodes. */
  readonly nodeGroups: readonly IDependable[];
  /** Encrypts the alarm topic and the Fluent Bit configuration parameter. */
  readonly encryptionKey: kms.IKey;
  /** Physical names of the resources created here. */
  readonly names: ObservabilityNames;
  /** Region Fluent Bit ships logs to. */
  readonly region: string;
  /** Kubernetes minor version, e.g. `"1.36"`: the Pod Security labels of the Fluent Bit namespace pin it. */
  readonly kubernetesVersion: string;
  /** Retention, key and deletion rules of the stack's log groups. */
  readonly logGroups: LogGroupPolicy;
  /**
   * Subscribed to the alarm topic by e-mail.
   * @default no subscription: the topic has no subscriber until one is added outside the stack
   */
  readonly alarmEmail?: string;
  /**
   * Warn at synth when the alarm topic gets no subscriber (production).
   * @default false: no warning
   */
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
      logGroups: props.logGroups,
      addons: props.addons,
    });

    this.fluentBit = new FluentBit(this, 'FluentBit', {
      cluster: props.cluster,
      namespace: FLUENT_BIT_NAMESPACE,
      kubernetesVersion: props.kubernetesVersion,
      region: props.region,
      logGroupName: names.containerLogGroup,
      logGroups: props.logGroups,
      encryptionKey: props.encryptionKey,
      config: loadFluentBitConfig({ logGroupName: names.containerLogGroup, region: props.region }),
      configParameterName: names.fluentBitConfigParameter,
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
