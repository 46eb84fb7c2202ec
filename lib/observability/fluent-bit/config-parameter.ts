import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge, resourceAt } from '../../compliance/acknowledgements';
import { WITHOUT_LOG_WRITES } from '../../shared/lambda-log-groups';

export interface SecureStringParameterProps {
  readonly parameterName: string;
  readonly value: string;
  readonly description: string;
  readonly encryptionKey: kms.IKey;
  /** Stack tags do not reach a parameter a custom resource creates, so they are set on create. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * An SSM SecureString parameter encrypted with the platform key (R10). CloudFormation's
 * AWS::SSM::Parameter cannot create SecureStrings, so a custom resource calls PutParameter
 * (Overwrite on update) and DeleteParameter, with rights on this one parameter only.
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

    const writerPolicy = new iam.ManagedPolicy(this, 'WriterPolicy', {
      description: `Writes and deletes the SecureString ${props.parameterName}, encrypting with the platform key through SSM only`,
      statements: [
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

    // The provider logs every request event, and the event carries the parameter's value:
    // `Logging.withDataHidden()` hides API responses only. A role without CloudWatch Logs
    // rights keeps the plaintext out of the logs; failures still reach CloudFormation, whose
    // stack events show the provider's error message.
    const writerRole = new iam.Role(this, 'WriterRole', {
      description: `Custom resource provider that writes ${props.parameterName}; deliberately without CloudWatch Logs rights`,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [writerPolicy],
    });
    writerRole.node.addMetadata(WITHOUT_LOG_WRITES, 'every request event carries the parameter value');

    const put = (overwrite: boolean): cr.AwsSdkCall => ({
      service: 'SSM',
      action: 'putParameter',
      parameters: {
        Name: props.parameterName,
        Value: props.value,
        Type: 'SecureString',
        KeyId: props.encryptionKey.keyArn,
        Tier: 'Standard',
        Description: props.description,
        // PutParameter refuses Tags together with Overwrite; the tags set on create stay.
        ...(overwrite
          ? { Overwrite: true }
          : { Tags: Object.entries(props.tags).map(([Key, Value]) => ({ Key, Value })) }),
      },
      physicalResourceId: cr.PhysicalResourceId.of(props.parameterName),
    });

    const resource = new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::SsmSecureStringParameter',
      onCreate: put(false),
      onUpdate: put(true),
      onDelete: {
        service: 'SSM',
        action: 'deleteParameter',
        parameters: { Name: props.parameterName },
        ignoreErrorCodesMatching: 'ParameterNotFound',
      },
      role: writerRole,
      installLatestAwsSdk: false,
    });
    resource.node.addDependency(writerPolicy);

    const provider = stack.node.findChild(`AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
    acknowledge(
      resourceAt(provider, 'Resource'),
      "CDK's AwsCustomResource provider (one Lambda per stack, invoked synchronously by CloudFormation only): concurrency " +
        'limits and a dead-letter queue do not apply to a synchronous CloudFormation call, and it runs outside the VPC because ' +
        'it only calls the SSM API and holds no data; inside the VPC its role would need ENI rights on *.',
      'NIST.800.53.R5-LambdaConcurrency',
      'NIST.800.53.R5-LambdaDLQ',
      'NIST.800.53.R5-LambdaInsideVPC',
      'PCI.DSS.321-LambdaInsideVPC',
    );
  }
}
