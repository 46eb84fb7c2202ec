import { z } from 'zod';
import { addonPins, AddonPins, EKS_ADDON_NAMES } from '../shared/eks-addon-versions';
import { defaultSpotAlternatives } from '../cluster/instance-types';
import type { NodeGroupSettings } from '../cluster/zonal-node-groups';
import type { IngressSettings } from '../ingress/ingress-settings';
import type { TenantSettings } from '../tenancy/tenant-namespaces';
import type { TenantPeople } from '../access/people';
import { defaultZones } from './availability-zones';
import { DEFAULT_PUBLIC_ACCESS_CIDRS, DEFAULT_TENANTS, NEW_TENANT_DEFAULTS, platformTags, PROFILE_DEFAULTS } from './profiles';
import type { ThreatDetectionSettings } from '../threat-detection/threat-detection-settings';
import { ALLOWED, configSchema, INGRESS_ALLOWED, NON_STRING_KEYS, ParsedConfig, TENANT_ALLOWED, THREAT_DETECTION_ALLOWED } from './schema';
import { platformNames, PlatformNames } from './names';
import { TAG_KEY_ALLOWED, TAG_VALUE_ALLOWED } from './tag-rules';

/** A user's configuration mistake: printed as is, without a stack trace. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The one validated configuration object that flows down from the app's edge. */
export interface PlatformConfig {
  /** Carried by every name of the environment (`environmentSuffix`), so copies live side by side in one account. */
  readonly environmentSuffix: string;
  /** `ephemeral` or `production` (`platformProfile`): which defaults the settings not given take. */
  readonly profile: ParsedConfig['platformProfile'];
  /** The AWS region the stack is deployed to. */
  readonly region: string;
  /**
   * The AWS account the stack is deployed to.
   * @default none: the app then uses the CLI's account (`CDK_DEFAULT_ACCOUNT`) if set, else the
   * stack is environment-agnostic
   */
  readonly account?: string;
  /** The three zones, one node group and one private subnet in each; named, never looked up. */
  readonly availabilityZones: readonly string[];
  /** The cluster's Kubernetes minor version, e.g. `1.36`: control plane, nodes, kubectl layer and add-ons follow it. */
  readonly kubernetesVersion: ParsedConfig['kubernetesVersion'];
  /** Version and conflict policy of every EKS add-on: the table's row for kubernetesVersion, with `addonVersions` applied. */
  readonly addons: AddonPins;
  /** The three zonal node groups: one shape, one capacity type, one size range, per group. */
  readonly nodeGroups: NodeGroupSettings;
  /** NAT gateways (1 to 3), in the first zones: one per zone means losing a zone cuts no other zone's egress. */
  readonly natGateways: number;
  /** How many zones (the first ones) hold the interface endpoints. */
  readonly interfaceEndpointZones: number;
  /** Who can reach the Kubernetes API endpoint: `public`, `private` or `public-and-private`. */
  readonly endpointAccess: NonNullable<ParsedConfig['endpointAccess']>;
  /** Empty when the endpoint is private. */
  readonly publicAccessCidrs: readonly string[];
  /**
   * An IAM role that gets cluster-admin through an EKS access entry.
   * @default none: no person's role gets an access entry
   */
  readonly adminRoleArn?: string;
  /**
   * The emergency cluster-admin role: its own access entry, and an alarm whenever it is assumed.
   * @default none: no break-glass entry and no alarm
   */
  readonly breakGlassRoleArn?: string;
  /**
   * Roles that read the whole cluster except Secrets.
   * @default none
   */
  readonly auditors?: readonly string[];
  /** Retention of every log group of the environment, in days. */
  readonly logRetentionDays: number;
  /**
   * Subscribed to the alarm topic by e-mail.
   * @default none: the topic has no subscriber (production warns at synth)
   */
  readonly alarmEmail?: string;
  /** `cdk destroy` keeps the control-plane, flow-log and container log groups and the platform key. */
  readonly retainOnDelete: boolean;
  /** Tenant namespace name to its Pod Security level, compute quota and people (their IAM roles). */
  readonly tenants: Readonly<Record<string, TenantSettings & TenantPeople>>;
  /** The certificates of the ingress classes; public ingress is enabled when it has certificates. */
  readonly ingress: IngressSettings;
  /** GuardDuty for the cluster: audit-log and runtime monitoring, and whether this stack owns the detector. */
  readonly threatDetection: ThreatDetectionSettings;
  /** Applied to every taggable resource. */
  readonly tags: Readonly<Record<string, string>>;
  /** Every physical name, derived from the suffix and the region. */
  readonly names: PlatformNames;
}

/** The key naming a JSON file of settings; context values override the file's. */
export const CONFIG_FILE_KEY = 'configFile';

/**
 * Keys that were renamed, to their new names. `profile` collided with the CDK CLI's `--profile`
 * (an AWS credentials profile): `cdk deploy --profile production` deployed the ephemeral stack
 * with production credentials. The CLI keeps its flag out of the context, so refusing the
 * context key never refuses the flag.
 */
const RENAMED_KEYS: Readonly<Record<string, string>> = { profile: 'platformProfile' };

