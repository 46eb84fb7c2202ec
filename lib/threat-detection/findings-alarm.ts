import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import type { RuleNotifications } from '../shared/rule-notifications';

export interface ThreatFindingsAlarmProps {
  /** The cluster whose findings page the platform team; another cluster's never do. */
  readonly clusterName: string;
  /** The rule's name. */
  readonly ruleName: string;
  /** The alarm topic, which admits EventBridge for this rule alone. */
  readonly notifications: RuleNotifications;
}

/**
 * The EventBridge pattern of a GuardDuty finding about one EKS cluster, from audit-log or runtime
 * monitoring alike: GuardDuty names the cluster in `resource.eksClusterDetails.name`.
 */
export function clusterFindingsPattern(clusterName: string): events.EventPattern {
  return {
    source: ['aws.guardduty'],
    detailType: ['GuardDuty Finding'],
    detail: { resource: { eksClusterDetails: { name: [clusterName] } } },
  };
}

/**
 * Every GuardDuty finding about this cluster, sent to the alarm topic. GuardDuty publishes a
 * finding to EventBridge in the region and account of the detector that made it, so the rule
 * sees this account's findings whoever owns the detector; in an organization the delegated
 * administrator receives members' findings too, where the organization routes them.
 */
export class ThreatFindingsAlarm extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: ThreatFindingsAlarmProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      ruleName: props.ruleName,
      description: `Alarm: a GuardDuty finding about the EKS cluster ${props.clusterName}`,
      eventPattern: clusterFindingsPattern(props.clusterName),
    });
    const field = (path: string) => events.EventField.fromPath(path);
    props.notifications.notifyOn(
      this.rule,
      props.ruleName,
      events.RuleTargetInput.fromText(
        `ALARM: GuardDuty finding ${field('$.detail.type')} (severity ${field('$.detail.severity')}) ` +
          `on the cluster ${props.clusterName}: ${field('$.detail.title')}. ` +
          `Finding ${field('$.detail.id')} in account ${field('$.detail.accountId')}, ${field('$.detail.region')}, ` +
          `at ${field('$.detail.updatedAt')}. Runbook: docs/components/threat-detection.md`,
      ),
    );
  }
}
