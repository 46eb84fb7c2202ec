import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../lib/config/load';
import { internalCertificateSettings } from '../support/synth';

/** Production requires a certificate for its internal load balancers. */
const CERTIFIED = internalCertificateSettings();

const noFile = () => {
  throw new Error('no file expected');
};

function errorOf(context: Record<string, unknown>, readFile: (path: string) => string = noFile): string {
  try {
    loadConfig(context, readFile);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`configuration ${JSON.stringify(context)} was accepted`);
}

describe('defaults', () => {
  test('an empty context gives the ephemeral dev environment in ap-southeast-1', () => {
    const config = loadConfig({}, noFile);
    expect(config.environmentSuffix).toBe('dev');
    expect(config.profile).toBe('ephemeral');
    expect(config.region).toBe('ap-southeast-1');
    expect(config.availabilityZones).toEqual(['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c']);
    expect(config.nodeGroups).toEqual({
      instanceTypes: ['m5.large', 'm6i.large', 'm6a.large', 'm7i.large'],
      capacityType: 'spot',
      minSize: 1,
      desiredSize: 1,
      maxSize: 3,
      rollout: 'parallel',
      forceUpdate: true,
    });
    expect(config.natGateways).toBe(1);
    expect(config.interfaceEndpointZones).toBe(1);
    expect(config.logRetentionDays).toBe(7);
    expect(config.endpointAccess).toBe('public-and-private');
    expect(config.publicAccessCidrs).toEqual(['0.0.0.0/0']);
    // A destroy leaves nothing behind.
    expect(config.retainOnDelete).toBe(false);
    expect(config.threatDetection).toEqual({ auditLogMonitoring: true, runtimeMonitoring: 'platform', ownDetector: false });
  });

  test('production: a NAT gateway per zone, a private endpoint, a year of logs, On-Demand nodes and endpoints in every zone', () => {
    const config = loadConfig({ platformProfile: 'production', ...CERTIFIED }, noFile);
    expect(config.natGateways).toBe(3);
    expect(config.nodeGroups).toMatchObject({
      instanceTypes: ['m5.large'],
      capacityType: 'on-demand',
      rollout: 'zone-by-zone',
      forceUpdate: false,
    });
    expect(config.interfaceEndpointZones).toBe(3);
    expect(config.endpointAccess).toBe('private');
    expect(config.publicAccessCidrs).toEqual([]);
    expect(config.logRetentionDays).toBe(365);
    // A destroy keeps the audit trail; the account's GuardDuty detector stays the account's.
    expect(config.retainOnDelete).toBe(true);
    expect(config.threatDetection).toEqual({ auditLogMonitoring: true, runtimeMonitoring: 'platform', ownDetector: false });
  });

  test('Spot types given in config replace the default alternatives; on-demand nodes use the configured type alone', () => {
    expect(loadConfig({ spotInstanceTypes: '["m6i.large"]' }, noFile).nodeGroups.instanceTypes).toEqual(['m5.large', 'm6i.large']);
    expect(loadConfig({ nodeCapacityType: 'on-demand' }, noFile).nodeGroups).toMatchObject({
      instanceTypes: ['m5.large'],
      capacityType: 'on-demand',
    });
    expect(loadConfig({ nodeInstanceType: 'm7g.xlarge' }, noFile).nodeGroups.instanceTypes).toEqual(['m7g.xlarge', 'm6g.xlarge']);
  });

  test('tags carry Environment, CostCenter and the suffix, and user tags are added', () => {
    const config = loadConfig({ environmentSuffix: 'pr7', tags: '{"Team":"payments"}' }, noFile);
    expect(config.tags).toEqual({ Environment: 'Production', CostCenter: 'FinTech', EnvironmentSuffix: 'pr7', Team: 'payments' });
  });

  test('a context key beginning with "@" belongs to CDK or a construct library, with or without a colon', () => {
    expect(loadConfig({ '@aws-cdk/core:newStyleStackSynthesis': true, '@acme/constructs-flag': true }, noFile).environmentSuffix).toBe(
      'dev',
    );
  });

  test('CDK-owned context keys (feature flags, lookups) are not mistaken for settings', () => {
    expect(() =>
      loadConfig(
        {
          '@aws-cdk/core:newStyleStackSynthesis': true,
          'aws:cdk:disable-asset-staging': true,
          'availability-zones:account=1:region=x': [],
        },
        noFile,
      ),
    ).not.toThrow();
  });
});