function renamedKeyMessages(input: Record<string, unknown>): string[] {
  return Object.entries(RENAMED_KEYS)
    .filter(([old]) => old in input)
    .map(
      ([old, renamed]) =>
        `"${old}" is no longer a setting (given ${describe(input[old])}): ` +
        `use "${renamed}" (${ALLOWED[renamed as keyof typeof ALLOWED]}); ` +
        `the CDK CLI's --profile names AWS credentials, not the platform profile`,
    );
}

/**
 * CDK puts its own settings in the same context (feature flags such as `@aws-cdk/...`,
 * `aws:cdk:...`, lookup results such as `availability-zones:account=...`): they are not ours.
 */
function isCdkOwnedKey(key: string): boolean {
  return key.startsWith('@') || key.includes(':');
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value);
}

/** `-c minSize=2` arrives as the string "2"; keys that are not strings are parsed as JSON. */
function fromCommandLine(key: string, value: unknown): unknown {
  if (typeof value !== 'string' || !NON_STRING_KEYS.has(key)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function valueAt(input: Record<string, unknown>, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** `["tags", ""]` -> `tags[""]`, `["publicAccessCidrs", 0]` -> `publicAccessCidrs[0]` */
function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const text = String(segment);
      if (index === 0) return text;
      return /^[A-Za-z_][\w-]*$/.test(text) ? `.${text}` : `[${JSON.stringify(text)}]`;
    })
    .join('');
}

/** The lines of the message that report one issue: one, or one per unknown key. */
function formatIssue(issue: z.core.$ZodIssue, input: Record<string, unknown>): string[] {
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? `${issue.path.join('.')}.` : '';
    return issue.keys.map((key) => {
      const value = valueAt(input, [...issue.path, key]);
      const allowedKeys = allowedKeysAt(issue.path).join(', ');
      return `unknown key "${where}${key}" (given ${describe(value)}); allowed keys: ${allowedKeys}`;
    });
  }
  if (issue.code === 'custom' && issue.params && 'key' in issue.params) {
    return [`"${formatPath(issue.path)}" has the key ${JSON.stringify(issue.params.key)}; allowed: ${issue.message}`];
  }
  if (issue.code === 'custom' && issue.params && 'value' in issue.params) {
    return [`"${formatPath(issue.path)}" is ${describe(issue.params.value)}; allowed: ${issue.message}`];
  }
  if (issue.code === 'invalid_key' && issue.path[0] === 'tags') {
    return [`"tags" has the key ${JSON.stringify(String(issue.path[1]))}; allowed: ${TAG_KEY_ALLOWED}`];
  }
  return [`"${formatPath(issue.path)}" is ${describe(valueAt(input, issue.path))}; allowed: ${allowedAt(issue.path)}`];
}

/** The keys an object at this path may have: the top level's, an add-on table's or a tenant's. */
function allowedKeysAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return Object.keys(ALLOWED);
  if (path[0] === 'addonVersions') return EKS_ADDON_NAMES;
  if (path[0] === 'ingress') {
    const prefix = path.length === 1 ? '' : `${String(path[1])}.`;
    return Object.keys(INGRESS_ALLOWED)
      .filter((key) => key.startsWith(prefix) && !key.slice(prefix.length).includes('.'))
      .map((key) => key.slice(prefix.length));
  }
  if (path[0] === 'threatDetection') return Object.keys(THREAT_DETECTION_ALLOWED);
  return Object.keys(TENANT_ALLOWED);
}

/**
 * A tag's value, a setting of one tenant (`tenants.<name>.<key>`) and an ingress setting
 * (`ingress.<class>.<key>`) have their own descriptions; any other path, its top-level key's.
 */
function allowedAt(path: readonly PropertyKey[]): string {
  if (path[0] === 'tags' && path.length === 2) return TAG_VALUE_ALLOWED;
  if (path[0] === 'ingress' && path.length > 1) {
    return INGRESS_ALLOWED[path.slice(1, 3).map(String).join('.')] ?? INGRESS_ALLOWED[String(path[1])] ?? ALLOWED.ingress;
  }
  if (path[0] === 'threatDetection' && path.length > 1) {
    return THREAT_DETECTION_ALLOWED[String(path[1]) as keyof typeof THREAT_DETECTION_ALLOWED] ?? ALLOWED.threatDetection;
  }
  // `tenants.<name>.developers[0]` is described by its list's key.
  const tenantKey = path[0] === 'tenants' && path.length >= 3 ? String(path[2]) : undefined;
  if (tenantKey !== undefined && tenantKey in TENANT_ALLOWED) return TENANT_ALLOWED[tenantKey as keyof typeof TENANT_ALLOWED];
  return ALLOWED[String(path[0]) as keyof typeof ALLOWED];
}

/**
 * Reads the settings from CDK context (and the optional JSON file it names), validates them
 * once, and fills in the profile's defaults. Throws a ConfigError naming every bad key, its
 * value and what is allowed; nothing is built before this returns.
 */
