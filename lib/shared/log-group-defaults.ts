import { Aspects, IAspect } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import type { LogGroupPolicy } from './encrypted-log-group';

/**
 * One log-group policy: a group's retention and key are set by the construct that creates it,
 * from its props (createEncryptedLogGroup, ownLambdaLogGroups). This aspect only fills what a
 * group was created without, so a group CDK adds for us later is never unencrypted or kept
 * for CDK's default two years. Whether a group outlives the stack is decided where it is made
 * (createEncryptedLogGroup, ownLambdaLogGroups).
 */
class LogGroupDefaults implements IAspect {
  constructor(
    private readonly encryptionKeyArn: string,
    private readonly retentionDays: number,
  ) {}

  visit(node: IConstruct): void {
    if (!(node instanceof logs.CfnLogGroup)) return;
    node.kmsKeyId ??= this.encryptionKeyArn;
    node.retentionInDays ??= this.retentionDays;
  }
}

/** Gives every log group in `scope` created without them the policy's key and retention. */
export function applyLogGroupDefaults(scope: IConstruct, policy: LogGroupPolicy): void {
  Aspects.of(scope).add(new LogGroupDefaults(policy.encryptionKey.keyArn, policy.retentionDays));
}
