import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { acknowledgeWildcardResource } from '../compliance/acknowledgements';

/** The service account a tenant's pods run as to read their secrets: one fixed name in every tenant namespace. */
export const SECRETS_READER_SERVICE_ACCOUNT = 'secrets-reader';

/**
 * Session tags EKS Pod Identity sets on every session it opens (EKS User Guide, "List of session
 * tags added by EKS Pod Identity"); a secret carries the first two as resource tags to be read.
 */
export const POD_IDENTITY_TAGS = {
  namespace: 'kubernetes-namespace',
  clusterName: 'eks-cluster-name',
  clusterArn: 'eks-cluster-arn',
  serviceAccount: 'kubernetes-service-account',
} as const;

const SECRET_READ_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];
const DECRYPT_ACTIONS = ['kms:Decrypt'];

export interface SecretsReaderProps {
  /** The cluster whose tenant pods read secrets. */
  readonly cluster: eks.ICluster;
  /** The cluster's name, as Pod Identity tags the session with it. */
  readonly clusterName: string;
  /** Tenant namespace name to the manifest that creates it: one association per namespace. */
  readonly namespaces: Readonly<Record<string, IDependable>>;
}

/**
 * One role for every tenant's pods, reached through EKS Pod Identity: a pod reads a Secrets
 * Manager secret only when the secret's tags name the pod's namespace and this cluster, the
 * values Pod Identity puts in the session's tags. A new tenant or secret needs no policy edit,
 * and no tenant can read another's secret, whatever the secret's name.
 */
export class SecretsReader extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: SecretsReaderProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const tenantNamespaces = Object.keys(props.namespaces);

    // Pod Identity assumes the role for any association naming it, in any cluster of the account:
    // the request tags it sets pin that to this cluster, a tenant namespace and the fixed account.
    this.role = new iam.Role(this, 'Role', {
      description: `Tenant pods of ${props.clusterName} read Secrets Manager secrets tagged for their namespace (EKS Pod Identity)`,
      // Pod Identity tags the session it opens, so TagSession is allowed under the same conditions.
      assumedBy: new iam.SessionTagsPrincipal(
        new iam.ServicePrincipal('pods.eks.amazonaws.com').withConditions({
          StringEquals: {
            [`aws:RequestTag/${POD_IDENTITY_TAGS.clusterArn}`]: props.cluster.clusterArn,
            [`aws:RequestTag/${POD_IDENTITY_TAGS.namespace}`]: tenantNamespaces,
            [`aws:RequestTag/${POD_IDENTITY_TAGS.serviceAccount}`]: SECRETS_READER_SERVICE_ACCOUNT,
          },
        }),
      ),
    });

    const secretsOfAccount = stack.formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: '*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const keysOfAccount = stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description:
        `Read secrets tagged ${POD_IDENTITY_TAGS.namespace}=<pod namespace>, ` + `${POD_IDENTITY_TAGS.clusterName}=${props.clusterName}`,
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadSecretsTaggedForThePodsNamespaceAndCluster',
          actions: SECRET_READ_ACTIONS,
          resources: [secretsOfAccount],
          // aws:ResourceTag, which Secrets Manager evaluates on a secret like its own
          // secretsmanager:ResourceTag alias; only the global key is one the IAM evaluator of the
          // access tests knows, so the global key is the one proven.
          conditions: {
            StringEquals: {
              [`aws:ResourceTag/${POD_IDENTITY_TAGS.namespace}`]: `\${aws:PrincipalTag/${POD_IDENTITY_TAGS.namespace}}`,
              [`aws:ResourceTag/${POD_IDENTITY_TAGS.clusterName}`]: `\${aws:PrincipalTag/${POD_IDENTITY_TAGS.clusterName}}`,
            },
          },
        }),
        // A secret may use the platform key or a team's key of this account; either way the key
        // is only usable while Secrets Manager decrypts a secret for the pod, never directly.
        new iam.PolicyStatement({
          sid: 'DecryptOnlyThroughSecretsManager',
          actions: DECRYPT_ACTIONS,
          resources: [keysOfAccount],
          conditions: {
            StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com`, 'kms:CallerAccount': stack.account },
          },
        }),
      ],
    });
    const cfnPolicy = policy.node.defaultChild as iam.CfnManagedPolicy;
    acknowledgeWildcardResource(
      cfnPolicy,
      'Attribute-based: a secret is readable only when its kubernetes-namespace and eks-cluster-name tags ' +
        'equal the pod session tags EKS Pod Identity sets, so no secret is named here',
      secretsOfAccount,
      SECRET_READ_ACTIONS,
    );
    acknowledgeWildcardResource(
      cfnPolicy,
      'A secret may be encrypted by the platform key or a team key of this account; kms:ViaService ' +
        'limits use to Secrets Manager decrypting a secret the first statement allows',
      keysOfAccount,
      DECRYPT_ACTIONS,
    );

    for (const [namespace, namespaceResource] of Object.entries(props.namespaces)) {
      const association = new eks.CfnPodIdentityAssociation(this, `Association-${namespace}`, {
        clusterName: props.cluster.clusterName,
        namespace,
        serviceAccount: SECRETS_READER_SERVICE_ACCOUNT,
        roleArn: this.role.roleArn,
      });
      association.node.addDependency(namespaceResource);
    }
  }
}
