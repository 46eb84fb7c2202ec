import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { PlatformAlarms } from '../../lib/observability/alarms';
import { onlyResource, resourcesOfType, statementsOf } from '../support/template';
import { bareStack, lazily, synthesize } from '../support/synth';

describe('rules notifying the alarm topic', () => {
  // Two rules: the break-glass alarm and the GuardDuty findings, each a construct named `Rule`.
  const { template } = synthesize({ environmentSuffix: 'pr7', breakGlassRoleArn: 'arn:aws:iam::123456789012:role/BreakGlass' });
  // Read inside the tests (lazily): taken while the file loads, it would be stale for every mutant.
  const rules = lazily(() => resourcesOfType(template, 'AWS::Events::Rule').map(([, r]) => r.Properties.Name as string));
  const statementsFor = (type: string, action: string) =>
    resourcesOfType(template, type)
      .flatMap(([, r]) => (r.Properties.PolicyDocument ?? r.Properties.KeyPolicy).Statement)
      .filter((s: any) => s.Principal?.Service === 'events.amazonaws.com' && [s.Action].flat().includes(action));

  test.each([
    ['AWS::SNS::TopicPolicy', 'sns:Publish'],
    ['AWS::KMS::Key', 'kms:GenerateDataKey*'],
  ])('%s admits EventBridge once per rule, each statement with its own Sid', (type, action) => {
    expect(rules()).toHaveLength(2);
    const statements = statementsFor(type, action);
    expect(statements).toHaveLength(2);
    expect(new Set(statements.map((s: any) => s.Sid)).size).toBe(2);
    const ruleNames = statements.map((s: any) => JSON.stringify(s.Condition.StringEquals['aws:SourceArn']));
    for (const name of rules()) expect(ruleNames.filter((arn: string) => arn.includes(`rule/${name}`))).toHaveLength(1);
  });
});

describe('PlatformAlarms.notifyOn on a bare stack', () => {
  // A rule under a construct whose id has a hyphen, which a Sid may not contain.
  const notified = lazily(() => {
    const stack = bareStack();
    const alarms = new PlatformAlarms(stack, 'Alarms', {
      clusterName: 'payments',
      containerLogGroup: new logs.LogGroup(stack, 'Logs'),
      encryptionKey: new kms.Key(stack, 'Key'),
      topicName: 'payments-alarms',
      alarmNamePrefix: 'payments.',
      dashboardName: 'payments',
      fluentBitMetricNamespace: 'FluentBit/payments',
    });
    const rule = new events.Rule(new Construct(stack, 'Break-Glass'), 'Rule', {
      ruleName: 'break-glass',
      eventPattern: { source: ['aws.signin'] },
    });
    alarms.notifyOn(rule, 'break-glass', events.RuleTargetInput.fromText('break-glass'));
    const template = Template.fromStack(stack);
    const eventBridge = (statements: any[]) => statements.filter((s) => s.Principal?.Service === 'events.amazonaws.com');
    return {
      topicPolicy: eventBridge(statementsOf(onlyResource(template, 'AWS::SNS::TopicPolicy')[1].Properties.PolicyDocument)),
      keyPolicy: eventBridge(statementsOf(onlyResource(template, 'AWS::KMS::Key')[1].Properties.KeyPolicy)),
    };
  });

  test('names its statements after the path of the rule below the stack, letters and digits only', () => {
    const { topicPolicy, keyPolicy } = notified();
    expect(topicPolicy.map((s) => s.Sid)).toEqual(['AllowRuleBreakGlassRuleToPublish']);
    expect(keyPolicy.map((s) => s.Sid)).toEqual(['AllowRuleBreakGlassRuleToPublishToTheEncryptedTopic']);
  });

  test('admits EventBridge for that rule of this account only; the key grant is on the key itself', () => {
    const { topicPolicy, keyPolicy } = notified();
    const thisRule = {
      StringEquals: { 'aws:SourceAccount': '111122223333', 'aws:SourceArn': 'arn:aws:events:eu-west-1:111122223333:rule/break-glass' },
    };
    expect(topicPolicy[0]).toMatchObject({ Effect: 'Allow', Action: ['sns:Publish'], Condition: thisRule });
    expect(keyPolicy[0]).toMatchObject({
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: ['*'],
      Condition: thisRule,
    });
  });
});
