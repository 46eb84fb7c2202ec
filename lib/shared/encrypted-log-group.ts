import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface EncryptedLogGroupProps {
  /** The group's name: the one its writer uses, so that the writer finds it rather than creating its own. */
  readonly logGroupName: string;
  /** A CloudWatch-allowed number of days, validated in the config. */
  readonly retentionDays: number;
  /** Encrypts the group; its key policy must admit CloudWatch Logs for this group's ARN. */
  readonly encryptionKey: kms.IKey;
  /**
   * Kept when the stack is deleted (DeletionPolicy Retain), so a re-deploy with
   * --import-existing-resources adopts it by its name.
   * @default false: deleted with the stack
   */
  readonly retainOnDelete?: boolean;
}

/**
 * A log group the stack owns before anything writes to it: its retention and key are ours,
 * it is deleted with the stack unless it is part of the kept audit trail, and no writer has to
 * create it (a writer that did would make it without retention or key).
 */
export function createEncryptedLogGroup(scope: Construct, id: string, props: EncryptedLogGroupProps): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    logGroupName: props.logGroupName,
    retention: props.retentionDays as logs.RetentionDays,
    encryptionKey: props.encryptionKey,
    removalPolicy: props.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
}

/**
 * What a log shipper needs to write to one group and nothing else: streams in it and events to
 * them. The group's ARN attribute ends in `:*`, which covers its streams and no other group.
 * No `logs:CreateLogGroup`: the stack owns every group.
 */
export function writeToLogGroupStatement(logGroup: Pick<logs.ILogGroup, 'logGroupArn'>, sid?: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
    resources: [logGroup.logGroupArn],
  });
}
