import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { SecretsReader } from '../../lib/secrets/secrets-reader';
import { bareStack, lazily } from '../support/synth';
import { onlyResource, statementsOf } from '../support/template';

/** SecretsReader on a bare stack, for an imported cluster `payments` and two tenant namespaces. */
const built = lazily(() => {
  const stack = bareStack();
  const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'payments' });
  const reader = new SecretsReader(stack, 'SecretsReader', {
    cluster,
    clusterName: 'payments',
    namespaces: { dev: new ec2.CfnEIP(stack, 'NamespaceDev'), prod: new ec2.CfnEIP(stack, 'NamespaceProd') },
  });
  return { reader, template: Template.fromStack(stack) };
});

test('the read statement and the decrypt statement are told apart by their ids', () => {
  const { template } = built();
  const [, policy] = onlyResource(template, 'AWS::IAM::ManagedPolicy');
  expect(statementsOf(policy.Properties.PolicyDocument).map((s: any) => [s.Sid, s.Action])).toEqual([
    ['ReadSecretsTaggedForThePodsNamespaceAndCluster', ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']],
    ['DecryptOnlyThroughSecretsManager', ['kms:Decrypt']],
  ]);
});

test('the role and its policy say whose secrets they read, and by which tags', () => {
  const { template } = built();
  const [, policy] = onlyResource(template, 'AWS::IAM::ManagedPolicy');
  expect(policy.Properties.Description).toBe('Read secrets tagged kubernetes-namespace=<pod namespace>, eks-cluster-name=payments');
  const [, role] = onlyResource(template, 'AWS::IAM::Role');
  expect(role.Properties.Description).toBe(
    'Tenant pods of payments read Secrets Manager secrets tagged for their namespace (EKS Pod Identity)',
  );
});

test("the policy's two wildcard resources are acknowledged, each saying why", () => {
  const { reader } = built();
  const policy = reader.node.findChild('Policy').node.defaultChild!;
  const reasons = policy.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.values(entry.data as Record<string, string>));
  expect(reasons).toEqual([
    'Attribute-based: a secret is readable only when its kubernetes-namespace and eks-cluster-name tags ' +
      'equal the pod session tags EKS Pod Identity sets, so no secret is named here',
    'A secret may be encrypted by the platform key or a team key of this account; kms:ViaService ' +
      'limits use to Secrets Manager decrypting a secret the first statement allows',
  ]);
});
