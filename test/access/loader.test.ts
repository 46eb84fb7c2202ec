import { AccessModel } from '../support/access/access-model';
import { evaluate } from '../support/access/evaluate';
import { TemplateResolver } from '../support/access/template-resolver';

const env = { account: '123456789012', region: 'ap-southeast-1', partition: 'aws', stackName: 'Sample-dev' };

describe('template resolver', () => {
  const template = {
    Conditions: { IsAws: { 'Fn::Equals': [{ Ref: 'AWS::Partition' }, 'aws'] }, IsChina: { 'Fn::Not': [{ Condition: 'IsAws' }] } },
    Resources: {
      Named: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'named-role' } },
      Unnamed: { Type: 'AWS::IAM::Role', Properties: {} },
      Group: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/aws/eks/c/containers' } },
      Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 't' } },
      Key: { Type: 'AWS::KMS::Key', Properties: {} },
      Provider: { Type: 'AWS::IAM::OIDCProvider', Properties: {} },
      Json: {
        Type: 'Custom::AWSCDKCfnJson',
        Properties: {
          Value: {
            'Fn::Join': ['', ['{"', { 'Fn::Select': [1, { 'Fn::Split': [':oidc-provider/', { Ref: 'Provider' }] }] }, ':sub":"x"}']],
          },
        },
      },
    },
  };
  const resolver = new TemplateResolver(template, env);

  test('pseudo parameters, Fn::Sub and Fn::Join take the sample account, region and partition', () => {
    expect(resolver.resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Named}' })).toBe(
      'arn:aws:iam::123456789012:role/named-role',
    );
    expect(resolver.resolve({ 'Fn::Sub': ['${A}-${AWS::Region}', { A: { Ref: 'Topic' } }] })).toBe(
      'arn:aws:sns:ap-southeast-1:123456789012:t-ap-southeast-1',
    );
    expect(resolver.resolve({ 'Fn::Join': ['/', ['a', { Ref: 'AWS::Region' }]] })).toBe('a/ap-southeast-1');
  });

  test('a resource resolves to the same name and ARN wherever it is referenced', () => {
    expect(resolver.resolve({ 'Fn::GetAtt': ['Named', 'Arn'] })).toBe('arn:aws:iam::123456789012:role/named-role');
    expect(resolver.resolve({ 'Fn::GetAtt': ['Unnamed', 'Arn'] })).toBe(
      `arn:aws:iam::123456789012:role/${String(resolver.resolve({ Ref: 'Unnamed' }))}`,
    );
    expect(resolver.resolve({ Ref: 'Unnamed' })).toMatch(/^Sample-dev-Unnamed-[A-Z0-9]{12}$/);
    expect(resolver.resolve({ 'Fn::GetAtt': ['Group', 'Arn'] })).toBe(
      'arn:aws:logs:ap-southeast-1:123456789012:log-group:/aws/eks/c/containers:*',
    );
    expect(resolver.resolve({ 'Fn::GetAtt': ['Key', 'Arn'] })).toMatch(
      /^arn:aws:kms:ap-southeast-1:123456789012:key\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  test('Fn::If follows the template conditions, and AWS::NoValue drops the item', () => {
    expect(resolver.resolve(['a', { 'Fn::If': ['IsChina', 'b', { Ref: 'AWS::NoValue' }] }, { 'Fn::If': ['IsAws', 'c', 'd'] }])).toEqual([
      'a',
      'c',
    ]);
  });

  test("a CfnJson's Value is its JSON, with the OIDC issuer taken from the provider ARN", () => {
    expect(resolver.resolve({ 'Fn::GetAtt': ['Json', 'Value'] })).toEqual({ [`${resolver.oidcIssuer}:sub`]: 'x' });
  });

  test('an intrinsic or attribute it does not know is an error, never a guess', () => {
    expect(() => resolver.resolve({ 'Fn::Base64': 'x' })).toThrow('cannot resolve Fn::Base64');
    expect(() => resolver.resolve({ 'Fn::GetAtt': ['Named', 'SomeArn'] })).toThrow('Named.SomeArn');
    expect(() => resolver.resolve({ Ref: 'Missing' })).toThrow('no resource Missing');
  });
});

describe('access model and evaluator', () => {
  const keyPolicy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' },
      {
        Effect: 'Allow',
        Principal: { Service: 'logs.ap-southeast-1.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:ap-southeast-1:123456789012:log-group:/mine/*' } },
      },
    ],
  };
  const modelWith = (policy: unknown) =>
    new AccessModel(
      {
        Resources: {
          Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: policy } },
          Reader: {
            Type: 'AWS::IAM::Role',
            Properties: {
              RoleName: 'reader',
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
              },
              ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly'],
              Policies: [
                {
                  PolicyName: 'decrypt',
                  PolicyDocument: {
                    Version: '2012-10-17',
                    Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': ['Key', 'Arn'] } }],
                  },
                },
              ],
            },
          },
        },
      },
      env,
    );
  const model = modelWith(keyPolicy);
  const keyArn = model.resolver.arnOf('Key');
  const decide = async (request: Parameters<typeof evaluate>[1]) => (await evaluate(model, request)).decision;

  test('an encryption-context condition is evaluated on the context given (the engine catalogue cannot name the key)', async () => {
    const logs = (group: string) => ({
      principal: 'logs.ap-southeast-1.amazonaws.com',
      action: 'kms:GenerateDataKey',
      resource: keyArn,
      context: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:ap-southeast-1:123456789012:log-group:${group}` },
    });
    expect(await decide(logs('/mine/a'))).toBe('Allowed');
    expect(await decide(logs('/theirs/a'))).toBe('ImplicitlyDenied');
  });

  test("a role's inline and AWS managed policies both count, and the key policy must let the account's IAM decide", async () => {
    const asReader = (action: string, resource: string) => ({
      principal: 'arn:aws:sts::123456789012:assumed-role/reader/s',
      action,
      resource,
      context: {},
    });
    expect(await decide(asReader('kms:Decrypt', keyArn))).toBe('Allowed');
    expect(await decide(asReader('kms:Encrypt', keyArn))).toBe('ImplicitlyDenied');
    expect(await decide(asReader('ecr:BatchGetImage', 'arn:aws:ecr:ap-southeast-1:123456789012:repository/r'))).toBe('Allowed');
    expect(await decide(asReader('ecr:PutImage', 'arn:aws:ecr:ap-southeast-1:123456789012:repository/r'))).toBe('ImplicitlyDenied');
    const withoutAccountStatement = modelWith({ ...keyPolicy, Statement: keyPolicy.Statement.slice(1) });
    expect((await evaluate(withoutAccountStatement, asReader('kms:Decrypt', keyArn))).decision).toBe('ImplicitlyDenied');
  });

  test('a context key the action never carries is an error in the request, not silently dropped', async () => {
    await expect(
      evaluate(model, {
        principal: 'arn:aws:sts::123456789012:assumed-role/reader/s',
        action: 'kms:Decrypt',
        resource: keyArn,
        context: { 'ssm:Overwrite': 'true' },
      }),
    ).rejects.toThrow('never carries ssm:Overwrite');
  });

  test('a resource policy type the model does not read stops the load', () => {
    expect(() => new AccessModel({ Resources: { P: { Type: 'AWS::Lambda::Permission', Properties: {} } } }, env)).toThrow('does not load');
  });
});
