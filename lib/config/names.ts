/**
 * Every physical name the platform gives, derived from the suffix in one place so that many
 * copies (one per pull request) live side by side in one account and a reader can find any
 * resource by name.
 */
export interface PlatformNames {
  readonly stack: string;
  readonly cluster: string;
  readonly kmsAlias: string;
  readonly controlPlaneLogGroup: string;
  readonly flowLogGroup: string;
  readonly containerLogGroup: string;
  readonly fluentBitConfigParameter: string;
  readonly nodeGroup: (zone: string) => string;
  readonly role: (purpose: string) => string;
  /** `EksClusterEndpoint` -> `EksClusterEndpoint<suffix>`, the CloudFormation export of an output. */
  readonly exportName: (outputKey: string) => string;
}

export function platformNames(suffix: string): PlatformNames {
  const cluster = `fintech-eks-${suffix}`;
  return {
    stack: `FintechEksPlatform-${suffix}`,
    cluster,
    // The CDK Alias construct adds the `alias/` prefix itself (review issue 6).
    kmsAlias: `eks-secrets-${suffix}`,
    // EKS writes control-plane logs to exactly this group; the stack creates it first.
    controlPlaneLogGroup: `/aws/eks/${cluster}/cluster`,
    flowLogGroup: `/aws/vpc/${cluster}/flow-logs`,
    containerLogGroup: `/aws/eks/${cluster}/containers`,
    fluentBitConfigParameter: `/${cluster}/fluent-bit/config`,
    nodeGroup: (zone) => `${cluster}-ng-${zone}`,
    role: (purpose) => `${cluster}-${purpose}`,
    exportName: (outputKey) => `Eks${outputKey}${suffix}`,
  };
}
