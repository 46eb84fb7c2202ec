import { Match } from 'aws-cdk-lib/assertions';
import { resourcesOfType, synthesize } from '../support/synth';

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
