import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Template } from 'aws-cdk-lib/assertions';
import { SecureStringParameter } from '../../lib/observability/fluent-bit/config-parameter';
import { bareStack, lazily } from '../support/synth';
import { onlyResource, statementsOf } from '../support/template';

/**
 * SecureStringParameter on a bare stack in account 111122223333, eu-west-1. ARNs are written as
 * the SSM and KMS documentation gives them: `arn:aws:ssm:<region>:<account>:parameter/<name
 * without its leading slash>`, and SSM encrypts a SecureString with the encryption context
 * `PARAMETER_ARN` through `ssm.<region>.amazonaws.com`.
 */
const SECRET_LINE = 'token sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const PARAMETER_ARN = 'arn:aws:ssm:eu-west-1:111122223333:parameter/payments/exporter/config';

function secureString() {
  const stack = bareStack();
  const valueFile = join(mkdtempSync(join(tmpdir(), 'secure-string-')), 'value.conf');
  writeFileSync(valueFile, `${SECRET_LINE}\n`);
  const key = new kms.Key(stack, 'Key');
  const parameter = new SecureStringParameter(stack, 'Config', {
    parameterName: '/payments/exporter/config',
    valueFile,
    description: 'exporter configuration',
    encryptionKey: key,
    tags: { team: 'payments', environment: 'pr7' },
  });
  const template = Template.fromStack(stack);
  const keyId = stack.resolve((key.node.defaultChild as kms.CfnKey).logicalId);
  return { stack, template, parameter, keyId };
}

// Built inside the tests (lazily): built while the file loads, the construct would be built once,
// before any mutant is switched on, and stale for every mutant of a mutation run.
const built = lazily(() => {
  const { stack, template, parameter, keyId } = secureString();
  const [, resource] = onlyResource(template, 'Custom::SsmSecureStringParameter');
  const [writerPolicyId, writerPolicy] = onlyResource(template, 'AWS::IAM::ManagedPolicy');
  const writerId = resource.Properties.ServiceToken['Fn::GetAtt'][0];
  const writer = template.findResources('AWS::Lambda::Function')[writerId];
  const writerRole = template.findResources('AWS::IAM::Role')[writer.Properties.Role['Fn::GetAtt'][0]];
  return { stack, template, parameter, keyId, resource, writerPolicyId, writerPolicy, writerRole };
});

test('the parameter is named, encrypted with the given key, described and tagged as asked; its ARN is the SSM one', () => {
  const { stack, parameter, keyId, resource } = built();
  expect(resource.Properties).toMatchObject({
    ParameterName: '/payments/exporter/config',
    KeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    Description: 'exporter configuration',
    Tags: [
      { Key: 'team', Value: 'payments' },
      { Key: 'environment', Value: 'pr7' },
    ],
  });
  expect(stack.resolve(parameter.parameterArn)).toBe(PARAMETER_ARN);
  expect(parameter.parameterName).toBe('/payments/exporter/config');
});

test('the value is in no template: the resource names its file asset instead', () => {
  const { template, resource } = built();
  expect(JSON.stringify(template.toJSON())).not.toContain('sk_live_');
  // The default bootstrap bucket: cdk-<qualifier>-assets-<account>-<region>, qualifier hnb659fds.
  expect(resource.Properties.SourceBucket).toBe('cdk-hnb659fds-assets-111122223333-eu-west-1');
  expect(resource.Properties.SourceKey).toMatch(/^[0-9a-f]{64}\.conf$/);
});

test('the writer may read that one object, write that one parameter, and encrypt with the key through SSM for it only', () => {
  const { keyId, resource, writerPolicy } = built();
  expect(statementsOf(writerPolicy.Properties.PolicyDocument)).toEqual([
    {
      Sid: 'ReadTheValueFromItsAsset',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: [`arn:aws:s3:::cdk-hnb659fds-assets-111122223333-eu-west-1/${resource.Properties.SourceKey}`],
    },
    {
      Sid: 'WriteThisParameter',
      Effect: 'Allow',
      Action: ['ssm:AddTagsToResource', 'ssm:DeleteParameter', 'ssm:PutParameter'],
      Resource: [PARAMETER_ARN],
    },
    {
      Sid: 'EncryptThisParameterThroughSsm',
      Effect: 'Allow',
      Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: [{ 'Fn::GetAtt': [keyId, 'Arn'] }],
      Condition: {
        StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com', 'kms:EncryptionContext:PARAMETER_ARN': PARAMETER_ARN },
      },
    },
  ]);
});

test('the writer runs as a Lambda role with that policy only: no CloudWatch Logs rights, no inline policy', () => {
  const { writerPolicyId, writerRole } = built();
  expect(writerRole.Properties.AssumeRolePolicyDocument.Statement).toEqual([
    { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ]);
  expect(writerRole.Properties.ManagedPolicyArns).toEqual([{ Ref: writerPolicyId }]);
  expect(writerRole.Properties.Policies).toBeUndefined();
});

test('CloudFormation calls the writer only once it holds its rights, and deletes the parameter before taking them away', () => {
  const { resource, writerPolicyId } = built();
  expect(resource.DependsOn).toEqual(expect.arrayContaining([writerPolicyId]));
});

test('the writer runs index.handler from a code asset that holds the handler alone', () => {
  const { stack, parameter, template, resource } = built();
  const writer = template.findResources('AWS::Lambda::Function')[resource.Properties.ServiceToken['Fn::GetAtt'][0]];
  expect(writer.Properties).toMatchObject({ Handler: 'index.handler', Runtime: 'nodejs24.x' });
  const code = parameter.node.findChild('Writer').node.findChild('Code') as s3assets.Asset;
  expect(readdirSync(join((stack.node.root as App).outdir, code.assetPath))).toEqual(['index.js']);
});

test('the writer is acknowledged for the concurrency, dead-letter queue and VPC findings only, saying why', () => {
  const { parameter } = built();
  const writer = parameter.node.findChild('Writer').node.defaultChild!;
  const acknowledged = Object.assign(
    {},
    ...writer.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((entry) => entry.data),
  );
  const reason =
    'Invoked synchronously by CloudFormation only, for this one parameter: concurrency limits and a dead-letter queue do ' +
    'not apply to a synchronous CloudFormation call. It runs outside the VPC because it only calls the S3 and SSM APIs ' +
    'and keeps nothing; inside the VPC its role would need ENI rights on *.';
  expect(acknowledged).toEqual({
    'Annotation::NIST.800.53.R5-LambdaConcurrency': reason,
    'Annotation::NIST.800.53.R5-LambdaDLQ': reason,
    'Annotation::NIST.800.53.R5-LambdaInsideVPC': reason,
    'Annotation::PCI.DSS.321-LambdaInsideVPC': reason,
  });
});

test('the writer, its role and its policy each say which parameter they are for', () => {
  const { template, resource, writerPolicy, writerRole } = built();
  const writer = template.findResources('AWS::Lambda::Function')[resource.Properties.ServiceToken['Fn::GetAtt'][0]];
  expect(writer.Properties.Description).toBe('Copies /payments/exporter/config from its file asset into SSM (custom resource)');
  expect(writerRole.Properties.Description).toBe(
    'Custom resource that writes /payments/exporter/config from its file asset; deliberately without CloudWatch Logs rights',
  );
  expect(writerPolicy.Properties.Description).toBe(
    'Writes and deletes the SecureString /payments/exporter/config from its file asset, encrypting with the platform key through SSM only',
  );
});
