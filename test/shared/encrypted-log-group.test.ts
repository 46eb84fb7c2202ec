import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { createEncryptedLogGroup, LogGroupPolicy } from '../../lib/shared/encrypted-log-group';
import { bareStack } from '../support/synth';

/** The deletion policy of each group, by name, for one policy. */
function deletionPolicies(retainAuditTrailOnDelete: boolean | undefined): Record<string, string> {
  const stack = bareStack();
  const policy: LogGroupPolicy = { retentionDays: 30, encryptionKey: new kms.Key(stack, 'Key'), retainAuditTrailOnDelete };
  createEncryptedLogGroup(stack, 'Audit', { logGroupName: 'audit', policy, auditTrail: true });
  createEncryptedLogGroup(stack, 'Working', { logGroupName: 'working', policy });
  const groups = Template.fromStack(stack).findResources('AWS::Logs::LogGroup');
  return Object.fromEntries(Object.values(groups).map((group: any) => [group.Properties.LogGroupName, group.DeletionPolicy]));
}

test('only audit-trail groups outlive the stack, and only when the policy keeps them', () => {
  expect(deletionPolicies(true)).toEqual({ audit: 'Retain', working: 'Delete' });
  expect(deletionPolicies(false)).toEqual({ audit: 'Delete', working: 'Delete' });
  expect(deletionPolicies(undefined)).toEqual({ audit: 'Delete', working: 'Delete' });
});

test("every group gets the policy's retention and key", () => {
  const stack = bareStack();
  const encryptionKey = new kms.Key(stack, 'Key');
  createEncryptedLogGroup(stack, 'Group', { logGroupName: 'group', policy: { retentionDays: 365, encryptionKey } });
  Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', {
    LogGroupName: 'group',
    RetentionInDays: 365,
    KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(encryptionKey.node.defaultChild as kms.CfnKey), 'Arn'] },
  });
});
