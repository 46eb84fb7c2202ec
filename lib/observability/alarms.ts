import { Annotations, ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { RuleNotifications } from '../shared/rule-notifications';

const CONTAINER_INSIGHTS = 'ContainerInsights';
const FIVE_MINUTES = Duration.minutes(5);

/**
 * What pages the platform team: each threshold, the number of five-minute periods it must hold
 * and why. The README's alarm table is this list.
 */
export const ALARM_THRESHOLDS = {
  /** The busiest node above 80 % CPU for 15 minutes: pods are being throttled, scale out. */
  nodeCpuHigh: { threshold: 80, periods: 3 },
  /** The fullest node above 80 % memory for 15 minutes: evictions and OOM kills are next. */
  nodeMemoryHigh: { threshold: 80, periods: 3 },
  /** Any node failing a condition for 10 minutes (longer than a rolling node replacement). */
  failedNodes: { threshold: 1, periods: 2 },
  /** Container restarts in each of 3 consecutive periods: a crash loop, not a one-off restart. */
  podRestarts: { threshold: 1, periods: 3 },
  /** Fluent Bit output errors, 5 or more in each of 3 consecutive periods: sustained, not a throttle blip. */
  fluentBitOutputErrors: { threshold: 5, periods: 3 },
  /** Any chunk Fluent Bit gave up on: those log lines are lost. */
  fluentBitDroppedRecords: { threshold: 1, periods: 1 },
  /** No log event reached the container log group for 15 minutes: the shipper is down. */
  fluentBitNoLogs: { threshold: 1, periods: 3 },
  /** No node metric reached Container Insights for 15 minutes: every node alarm above is blind. */
  nodeMetricsMissing: { threshold: 1, periods: 3 },
} as const;

/**
 * Fluent Bit's own log lines (they ship through the same pipeline) that count as output errors
 * and as dropped chunks; Fluent Bit 4 writes them in this form.
 */
export const FLUENT_BIT_ERROR_TERMS = ['[error] [output:cloudwatch_logs', 'failed to flush chunk'];
export const FLUENT_BIT_DROP_TERMS = ['cannot be retried'];

/** The id of the synth-time warning about a production alarm topic nobody reads. */
export const NO_SUBSCRIBER_WARNING = 'fintech-eks:alarm-topic-without-subscriber';

export interface PlatformAlarmsProps {
  /** The cluster whose Container Insights metrics (dimension ClusterName) the alarms and the dashboard watch. */
  readonly clusterName: string;
  /** The Fluent Bit alarms and the dashboard watch it. */
  readonly containerLogGroup: logs.ILogGroup;
  /** Encrypts the topic; CloudWatch gets the use of it for this environment's alarms. */
  readonly encryptionKey: kms.IKey;
  /** Name of the SNS topic every alarm notifies. */
  readonly topicName: string;
  /**
   * Subscribed to the topic by e-mail.
   * @default no subscription: the topic has no subscriber until one is added outside the stack
   */
  readonly alarmEmail?: string;
  /** Starts every alarm name, and no other environment's: CloudWatch may publish only for alarms named so. */
  readonly alarmNamePrefix: string;
  /**
   * Whether a topic without an `alarmEmail` subscriber gets a synth-time warning (production:
   * alarms that reach nobody are a silent outage).
   * @default false: no warning
   */
  readonly expectSubscriber?: boolean;
  /** Name of the CloudWatch dashboard of cluster, node, namespace and log-shipping health. */
  readonly dashboardName: string;
  /** Namespace of the metrics counted from Fluent Bit's own log lines. */
  readonly fluentBitMetricNamespace: string;
}

/**
 * Alerting and the one-screen dashboard: an encrypted SNS topic, alarms on Container Insights
 * (namespace ContainerInsights, dimension ClusterName) and on Fluent Bit, and a dashboard of
 * cluster, node, namespace and log-shipping health.
 */
export class PlatformAlarms extends Construct implements RuleNotifications {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[];
  readonly dashboard: cloudwatch.Dashboard;
  private readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: PlatformAlarmsProps) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey;
    const cluster = props.clusterName;

    this.topic = new sns.Topic(this, 'Topic', {
      topicName: props.topicName,
      displayName: `${cluster} platform alarms`,
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    } else if (props.expectSubscriber) {
      Annotations.of(this.topic).addWarningV2(
        NO_SUBSCRIBER_WARNING,
        `The alarm topic ${props.topicName} has no subscriber: alarms of this production environment reach nobody. ` +
          'Set alarmEmail, or subscribe your paging system to the topic (output AlarmTopicArn) after the deploy.',
      );
    }
    this.allowCloudWatchToPublish(props);

    const errorsMetric = this.fluentBitMetricFilter('OutputErrors', props, FLUENT_BIT_ERROR_TERMS);
    const dropsMetric = this.fluentBitMetricFilter('DroppedRecords', props, FLUENT_BIT_DROP_TERMS);
    const incomingLogEvents = new cloudwatch.Metric({
      namespace: 'AWS/Logs',
      metricName: 'IncomingLogEvents',
      dimensionsMap: { LogGroupName: props.containerLogGroup.logGroupName },
      statistic: cloudwatch.Stats.SUM,
      period: FIVE_MINUTES,
      label: 'Container log events received',
    });
    const failedNodes = this.containerInsights('cluster_failed_node_count', cluster, cloudwatch.Stats.MAXIMUM, 'Failed nodes');
    const nodeCount = this.containerInsights('cluster_node_count', cluster, cloudwatch.Stats.MAXIMUM, 'Nodes');
    // Each node's agent publishes the cluster-wide series once a minute: no sample means no node is reporting.
    const nodeSamples = this.containerInsights('node_cpu_utilization', cluster, cloudwatch.Stats.SAMPLE_COUNT, 'Node metric samples');
    // Per-node series, so one hot node is not averaged away by idle ones.
    const busiestNodeCpu = metricsInsights('Busiest node CPU %', cluster, 'MAX(node_cpu_utilization)', ['InstanceId', 'NodeName']);
    const fullestNodeMemory = metricsInsights('Fullest node memory %', cluster, 'MAX(node_memory_utilization)', ['InstanceId', 'NodeName']);
    // Container Insights reports restarts per pod only; the sum covers every pod of the cluster.
    const podRestarts = metricsInsights('Container restarts', cluster, 'SUM(pod_number_of_container_restarts)', ['Namespace', 'PodName']);

    const alarm = (
      purpose: string,
      metric: cloudwatch.IMetric,
      limits: { threshold: number; periods: number },
      comparison: cloudwatch.ComparisonOperator,
      description: string,
      treatMissingData = cloudwatch.TreatMissingData.NOT_BREACHING,
    ) => {
      const created = new cloudwatch.Alarm(this, purpose, {
        alarmName: `${props.alarmNamePrefix}${kebab(purpose)}`,
        alarmDescription: description,
        metric,
        threshold: limits.threshold,
        evaluationPeriods: limits.periods,
        datapointsToAlarm: limits.periods,
        comparisonOperator: comparison,
        treatMissingData,
      });
      created.addAlarmAction(new actions.SnsAction(this.topic));
      created.addOkAction(new actions.SnsAction(this.topic));
      return created;
    };
    const atLeast = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
    const above = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
    const t = ALARM_THRESHOLDS;

    this.alarms = [
      alarm(
        'NodeCpuHigh',
        busiestNodeCpu,
        t.nodeCpuHigh,
        above,
        `A node of ${cluster} has used more than ${t.nodeCpuHigh.threshold}% CPU for 15 minutes.`,
      ),
      alarm(
        'NodeMemoryHigh',
        fullestNodeMemory,
        t.nodeMemoryHigh,
        above,
        `A node of ${cluster} has used more than ${t.nodeMemoryHigh.threshold}% memory for 15 minutes.`,
      ),
      alarm(
        'FailedNodes',
        failedNodes,
        t.failedNodes,
        atLeast,
        `At least one node of ${cluster} has failed a node condition for 10 minutes.`,
      ),
      alarm(
        'PodRestarts',
        podRestarts,
        t.podRestarts,
        atLeast,
        `Containers in ${cluster} have restarted in each of the last three 5-minute periods (crash loop).`,
      ),
      alarm(
        'FluentBitOutputErrors',
        errorsMetric,
        t.fluentBitOutputErrors,
        atLeast,
        `Fluent Bit in ${cluster} keeps failing to deliver logs to CloudWatch Logs.`,
      ),
      alarm(
        'FluentBitDroppedRecords',
        dropsMetric,
        t.fluentBitDroppedRecords,
        atLeast,
        `Fluent Bit in ${cluster} dropped log chunks after exhausting its retries: logs were lost.`,
      ),
      alarm(
        'FluentBitNoLogs',
        incomingLogEvents,
        t.fluentBitNoLogs,
        cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        `No container log reached ${props.containerLogGroup.logGroupName} for 15 minutes: Fluent Bit is down or cannot write.`,
        // Silence is the failure this alarm exists for.
        cloudwatch.TreatMissingData.BREACHING,
      ),
      alarm(
        'NodeMetricsMissing',
        nodeSamples,
        t.nodeMetricsMissing,
        cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        `No node metric of ${cluster} reached Container Insights for 15 minutes: the CloudWatch agent is down or cannot ` +
          'publish, and the node alarms cannot fire.',
        // The other Container Insights alarms read missing data as fine; this one reads it as the failure.
        cloudwatch.TreatMissingData.BREACHING,
      ),
    ];

    const namespacePods = metricsInsights('Running pods', cluster, 'AVG(namespace_number_of_running_pods)', ['Namespace'], 'Namespace');
    const namespaceRestarts = metricsInsights(
      'Container restarts',
      cluster,
      'SUM(pod_number_of_container_restarts)',
      ['Namespace', 'PodName'],
      'Namespace',
    );
    const widget = (title: string, left: cloudwatch.IMetric[]) => new cloudwatch.GraphWidget({ title, left, width: 8, height: 6 });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
      widgets: [
        [
          new cloudwatch.TextWidget({
            markdown: `# ${cluster}\nCluster, node, namespace and log-shipping health. Alarms page the topic ${props.topicName}.`,
            width: 24,
            height: 2,
          }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 3 })],
        [
          widget('Cluster: nodes and failed nodes', [nodeCount, failedNodes]),
          widget('Nodes: busiest CPU %', [busiestNodeCpu]),
          widget('Nodes: fullest memory %', [fullestNodeMemory]),
        ],
        [
          widget('Namespaces: running pods', [namespacePods]),
          widget('Namespaces: container restarts', [namespaceRestarts]),
          widget('Fluent Bit: log events received, errors, drops', [incomingLogEvents, errorsMetric, dropsMetric]),
        ],
      ],
    });
  }

  /**
   * A topic policy replaces SNS's default one (enforceSSL writes a policy), so CloudWatch must
   * be allowed explicitly; the key is needed because SNS encrypts each message with it on the
   * publisher's behalf. Both grants follow AWS's documented shape for alarms and encrypted
   * topics: the service principal, limited by aws:SourceAccount and aws:SourceArn to this
   * account's alarms named with this environment's prefix (no other alarm, no other account).
   */
  private allowCloudWatchToPublish(props: PlatformAlarmsProps): void {
    const stack = Stack.of(this);
    const thisEnvironmentsAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: `${props.alarmNamePrefix}*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };
    const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowThisEnvironmentsAlarmsToPublish',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: thisEnvironmentsAlarms,
      }),
    );
    props.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowThisEnvironmentsAlarmsToPublishToTheEncryptedTopic',
        principals: [cloudWatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: thisEnvironmentsAlarms,
      }),
    );
  }

  /**
   * EventBridge publishes for the rule as the service principal; as for CloudWatch, the topic
   * and the key admit it only for this rule of this account (aws:SourceArn, aws:SourceAccount).
   * The target is added without aws-events-targets' SnsTopic, whose grant names no rule.
   */
  notifyOn(rule: events.Rule, ruleName: string, message: events.RuleTargetInput): void {
    const ruleArn = Stack.of(this).formatArn({ service: 'events', resource: 'rule', resourceName: ruleName });
    const topicArn = this.topic.topicArn;
    rule.addTarget({ bind: () => ({ arn: topicArn, input: message }) });
    const thisRule = { StringEquals: { 'aws:SourceAccount': Stack.of(this).account, 'aws:SourceArn': ruleArn } };
    const eventBridge = new iam.ServicePrincipal('events.amazonaws.com');
    // From the rule's path, not its id: every rule construct of the platform is named `Rule`, and
    // a policy with two statements of one Sid is refused.
    const id = rule.node.path
      .split('/')
      .slice(1)
      .join('')
      .replace(/[^A-Za-z0-9]/g, '');
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `AllowRule${id}ToPublish`,
        principals: [eventBridge],
        actions: ['sns:Publish'],
        resources: [topicArn],
        conditions: thisRule,
      }),
    );
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `AllowRule${id}ToPublishToTheEncryptedTopic`,
        principals: [eventBridge],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: thisRule,
      }),
    );
  }

  private containerInsights(metricName: string, cluster: string, statistic: string, label: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: CONTAINER_INSIGHTS,
      metricName,
      dimensionsMap: { ClusterName: cluster },
      statistic,
      period: FIVE_MINUTES,
      label,
    });
  }

  /** Fluent Bit has no CloudWatch metrics of its own: these count its error lines in the log group. */
  private fluentBitMetricFilter(name: string, props: PlatformAlarmsProps, terms: string[]): cloudwatch.Metric {
    const filter = new logs.MetricFilter(this, `FluentBit${name}Filter`, {
      logGroup: props.containerLogGroup,
      filterPattern: logs.FilterPattern.anyTerm(...terms),
      metricNamespace: props.fluentBitMetricNamespace,
      metricName: name,
      metricValue: '1',
      defaultValue: 0,
    });
    return filter.metric({ statistic: cloudwatch.Stats.SUM, period: FIVE_MINUTES, label: `Fluent Bit ${kebab(name).replace(/-/g, ' ')}` });
  }
}

/**
 * A Metrics Insights query over this cluster's Container Insights series: `select` over the
 * schema of ClusterName and `dimensions`, optionally one series per `groupBy` value.
 */
function metricsInsights(
  label: string,
  cluster: string,
  select: string,
  dimensions: readonly string[],
  groupBy?: string,
): cloudwatch.MathExpression {
  const schema = ['ClusterName', ...dimensions].join(', ');
  const query = `SELECT ${select} FROM SCHEMA(${CONTAINER_INSIGHTS}, ${schema}) WHERE ClusterName = '${cluster}'`;
  const expression = groupBy ? `${query} GROUP BY ${groupBy}` : query;
  return new cloudwatch.MathExpression({ expression, usingMetrics: {}, period: FIVE_MINUTES, label });
}

/** `NodeCpuHigh` -> `node-cpu-high` */
function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
