import type * as events from 'aws-cdk-lib/aws-events';

/** Where an EventBridge rule's matches page the platform team: the alarm topic, for that rule alone. */
export interface RuleNotifications {
  /**
   * Adds the topic as the rule's target, with `message` as what the subscribers read. `ruleArn`
   * is the rule's ARN built from its name: a reference to the rule would make the key depend on
   * the rule, which depends on the topic, which depends on the key.
   */
  notifyOn(rule: events.Rule, ruleArn: string, message: events.RuleTargetInput): void;
}
