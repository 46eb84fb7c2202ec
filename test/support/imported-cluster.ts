import type { Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';

const OIDC_PROVIDER_ARN = 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const KUBECTL_SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:111122223333:function:payments-kubectl';

/**
 * The cluster `payments` imported into a bare stack, for the tests of one construct: with the
 * kubectl provider its manifests and charts go through, and, when asked, the OIDC provider its
 * IRSA roles trust and a cluster security group.
 */
export function importedCluster(stack: Stack, options: { oidc?: boolean; securityGroupId?: string } = {}): eks.ICluster {
  return eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
    clusterName: 'payments',
    ...(options.securityGroupId ? { clusterSecurityGroupId: options.securityGroupId } : {}),
    ...(options.oidc
      ? { openIdConnectProvider: iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc', OIDC_PROVIDER_ARN) }
      : {}),
    kubectlProvider: eks.KubectlProvider.fromKubectlProviderAttributes(stack, 'Kubectl', { serviceToken: KUBECTL_SERVICE_TOKEN }),
  });
}
