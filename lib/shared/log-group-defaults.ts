import { Aspects, IAspect } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';

/**
 * Log groups that CDK makes for its own constructs come with two years' retention and no key.
 * This aspect gives every log group in the scope the environment's retention and key, so no
 * writer anywhere is an exception. Whether a group outlives the stack is decided where it is
 * made (createEncryptedLogGroup, ownLambdaLogGroups); a test checks that an ephemeral
 * environment retains nothing.
 */
class LogGroupDefaults implements IAspect {
  constructor(
    private readonly encryptionKeyArn: string,
    private readonly retentionDays: number,
  ) {}

  visit(node: IConstruct): void {
    if (!(node instanceof logs.CfnLogGroup)) return;
    node.kmsKeyId ??= this.encryptionKeyArn;
    node.retentionInDays = this.retentionDays;
  }
}

export function applyLogGroupDefaults(scope: IConstruct, key: kms.IKey, retentionDays: number): void {
  Aspects.of(scope).add(new LogGroupDefaults(key.keyArn, retentionDays));
}

