import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Template } from 'aws-cdk-lib/assertions';
import { createIrsaRole } from '../../lib/shared/irsa-role';
import { AccessModel } from '../support/access/access-model';
import { evaluate } from '../support/access/evaluate';
import { bareStack, lazily } from '../support/synth';
import { jsonOf, onlyResource } from '../support/template';

/**
 * createIrsaRole on a bare stack, with a cluster whose OIDC provider has a literal ARN. The trust
 * policy is the one the EKS user guide gives for IAM roles for service accounts: web identity
 * through the cluster's provider, `<issuer>:aud` = sts.amazonaws.com and `<issuer>:sub` =
 * `system:serviceaccount:<namespace>:<service account>`, both with StringEquals (no wildcard).
 */
const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const PROVIDER_ARN = `arn:aws:iam::111122223333:oidc-provider/${ISSUER}`;

function irsaRole(namespace: string, serviceAccountName: string) {
  const stack = bareStack();
  const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
    clusterName: 'payments',
    openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Provider', PROVIDER_ARN),
  });
  const policy = new iam.ManagedPolicy(stack, 'Policy', {
    statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::payments-reports/*'] })],
  });
  const created = createIrsaRole(stack, 'ReportsRole', {
    cluster,
    namespace,
    serviceAccountName,
    description: 'IRSA role of the reports exporter',
    managedPolicies: [policy],
  });
  const template = Template.fromStack(stack);
  const roleId: string = stack.resolve((created.node.defaultChild as iam.CfnRole).logicalId);
  const role = template.findResources('AWS::IAM::Role')[roleId];
  const [conditionsId, conditions] = onlyResource(template, 'Custom::AWSCDKCfnJson');
  return { template, role, roleId, conditionsId, conditions: jsonOf(conditions.Properties.Value) };
}

test('only the given service account, through the cluster OIDC provider and for STS, may assume the role', () => {
  const { role, conditionsId, conditions } = irsaRole('payments', 'reports-exporter');
  expect(role.Properties.AssumeRolePolicyDocument).toEqual({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'Fn::GetAtt': [conditionsId, 'Value'] } },
      },
    ],
  });
  expect(conditions).toEqual({
    [`${ISSUER}:aud`]: 'sts.amazonaws.com',
    [`${ISSUER}:sub`]: 'system:serviceaccount:payments:reports-exporter',
  });
});

test('another namespace and service account give another subject, nothing more', () => {
  const { conditions } = irsaRole('kube-system', 'aws-node');
  expect(conditions).toEqual({
    [`${ISSUER}:aud`]: 'sts.amazonaws.com',
    [`${ISSUER}:sub`]: 'system:serviceaccount:kube-system:aws-node',
  });
});

test('the role carries the given description and managed policies only, no inline policy and no name of its own', () => {
  const { template, role } = irsaRole('payments', 'reports-exporter');
  const [policyId] = onlyResource(template, 'AWS::IAM::ManagedPolicy');
  expect(role.Properties.Description).toBe('IRSA role of the reports exporter');
  expect(role.Properties.ManagedPolicyArns).toEqual([{ Ref: policyId }]);
  expect(role.Properties.Policies).toBeUndefined();
  // IAM role names are global to the account: CloudFormation names the role.
  expect(role.Properties.RoleName).toBeUndefined();
});

/**
 * The same trust policy through the IAM policy evaluator the access suite uses (iam-simulate):
 * STS exposes the service-account token's claims as `<issuer>:sub` and `<issuer>:aud`.
 */
describe('who may assume it, by the IAM evaluator', () => {
  // Built inside the tests (lazily): built while the file loads, the role would be built once,
  // before any mutant is switched on, and stale for every mutant of a mutation run.
  const built = lazily(() => {
    const { template, roleId } = irsaRole('payments', 'reports-exporter');
    const model = new AccessModel(template.toJSON(), { account: '111122223333', region: 'eu-west-1', partition: 'aws', stackName: 'Bare' });
    return { model, roleId };
  });
  const assume = (serviceAccount: string, audience = 'sts.amazonaws.com') => {
    const { model, roleId } = built();
    return evaluate(model, {
      principal: PROVIDER_ARN,
      action: 'sts:AssumeRoleWithWebIdentity',
      resource: model.resolver.arnOf(roleId),
      context: {
        [`${ISSUER}:sub`]: `system:serviceaccount:${serviceAccount}`,
        [`${ISSUER}:aud`]: audience,
        'aws:FederatedProvider': PROVIDER_ARN,
        'aws:SecureTransport': 'true',
      },
    });
  };

  test.each([
    ['payments:reports-exporter', 'sts.amazonaws.com', 'Allowed'],
    ['payments:default', 'sts.amazonaws.com', 'ImplicitlyDenied'],
    ['payments:reports-exporter-2', 'sts.amazonaws.com', 'ImplicitlyDenied'],
    ['kube-system:reports-exporter', 'sts.amazonaws.com', 'ImplicitlyDenied'],
    ['payments:reports-exporter', 'another-audience', 'ImplicitlyDenied'],
  ])('%s with audience %s: %s', async (serviceAccount, audience, decision) => {
    expect((await assume(serviceAccount, audience)).decision).toBe(decision);
  });
});