describe('overrides', () => {
  test('command-line values arrive as text and are read as numbers and lists', () => {
    const config = loadConfig(
      { minSize: '2', desiredSize: '3', maxSize: '5', natGateways: '2', logRetentionDays: '30', publicAccessCidrs: '["203.0.113.0/24"]' },
      noFile,
    );
    expect(config.nodeGroups).toMatchObject({ minSize: 2, desiredSize: 3, maxSize: 5 });
    expect(config.natGateways).toBe(2);
    expect(config.logRetentionDays).toBe(30);
    expect(config.publicAccessCidrs).toEqual(['203.0.113.0/24']);
  });

  test('command-line true and false are read as booleans', () => {
    const config = loadConfig({ forceNodeUpdate: 'false', retainOnDelete: 'true' }, noFile);
    expect(config.nodeGroups.forceUpdate).toBe(false);
    expect(config.retainOnDelete).toBe(true);
  });

  test('a JSON file named by configFile is read, and context overrides it', () => {
    const files: Record<string, string> = { 'env.json': JSON.stringify({ environmentSuffix: 'team-a', natGateways: 2 }) };
    const config = loadConfig({ configFile: 'env.json', natGateways: '3' }, (path) => files[path]);
    expect(config.environmentSuffix).toBe('team-a');
    expect(config.natGateways).toBe(3);
  });

  test('add-on versions come from the table row of the Kubernetes version; addonVersions replaces one and keeps the others', () => {
    const pinned = loadConfig({}, noFile).addons;
    expect(pinned.coredns).toEqual({ version: 'v1.14.3-eksbuild.3', resolveConflicts: 'OVERWRITE' });
    const overridden = loadConfig({ addonVersions: '{"coredns":"v1.14.4-eksbuild.1"}' }, noFile).addons;
    expect(overridden.coredns.version).toBe('v1.14.4-eksbuild.1');
    expect(overridden['kube-proxy']).toEqual(pinned['kube-proxy']);
  });

  test('minSize, desiredSize and maxSize may all be equal', () => {
    expect(loadConfig({ minSize: '3', desiredSize: '3', maxSize: '3' }, noFile).nodeGroups).toMatchObject({
      minSize: 3,
      desiredSize: 3,
      maxSize: 3,
    });
  });

  test('a public CIDR of a single address, with an octet of 255 and the longest prefix, /32', () => {
    expect(loadConfig({ publicAccessCidrs: '["203.0.113.255/32"]' }, noFile).publicAccessCidrs).toEqual(['203.0.113.255/32']);
  });

  test('an explicit setting beats the profile default', () => {
    expect(loadConfig({ platformProfile: 'production', ...CERTIFIED, natGateways: '1', logRetentionDays: '30' }, noFile)).toMatchObject({
      natGateways: 1,
      logRetentionDays: 30,
    });
  });

  test("a tenant's people keep its defaults for the rest; without people no key of theirs is set", () => {
    const developer = 'arn:aws:iam::123456789012:role/PaymentsDevelopers';
    const config = loadConfig(
      { tenants: `{"prod":{"developers":["${developer}"]}}`, auditors: '["arn:aws:iam::123456789012:role/Auditors"]' },
      noFile,
    );
    expect(config.tenants.prod).toEqual({ enforce: 'restricted', cpu: '100', memory: '200Gi', developers: [developer] });
    expect(config.auditors).toEqual(['arn:aws:iam::123456789012:role/Auditors']);
    const none = loadConfig({}, noFile);
    expect(none.tenants.prod).toEqual({ enforce: 'restricted', cpu: '100', memory: '200Gi' });
    expect([none.auditors, none.breakGlassRoleArn]).toEqual([undefined, undefined]);
  });

  test('production takes public CIDRs once the endpoint is made public as well', () => {
    const config = loadConfig(
      { platformProfile: 'production', ...CERTIFIED, endpointAccess: 'public-and-private', publicAccessCidrs: '["203.0.113.0/24"]' },
      noFile,
    );
    expect(config).toMatchObject({ endpointAccess: 'public-and-private', publicAccessCidrs: ['203.0.113.0/24'] });
  });
});

