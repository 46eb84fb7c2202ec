import { z } from 'zod';
import { ADDON_VERSION_PATTERN, EKS_ADDON_NAMES } from '../shared/eks-addon-versions';
import { ENDPOINT_ACCESS_MODES } from '../cluster/endpoint-access';
import { CAPACITY_TYPES, defaultSpotAlternatives, sameShape } from '../cluster/instance-types';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../shared/kubernetes-version';
import { NODE_GROUP_ROLLOUTS } from '../cluster/zonal-node-groups';
import { CONTAINER_DEFAULTS, cpuMillicores, memoryBytes } from '../tenancy/container-defaults';
import { PLATFORM_EXEMPT_NAMESPACES } from '../tenancy/platform-namespaces';
import { TENANT_POD_SECURITY_LEVELS } from '../shared/pod-security-labels';
import { RUNTIME_MONITORING_MODES } from '../threat-detection/threat-detection-settings';
import { checkZones, KNOWN_REGION_ZONES } from './availability-zones';
import { INSTANCE_CATALOGUE_ALLOWED, isKnownInstanceType } from './instance-catalogue';
import { PROFILE_DEFAULTS } from './profiles';
import { checkTags, MAX_CONFIGURED_TAGS, TAG_KEY_PATTERN, TAG_VALUE_PATTERN } from './tag-rules';

/**
 * The retention periods CloudWatch Logs accepts (PutRetentionPolicy).
 * Any other number is rejected by the service at deploy time, so we reject it at synth.
 */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const PROFILES = ['ephemeral', 'production'] as const;
export type Profile = (typeof PROFILES)[number];

/** Namespaces the platform owns: a tenant of the same name would put deny-all policies on them. */
export const RESERVED_NAMESPACES: readonly string[] = ['default', ...PLATFORM_EXEMPT_NAMESPACES];

/**
 * The longest suffix for which every derived name stays within its AWS limit. The tightest is
 * the node group name (63): `fintech-eks-<suffix>-ng-<zone>` with a zone id of up to 20
 * characters leaves 27. IAM roles carry no name of ours (CloudFormation names them).
 */
export const MAX_SUFFIX_LENGTH = 20;

