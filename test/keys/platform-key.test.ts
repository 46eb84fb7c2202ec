import { Match, Template } from 'aws-cdk-lib/assertions';
import { PlatformKey, PlatformKeyProps } from '../../lib/keys/platform-key';
import { bareStack, synthesize } from '../support/synth';
import { onlyResource, resourcesOfType } from '../support/template';

describe('platform KMS key (R6, S6)', () => {
  const { template } = synthesize({ environmentSuffix: 'pr42' });

  test('is customer-managed with automatic rotation and a 7-day deletion window, destroyed with the stack', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true, PendingWindowInDays: 7 },
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  test('has the alias alias/eks-secrets-<suffix>, without a doubled prefix', () => {
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/eks-secrets-pr42' });
    for (const [, alias] of resourcesOfType(template, 'AWS::KMS::Alias')) {
      expect(alias.Properties.AliasName).not.toMatch(/alias[/:]alias/);
    }
  });

  test("lets CloudWatch Logs use it only for this environment's log groups", () => {
    const [, key] = resourcesOfType(template, 'AWS::KMS::Key')[0];
    const logsStatements = key.Properties.KeyPolicy.Statement.filter((s: any) => JSON.stringify(s.Principal ?? {}).includes('logs.'));
    expect(logsStatements).toHaveLength(1);
    const arns = JSON.stringify(logsStatements[0].Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']);
    expect(arns).toContain('log-group:/aws/*/fintech-eks-pr42/*');
    // The Lambda functions log under /aws/lambda/<cluster>/ too: no pattern outside the cluster's prefix.
    expect(JSON.parse(arns).every((arn: unknown) => JSON.stringify(arn).includes('log-group:/aws/*/fintech-eks-pr42/*'))).toBe(true);
    expect(arns).not.toMatch(/log-group:\*"/);
  });

  test('encrypts the Kubernetes secrets of the cluster', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', {
      EncryptionConfig: [
        { Provider: { KeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('PlatformKey'), 'Arn'] } }, Resources: ['secrets'] },
      ],
    });
  });
});

/**
 * PlatformKey on a bare stack in account 111122223333, eu-west-1. The CloudWatch Logs statement
 * is the one the CloudWatch Logs user guide gives for encrypting log data with a KMS key: the
 * regional logs service principal, kms:Encrypt*, Decrypt*, ReEncrypt*, GenerateDataKey* and
 * Describe* on the key, and `kms:EncryptionContext:aws:logs:arn` limited by ArnLike to the groups.
 */
describe('PlatformKey on a bare stack', () => {
  function platformKey(props: Partial<PlatformKeyProps> = {}) {
    const stack = bareStack();
    new PlatformKey(stack, 'PlatformKey', {
      aliasName: 'eks-secrets-pr7',
      logGroupNamePatterns: ['/aws/*/payments-pr7/*', '/aws/containerinsights/payments-pr7/*'],
      ...props,
    });
    const template = Template.fromStack(stack);
    return { template, key: onlyResource(template, 'AWS::KMS::Key')[1] };
  }

  test('rotates automatically, waits 7 days before deletion, and is destroyed with the stack by default', () => {
    const { key } = platformKey();
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.PendingWindowInDays).toBe(7);
    expect([key.DeletionPolicy, key.UpdateReplacePolicy]).toEqual(['Delete', 'Delete']);
  });

  test('is kept with retainOnDelete', () => {
    const { key } = platformKey({ retainOnDelete: true });
    expect([key.DeletionPolicy, key.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });

  test('is named by its alias', () => {
    const { template } = platformKey();
    expect(onlyResource(template, 'AWS::KMS::Alias')[1].Properties.AliasName).toBe('alias/eks-secrets-pr7');
  });

  test('says what it encrypts and for which environment, where the KMS console lists keys by description', () => {
    const { key } = platformKey();
    expect(key.Properties.Description).toBe('EKS secrets envelope encryption and log encryption (eks-secrets-pr7)');
  });

  test("its policy: the account administers it through IAM, CloudWatch Logs uses it for the given groups' ARNs only", () => {
    const { key } = platformKey();
    expect(key.Properties.KeyPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'AllowCloudWatchLogsForThisEnvironment',
          Effect: 'Allow',
          Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
          Action: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
          Resource: '*',
          Condition: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': [
                'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/*/payments-pr7/*',
                'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/containerinsights/payments-pr7/*',
              ],
            },
          },
        },
      ],
    });
  });
});