describe('invalid configurations stop synthesis with one message naming key, value and what is allowed', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    [
      'unknown key',
      { clusterSize: '3' },
      'unknown key "clusterSize" (given "3"); allowed keys: environmentSuffix, platformProfile, region, account, availabilityZones, ' +
        'kubernetesVersion, addonVersions, nodeInstanceType, nodeCapacityType, spotInstanceTypes, allowUnknownInstanceTypes, ' +
        'minSize, desiredSize, maxSize, ' +
        'nodeGroupRollout, forceNodeUpdate, natGateways, interfaceEndpointZones, endpointAccess, publicAccessCidrs, adminRoleArn, ' +
        'breakGlassRoleArn, auditors, logRetentionDays, alarmEmail, retainOnDelete, tenants, ingress, threatDetection, tags',
    ],
    ['wrong type', { minSize: 'two' }, '"minSize" is "two"; allowed: a whole number from 0 to 100, at most maxSize'],
    [
      'suffix with capitals and underscore',
      { environmentSuffix: 'PR_42' },
      '"environmentSuffix" is "PR_42"; allowed: 1 to 20 lowercase letters, digits or hyphens, not starting or ending with a hyphen',
    ],
    [
      'suffix too long for the derived names',
      { environmentSuffix: 'a-very-long-suffix-name' },
      '"environmentSuffix" is "a-very-long-suffix-name"; ' +
        'allowed: 1 to 20 lowercase letters, digits or hyphens, not starting or ending with a hyphen',
    ],
    ['unknown profile', { platformProfile: 'staging' }, '"platformProfile" is "staging"; allowed: "ephemeral" or "production"'],
    ['min above max', { minSize: '4', maxSize: '3' }, '"minSize" is 4; allowed: at most maxSize (3)'],
    ['desired outside min..max', { desiredSize: '5' }, '"desiredSize" is 5; allowed: between minSize (1) and maxSize (3)'],
    ['desired below min', { minSize: '2', desiredSize: '1' }, '"desiredSize" is 1; allowed: between minSize (2) and maxSize (3)'],
    ['NAT count above 3', { natGateways: '4' }, '"natGateways" is 4; allowed: a whole number from 1 to 3'],
    ['NAT count of 0', { natGateways: '0' }, '"natGateways" is 0; allowed: a whole number from 1 to 3'],
    [
      'retention CloudWatch does not accept',
      { logRetentionDays: '10' },
      '"logRetentionDays" is 10; allowed: one of the CloudWatch Logs retention periods: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, ' +
        '365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    ],
    [
      'malformed CIDR',
      { publicAccessCidrs: '["10.0.0.0/33"]' },
      '"publicAccessCidrs[0]" is "10.0.0.0/33"; allowed: a non-empty list of IPv4 CIDR blocks such as ["203.0.113.0/24"]',
    ],
    [
      'a CIDR without a prefix length, reported once',
      { publicAccessCidrs: '["203.0.113.0"]' },
      '"publicAccessCidrs[0]" is "203.0.113.0"; allowed: a non-empty list of IPv4 CIDR blocks such as ["203.0.113.0/24"]',
    ],
    [
      'a CIDR with an octet above 255',
      { publicAccessCidrs: '["203.0.256.0/24"]' },
      '"publicAccessCidrs[0]" is "203.0.256.0/24"; allowed: a non-empty list of IPv4 CIDR blocks such as ["203.0.113.0/24"]',
    ],
    [
      'malformed role ARN',
      { adminRoleArn: 'arn:aws:iam::123:role/Admin' },
      '"adminRoleArn" is "arn:aws:iam::123:role/Admin"; allowed: an IAM role ARN such as "arn:aws:iam::123456789012:role/PlatformAdmin": ' +
        "the pipeline's and the test suite's cluster-admin",
    ],
    [
      'break-glass role that is the pipeline admin',
      { adminRoleArn: 'arn:aws:iam::123456789012:role/Admin', breakGlassRoleArn: 'arn:aws:iam::123456789012:role/Admin' },
      '"breakGlassRoleArn" is "arn:aws:iam::123456789012:role/Admin"; ' +
        "allowed: a role other than adminRoleArn (the pipeline's admin): its use raises an alarm",
    ],
    [
      'auditor that is the break-glass role',
      { breakGlassRoleArn: 'arn:aws:iam::123456789012:role/BreakGlass', auditors: '["arn:aws:iam::123456789012:role/BreakGlass"]' },
      '"auditors[0]" is "arn:aws:iam::123456789012:role/BreakGlass"; ' +
        'allowed: a role other than adminRoleArn and breakGlassRoleArn (they are cluster-admins through entries of their own)',
    ],
    [
      "tenant's deployer that is the pipeline admin",
      { adminRoleArn: 'arn:aws:iam::123456789012:role/Admin', tenants: '{"prod":{"deployer":"arn:aws:iam::123456789012:role/Admin"}}' },
      '"tenants.prod.deployer" is "arn:aws:iam::123456789012:role/Admin"; ' +
        'allowed: a role other than adminRoleArn and breakGlassRoleArn (they are cluster-admins through entries of their own)',
    ],
    [
      "tenant's developer that is the pipeline admin",
      {
        adminRoleArn: 'arn:aws:iam::123456789012:role/Admin',
        tenants: '{"payments":{"developers":["arn:aws:iam::123456789012:role/Admin"]}}',
      },
      '"tenants.payments.developers[0]" is "arn:aws:iam::123456789012:role/Admin"; ' +
        'allowed: a role other than adminRoleArn and breakGlassRoleArn (they are cluster-admins through entries of their own)',
    ],
    [
      "tenant's second viewer that is the break-glass role",
      {
        breakGlassRoleArn: 'arn:aws:iam::123456789012:role/BreakGlass',
        tenants: '{"prod":{"viewers":["arn:aws:iam::123456789012:role/Viewers","arn:aws:iam::123456789012:role/BreakGlass"]}}',
      },
      '"tenants.prod.viewers[1]" is "arn:aws:iam::123456789012:role/BreakGlass"; ' +
        'allowed: a role other than adminRoleArn and breakGlassRoleArn (they are cluster-admins through entries of their own)',
    ],
    [
      'a tenant name that is no lowercase DNS label',
      { tenants: '{"Payments":{}}' },
      '"tenants.Payments" is {}; allowed: an object of namespace name (lowercase DNS label) to ' +
        '{ enforce: "baseline" | "restricted", cpu: quantity such as "100", memory: quantity such as "200Gi", ' +
        'developers: [role ARN, ...], viewers: [role ARN, ...], deployer: role ARN }',
    ],
    [
      'a tenant name starting with a digit, written in brackets',
      { tenants: '{"1team":{"cpu":"1m"}}' },
      '"tenants["1team"].cpu" is "1m"; allowed: at least "500m", the default CPU limit the namespace\'s LimitRange gives each container',
    ],
    [
      'malformed developer role of a tenant',
      { tenants: '{"payments":{"developers":["arn:aws:iam::123456789012:user/alice"]}}' },
      '"tenants.payments.developers[0]" is "arn:aws:iam::123456789012:user/alice"; allowed: a non-empty list of IAM role ARNs such as ' +
        '["arn:aws:iam::123456789012:role/PaymentsDevelopers"]: the built-in edit role in the namespace, without Secrets ' +
        '(and without exec, attach, port-forward where it enforces "restricted")',
    ],
    [
      'empty list of viewers',
      { tenants: '{"dev":{"viewers":[]}}' },
      '"tenants.dev.viewers" is []; allowed: a non-empty list of IAM role ARNs such as ' +
        '["arn:aws:iam::123456789012:role/PaymentsDevelopers"]: read the namespace, without Secrets',
    ],
    [
      'malformed auditor role',
      { auditors: '"arn:aws:iam::123456789012:role/Auditors"' },
      '"auditors" is "arn:aws:iam::123456789012:role/Auditors"; allowed: a non-empty list of IAM role ARNs such as ' +
        '["arn:aws:iam::123456789012:role/Auditors"], other than adminRoleArn and breakGlassRoleArn: ' +
        'read the whole cluster, without Secrets',
    ],
    ['unknown region format', { region: 'mars-1' }, '"region" is "mars-1"; allowed: an AWS region code such as "ap-southeast-1"'],
    [
      'Kubernetes version without a kubectl layer',
      { kubernetesVersion: '1.28' },
      '"kubernetesVersion" is "1.28"; allowed: one of "1.36" (a version with a matching kubectl layer)',
    ],
    [
      'zones of another region',
      { availabilityZones: '["eu-west-1a","eu-west-1b","eu-west-1c"]' },
      '"availabilityZones" is ["eu-west-1a","eu-west-1b","eu-west-1c"]; ' +
        'allowed: three distinct zones of the region ap-southeast-1: "ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"',
    ],
    [
      'a public-only endpoint, which aws-cdk-lib cannot restrict to CIDRs',
      { endpointAccess: 'public' },
      '"endpointAccess" is "public"; allowed: "private" or "public-and-private" (a public-only endpoint cannot be limited ' +
        'to publicAccessCidrs: the kubectl provider reaches it from the private subnets)',
    ],
    [
      'public CIDRs on a private endpoint',
      { endpointAccess: 'private', publicAccessCidrs: '["203.0.113.0/24"]' },
      '"publicAccessCidrs" is ["203.0.113.0/24"]; allowed: no public CIDRs when endpointAccess is "private"',
    ],
    [
      "public CIDRs on production's default private endpoint",
      { platformProfile: 'production', ...CERTIFIED, publicAccessCidrs: '["203.0.113.0/24"]' },
      '"publicAccessCidrs" is ["203.0.113.0/24"]; allowed: no public CIDRs when endpointAccess is "private"',
    ],
    [
      'add-on version that is not an EKS build',
      { addonVersions: '{"coredns":"latest"}' },
      '"addonVersions.coredns" is "latest"; allowed: an object of EKS add-on name (vpc-cni, kube-proxy, coredns, ' +
        'eks-pod-identity-agent, amazon-cloudwatch-observability, aws-guardduty-agent, aws-secrets-store-csi-driver-provider) ' +
        'to a version such as "v1.14.3-eksbuild.3"',
    ],
    [
      'add-on the platform does not manage',
      { addonVersions: '{"aws-ebs-csi-driver":"v1.40.0-eksbuild.1"}' },
      'unknown key "addonVersions.aws-ebs-csi-driver" (given "v1.40.0-eksbuild.1"); allowed keys: vpc-cni, kube-proxy, coredns, ' +
        'eks-pod-identity-agent, amazon-cloudwatch-observability, aws-guardduty-agent, aws-secrets-store-csi-driver-provider',
    ],
    [
      'instance type',
      { nodeInstanceType: 'large' },
      '"nodeInstanceType" is "large"; allowed: an EC2 instance type such as "m5.large", ' +
        'one the app knows unless allowUnknownInstanceTypes is true',
    ],
    ['unknown capacity type', { nodeCapacityType: 'reserved' }, '"nodeCapacityType" is "reserved"; allowed: "spot" or "on-demand"'],
    [
      'unknown node group rollout',
      { nodeGroupRollout: 'rolling' },
      '"nodeGroupRollout" is "rolling"; allowed: "zone-by-zone" or "parallel": ' +
        'whether CloudFormation updates the three zonal node groups one after the other or all at once',
    ],
    [
      'forceNodeUpdate that is no boolean',
      { forceNodeUpdate: 'yes' },
      '"forceNodeUpdate" is "yes"; allowed: true or false ' +
        '(true: a node group update evicts a pod its PodDisruptionBudget still protects once EKS gives up draining; ' +
        'false: the update fails instead)',
    ],
    [
      'endpoints in four zones',
      { interfaceEndpointZones: '4' },
      '"interfaceEndpointZones" is 4; allowed: a whole number from 1 to 3: the zones whose private subnets hold the interface endpoints',
    ],
    [
      'Spot types for On-Demand nodes',
      { platformProfile: 'production', ...CERTIFIED, spotInstanceTypes: '["m6a.large"]' },
      '"spotInstanceTypes" is ["m6a.large"]; allowed: only with nodeCapacityType "spot" (here "on-demand")',
    ],
    [
      'a Spot type of another shape',
      { spotInstanceTypes: '["m6a.large","c5.large"]' },
      '"spotInstanceTypes[1]" is "c5.large"; ' +
        'allowed: the same kind, size and architecture as nodeInstanceType "m5.large" (a node group is one shape), such as "m6i.large"',
    ],
    [
      'a Spot type of another architecture',
      { spotInstanceTypes: '["m6g.large"]' },
      '"spotInstanceTypes[0]" is "m6g.large"; ' +
        'allowed: the same kind, size and architecture as nodeInstanceType "m5.large" (a node group is one shape), such as "m6i.large"',
    ],
    [
      'a Spot type beside a nodeInstanceType without a size: no made-up example',
      { nodeInstanceType: 'm5', spotInstanceTypes: '["m6i.large"]' },
      '"nodeInstanceType" is "m5"; allowed: an EC2 instance type such as "m5.large", one the app knows unless ' +
        'allowUnknownInstanceTypes is true\n' +
        '  "spotInstanceTypes[0]" is "m6i.large"; ' +
        'allowed: the same kind, size and architecture as nodeInstanceType "m5" (a node group is one shape)',
    ],
    [
      'a Spot type named twice',
      { spotInstanceTypes: '["m6i.large","m6i.large"]' },
      '"spotInstanceTypes[1]" is "m6i.large"; allowed: types other than nodeInstanceType ("m5.large"), each once',
    ],
    [
      'the configured type again',
      { spotInstanceTypes: '["m5.large"]' },
      '"spotInstanceTypes[0]" is "m5.large"; allowed: types other than nodeInstanceType ("m5.large"), each once',
    ],
    [
      'an unknown runtime monitoring mode',
      { threatDetection: '{"runtimeMonitoring":"agent"}' },
      '"threatDetection.runtimeMonitoring" is "agent"; allowed: "platform", "organization", "off": ' +
        "who runs the GuardDuty runtime agent on the nodes (the platform at its pinned version, the organization's " +
        'automated agent configuration, or nobody)',
    ],
    [
      'audit-log monitoring that is no boolean',
      { threatDetection: '{"auditLogMonitoring":"yes"}' },
      '"threatDetection.auditLogMonitoring" is "yes"; allowed: true or false: whether GuardDuty analyses the cluster\'s ' +
        "Kubernetes audit log (set on the detector with ownDetector, otherwise what the account's detector does)",
    ],
    [
      'an own detector that is no boolean',
      { threatDetection: '{"ownDetector":"yes"}' },
      '"threatDetection.ownDetector" is "yes"; allowed: true or false (true: this stack creates the account\'s GuardDuty ' +
        'detector for the region and keeps it on delete; one long-lived production environment per account and region)',
    ],
    [
      'an unknown threat-detection key',
      { threatDetection: '{"malwareScans":true}' },
      'unknown key "threatDetection.malwareScans" (given true); allowed keys: auditLogMonitoring, runtimeMonitoring, ownDetector',
    ],
    [
      'a pull-request environment owning the account detector',
      { threatDetection: '{"ownDetector":true}' },
      '"threatDetection.ownDetector" is true; allowed: false with platformProfile "ephemeral": ' +
        'a detector is one per account and region, so only one long-lived production environment may own it',
    ],
    [
      'an owned detector with an organization-managed agent',
      { platformProfile: 'production', ...CERTIFIED, threatDetection: '{"ownDetector":true,"runtimeMonitoring":"organization"}' },
      '"threatDetection.ownDetector" is true; allowed: false when runtimeMonitoring is "organization": ' +
        "the organization's GuardDuty administrator configures that detector",
    ],
    [
      'tags that are no object',
      { tags: '["Team"]' },
      '"tags" is ["Team"]; allowed: an object of tag key (1 to 128 characters) to tag value (up to 256), of letters, digits, ' +
        'spaces and _ . : / = + - @, neither starting with "aws:"; at most 46 tags with the platform\'s own',
    ],
    [
      'a tag value under a key with a space, written in brackets',
      { tags: '{"Cost Centre":"x!"}' },
      '"tags["Cost Centre"]" is "x!"; allowed: a tag value of up to 256 letters, digits, spaces or _ . : / = + - @, ' +
        'not starting with "aws:" in any case (reserved for AWS)',
    ],
    [
      'empty tag key',
      { tags: '{"":"x"}' },
      '"tags" has the key ""; allowed: a tag key of 1 to 128 letters, digits, spaces or _ . : / = + - @, ' +
        'not starting with "aws:" in any case (reserved for AWS)',
    ],
  ];

  test.each(cases)('%s', (_name, context, expected) => {
    expect(errorOf(context)).toBe(`Invalid configuration:\n  ${expected}`);
  });

  test('several mistakes are reported together, one line each', () => {
    const message = errorOf({ platformProfile: 'qa', natGateways: '9' });
    expect(message.split('\n')).toEqual([
      'Invalid configuration:',
      '  "platformProfile" is "qa"; allowed: "ephemeral" or "production"',
      '  "natGateways" is 9; allowed: a whole number from 1 to 3',
    ]);
  });

  test('two unknown keys of one object are two lines, each indented like any other mistake', () => {
    const allowedKeys =
      'allowed keys: environmentSuffix, platformProfile, region, account, availabilityZones, ' +
      'kubernetesVersion, addonVersions, nodeInstanceType, nodeCapacityType, spotInstanceTypes, allowUnknownInstanceTypes, ' +
      'minSize, desiredSize, maxSize, ' +
      'nodeGroupRollout, forceNodeUpdate, natGateways, interfaceEndpointZones, endpointAccess, publicAccessCidrs, adminRoleArn, ' +
      'breakGlassRoleArn, auditors, logRetentionDays, alarmEmail, retainOnDelete, tenants, ingress, threatDetection, tags';
    expect(errorOf({ clusterSize: '3', nodes: '2' }).split('\n')).toEqual([
      'Invalid configuration:',
      `  unknown key "clusterSize" (given "3"); ${allowedKeys}`,
      `  unknown key "nodes" (given "2"); ${allowedKeys}`,
    ]);
  });

  test('the old key "profile" is refused, naming "platformProfile", from the command line and from a file', () => {
    const expected =
      'Invalid configuration:\n  "profile" is no longer a setting (given "production"): ' +
      'use "platformProfile" ("ephemeral" or "production"); ' +
      "the CDK CLI's --profile names AWS credentials, not the platform profile";
    expect(errorOf({ profile: 'production' })).toBe(expected);
    expect(errorOf({ configFile: 'env.json' }, () => JSON.stringify({ profile: 'production' }))).toBe(expected);
  });

  test('the old key is reported together with any other mistake', () => {
    expect(errorOf({ profile: 'production', natGateways: '9' }).split('\n')).toEqual([
      'Invalid configuration:',
      expect.stringMatching(/^ {2}"profile" is no longer a setting/),
      '  "natGateways" is 9; allowed: a whole number from 1 to 3',
    ]);
  });

  test('the error is a ConfigError by name too, as an uncaught one prints it', () => {
    try {
      loadConfig({ natGateways: '9' }, noFile);
    } catch (error) {
      expect((error as Error).name).toBe('ConfigError');
      return;
    }
    throw new Error('natGateways 9 was accepted');
  });

  test.each<[string, unknown]>([
    ['empty', ''],
    ['a number', 3],
  ])('a configFile that is %s is refused before any file is read', (_name, configFile) => {
    expect(errorOf({ configFile })).toBe(
      `Invalid configuration:\n  "configFile" is ${JSON.stringify(configFile)}; allowed: a path to a JSON file`,
    );
  });

  test.each(['null', '[{"natGateways":2}]', '2', '"env.json"'])('a config file holding %s, no object, is refused', (text) => {
    expect(errorOf({ configFile: 'env.json' }, () => text)).toBe(
      'Invalid configuration:\n  "configFile" is "env.json"; the file must hold a JSON object of settings',
    );
  });

  test('a config file that is not JSON names the file', () => {
    expect(errorOf({ configFile: 'bad.json' }, () => '{ natGateways: 2 ')).toMatch(
      /^Invalid configuration:\n {2}"configFile" is "bad.json"; the file is not valid JSON \(/,
    );
  });

  test('a config file that cannot be read names the file', () => {
    const missing = () => {
      throw new Error('ENOENT: no such file');
    };
    expect(errorOf({ configFile: 'missing.json' }, missing)).toBe(
      'Invalid configuration:\n  "configFile" is "missing.json"; the file cannot be read (ENOENT: no such file)',
    );
  });

  test('a setting in the config file is checked like one on the command line', () => {
    expect(errorOf({ configFile: 'env.json' }, () => JSON.stringify({ natGateways: '3' }))).toBe(
      'Invalid configuration:\n  "natGateways" is "3"; allowed: a whole number from 1 to 3',
    );
  });
});