const SUFFIX_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const INSTANCE_TYPE_PATTERN = /^[a-z][a-z0-9-]*\.(nano|micro|small|medium|large|metal|\d*xlarge)$/;
const EXAMPLE_ROLE_ARN = 'arn:aws:iam::123456789012:role/PaymentsDevelopers';
const ROLE_ARN_PATTERN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@\-/]{1,512}$/;
const ACCOUNT_PATTERN = /^\d{12}$/;
const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const K8S_NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const QUANTITY_CPU_PATTERN = /^\d+(\.\d+)?m?$/;
const QUANTITY_MEMORY_PATTERN = /^\d+(Ki|Mi|Gi|Ti)?$/;
/** An ACM certificate ARN; its region (group 2) must be the stack's: a load balancer uses certificates of its own region only. */
const ACM_CERTIFICATE_ARN_PATTERN =
  /^arn:aws(-cn|-us-gov)?:acm:([a-z]{2}(-gov)?-[a-z]+-\d):\d{12}:certificate\/[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/;
/** An application load balancer takes its default certificate and up to 25 more per listener. */
const MAX_PUBLIC_CERTIFICATES = 25;

const IPV4_CIDR_SHAPE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function cidrNumbersInRange(value: string): boolean {
  const match = IPV4_CIDR_SHAPE.exec(value);
  // A value of another shape is reported by the pattern check alone.
  if (!match) return true;
  const octets = match.slice(1, 5).map(Number);
  return octets.every((o) => o <= 255) && Number(match[5]) <= 32;
}

const nodeCount = z.number().int().min(0).max(100);

/**
 * A tenant's settings; each one left out comes from the tenant of the same name in
 * DEFAULT_TENANTS, or for a new tenant from NEW_TENANT_DEFAULTS (profiles.ts).
 */
const tenantSchema = z
  .strictObject({
    /** Pod Security Standard enforced in the namespace; audit and warn are always `restricted`. */
    enforce: z.enum(TENANT_POD_SECURITY_LEVELS).optional(),
    /** ResourceQuota for requests and limits alike. */
    cpu: z.string().regex(QUANTITY_CPU_PATTERN).optional(),
    memory: z.string().regex(QUANTITY_MEMORY_PATTERN).optional(),
    developers: z.array(z.string().regex(ROLE_ARN_PATTERN)).min(1).optional(),
    viewers: z.array(z.string().regex(ROLE_ARN_PATTERN)).min(1).optional(),
    deployer: z.string().regex(ROLE_ARN_PATTERN).optional(),
  })
  .superRefine((tenant, ctx) => {
    // A quota below the LimitRange's default limit rejects every pod that declares no resources.
    const { limit } = CONTAINER_DEFAULTS;
    const belowLimit = (key: 'cpu' | 'memory', value: string, measure: (quantity: string) => number | undefined) => {
      const amount = measure(value);
      // A value that is no quantity at all is reported by the pattern check alone.
      if (amount === undefined || amount >= measure(limit[key])!) return;
      const resource = key === 'cpu' ? 'CPU' : 'memory';
      const message = `at least "${limit[key]}", the default ${resource} limit the namespace's LimitRange gives each container`;
      ctx.addIssue({ code: 'custom', path: [key], params: { value }, message });
    };
    if (tenant.cpu !== undefined) belowLimit('cpu', tenant.cpu, cpuMillicores);
    if (tenant.memory !== undefined) belowLimit('memory', tenant.memory, memoryBytes);
  });

/** What each tenant key allows; used in the messages about `tenants.<name>.<key>`. */
export const TENANT_ALLOWED: Record<keyof z.output<typeof tenantSchema>, string> = {
  enforce: `${TENANT_POD_SECURITY_LEVELS.map((l) => `"${l}"`).join(' or ')} ("privileged" is kept for the platform's own namespaces)`,
  cpu: `a CPU quantity such as "100" or "500m", at least "${CONTAINER_DEFAULTS.limit.cpu}"`,
  memory: `a memory quantity such as "200Gi" or "512Mi", at least "${CONTAINER_DEFAULTS.limit.memory}"`,
  developers:
    `a non-empty list of IAM role ARNs such as ["${EXAMPLE_ROLE_ARN}"]: the built-in edit role in the namespace, ` +
    'without Secrets (and without exec, attach, port-forward where it enforces "restricted")',
  viewers: `a non-empty list of IAM role ARNs such as ["${EXAMPLE_ROLE_ARN}"]: read the namespace, without Secrets`,
  deployer: `an IAM role ARN such as "${EXAMPLE_ROLE_ARN}": the tenant's pipeline, which manages workloads in the namespace only`,
};

/** Traffic into the cluster (O7): the certificates of the platform's ingress classes. */
const ingressSchema = z.strictObject({
  internal: z.strictObject({ certificateArn: z.string().regex(ACM_CERTIFICATE_ARN_PATTERN).optional() }).optional(),
  public: z
    .strictObject({
      enabled: z.boolean().default(false),
      certificateArns: z.array(z.string().regex(ACM_CERTIFICATE_ARN_PATTERN)).min(1).max(MAX_PUBLIC_CERTIFICATES).optional(),
    })
    .optional(),
});

/** GuardDuty for the cluster (O10); each key left out takes the profile's default (profiles.ts). */
const threatDetectionSchema = z.strictObject({
  auditLogMonitoring: z.boolean().optional(),
  runtimeMonitoring: z.enum(RUNTIME_MONITORING_MODES).optional(),
  ownDetector: z.boolean().optional(),
});

/** What each threat-detection key allows; used in the messages about `threatDetection.<key>`. */
export const THREAT_DETECTION_ALLOWED: Readonly<Record<keyof z.output<typeof threatDetectionSchema>, string>> = {
  auditLogMonitoring:
    "true or false: whether GuardDuty analyses the cluster's Kubernetes audit log (set on the detector with ownDetector, " +
    "otherwise what the account's detector does)",
  runtimeMonitoring:
    `${RUNTIME_MONITORING_MODES.map((m) => `"${m}"`).join(', ')}: who runs the GuardDuty runtime agent on the nodes ` +
    "(the platform at its pinned version, the organization's automated agent configuration, or nobody)",
  ownDetector:
    "true or false (true: this stack creates the account's GuardDuty detector for the region and keeps it on delete; " +
    'one long-lived production environment per account and region)',
};

const ACM_ARN_EXAMPLE = '"arn:aws:acm:<region>:123456789012:certificate/<uuid>"';

/** What each ingress key allows; used in the messages about `ingress.<class>.<key>`. */
export const INGRESS_ALLOWED: Readonly<Record<string, string>> = {
  internal: '{ certificateArn: an ACM certificate ARN }',
  public: '{ enabled: true or false, certificateArns: a list of ACM certificate ARNs }',
  'internal.certificateArn':
    `an ACM certificate ARN of the stack's region such as ${ACM_ARN_EXAMPLE} ` +
    '(with it internal load balancers serve HTTPS only; without it plain HTTP inside the VPC, which only the ephemeral profile ' +
    'accepts: production requires one)',
  'public.enabled': 'true or false (true: the public ingress class, internet-facing load balancers and the web ACL)',
  'public.certificateArns':
    `1 to ${MAX_PUBLIC_CERTIFICATES} ACM certificate ARNs of the stack's region ` + `such as [${ACM_ARN_EXAMPLE}], the first the default`,
};

/**
 * Every key a user may set, with its type and its bounds. Defaults that depend on the profile
 * are applied afterwards (see profiles.ts), so here they stay optional.
 */
export const configSchema = z
  .strictObject({
    environmentSuffix: z.string().max(MAX_SUFFIX_LENGTH).regex(SUFFIX_PATTERN).default('dev'),
    platformProfile: z.enum(PROFILES).default('ephemeral'),
    region: z.string().regex(REGION_PATTERN).default('ap-southeast-1'),
    account: z.string().regex(ACCOUNT_PATTERN).optional(),
    availabilityZones: z
      .array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/))
      .length(3)
      .optional(),
    kubernetesVersion: z.enum(SUPPORTED_KUBERNETES_VERSIONS).default(SUPPORTED_KUBERNETES_VERSIONS[0]),
    /** Replaces the add-on table's version for the configured Kubernetes version (lib/shared/eks-addon-versions.ts). */
    addonVersions: z.partialRecord(z.enum(EKS_ADDON_NAMES), z.string().regex(ADDON_VERSION_PATTERN)).optional(),
    nodeInstanceType: z.string().regex(INSTANCE_TYPE_PATTERN).default('m5.large'),
    nodeCapacityType: z.enum(CAPACITY_TYPES).optional(),
    spotInstanceTypes: z.array(z.string().regex(INSTANCE_TYPE_PATTERN)).min(1).max(5).optional(),
    allowUnknownInstanceTypes: z.boolean().default(false),
    minSize: nodeCount.default(1),
    desiredSize: nodeCount.default(1),
    maxSize: nodeCount.min(1).default(3),
    nodeGroupRollout: z.enum(NODE_GROUP_ROLLOUTS).optional(),
    forceNodeUpdate: z.boolean().optional(),
    natGateways: z.number().int().min(1).max(3).optional(),
    interfaceEndpointZones: z.number().int().min(1).max(3).optional(),
    endpointAccess: z.enum(ENDPOINT_ACCESS_MODES).optional(),
    // The pattern is the shape (also in the JSON Schema); the refinement checks the octets and prefix length.
    publicAccessCidrs: z.array(z.string().regex(IPV4_CIDR_SHAPE).refine(cidrNumbersInRange)).min(1).optional(),
    adminRoleArn: z.string().regex(ROLE_ARN_PATTERN).optional(),
    breakGlassRoleArn: z.string().regex(ROLE_ARN_PATTERN).optional(),
    auditors: z.array(z.string().regex(ROLE_ARN_PATTERN)).min(1).optional(),
    logRetentionDays: z.literal(CLOUDWATCH_RETENTION_DAYS).optional(),
    alarmEmail: z.string().regex(EMAIL_PATTERN).optional(),
    retainOnDelete: z.boolean().optional(),
    tenants: z.record(z.string().regex(K8S_NAME_PATTERN), tenantSchema).optional(),
    ingress: ingressSchema.optional(),
    threatDetection: threatDetectionSchema.optional(),
    tags: z.record(z.string().regex(TAG_KEY_PATTERN), z.string().regex(TAG_VALUE_PATTERN)).default({}),
  })
  .superRefine((config, ctx) => {
    // Cross-field rules: the message states the rule, `value` is what the user ended up with.
    const violation = (path: (string | number)[], value: unknown, message: string) =>
      ctx.addIssue({ code: 'custom', path, message, params: { value } });
    if (config.minSize > config.maxSize) {
      violation(['minSize'], config.minSize, `at most maxSize (${config.maxSize})`);
    } else if (config.desiredSize < config.minSize || config.desiredSize > config.maxSize) {
      violation(['desiredSize'], config.desiredSize, `between minSize (${config.minSize}) and maxSize (${config.maxSize})`);
    }
    // An invalid region is reported as such; its zones mean nothing yet.
    if (REGION_PATTERN.test(config.region)) checkZones(config.region, config.availabilityZones, violation);
    const knownType = (type: string) => config.allowUnknownInstanceTypes || !INSTANCE_TYPE_PATTERN.test(type) || isKnownInstanceType(type);
    if (!knownType(config.nodeInstanceType)) {
      violation(['nodeInstanceType'], config.nodeInstanceType, INSTANCE_CATALOGUE_ALLOWED);
    }
    if (config.spotInstanceTypes) {
      const capacityType = config.nodeCapacityType ?? PROFILE_DEFAULTS[config.platformProfile].nodeCapacityType;
      if (capacityType !== 'spot') {
        violation(['spotInstanceTypes'], config.spotInstanceTypes, `only with nodeCapacityType "spot" (here "${capacityType}")`);
      }
      const example = defaultSpotAlternatives(config.nodeInstanceType)[0];
      config.spotInstanceTypes.forEach((type, index) => {
        if (type === config.nodeInstanceType || config.spotInstanceTypes!.indexOf(type) !== index) {
          violation(['spotInstanceTypes', index], type, `types other than nodeInstanceType ("${config.nodeInstanceType}"), each once`);
        } else if (!knownType(type)) {
          violation(['spotInstanceTypes', index], type, INSTANCE_CATALOGUE_ALLOWED);
        } else if (INSTANCE_TYPE_PATTERN.test(type) && !sameShape(type, config.nodeInstanceType)) {
          const shape = `the same kind, size and architecture as nodeInstanceType "${config.nodeInstanceType}" (a node group is one shape)`;
          violation(['spotInstanceTypes', index], type, example ? `${shape}, such as "${example}"` : shape);
        }
      });
    }
    // The profile's default counts: production's endpoint is private unless endpointAccess says otherwise.
    const endpointAccess = config.endpointAccess ?? PROFILE_DEFAULTS[config.platformProfile].endpointAccess;
    if (config.publicAccessCidrs && endpointAccess === 'private') {
      violation(['publicAccessCidrs'], config.publicAccessCidrs, 'no public CIDRs when endpointAccess is "private"');
    }
    checkTags(config.tags, (key, message) => ctx.addIssue({ code: 'custom', path: ['tags'], message, params: { key } }), violation);
    checkIngress(config, violation);
    for (const [name, tenant] of Object.entries(config.tenants ?? {})) {
      if (RESERVED_NAMESPACES.includes(name)) {
        const reserved = RESERVED_NAMESPACES.map((n) => `"${n}"`).join(', ');
        violation(['tenants', name], tenant, `a namespace the platform does not own (not ${reserved})`);
      }
    }
    checkPeople(config, violation);
    checkThreatDetection(config, violation);
  });

