import { Aspects, IAspect, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';

/**
 * Log groups that CDK makes for its own provider Lambdas come with two years' retention,
 * no key and a Retain policy: they would outlive `cdk destroy` and hold logs unencrypted.
 * This aspect gives every log group in the scope the environment's retention and key and
 * makes it go with the stack, so no writer anywhere is an exception.
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
    node.applyRemovalPolicy(RemovalPolicy.DESTROY);
  }
}

export function applyLogGroupDefaults(scope: IConstruct, key: kms.IKey, retentionDays: number): void {
  Aspects.of(scope).add(new LogGroupDefaults(key.keyArn, retentionDays));
}