describe('ingress (O7)', () => {
  const cert = (region: string, id = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0') => `arn:aws:acm:${region}:123456789012:certificate/${id}`;
  const here = cert('ap-southeast-1');

  test('by default: no certificate, no public ingress', () => {
    expect(loadConfig({}, noFile).ingress).toEqual({ internalCertificateArn: undefined, publicCertificateArns: undefined });
  });

  test('public ingress enabled with certificates; the internal certificate kept', () => {
    const config = loadConfig(
      { ingress: { internal: { certificateArn: here }, public: { enabled: true, certificateArns: [here] } } },
      noFile,
    );
    expect(config.ingress).toEqual({ internalCertificateArn: here, publicCertificateArns: [here] });
  });

  test('production with an internal certificate; ephemeral may go without', () => {
    const production = loadConfig({ platformProfile: 'production', ingress: { internal: { certificateArn: here } } }, noFile);
    expect(production.ingress.internalCertificateArn).toBe(here);
    expect(loadConfig({ platformProfile: 'ephemeral' }, noFile).ingress.internalCertificateArn).toBeUndefined();
  });

  test('given on the command line as JSON text', () => {
    const config = loadConfig({ ingress: JSON.stringify({ public: { enabled: true, certificateArns: [here] } }) }, noFile);
    expect(config.ingress.publicCertificateArns).toEqual([here]);
  });

  const allowedArn =
    'an ACM certificate ARN of the stack\'s region such as "arn:aws:acm:<region>:123456789012:certificate/<uuid>" ' +
    '(with it internal load balancers serve HTTPS only; without it plain HTTP inside the VPC, which only the ephemeral profile ' +
    'accepts: production requires one)';
  test.each<[string, Record<string, unknown>, string]>([
    [
      'public enabled without a certificate',
      { ingress: { public: { enabled: true } } },
      '"ingress.public.certificateArns" is nothing; allowed: at least one ACM certificate ARN when ingress.public.enabled is true: ' +
        'a public load balancer serves HTTPS only',
    ],
    [
      'public certificates while public is not enabled',
      { ingress: { public: { certificateArns: [here] } } },
      '"ingress.public.enabled" is false; allowed: true when ingress.public.certificateArns is given (or leave the certificates out)',
    ],
    [
      'an IAM server certificate instead of an ACM one',
      { ingress: { internal: { certificateArn: 'arn:aws:iam::123456789012:server-certificate/x' } } },
      `"ingress.internal.certificateArn" is "arn:aws:iam::123456789012:server-certificate/x"; allowed: ${allowedArn}`,
    ],
    [
      'a certificate id that is no UUID',
      { ingress: { public: { enabled: true, certificateArns: [cert('ap-southeast-1', 'abc')] } } },
      `"ingress.public.certificateArns[0]" is "${cert('ap-southeast-1', 'abc')}"; ` +
        "allowed: 1 to 25 ACM certificate ARNs of the stack's region " +
        'such as ["arn:aws:acm:<region>:123456789012:certificate/<uuid>"], the first the default',
    ],
    [
      'a certificate of another region',
      { ingress: { internal: { certificateArn: cert('us-east-1') } } },
      `"ingress.internal.certificateArn" is "${cert('us-east-1')}"; allowed: an ACM certificate of the stack's region "ap-southeast-1" ` +
        '(this one is in "us-east-1")',
    ],
    [
      'a second public certificate of another region',
      { ingress: { public: { enabled: true, certificateArns: [here, cert('eu-west-1')] } } },
      `"ingress.public.certificateArns[1]" is "${cert('eu-west-1')}"; allowed: ACM certificates of the stack's region "ap-southeast-1" ` +
        '(this one is in "eu-west-1")',
    ],
    [
      'production without an internal certificate',
      { platformProfile: 'production' },
      '"ingress.internal.certificateArn" is nothing; allowed: an ACM certificate ARN of the stack\'s region in the production ' +
        'profile: its internal load balancers serve HTTPS only (without one they would serve plain HTTP inside the VPC, ' +
        'which only the ephemeral profile accepts)',
    ],
    [
      'an internal class that is no object',
      { ingress: { internal: 'arn' } },
      '"ingress.internal" is "arn"; allowed: { certificateArn: an ACM certificate ARN }',
    ],
    [
      'a public class that is no object',
      { ingress: { public: true } },
      '"ingress.public" is true; allowed: { enabled: true or false, certificateArns: a list of ACM certificate ARNs }',
    ],
    ['an unknown ingress key', { ingress: { external: {} } }, 'unknown key "ingress.external" (given {}); allowed keys: internal, public'],
    [
      'an unknown key of the public class',
      { ingress: { public: { enabled: true, certificateArns: [here], wafAclArn: 'x' } } },
      'unknown key "ingress.public.wafAclArn" (given "x"); allowed keys: enabled, certificateArns',
    ],
    [
      'enabled as text',
      { ingress: { public: { enabled: 'yes' } } },
      '"ingress.public.enabled" is "yes"; allowed: true or false ' +
        '(true: the public ingress class, internet-facing load balancers and the web ACL)',
    ],
  ])('%s', (_, context, message) => {
    expect(errorOf(context)).toBe(`Invalid configuration:\n  ${message}`);
  });
});

describe('example configuration files', () => {
  const directory = join(__dirname, '..', '..', 'environments');
  test.each(readdirSync(directory).filter((file) => file.endsWith('.json')))('environments/%s is a valid configuration', (file) => {
    const path = join(directory, file);
    expect(() => loadConfig({ configFile: path }, (p) => readFileSync(p, 'utf8'))).not.toThrow();
  });
});
