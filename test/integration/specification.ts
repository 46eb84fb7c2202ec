/**
 * What the deployment must be, written from the specification (REQUIREMENTS.md) and the README,
 * not imported from lib/config: if the code under test got a default wrong, the suite still
 * expects the right value.
 */

/** R2: the five control-plane log types, as the EKS API names them. */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/**
 * O4 and README (EKS add-ons): every one of these runs as a managed add-on at a pinned version;
 * O9 the Secrets Store CSI driver with the AWS provider, O10 the GuardDuty runtime agent.
 */
export const EKS_ADDONS = [
  'vpc-cni',
  'kube-proxy',
  'coredns',
  'eks-pod-identity-agent',
  'amazon-cloudwatch-observability',
  'aws-secrets-store-csi-driver-provider',
  'aws-guardduty-agent',
] as const;

export type PodSecurityLevel = 'baseline' | 'restricted';

export interface TenantSpec {
  readonly enforce: PodSecurityLevel;
  /** ResourceQuota for requests.cpu and limits.cpu. */
  readonly cpu: string;
  /** ResourceQuota for requests.memory and limits.memory. */
  readonly memory: string;
}

/** R9 and S1: three tenants, each with 100 CPU cores and 200Gi; prod restricted, dev and staging baseline. */
export const TENANTS: Readonly<Record<string, TenantSpec>> = {
  dev: { enforce: 'baseline', cpu: '100', memory: '200Gi' },
  staging: { enforce: 'baseline', cpu: '100', memory: '200Gi' },
  prod: { enforce: 'restricted', cpu: '100', memory: '200Gi' },
};

/** README (Adding a tenant): a tenant added without settings is restricted with the same quota. */
export const NEW_TENANT: TenantSpec = { enforce: 'restricted', cpu: '100', memory: '200Gi' };

/** README (Quotas and container defaults): what a container that declares nothing gets. */
export const CONTAINER_DEFAULTS = {
  defaultRequest: { cpu: '100m', memory: '128Mi' },
  default: { cpu: '500m', memory: '512Mi' },
};

export interface ProfileSpec {
  /** S2: one NAT gateway for pull-request environments, one per zone for production. */
  readonly natGateways: number;
  /** S3: 7 days for ephemeral environments; production keeps a year. */
  readonly logRetentionDays: number;
}

/** Per profile, as the table in the README's Configuration section gives them. */
export const PROFILES: Readonly<Record<string, ProfileSpec>> = {
  ephemeral: { natGateways: 1, logRetentionDays: 7 },
  production: { natGateways: 3, logRetentionDays: 365 },
};
