import { CfnResource, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { WILDCARD_ACTIONS_METADATA } from '../../lib/compliance/acknowledgements';
import { ownLambdaLogGroups, WITHOUT_LOG_WRITES } from '../../lib/shared/lambda-log-groups';
import { bareStack } from '../support/synth';

const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const VPC_ACCESS = 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole';
const OTHER = 'arn:aws:iam::111122223333:policy/payments-reader';

/** A bare stack whose functions get their own log groups. */
function stackWithLogGroups() {
  const stack = bareStack();
  ownLambdaLogGroups(stack, {
    logGroupNamePrefix: '/aws/lambda/payments',
    policy: { retentionDays: 7, encryptionKey: new kms.Key(stack, 'Key') },
  });
  return stack;
}

/** A raw function (as CDK's kubectl provider makes them) with a raw role, under `scope`. */
function rawFunction(scope: Construct, id: string, managedPolicyArns: string[], extra: Record<string, unknown> = {}) {
  const owner = new Construct(scope, id);
  const role = new CfnResource(owner, 'Role', {
    type: 'AWS::IAM::Role',
    properties: { AssumeRolePolicyDocument: {}, ManagedPolicyArns: managedPolicyArns },
  });
  new CfnResource(owner, 'Resource', {
    type: 'AWS::Lambda::Function',
    properties: { Role: role.getAtt('Arn'), Runtime: 'nodejs22.x', ...extra },
  });
  return { owner, role };
}

const resourcesOf = (template: Template) => template.toJSON().Resources as Record<string, any>;
const find = (template: Template, prefix: string) =>
  Object.entries(resourcesOf(template))
    .filter(([id]) => id.startsWith(prefix))
    .map(([, r]) => r);

test('a raw function in the VPC keeps its logging settings and other policies, and gets the network interfaces back', () => {
  const stack = stackWithLogGroups();
  rawFunction(stack, 'Handler fn', [BASIC, VPC_ACCESS, OTHER], {
    LoggingConfig: { LogFormat: 'JSON' },
    VpcConfig: { SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-1'] },
  });
  const template = Template.fromStack(stack);
  const resources = resourcesOf(template);
  const [fn] = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function');
  const groupId = fn.Properties.LoggingConfig.LogGroup.Ref;
  expect(fn.Properties.LoggingConfig).toEqual({ LogFormat: 'JSON', LogGroup: { Ref: groupId } });
  expect(resources[groupId].Properties.LogGroupName).toBe('/aws/lambda/payments/Handler-fn');
  expect(resources[groupId].Properties.RetentionInDays).toBe(7);
  const [role] = find(template, 'HandlerfnRole');
  const [networkId] = Object.keys(resources).filter((id) => id.startsWith('LambdaNetworkInterfaces'));
  expect(role.Properties.ManagedPolicyArns).toEqual([OTHER, { Ref: networkId }]);
  expect(resources[networkId].Properties.Description).toBe("Network interfaces of the stack's Lambda functions in the VPC; no log rights");
  expect(resources[networkId].Properties.PolicyDocument.Statement).toEqual([
    expect.objectContaining({ Sid: 'NetworkInterfaces', Effect: 'Allow', Resource: '*' }),
  ]);
  const cfn = stack.node.findChild('LambdaNetworkInterfaces').node.defaultChild!;
  const metadata = (type: string) => cfn.node.metadata.filter((m) => m.type === type).map((m) => m.data);
  expect(metadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY)).toEqual([
    {
      'Annotation::AwsSolutions-IAM5[Resource::*]':
        'Lambda creates, describes and deletes the network interfaces of a VPC function with its role, before the interfaces ' +
        'exist and in subnets it chooses; these are the actions of AWSLambdaVPCAccessExecutionRole, on `*` as AWS grants them there.',
    },
  ]);
  expect(metadata(WILDCARD_ACTIONS_METADATA)).toEqual([
    {
      'AwsSolutions-IAM5[Resource::*]': [
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
    },
  ]);
});

test('outside the VPC, a role left with no managed policy has none, raw or typed; others keep theirs', () => {
  const stack = stackWithLogGroups();
  rawFunction(stack, 'Bare', [BASIC]);
  rawFunction(stack, 'Kept', [BASIC, OTHER]);
  const typedRole = new iam.CfnRole(stack, 'TypedRole', { assumeRolePolicyDocument: {}, managedPolicyArns: [BASIC] });
  new lambda.CfnFunction(new Construct(stack, 'Typed'), 'Resource', { code: { zipFile: 'x' }, role: typedRole.attrArn });
  const noPolicies = new iam.CfnRole(stack, 'NoPoliciesRole', { assumeRolePolicyDocument: {} });
  new lambda.CfnFunction(new Construct(stack, 'NoPolicies'), 'Resource', { code: { zipFile: 'x' }, role: noPolicies.attrArn });
  const template = Template.fromStack(stack);
  expect(find(template, 'BareRole')[0].Properties).not.toHaveProperty('ManagedPolicyArns');
  expect(find(template, 'KeptRole')[0].Properties.ManagedPolicyArns).toEqual([OTHER]);
  expect(find(template, 'TypedRole')[0].Properties).not.toHaveProperty('ManagedPolicyArns');
  expect(find(template, 'NoPoliciesRole')[0].Properties).not.toHaveProperty('ManagedPolicyArns');
  expect(find(template, 'LambdaNetworkInterfaces')).toEqual([]);
});

test('a role marked without log writes is only denied; others may write their own group, each policy saying so', () => {
  const stack = stackWithLogGroups();
  const { role } = rawFunction(stack, 'Quiet', [BASIC]);
  role.node.addMetadata(WITHOUT_LOG_WRITES, true);
  rawFunction(stack, 'Loud', [BASIC]);
  const template = Template.fromStack(stack);
  const deny = { Sid: 'NeverCreateLogGroups', Effect: 'Deny', Action: 'logs:CreateLogGroup', Resource: '*' };
  const [quiet] = find(template, 'QuietLogWriterPolicy');
  expect(quiet.Properties.Description).toBe('BareQuiet3C1710FD writes no logs and cannot create log groups');
  expect(quiet.Properties.PolicyDocument.Statement).toEqual([deny]);
  const [loud] = find(template, 'LoudLogWriterPolicy');
  expect(loud.Properties.Description).toBe("Writes BareLoud9E7D6B5C's own log group only; cannot create log groups");
  expect(loud.Properties.PolicyDocument.Statement.map((s: any) => s.Sid)).toEqual(['WriteOwnLogGroup', 'NeverCreateLogGroups']);
  expect(loud.Properties.Roles).toEqual([{ Ref: expect.stringMatching(/^LoudRole/) }]);
});

test('a typed function keeps its logging settings besides its log group', () => {
  const stack = stackWithLogGroups();
  const role = new iam.CfnRole(stack, 'Role', { assumeRolePolicyDocument: {} });
  new lambda.CfnFunction(new Construct(stack, 'Fn'), 'Resource', {
    code: { zipFile: 'x' },
    role: role.attrArn,
    loggingConfig: { logFormat: 'JSON' },
  });
  const [fn] = Object.values(resourcesOf(Template.fromStack(stack))).filter((r) => r.Type === 'AWS::Lambda::Function');
  expect(fn.Properties.LoggingConfig).toEqual({ LogFormat: 'JSON', LogGroup: { Ref: expect.stringMatching(/^FnOwnLogGroup/) } });
});

test('a function whose role is outside the stack is refused', () => {
  const stack = stackWithLogGroups();
  new CfnResource(stack, 'Orphan', {
    type: 'AWS::Lambda::Function',
    properties: { Role: 'arn:aws:iam::111122223333:role/elsewhere' },
  });
  expect(() => Template.fromStack(stack)).toThrow(
    'Lambda function Bare/Orphan has a role outside the stack ("arn:aws:iam::111122223333:role/elsewhere"); ' +
      'its log group cannot be confined',
  );
});
