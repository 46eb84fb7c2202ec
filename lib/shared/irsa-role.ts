import { CfnJson } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface IrsaRoleProps {
  /** The cluster whose OIDC provider the role trusts. */
  readonly cluster: eks.ICluster;
  /** Namespace of the one service account that may assume the role. */
  readonly namespace: string;
  /** Name of that service account (it need not exist yet: the role does not create it). */
  readonly serviceAccountName: string;
  /** The role's description, as IAM shows it. */
  readonly description: string;
  /** Customer-managed policies only: the compliance packs flag inline policies. */
  readonly managedPolicies: iam.IManagedPolicy[];
}

/**
 * An IAM role that exactly one Kubernetes service account may assume through the cluster's
 * OIDC provider (IRSA). Unlike `cluster.addServiceAccount`, it does not create the service
 * account, so it also serves accounts that an EKS add-on creates itself. CloudFormation names
 * the role (IAM names are global: a name of ours would collide with the same suffix in another
 * region).
 */
export function createIrsaRole(scope: Construct, id: string, props: IrsaRoleProps): iam.Role {
  const provider = props.cluster.openIdConnectProvider;
  // The issuer is only known at deploy time, and condition keys cannot be tokens: CfnJson
  // defers building the condition object to CloudFormation.
  const conditions = new CfnJson(scope, `${id}TrustConditions`, {
    value: {
      [`${provider.openIdConnectProviderIssuer}:aud`]: 'sts.amazonaws.com',
      [`${provider.openIdConnectProviderIssuer}:sub`]: `system:serviceaccount:${props.namespace}:${props.serviceAccountName}`,
    },
  });
  return new iam.Role(scope, id, {
    description: props.description,
    assumedBy: new iam.OpenIdConnectPrincipal(provider).withConditions({ StringEquals: conditions }),
    managedPolicies: props.managedPolicies,
  });
}
