import type { EndpointAccessMode } from '../cluster/endpoint-access';
import type { CapacityType } from '../cluster/instance-types';
import type { NodeGroupRollout } from '../cluster/zonal-node-groups';
import type { TenantSettings } from '../tenancy/tenant-namespaces';
import type { ThreatDetectionSettings } from '../threat-detection/threat-detection-settings';
import type { Profile } from './schema';

export interface ProfileDefaults {
  readonly natGateways: number;
  readonly endpointAccess: EndpointAccessMode;
  readonly logRetentionDays: number;
  /** Whether `cdk destroy` keeps the audit trail: the control-plane, flow-log and container log groups and the key. */
  readonly retainOnDelete: boolean;
  readonly nodeCapacityType: CapacityType;
  readonly interfaceEndpointZones: number;
  readonly nodeGroupRollout: NodeGroupRollout;
  /** Whether a node group update evicts pods a PodDisruptionBudget still protects once the drain times out. */
  readonly forceNodeUpdate: boolean;
  /** GuardDuty for the cluster; neither profile owns the account's detector unless told to. */
  readonly threatDetection: ThreatDetectionSettings;
}

/**
 * What differs between a pull-request environment and production. Everything here can be
 * overridden per key; the profile only chooses the defaults.
 */
export const PROFILE_DEFAULTS: Record<Profile, ProfileDefaults> = {
  // One NAT gateway, a week of logs, Spot nodes and the interface endpoints in one zone: cheap
  // enough for many short-lived copies a day (README, Cost: the trade-offs). A destroy leaves nothing behind.
  // The node groups are created and updated in parallel (a shorter deploy), and an update never
  // waits on a PodDisruptionBudget: a pull-request environment has no traffic to protect.
  ephemeral: {
    natGateways: 1,
    endpointAccess: 'public-and-private',
    logRetentionDays: 7,
    retainOnDelete: false,
    nodeCapacityType: 'spot',
    interfaceEndpointZones: 1,
    nodeGroupRollout: 'parallel',
    forceNodeUpdate: true,
    // Runtime monitoring stays on: it costs about 2 cents an hour for a pull-request copy (six
    // vCPUs at the per-vCPU rate; the guardduty-data endpoint is free), and the pull request is
    // where the pinned agent is proven to install before production. Audit-log monitoring is
    // the account detector's, with no per-cluster switch; a PR cluster's few events cost cents.
    threatDetection: { auditLogMonitoring: true, runtimeMonitoring: 'platform', ownDetector: false },
  },
  // A NAT gateway and endpoints in every zone so losing a zone cuts nothing; a year of logs for
  // audit; On-Demand nodes, never reclaimed. A destroy keeps the audit trail (logs and the key
  // that decrypts them); a re-deploy adopts it. Node updates roll one zone at a time and never
  // evict a pod its PodDisruptionBudget protects: a stuck drain fails the deploy instead.
  production: {
    natGateways: 3,
    endpointAccess: 'private',
    logRetentionDays: 365,
    retainOnDelete: true,
    nodeCapacityType: 'on-demand',
    interfaceEndpointZones: 3,
    nodeGroupRollout: 'zone-by-zone',
    forceNodeUpdate: false,
    threatDetection: { auditLogMonitoring: true, runtimeMonitoring: 'platform', ownDetector: false },
  },
};

/**
 * The tenant namespaces of the brief (R9, S1). A tenant set in config keeps these values for
 * the keys it leaves out, so `{"dev": {"cpu": "50"}}` changes dev's quota and nothing else.
 */
export const DEFAULT_TENANTS: Readonly<Record<string, TenantSettings>> = {
  dev: { enforce: 'baseline', cpu: '100', memory: '200Gi' },
  staging: { enforce: 'baseline', cpu: '100', memory: '200Gi' },
  prod: { enforce: 'restricted', cpu: '100', memory: '200Gi' },
};

/** A tenant added in config is `restricted` unless it says otherwise: the cluster's baseline (R8). */
export const NEW_TENANT_DEFAULTS: TenantSettings = { enforce: 'restricted', cpu: '100', memory: '200Gi' };

/** Public endpoint allow-list when none is configured: open, but only for ephemeral profiles. */
export const DEFAULT_PUBLIC_ACCESS_CIDRS = ['0.0.0.0/0'];

/**
 * R11: the tags every resource of the environment carries, whatever the configuration adds.
 * A configured tag of the same key replaces the value.
 */
export function platformTags(environmentSuffix: string): Readonly<Record<string, string>> {
  return { Environment: 'Production', CostCenter: 'FinTech', EnvironmentSuffix: environmentSuffix };
}

export const PLATFORM_TAG_KEYS: readonly string[] = Object.keys(platformTags(''));
