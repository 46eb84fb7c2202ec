import type * as events from 'aws-cdk-lib/aws-events';

/** Where an EventBridge rule's matches page the platform team: the alarm topic, for that rule alone. */
export interface RuleNotifications {
  /**
   * Adds the topic as the rule's target, with `message` as what the subscribers read. `ruleName`
   * is the name the rule was created with: the topic and key admit the rule by an ARN built from
   * it, since a reference to the rule would make the key depend on the rule, which depends on the
   * topic, which depends on the key.
   */
  notifyOn(rule: events.Rule, ruleName: string, message: events.RuleTargetInput): void;
}