export function loadConfig(context: Record<string, unknown>, readFile: (path: string) => string): PlatformConfig {
  const fromContext: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) {
    if (!isCdkOwnedKey(key) && key !== CONFIG_FILE_KEY) fromContext[key] = fromCommandLine(key, value);
  }
  const input = { ...readConfigFile(context[CONFIG_FILE_KEY], readFile), ...fromContext };

  const renamed = renamedKeyMessages(input);
  const withoutRenamed = Object.fromEntries(Object.entries(input).filter(([key]) => !(key in RENAMED_KEYS)));
  const result = configSchema.safeParse(withoutRenamed);
  if (renamed.length > 0 || !result.success) {
    const lines = [...renamed, ...(result.success ? [] : result.error.issues.flatMap((issue) => formatIssue(issue, input)))];
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return resolveDefaults(result.data);
}

function readConfigFile(path: unknown, readFile: (path: string) => string): Record<string, unknown> {
  if (path === undefined) return {};
  if (typeof path !== 'string' || path.length === 0) {
    throw new ConfigError(`Invalid configuration:\n  "${CONFIG_FILE_KEY}" is ${describe(path)}; allowed: a path to a JSON file`);
  }
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration:\n  "${CONFIG_FILE_KEY}" is "${path}"; the file cannot be read (${(error as Error).message})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration:\n  "${CONFIG_FILE_KEY}" is "${path}"; the file is not valid JSON (${(error as Error).message})`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`Invalid configuration:\n  "${CONFIG_FILE_KEY}" is "${path}"; the file must hold a JSON object of settings`);
  }
  // `$schema` points editors at platform-config.schema.json; it is no setting.
  const { $schema: _forEditors, ...settings } = parsed as Record<string, unknown>;
  return settings;
}

function resolveDefaults(parsed: ParsedConfig): PlatformConfig {
  const profileDefaults = PROFILE_DEFAULTS[parsed.platformProfile];
  const endpointAccess = parsed.endpointAccess ?? profileDefaults.endpointAccess;
  const capacityType = parsed.nodeCapacityType ?? profileDefaults.nodeCapacityType;
  const tenants = resolveTenants(parsed.tenants ?? {});
  return {
    environmentSuffix: parsed.environmentSuffix,
    profile: parsed.platformProfile,
    region: parsed.region,
    account: parsed.account,
    availabilityZones: parsed.availabilityZones ?? defaultZones(parsed.region),
    kubernetesVersion: parsed.kubernetesVersion,
    addons: addonPins(parsed.kubernetesVersion, parsed.addonVersions),
    nodeGroups: {
      instanceTypes:
        capacityType === 'spot'
          ? [parsed.nodeInstanceType, ...(parsed.spotInstanceTypes ?? defaultSpotAlternatives(parsed.nodeInstanceType))]
          : [parsed.nodeInstanceType],
      capacityType,
      minSize: parsed.minSize,
      desiredSize: parsed.desiredSize,
      maxSize: parsed.maxSize,
      rollout: parsed.nodeGroupRollout ?? profileDefaults.nodeGroupRollout,
      forceUpdate: parsed.forceNodeUpdate ?? profileDefaults.forceNodeUpdate,
    },
    natGateways: parsed.natGateways ?? profileDefaults.natGateways,
    interfaceEndpointZones: parsed.interfaceEndpointZones ?? profileDefaults.interfaceEndpointZones,
    endpointAccess,
    publicAccessCidrs: endpointAccess === 'private' ? [] : (parsed.publicAccessCidrs ?? DEFAULT_PUBLIC_ACCESS_CIDRS),
    adminRoleArn: parsed.adminRoleArn,
    breakGlassRoleArn: parsed.breakGlassRoleArn,
    auditors: parsed.auditors,
    logRetentionDays: parsed.logRetentionDays ?? profileDefaults.logRetentionDays,
    alarmEmail: parsed.alarmEmail,
    retainOnDelete: parsed.retainOnDelete ?? profileDefaults.retainOnDelete,
    tenants,
    ingress: {
      internalCertificateArn: parsed.ingress?.internal?.certificateArn,
      publicCertificateArns: parsed.ingress?.public?.enabled ? parsed.ingress.public.certificateArns : undefined,
    },
    threatDetection: { ...profileDefaults.threatDetection, ...definedOnly(parsed.threatDetection) },
    tags: { ...platformTags(parsed.environmentSuffix), ...parsed.tags },
    names: platformNames(parsed.environmentSuffix, parsed.region),
  };
}

/** The keys a user gave, without the ones zod left `undefined`, so they do not hide a default. */
function definedOnly<T extends object>(given: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(given ?? {}).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Each tenant key left out comes from the default tenant of that name, or is restricted/100/200Gi for a new one. */
function resolveTenants(given: NonNullable<ParsedConfig['tenants']>): Record<string, TenantSettings & TenantPeople> {
  const names = new Set([...Object.keys(DEFAULT_TENANTS), ...Object.keys(given)]);
  return Object.fromEntries([...names].map((name) => [name, { ...(DEFAULT_TENANTS[name] ?? NEW_TENANT_DEFAULTS), ...given[name] }]));
}
