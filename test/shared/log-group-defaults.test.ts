import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { applyLogGroupDefaults } from '../../lib/shared/log-group-defaults';
import { bareStack } from '../support/synth';

/**
 * One log-group policy: each group's retention and key come from the props of the construct
 * that creates it; the aspect only fills what a group was created without (a group CDK makes
 * for us).
 */
function logGroupsOf(build: (stack: Stack, key: kms.IKey) => void): Record<string, any> {
  const stack = bareStack();
  const key = new kms.Key(stack, 'Key');
  build(stack, key);
  applyLogGroupDefaults(stack, { retentionDays: 7, encryptionKey: key });
  return Template.fromStack(stack).findResources('AWS::Logs::LogGroup');
}

test('a group created with its own retention and key keeps them', () => {
  const groups = logGroupsOf((stack) => {
    const own = new kms.Key(stack, 'OwnKey');
    new logs.LogGroup(stack, 'Explicit', { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: own });
  });
  const [group] = Object.values(groups);
  expect(group.Properties.RetentionInDays).toBe(30);
  expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^OwnKey/), 'Arn'] });
});

test("a group created without retention or key gets the environment's", () => {
  const groups = logGroupsOf((stack) => {
    new logs.CfnLogGroup(stack, 'Bare');
  });
  const [group] = Object.values(groups);
  expect(group.Properties.RetentionInDays).toBe(7);
  expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] });
});
