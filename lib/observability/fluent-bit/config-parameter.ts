import { join } from 'node:path';
import { ArnFormat, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { acknowledge } from '../../compliance/acknowledgements';
import { WITHOUT_LOG_WRITES } from '../../shared/lambda-log-groups';

export interface SecureStringParameterProps {
  /** The parameter's name, e.g. `/fintech-eks-dev/fluent-bit/config`; the writer may touch this parameter only. */
  readonly parameterName: string;
  /**
   * A file holding the value. It is shipped as a file asset (to the CDK bootstrap bucket) and
   * copied into the parameter at deploy time, so the value is in no template, stack event or log.
   */
  readonly valueFile: string;
  /** The parameter's description, as SSM shows it. */
  readonly description: string;
  /** Encrypts the parameter; the writer may use it only through SSM, for this parameter. */
  readonly encryptionKey: kms.IKey;
  /** Stack tags do not reach a parameter a custom resource creates, so they are set on create. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * An SSM SecureString parameter encrypted with the platform key (R10). CloudFormation's
 * AWS::SSM::Parameter cannot create SecureStrings, so a custom resource does: its Lambda reads
 * the value from its file asset and calls PutParameter (Overwrite on update) and
 * DeleteParameter, with rights on this one parameter and that one object only. The template
 * holds where the value is, never the value (a SecureString whose text sat in the template
 * would protect nothing: cdk.out, GetTemplate and the stack's history would all show it).
 */
export class SecureStringParameter extends Construct {
  readonly parameterName: string;
  readonly parameterArn: string;

  constructor(scope: Construct, id: string, props: SecureStringParameterProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.parameterName = props.parameterName;
    this.parameterArn = stack.formatArn({
      service: 'ssm',
      resource: 'parameter',
      // Hierarchical names start with `/`, which the ARN already has after `parameter`.
      resourceName: props.parameterName.replace(/^\//, ''),
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });

    // The object's key is the hash of its content: a changed value is a new key, hence an
    // update of the custom resource.
    const value = new s3assets.Asset(this, 'Value', { path: props.valueFile });

    const writerPolicy = new iam.ManagedPolicy(this, 'WriterPolicy', {
      description:
        `Writes and deletes the SecureString ${props.parameterName} from its file asset, ` +
        'encrypting with the platform key through SSM only',
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadTheValueFromItsAsset',
          actions: ['s3:GetObject'],
          resources: [value.bucket.arnForObjects(value.s3ObjectKey)],
        }),
        new iam.PolicyStatement({
          sid: 'WriteThisParameter',
          actions: ['ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:AddTagsToResource'],
          resources: [this.parameterArn],
        }),
        new iam.PolicyStatement({
          sid: 'EncryptThisParameterThroughSsm',
          actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [props.encryptionKey.keyArn],
          conditions: {
            StringEquals: {
              'kms:ViaService': `ssm.${stack.region}.amazonaws.com`,
              'kms:EncryptionContext:PARAMETER_ARN': this.parameterArn,
            },
          },
        }),
      ],
    });

    // No CloudWatch Logs rights: the writer logs nothing, and a role that cannot write logs keeps
    // it that way whatever a future runtime or SDK version prints. Failures still reach
    // CloudFormation, whose stack events show the failed call's error message.
    const writerRole = new iam.Role(this, 'WriterRole', {
      description: `Custom resource that writes ${props.parameterName} from its file asset; deliberately without CloudWatch Logs rights`,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [writerPolicy],
    });
    writerRole.node.addMetadata(WITHOUT_LOG_WRITES, 'it handles the parameter value and has nothing else to say');

    const writer = new lambda.Function(this, 'Writer', {
      description: `Copies ${props.parameterName} from its file asset into SSM (custom resource)`,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(join(__dirname, 'secure-string-writer')),
      role: writerRole,
      timeout: Duration.minutes(1),
      memorySize: 256,
    });
    acknowledge(
      writer.node.defaultChild as lambda.CfnFunction,
      'Invoked synchronously by CloudFormation only, for this one parameter: concurrency limits and a dead-letter queue do ' +
        'not apply to a synchronous CloudFormation call. It runs outside the VPC because it only calls the S3 and SSM APIs ' +
        'and keeps nothing; inside the VPC its role would need ENI rights on *.',
      'NIST.800.53.R5-LambdaConcurrency',
      'NIST.800.53.R5-LambdaDLQ',
      'NIST.800.53.R5-LambdaInsideVPC',
      'PCI.DSS.321-LambdaInsideVPC',
    );

    const resource = new CustomResource(this, 'Resource', {
      resourceType: 'Custom::SsmSecureStringParameter',
      serviceToken: writer.functionArn,
      properties: {
        ParameterName: props.parameterName,
        KeyId: props.encryptionKey.keyArn,
        Description: props.description,
        Tags: Object.entries(props.tags).map(([Key, Value]) => ({ Key, Value })),
        SourceBucket: value.s3BucketName,
        SourceKey: value.s3ObjectKey,
      },
    });
    // The writer must hold its rights before CloudFormation calls it, and keep them until the delete.
    resource.node.addDependency(writerPolicy);
  }
}
