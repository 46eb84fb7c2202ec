import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { createEksToken, SigningCredentials } from './eks-token';

/** What a Kubernetes client needs to reach an EKS cluster's API as an AWS identity. */
export interface ClusterAccess {
  readonly clusterName: string;
  /** The API server endpoint. */
  readonly server: string;
  /** The cluster's certificate authority, base64 PEM. */
  readonly caData?: string;
  /** A bearer token as `aws eks get-token` makes it; EKS accepts it for 15 minutes. */
  readonly token: string;
}

/**
 * The access to an EKS cluster for the identity of `credentials`: endpoint and certificate
 * authority from EKS DescribeCluster, a token signed with the credentials. The identity still
 * needs an EKS access entry for the API server to let it in.
 */
export async function eksClusterAccess(
  eks: EKSClient,
  clusterName: string,
  credentials: SigningCredentials,
  signingDate = new Date(),
): Promise<ClusterAccess> {
  const { cluster } = await eks.send(new DescribeClusterCommand({ name: clusterName }));
  if (!cluster?.endpoint) throw new Error(`EKS names no API endpoint for ${clusterName} (status ${cluster?.status ?? 'unknown'})`);
  const region = await eks.config.region();
  const token = await createEksToken({ clusterName, region, credentials, signingDate });
  return { clusterName, server: cluster.endpoint, caData: cluster.certificateAuthority?.data, token };
}

/** The options of `KubeConfig.loadFromOptions` (@kubernetes/client-node) for this access, as user `user`. */
export function kubeConfigOptions(access: ClusterAccess, user: string) {
  return {
    clusters: [{ name: access.clusterName, server: access.server, caData: access.caData }],
    users: [{ name: user, token: access.token }],
    contexts: [{ name: user, cluster: access.clusterName, user }],
    currentContext: user,
  };
}
