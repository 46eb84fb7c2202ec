import * as eks from 'aws-cdk-lib/aws-eks-v2';

/**
 * Who can reach the Kubernetes API server: only the VPC, or the VPC and the public CIDRs. There is
 * no public-only mode: aws-cdk-lib refuses to limit a public-only endpoint to CIDRs, because its
 * kubectl provider reaches the endpoint from the private subnets.
 */
export const ENDPOINT_ACCESS_MODES = ['private', 'public-and-private'] as const;
export type EndpointAccessMode = (typeof ENDPOINT_ACCESS_MODES)[number];

/** The EKS endpoint access of a mode; the public side admits only `cidrs`. */
export function endpointAccess(mode: EndpointAccessMode, cidrs: readonly string[]): eks.EndpointAccess {
  switch (mode) {
    case 'private':
      return eks.EndpointAccess.PRIVATE;
    case 'public-and-private':
      return eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...cidrs);
  }
}
