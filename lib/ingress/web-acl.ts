import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { createEncryptedLogGroup, LogGroupPolicy } from '../shared/encrypted-log-group';

/** The AWS managed rule groups every public request passes, in evaluation order. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
] as const;

/** Requests per client IP in any 5-minute window above which that IP is blocked until it falls below. */
export const RATE_LIMIT_PER_5_MINUTES = 2000;

export interface PlatformWebAclProps {
  /** The web ACL's name, also the metric names' prefix. */
  readonly name: string;
  /** The log group its logs go to; WAF requires the `aws-waf-logs-` prefix. */
  readonly logGroupName: string;
  /** Retention, key and deletion rules of the stack's log groups: the WAF log is audit trail. */
  readonly logGroups: LogGroupPolicy;
}

/**
 * The regional web ACL of the public ingress class (PCI DSS 6.4.2, O7): AWS managed rules for
 * IP reputation, common exploits, known bad inputs and SQL injection, then a per-IP rate limit.
 * Every request is logged to a KMS-encrypted group the stack owns.
 */
export class PlatformWebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PlatformWebAclProps) {
    super(scope, id);
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const managed: wafv2.CfnWebACL.RuleProperty[] = MANAGED_RULE_GROUPS.map((rule, index) => ({
      name: rule,
      priority: index,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: rule } },
      visibilityConfig: visibility(`${props.name}-${rule}`),
    }));
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: props.name,
      scope: 'REGIONAL',
      description: 'Public ingress: AWS managed rules and a per-IP rate limit',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.name),
      rules: [
        ...managed,
        {
          name: 'RateLimitPerIp',
          priority: managed.length,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: RATE_LIMIT_PER_5_MINUTES, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility(`${props.name}-RateLimitPerIp`),
        },
      ],
    });

    this.logGroup = createEncryptedLogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName,
      policy: props.logGroups,
      auditTrail: true,
    });
    // WAF delivers through CloudWatch Logs' log delivery service, which the group's account must let
    // in. Stated here, for this group and this account's web ACLs only, instead of letting the
    // service write an account-wide policy of its own at the first deploy.
    const stack = Stack.of(this);
    const deliveryPolicy = new logs.CfnResourcePolicy(this, 'DeliveryPolicy', {
      policyName: `${props.logGroupName}-delivery`,
      policyDocument: stack.toJsonString(
        new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'WafLogDelivery',
              principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [this.logGroup.logGroupArn],
              conditions: {
                StringEquals: { 'aws:SourceAccount': stack.account },
                ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*' }) },
              },
            }),
          ],
        }).toJSON(),
      ),
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [this.logGroup.logGroupArn],
    });
    logging.node.addDependency(deliveryPolicy);
  }
}
