import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * The environment's one policy for the log groups the stack creates, handed whole to every
 * construct that creates one, so retention, key and what survives a delete are decided once.
 */
export interface LogGroupPolicy {
  /** Retention of every group: one of the periods CloudWatch Logs accepts, validated in the config. */
  readonly retentionDays: number;
  /** Encrypts every group; its key policy must admit CloudWatch Logs for the groups' ARNs. */
  readonly encryptionKey: kms.IKey;
  /**
   * Keep the audit-trail groups (control plane, flow logs, container logs) when the stack is
   * deleted (DeletionPolicy Retain), so a re-deploy with --import-existing-resources adopts them
   * by name. Working groups (performance events, Lambda logs) are deleted with the stack anyway.
   * @default false: every group is deleted with the stack
   */
  readonly retainAuditTrailOnDelete?: boolean;
}

export interface EncryptedLogGroupProps {
  /** The group's name: the one its writer uses, so that the writer finds it rather than creating its own. */
  readonly logGroupName: string;
  /** Retention, key and deletion rules of the environment. */
  readonly policy: LogGroupPolicy;
  /**
   * Part of the audit trail: kept on delete when the policy says so.
   * @default false: a working group, deleted with the stack
   */
  readonly auditTrail?: boolean;
}

/**
 * A log group the stack owns before anything writes to it: its retention and key are ours,
 * it is deleted with the stack unless it is part of the kept audit trail, and no writer has to
 * create it (a writer that did would make it without retention or key).
 */
export function createEncryptedLogGroup(scope: Construct, id: string, props: EncryptedLogGroupProps): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    logGroupName: props.logGroupName,
    retention: props.policy.retentionDays as logs.RetentionDays,
    encryptionKey: props.policy.encryptionKey,
    removalPolicy: props.auditTrail && props.policy.retainAuditTrailOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
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
