import * as eks from 'aws-cdk-lib/aws-eks-v2';

/** Who can reach the Kubernetes API server: from the internet, only from the VPC, or both. */
export const ENDPOINT_ACCESS_MODES = ['public', 'private', 'public-and-private'] as const;
export type EndpointAccessMode = (typeof ENDPOINT_ACCESS_MODES)[number];

/** The EKS endpoint access of a mode; the public modes admit only `cidrs`. */
export function endpointAccess(mode: EndpointAccessMode, cidrs: readonly string[]): eks.EndpointAccess {
  switch (mode) {
    case 'private':
      return eks.EndpointAccess.PRIVATE;
    case 'public':
      return eks.EndpointAccess.PUBLIC.onlyFrom(...cidrs);
    case 'public-and-private':
      return eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...cidrs);
  }
}
