/**
 * Every physical name the platform gives, derived from the suffix in one place so that many
 * copies (one per pull request) live side by side in one account and a reader can find any
 * resource by name.
 */
export interface PlatformNames {
  /** The stack: `FintechEksPlatform-<suffix>`. */
  readonly stack: string;
  /** The EKS cluster, `fintech-eks-<suffix>`, which the other names start from. */
  readonly cluster: string;
  /** The platform key's alias, without the `alias/` prefix that the Alias construct adds. */
  readonly kmsAlias: string;
  /** Where EKS writes control-plane logs: `/aws/eks/<cluster>/cluster`, the only name it uses. */
  readonly controlPlaneLogGroup: string;
  /** Where the VPC flow logs go. */
  readonly flowLogGroup: string;
  /** Where Fluent Bit ships container logs. */
  readonly containerLogGroup: string;
  /** The SSM SecureString parameter holding the Fluent Bit configuration. */
  readonly fluentBitConfigParameter: string;
  /** Where the Container Insights agent writes its performance events (the source of its metrics). */
  readonly containerInsightsLogGroup: string;
  /** Each Lambda function of the stack logs to `<this>/<its construct path>`. */
  readonly lambdaLogGroupPrefix: string;
  /** Every log group of the environment starts with one of these (each ends in `/`), or is one of `logGroupsByName`. */
  readonly logGroupPrefixes: readonly string[];
  /**
   * The log groups of the environment outside those prefixes, by whole name: the web ACL's, which
   * WAF requires to start with `aws-waf-logs-` (as a prefix it would match suffix `pr4`'s and `pr42`'s).
   */
  readonly logGroupsByName: readonly string[];
  /** Custom metric namespace of the metric filters over Fluent Bit's own log lines. */
  readonly fluentBitMetricNamespace: string;
  /** The SNS topic the alarms notify. */
  readonly alarmTopic: string;
  /**
   * What every alarm name of this environment starts with, and no other environment's does:
   * the alarm topic and the key let CloudWatch act only for alarms named so.
   */
  readonly alarmNamePrefix: string;
  /** The CloudWatch dashboard; dashboards are global to the account, so the region is in it. */
  readonly dashboard: string;
  /** The EventBridge rule that alarms when the break-glass role is assumed; the topic admits EventBridge for it alone. */
  readonly breakGlassRule: string;
  /** The EventBridge rule routing this cluster's GuardDuty findings to the alarm topic, which admits EventBridge for it alone. */
  readonly threatFindingsRule: string;
  /** The regional web ACL of the public ingress class. */
  readonly webAcl: string;
  /** Where the web ACL logs go; WAF accepts only groups named `aws-waf-logs-...`. */
  readonly webAclLogGroup: string;
  /** The EKS name of a zone's node group. */
  readonly nodeGroup: (zone: string) => string;
  /** `EksClusterEndpoint` -> `EksClusterEndpoint<suffix>`, the CloudFormation export of an output. */
  readonly exportName: (outputKey: string) => string;
}

export function platformNames(suffix: string, region: string): PlatformNames {
  const cluster = `fintech-eks-${suffix}`;
  const webAclLogGroup = `aws-waf-logs-${cluster}`;
  return {
    stack: `FintechEksPlatform-${suffix}`,
    cluster,
    // The CDK Alias construct adds the `alias/` prefix itself; with it here the alias would be `alias/alias/...`.
    kmsAlias: `eks-secrets-${suffix}`,
    // EKS writes control-plane logs to exactly this group; the stack creates it first.
    controlPlaneLogGroup: `/aws/eks/${cluster}/cluster`,
    flowLogGroup: `/aws/vpc/${cluster}/flow-logs`,
    containerLogGroup: `/aws/eks/${cluster}/containers`,
    fluentBitConfigParameter: `/${cluster}/fluent-bit/config`,
    // The agent writes to exactly this group; the stack creates it first, as for the control plane.
    containerInsightsLogGroup: `/aws/containerinsights/${cluster}/performance`,
    lambdaLogGroupPrefix: `/aws/lambda/${cluster}`,
    logGroupPrefixes: ['eks', 'vpc', 'containerinsights', 'lambda'].map((service) => `/aws/${service}/${cluster}/`),
    fluentBitMetricNamespace: `FluentBit/${cluster}`,
    alarmTopic: `${cluster}-alarms`,
    // A dot, which a suffix cannot hold: with `${cluster}-` the prefix of suffix `dev` would
    // also match the alarms of suffix `dev-2`.
    alarmNamePrefix: `${cluster}.`,
    // Dashboards are global to the account (their ARN has no region): the region tells copies apart.
    dashboard: `${cluster}-${region}-observability`,
    breakGlassRule: `${cluster}-break-glass-assumed`,
    threatFindingsRule: `${cluster}-guardduty-findings`,
    webAcl: `${cluster}-public-ingress`,
    webAclLogGroup,
    logGroupsByName: [webAclLogGroup],
    nodeGroup: (zone) => `${cluster}-ng-${zone}`,
    exportName: (outputKey) => `Eks${outputKey}${suffix}`,
  };
}