/**
 * A detector is account-wide per region: a pull-request copy that created one would fail on the
 * second copy and delete the account's detector with its stack. An organization-managed runtime
 * agent means the organization's administrator owns the detector's configuration.
 */
function checkThreatDetection(
  config: { platformProfile: Profile; threatDetection?: z.output<typeof threatDetectionSchema> },
  violation: (path: (string | number)[], value: unknown, message: string) => void,
): void {
  const settings = config.threatDetection;
  if (!settings?.ownDetector) return;
  if (config.platformProfile !== 'production') {
    violation(
      ['threatDetection', 'ownDetector'],
      true,
      `false with platformProfile "${config.platformProfile}": a detector is one per account and region, ` +
        'so only one long-lived production environment may own it',
    );
  }
  if (settings.runtimeMonitoring === 'organization') {
    violation(
      ['threatDetection', 'ownDetector'],
      true,
      'false when runtimeMonitoring is "organization": the organization\'s GuardDuty administrator configures that detector',
    );
  }
}

/**
 * Certificates of the stack's region, a certificate for public ingress when it is enabled, and an
 * internal one in production: a regulated environment encrypts traffic inside the VPC too, so
 * only the ephemeral profile may serve plain HTTP on its internal load balancers.
 */
function checkIngress(
  config: { region: string; platformProfile: string; ingress?: z.output<typeof ingressSchema> },
  violation: (path: (string | number)[], value: unknown, message: string) => void,
): void {
  const { internal, public: publicIngress } = config.ingress ?? {};
  const inRegion = (arn: string, path: (string | number)[], allowed: string) => {
    const region = ACM_CERTIFICATE_ARN_PATTERN.exec(arn)?.[2];
    if (region !== undefined && region !== config.region) {
      violation(path, arn, `${allowed} of the stack's region "${config.region}" (this one is in "${region}")`);
    }
  };
  if (internal?.certificateArn) inRegion(internal.certificateArn, ['ingress', 'internal', 'certificateArn'], 'an ACM certificate');
  if (config.platformProfile === 'production' && !internal?.certificateArn) {
    violation(
      ['ingress', 'internal', 'certificateArn'],
      undefined,
      "an ACM certificate ARN of the stack's region in the production profile: its internal load balancers serve HTTPS only " +
        '(without one they would serve plain HTTP inside the VPC, which only the ephemeral profile accepts)',
    );
  }
  publicIngress?.certificateArns?.forEach((arn, index) =>
    inRegion(arn, ['ingress', 'public', 'certificateArns', index], 'ACM certificates'),
  );
  if (publicIngress?.enabled && !publicIngress.certificateArns) {
    violation(
      ['ingress', 'public', 'certificateArns'],
      undefined,
      'at least one ACM certificate ARN when ingress.public.enabled is true: a public load balancer serves HTTPS only',
    );
  }
  if (publicIngress && !publicIngress.enabled && publicIngress.certificateArns) {
    violation(['ingress', 'public', 'enabled'], false, 'true when ingress.public.certificateArns is given (or leave the certificates out)');
  }
}

