import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import type { RuleNotifications } from '../shared/rule-notifications';

export interface BreakGlassAlarmProps {
  /** The emergency role whose every assumption pages the platform team. */
  readonly breakGlassRoleArn: string;
  /** The rule's name. */
  readonly ruleName: string;
  /** The cluster the role is cluster-admin of, named in the message. */
  readonly clusterName: string;
  /** The alarm topic, which admits EventBridge for this rule alone. */
  readonly notifications: RuleNotifications;
}

/**
 * The API calls that hand out the role's credentials, as CloudTrail records them: a person
 * through IAM Identity Center or another SAML provider, or any caller with AssumeRole.
 */
export const BREAK_GLASS_ASSUMPTIONS = ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'];

/**
 * An EventBridge rule on CloudTrail's record of the break-glass role being assumed, notifying
 * the alarm topic. CloudTrail delivers `AWS API Call via CloudTrail` events to EventBridge only
 * while a trail logs management events, in the region of the STS endpoint called (the global
 * endpoint's calls are recorded in us-east-1): docs/operations/break-glass.md.
 */
export class BreakGlassAlarm extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: BreakGlassAlarmProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      ruleName: props.ruleName,
      description: `Alarm: the break-glass role of ${props.clusterName} was assumed`,
      eventPattern: {
        source: ['aws.sts'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['sts.amazonaws.com'],
          eventName: BREAK_GLASS_ASSUMPTIONS,
          requestParameters: { roleArn: [props.breakGlassRoleArn] },
        },
      },
    });
    // CloudTrail marks AssumeRole read-only; a rule in the plain ENABLED state never sees read-only management events.
    (this.rule.node.defaultChild as events.CfnRule).state = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

    const field = (path: string) => events.EventField.fromPath(path);
    props.notifications.notifyOn(
      this.rule,
      props.ruleName,
      events.RuleTargetInput.fromText(
        `ALARM: the break-glass role ${props.breakGlassRoleArn} (cluster-admin of ${props.clusterName}) was assumed ` +
          `by ${field('$.detail.userIdentity.arn')} from ${field('$.detail.sourceIPAddress')} at ${field('$.time')} ` +
          `(${field('$.detail.eventName')}, session ${field('$.detail.requestParameters.roleSessionName')}). ` +
          'Runbook: docs/operations/break-glass.md',
      ),
    );
  }
}
