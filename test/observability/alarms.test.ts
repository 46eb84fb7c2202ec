import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { FLUENT_BIT_LOG_LINES, fluentBitEvent } from '../support/fluent-bit-log-lines';
import { lazily, synthesize } from '../support/synth';
import { onlyResource, resourcesOfType, statementsOf, textOf } from '../support/template';

// The default environment (suffix `dev`, ap-southeast-1): its cluster is fintech-eks-dev.
// Read inside the tests (lazily): taken while the file loads, it would be stale for every mutant.
const CLUSTER = 'fintech-eks-dev';
const { template } = synthesize({});

const alarms = lazily(() => resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties));
const alarmNamed = (suffix: string) => alarms().find((alarm) => alarm.AlarmName === `${CLUSTER}.${suffix}`);
const logGroupId = lazily(
  () => onlyResource(template, 'AWS::Logs::LogGroup', (r) => r.Properties.LogGroupName === `/aws/eks/${CLUSTER}/containers`)[0],
);

/**
 * Whether a CloudWatch Logs term pattern matches an unstructured event (the integration suite checks
 * this reading against the service with the same lines): quoted or bare terms, each
 * required, or any one of those prefixed `?`; case-sensitive; an empty pattern matches every event.
 */
function termPatternMatches(pattern: string, event: string): boolean {
  if (/^\s*[{[]/.test(pattern)) throw new Error(`not a term pattern: ${pattern}`);
  const terms = [...pattern.matchAll(/(\??)(?:"([^"]*)"|(\S+))/g)].map(([, optional, quoted, bare]) => ({
    optional: optional === '?',
    text: quoted ?? bare,
  }));
  const required = terms.filter((term) => !term.optional);
  const anyOf = terms.filter((term) => term.optional);
  return required.every((term) => event.includes(term.text)) && (anyOf.length === 0 || anyOf.some((term) => event.includes(term.text)));
}

const schemaQuery = (select: string, dimensions: string) =>
  `SELECT ${select} FROM SCHEMA(ContainerInsights, ClusterName, ${dimensions}) WHERE ClusterName = '${CLUSTER}'`;

describe('the alarms', () => {
  test.each([
    ['node-cpu-high', 'A node of fintech-eks-dev has used more than 80% CPU for 15 minutes.'],
    ['node-memory-high', 'A node of fintech-eks-dev has used more than 80% memory for 15 minutes.'],
    ['failed-nodes', 'At least one node of fintech-eks-dev has failed a node condition for 10 minutes.'],
    ['pod-restarts', 'Containers in fintech-eks-dev have restarted in each of the last three 5-minute periods (crash loop).'],
    ['fluent-bit-output-errors', 'Fluent Bit in fintech-eks-dev keeps failing to deliver logs to CloudWatch Logs.'],
    ['fluent-bit-dropped-records', 'Fluent Bit in fintech-eks-dev dropped log chunks after exhausting its retries: logs were lost.'],
    [
      'node-metrics-missing',
      'No node metric of fintech-eks-dev reached Container Insights for 15 minutes: the CloudWatch agent is down or cannot ' +
        'publish, and the node alarms cannot fire.',
    ],
  ])('%s tells the one paged what happened: %s', (suffix, description) => {
    expect(alarmNamed(suffix).AlarmDescription).toBe(description);
  });

  test('fluent-bit-no-logs names the log group that went silent', () => {
    expect(textOf(alarmNamed('fluent-bit-no-logs').AlarmDescription)).toBe(
      `No container log reached <Ref ${logGroupId()}> for 15 minutes: Fluent Bit is down or cannot write.`,
    );
  });

  test.each([
    ['node-cpu-high', 'Busiest node CPU %'],
    ['node-memory-high', 'Fullest node memory %'],
    ['failed-nodes', 'Failed nodes'],
    ['pod-restarts', 'Container restarts'],
    ['fluent-bit-output-errors', 'Fluent Bit output errors'],
    ['fluent-bit-dropped-records', 'Fluent Bit dropped records'],
    ['fluent-bit-no-logs', 'Container log events received'],
    ['node-metrics-missing', 'Node metric samples'],
  ])('%s graphs its metric as "%s"', (suffix, label) => {
    expect(alarmNamed(suffix).Metrics.map((metric: any) => metric.Label)).toEqual([label]);
  });

  test('Fluent Bit error and drop lines are each counted once, and zero when there are none', () => {
    const filters = resourcesOfType(template, 'AWS::Logs::MetricFilter').map(([, filter]) => filter.Properties);
    expect(filters.map((filter) => filter.MetricTransformations)).toEqual([
      [{ MetricName: 'OutputErrors', MetricNamespace: `FluentBit/${CLUSTER}`, MetricValue: '1', DefaultValue: 0 }],
      [{ MetricName: 'DroppedRecords', MetricNamespace: `FluentBit/${CLUSTER}`, MetricValue: '1', DefaultValue: 0 }],
    ]);
  });
});