export type ParsedConfig = z.output<typeof configSchema>;

/**
 * The pipeline's admin and the break-glass admin have entries of their own with cluster-admin:
 * the same role in both would make every pipeline run look like an emergency (or hide one), and
 * EKS allows one access entry per role, so neither may also be a tenant's or an auditor's role.
 */
function checkPeople(
  config: {
    adminRoleArn?: string;
    breakGlassRoleArn?: string;
    auditors?: string[];
    tenants?: Record<string, { developers?: string[]; viewers?: string[]; deployer?: string }>;
  },
  violation: (path: (string | number)[], value: unknown, message: string) => void,
): void {
  if (config.breakGlassRoleArn !== undefined && config.breakGlassRoleArn === config.adminRoleArn) {
    violation(
      ['breakGlassRoleArn'],
      config.breakGlassRoleArn,
      "a role other than adminRoleArn (the pipeline's admin): its use raises an alarm",
    );
  }
  const admins = [config.adminRoleArn, config.breakGlassRoleArn].filter((a): a is string => a !== undefined);
  const notAdmin = (path: (string | number)[], role: string) => {
    if (admins.includes(role)) {
      violation(path, role, 'a role other than adminRoleArn and breakGlassRoleArn (they are cluster-admins through entries of their own)');
    }
  };
  config.auditors?.forEach((role, index) => notAdmin(['auditors', index], role));
  for (const [name, tenant] of Object.entries(config.tenants ?? {})) {
    tenant.developers?.forEach((role, index) => notAdmin(['tenants', name, 'developers', index], role));
    tenant.viewers?.forEach((role, index) => notAdmin(['tenants', name, 'viewers', index], role));
    if (tenant.deployer !== undefined) notAdmin(['tenants', name, 'deployer'], tenant.deployer);
  }
}

