import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { PlatformWebAcl } from '../../lib/ingress/web-acl';
import { bareStack, lazily } from '../support/synth';
import { jsonOf, onlyResource } from '../support/template';

/** PlatformWebAcl `payments-public-ingress` on a bare stack (account 111122223333, eu-west-1). */
const built = lazily(() => {
  const stack = bareStack();
  new PlatformWebAcl(stack, 'WebAcl', {
    name: 'payments-public-ingress',
    logGroupName: 'aws-waf-logs-payments',
    logGroups: { retentionDays: 30, encryptionKey: new kms.Key(stack, 'Key') },
  });
  return Template.fromStack(stack);
});

const visibility = (metricName: string) => ({ CloudWatchMetricsEnabled: true, MetricName: metricName, SampledRequestsEnabled: true });

test('every rule and the ACL publish metrics and sampled requests under their own name, and says what it is', () => {
  const [, webAcl] = onlyResource(built(), 'AWS::WAFv2::WebACL');
  expect(webAcl.Properties.Description).toBe('Public ingress: AWS managed rules and a per-IP rate limit');
  expect(webAcl.Properties.VisibilityConfig).toEqual(visibility('payments-public-ingress'));
  expect(webAcl.Properties.Rules.map((r: any) => [r.Name, r.VisibilityConfig])).toEqual([
    ['AWSManagedRulesAmazonIpReputationList', visibility('payments-public-ingress-AWSManagedRulesAmazonIpReputationList')],
    ['AWSManagedRulesCommonRuleSet', visibility('payments-public-ingress-AWSManagedRulesCommonRuleSet')],
    ['AWSManagedRulesKnownBadInputsRuleSet', visibility('payments-public-ingress-AWSManagedRulesKnownBadInputsRuleSet')],
    ['AWSManagedRulesSQLiRuleSet', visibility('payments-public-ingress-AWSManagedRulesSQLiRuleSet')],
    ['RateLimitPerIp', visibility('payments-public-ingress-RateLimitPerIp')],
  ]);
});

test("the managed rule groups' own actions apply: no override", () => {
  const [, webAcl] = onlyResource(built(), 'AWS::WAFv2::WebACL');
  const managed = webAcl.Properties.Rules.filter((r: any) => r.Statement.ManagedRuleGroupStatement);
  expect(managed.map((r: any) => r.OverrideAction)).toEqual([{ None: {} }, { None: {} }, { None: {} }, { None: {} }]);
});

test("log delivery is let in by a policy named for the group, for this account's log deliveries only", () => {
  const [, policy] = onlyResource(built(), 'AWS::Logs::ResourcePolicy');
  expect(policy.Properties.PolicyName).toBe('aws-waf-logs-payments-delivery');
  const document = jsonOf(policy.Properties.PolicyDocument);
  expect(document.Statement).toHaveLength(1);
  expect(document.Statement[0].Sid).toBe('WafLogDelivery');
  expect(document.Statement[0].Condition).toEqual({
    StringEquals: { 'aws:SourceAccount': '111122223333' },
    ArnLike: { 'aws:SourceArn': 'arn:aws:logs:eu-west-1:111122223333:*' },
  });
});
