import type { EndpointAccessMode, PodSecurityLevel, Profile } from './schema';

export interface ProfileDefaults {
  readonly natGateways: number;
  readonly endpointAccess: EndpointAccessMode;
  readonly logRetentionDays: number;
}

/**
 * What differs between a pull-request environment and production. Everything here can be
 * overridden per key; the profile only chooses the defaults.
 */
export const PROFILE_DEFAULTS: Record<Profile, ProfileDefaults> = {
  // One NAT gateway and a week of logs: cheap enough for many short-lived copies a day.
  ephemeral: { natGateways: 1, endpointAccess: 'public-and-private', logRetentionDays: 7 },
  // A NAT gateway per zone so losing a zone does not cut egress; a year of logs for audit.
  production: { natGateways: 3, endpointAccess: 'private', logRetentionDays: 365 },
};

export interface TenantDefaults {
  readonly enforce: PodSecurityLevel;
  readonly cpu: string;
  readonly memory: string;
}

/** The tenant namespaces of the brief (R9, S1); any tenant added in config defaults to `restricted`. */
export const DEFAULT_TENANTS: Record<string, TenantDefaults> = {
  dev: { enforce: 'baseline', cpu: '100', memory: '200Gi' },
  staging: { enforce: 'baseline', cpu: '100', memory: '200Gi' },
  prod: { enforce: 'restricted', cpu: '100', memory: '200Gi' },
};

/** Public endpoint allow-list when none is configured: open, but only for ephemeral profiles. */
export const DEFAULT_PUBLIC_ACCESS_CIDRS = ['0.0.0.0/0'];