/** What each key allows, in words a user can act on; used in every error message. */
export const ALLOWED: Record<keyof ParsedConfig, string> = {
  environmentSuffix: `1 to ${MAX_SUFFIX_LENGTH} lowercase letters, digits or hyphens, not starting or ending with a hyphen`,
  platformProfile: PROFILES.map((p) => `"${p}"`).join(' or '),
  region: 'an AWS region code such as "ap-southeast-1"',
  account: 'a 12-digit AWS account id',
  availabilityZones:
    'a list of three distinct zones of the region, such as ["ap-southeast-1a","ap-southeast-1b","ap-southeast-1c"]; ' +
    `required for a region whose zones the app does not know (it knows ${Object.keys(KNOWN_REGION_ZONES).sort().join(', ')})`,
  kubernetesVersion: `one of ${SUPPORTED_KUBERNETES_VERSIONS.map((v) => `"${v}"`).join(', ')} (a version with a matching kubectl layer)`,
  addonVersions: `an object of EKS add-on name (${EKS_ADDON_NAMES.join(', ')}) to a version such as "v1.14.3-eksbuild.3"`,
  nodeInstanceType: 'an EC2 instance type such as "m5.large", one the app knows unless allowUnknownInstanceTypes is true',
  nodeCapacityType: CAPACITY_TYPES.map((c) => `"${c}"`).join(' or '),
  spotInstanceTypes:
    '1 to 5 EC2 instance types of the same kind, size and architecture as nodeInstanceType, such as ["m6i.large","m6a.large"], ' +
    'ones the app knows unless allowUnknownInstanceTypes is true',
  allowUnknownInstanceTypes:
    'true or false (true: nodeInstanceType and spotInstanceTypes may name EC2 instance types outside the catalogue ' +
    'the app knows; AWS then checks them only at deploy)',
  minSize: 'a whole number from 0 to 100, at most maxSize',
  desiredSize: 'a whole number from 0 to 100, between minSize and maxSize',
  maxSize: 'a whole number from 1 to 100',
  nodeGroupRollout:
    `${NODE_GROUP_ROLLOUTS.map((r) => `"${r}"`).join(' or ')}: ` +
    'whether CloudFormation updates the three zonal node groups one after the other or all at once',
  forceNodeUpdate:
    'true or false (true: a node group update evicts a pod its PodDisruptionBudget still protects once EKS gives up draining; ' +
    'false: the update fails instead)',
  natGateways: 'a whole number from 1 to 3',
  interfaceEndpointZones: 'a whole number from 1 to 3: the zones whose private subnets hold the interface endpoints',
  endpointAccess:
    `${ENDPOINT_ACCESS_MODES.map((m) => `"${m}"`).join(' or ')} (a public-only endpoint cannot be limited to ` +
    'publicAccessCidrs: the kubectl provider reaches it from the private subnets)',
  publicAccessCidrs: 'a non-empty list of IPv4 CIDR blocks such as ["203.0.113.0/24"]',
  adminRoleArn:
    'an IAM role ARN such as "arn:aws:iam::123456789012:role/PlatformAdmin": the pipeline\'s and the test suite\'s cluster-admin',
  breakGlassRoleArn:
    'an IAM role ARN such as "arn:aws:iam::123456789012:role/BreakGlass", other than adminRoleArn: ' +
    'cluster-admin for emergencies; assuming it raises an alarm',
  auditors:
    'a non-empty list of IAM role ARNs such as ["arn:aws:iam::123456789012:role/Auditors"], ' +
    'other than adminRoleArn and breakGlassRoleArn: read the whole cluster, without Secrets',
  logRetentionDays: `one of the CloudWatch Logs retention periods: ${CLOUDWATCH_RETENTION_DAYS.join(', ')}`,
  alarmEmail: 'an e-mail address',
  retainOnDelete:
    'true or false (true keeps the control-plane, flow-log and container log groups and the platform key when the stack is destroyed)',
  tenants:
    'an object of namespace name (lowercase DNS label) to ' +
    `{ enforce: ${TENANT_POD_SECURITY_LEVELS.map((l) => `"${l}"`).join(' | ')}, ` +
    'cpu: quantity such as "100", memory: quantity such as "200Gi", ' +
    'developers: [role ARN, ...], viewers: [role ARN, ...], deployer: role ARN }',
  ingress:
    '{ internal: { certificateArn: ACM certificate ARN }, public: { enabled: true or false, certificateArns: [ACM certificate ARNs] } }' +
    '; production requires internal.certificateArn',
  threatDetection:
    `{ auditLogMonitoring: true or false, runtimeMonitoring: ${RUNTIME_MONITORING_MODES.map((m) => `"${m}"`).join(' | ')}, ` +
    'ownDetector: true or false }',
  tags:
    'an object of tag key (1 to 128 characters) to tag value (up to 256), of letters, digits, spaces and _ . : / = + - @, ' +
    `neither starting with "aws:"; at most ${MAX_CONFIGURED_TAGS} tags with the platform's own`,
};

/** Keys whose values are not strings: a `-c key=value` on the command line arrives as text and is parsed as JSON. */
export const NON_STRING_KEYS: ReadonlySet<string> = new Set([
  'addonVersions',
  'availabilityZones',
  'minSize',
  'desiredSize',
  'maxSize',
  'forceNodeUpdate',
  'natGateways',
  'interfaceEndpointZones',
  'spotInstanceTypes',
  'allowUnknownInstanceTypes',
  'publicAccessCidrs',
  'logRetentionDays',
  'retainOnDelete',
  'tenants',
  'ingress',
  'threatDetection',
  'tags',
  'auditors',
]);
