import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface PlatformKeyProps {
  /** Alias without the `alias/` prefix, e.g. `eks-secrets-dev`. */
  readonly aliasName: string;
  /**
   * Name patterns of the log groups that may use the key (`*` matches anything, `/` included).
   * CloudWatch Logs can use the key only for groups whose ARN matches one of them.
   */
  readonly logGroupNamePatterns: readonly string[];
  /**
   * Kept when the stack is deleted, because the kept log groups stay encrypted with it; its alias
   * goes, so a re-deploy can create a new key under the same alias.
   * @default false: scheduled for deletion with the stack
   */
  readonly retainOnDelete?: boolean;
}

/**
 * The platform's one customer-managed key (R6): envelope encryption of Kubernetes secrets,
 * and encryption of every log group, SNS topic and SSM parameter of this environment.
 */
export class PlatformKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: PlatformKeyProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.key = new kms.Key(this, 'Key', {
      description: `EKS secrets envelope encryption and log encryption (${props.aliasName})`,
      enableKeyRotation: true,
      alias: props.aliasName,
      pendingWindow: Duration.days(7),
      removalPolicy: props.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    // CloudWatch Logs encrypts with the key on behalf of the log group; the encryption-context
    // condition limits that to this environment's log groups, not any group in the account.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsForThisEnvironment',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': props.logGroupNamePatterns.map((pattern) =>
              stack.formatArn({
                service: 'logs',
                resource: 'log-group',
                resourceName: pattern,
                arnFormat: ArnFormat.COLON_RESOURCE_NAME,
              }),
            ),
          },
        },
      }),
    );
  }
}