describe('the Fluent Bit metric filters', () => {
  const patternOf = (metricName: string): string =>
    onlyResource(template, 'AWS::Logs::MetricFilter', (r) => r.Properties.MetricTransformations[0].MetricName === metricName)[1].Properties
      .FilterPattern;

  test.each(FLUENT_BIT_LOG_LINES.map(({ what, counted, line }) => [what, counted, line] as const))(
    '%s counts as %j',
    (_, counted, line) => {
      const event = fluentBitEvent(line);
      expect({
        OutputErrors: termPatternMatches(patternOf('OutputErrors'), event),
        DroppedRecords: termPatternMatches(patternOf('DroppedRecords'), event),
      }).toEqual(counted);
    },
  );
});

describe('the alarm topic', () => {
  test('shows the cluster in the name its notifications come from', () => {
    const [, topic] = onlyResource(template, 'AWS::SNS::Topic');
    expect(topic.Properties.DisplayName).toBe('fintech-eks-dev platform alarms');
  });

  test("its policy and the key's name CloudWatch's grants; the key grant is on the key itself ('*' in a key policy)", () => {
    const [, policy] = onlyResource(template, 'AWS::SNS::TopicPolicy');
    const cloudWatch = (statements: any[]) => statements.filter((s) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(cloudWatch(statementsOf(policy.Properties.PolicyDocument)).map((s) => s.Sid)).toEqual(['AllowThisEnvironmentsAlarmsToPublish']);
    const [, key] = onlyResource(template, 'AWS::KMS::Key');
    const [keyGrant] = cloudWatch(statementsOf(key.Properties.KeyPolicy));
    expect(keyGrant.Sid).toBe('AllowThisEnvironmentsAlarmsToPublishToTheEncryptedTopic');
    expect(keyGrant.Resource).toEqual(['*']);
  });

  test('production without a subscriber is warned of, saying how to subscribe one', () => {
    const unsubscribed = synthesize({ platformProfile: 'production', environmentSuffix: 'prod-unsubscribed' });
    const warnings = Annotations.fromStack(unsubscribed.stack).findWarning('*', Match.stringLikeRegexp('no subscriber'));
    expect(warnings.map((w) => w.entry.data)).toEqual([
      'The alarm topic fintech-eks-prod-unsubscribed-alarms has no subscriber: alarms of this production environment reach nobody. ' +
        'Set alarmEmail, or subscribe your paging system to the topic (output AlarmTopicArn) after the deploy. ' +
        '[ack: fintech-eks:alarm-topic-without-subscriber]',
    ]);
  });
});

describe('the dashboard', () => {
  const widgets = lazily(() => {
    const [, dashboard] = onlyResource(template, 'AWS::CloudWatch::Dashboard');
    return JSON.parse(textOf(dashboard.Properties.DashboardBody)).widgets as any[];
  });

  test('opens with the cluster, the topic its alarms page, and the state of every alarm', () => {
    const [text, alarmStatus] = widgets();
    expect(text).toMatchObject({
      type: 'text',
      properties: {
        markdown: '# fintech-eks-dev\nCluster, node, namespace and log-shipping health. Alarms page the topic fintech-eks-dev-alarms.',
      },
    });
    expect(alarmStatus.type).toBe('alarm');
    expect(alarmStatus.properties.title).toBe('Alarms');
    expect(alarmStatus.properties.alarms).toHaveLength(8);
  });

  test('graphs cluster, node, namespace and log-shipping health, each under its title', () => {
    const graphs = widgets()
      .filter((widget) => widget.type === 'metric')
      .map((widget) => [widget.properties.title, widget.properties.metrics]);
    expect(graphs).toEqual([
      [
        'Cluster: nodes and failed nodes',
        [
          ['ContainerInsights', 'cluster_node_count', 'ClusterName', CLUSTER, { label: 'Nodes', stat: 'Maximum' }],
          ['ContainerInsights', 'cluster_failed_node_count', 'ClusterName', CLUSTER, { label: 'Failed nodes', stat: 'Maximum' }],
        ],
      ],
      [
        'Nodes: busiest CPU %',
        [[{ label: 'Busiest node CPU %', expression: schemaQuery('MAX(node_cpu_utilization)', 'InstanceId, NodeName') }]],
      ],
      [
        'Nodes: fullest memory %',
        [[{ label: 'Fullest node memory %', expression: schemaQuery('MAX(node_memory_utilization)', 'InstanceId, NodeName') }]],
      ],
      [
        'Namespaces: running pods',
        [
          [
            {
              label: 'Running pods',
              expression: `${schemaQuery('AVG(namespace_number_of_running_pods)', 'Namespace')} GROUP BY Namespace`,
            },
          ],
        ],
      ],
      [
        'Namespaces: container restarts',
        [
          [
            {
              label: 'Container restarts',
              expression: `${schemaQuery('SUM(pod_number_of_container_restarts)', 'Namespace, PodName')} GROUP BY Namespace`,
            },
          ],
        ],
      ],
      [
        'Fluent Bit: log events received, errors, drops',
        [
          [
            'AWS/Logs',
            'IncomingLogEvents',
            'LogGroupName',
            `<Ref ${logGroupId()}>`,
            { label: 'Container log events received', stat: 'Sum' },
          ],
          [`FluentBit/${CLUSTER}`, 'OutputErrors', { label: 'Fluent Bit output errors', stat: 'Sum' }],
          [`FluentBit/${CLUSTER}`, 'DroppedRecords', { label: 'Fluent Bit dropped records', stat: 'Sum' }],
        ],
      ],
    ]);
  });
});
