/**
 * The reference tables of docs/ that are generated from the code, the synthesized templates or
 * the access matrix, never written by hand: `npm run docs` writes each one between its markers,
 * and test/docs/sections.test.ts fails when a committed copy differs from a fresh generation
 * (as terraform-docs checks its tables).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EKS_ADDON_NAMES, EKS_ADDONS } from '../../lib/shared/eks-addon-versions';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../lib/shared/kubernetes-version';
import { loadConfig, PlatformConfig } from '../../lib/config/load';
import { PROFILE_DEFAULTS } from '../../lib/config/profiles';
import { ALLOWED, configSchema, PROFILES, Profile } from '../../lib/config/schema';
import { ACCESS_REQUESTS } from '../access/requests';
import { CLUSTER_ACCESS_MATRIX } from '../control-plane/people-matrix';
import { placeholderText, resourcesOfType, textOf, TokenText } from '../support/template';
import { internalCertificateSettings, synthesize } from '../support/synth';

export const ROOT = join(__dirname, '..', '..');

export interface GeneratedSection {
  /** The marker name: the section sits between `<!-- <name>:start ... -->` and `<!-- <name>:end -->`. */
  readonly name: string;
  /** The file, relative to the repository root. */
  readonly file: string;
  readonly render: () => string;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (value: unknown) => `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---|').join('')}`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join(
    '\n',
  );
}

/** Where to read more about a setting, beside what it allows. */
const SEE_ALSO: Partial<Record<keyof typeof ALLOWED, string>> = {
  kubernetesVersion: '[Upgrading Kubernetes](../operations/upgrades.md)',
  addonVersions: '[EKS add-ons](../components/addons.md)',
  nodeCapacityType: '[Cost](../operations/cost.md)',
  minSize: '[Node autoscaling](../components/autoscaling.md)',
  maxSize: '[Node autoscaling](../components/autoscaling.md)',
  nodeGroupRollout: '[Upgrading Kubernetes](../operations/upgrades.md)',
  forceNodeUpdate: '[Upgrading Kubernetes](../operations/upgrades.md)',
  alarmEmail: '[Alarms](../components/observability.md)',
  retainOnDelete: '[Lifecycle](../operations/lifecycle.md)',
  tenants: '[Tenancy](../components/tenancy.md)',
  ingress: '[Ingress](../components/ingress.md)',
  threatDetection: '[Threat detection](../components/threat-detection.md)',
};

/**
 * The default of a key in a profile, read from the configuration the app resolves when nothing
 * is set: the table shows what the code does, not what someone remembered it does.
 */
function defaultOf(key: string, config: PlatformConfig, parsedDefault: unknown): string {
  switch (key) {
    case 'platformProfile':
      return code(config.profile);
    case 'account':
      return 'none: the CLI account (`CDK_DEFAULT_ACCOUNT`) if set, else environment-agnostic';
    case 'availabilityZones':
      return config.availabilityZones.map(code).join(', ');
    case 'addonVersions':
      return 'none: the add-on table';
    case 'nodeCapacityType':
      return code(config.nodeGroups.capacityType);
    case 'spotInstanceTypes':
      return config.nodeGroups.capacityType === 'spot' ? config.nodeGroups.instanceTypes.slice(1).map(code).join(', ') : 'none (On-Demand)';
    case 'nodeGroupRollout':
      return code(config.nodeGroups.rollout);
    case 'forceNodeUpdate':
      return code(config.nodeGroups.forceUpdate);
    case 'publicAccessCidrs':
      return config.publicAccessCidrs.length > 0 ? config.publicAccessCidrs.map(code).join(', ') : 'none (private endpoint)';
    case 'tenants':
      return Object.entries(config.tenants)
        .map(([name, t]) => `${code(name)} (${t.enforce}, ${t.cpu} CPU, ${t.memory})`)
        .join(', ');
    case 'ingress':
      return config.profile === 'production'
        ? 'none: `internal.certificateArn` is required (HTTPS inside the VPC); no public class'
        : 'none: internal class over plain HTTP inside the VPC, no public class';
    case 'tags':
      return Object.entries(config.tags)
        .map(([k, v]) => code(`${k}=${v}`))
        .join(', ');
    default: {
      const value = (config as unknown as Record<string, unknown>)[key] ?? parsedDefault;
      return value === undefined ? 'none' : code(value);
    }
  }
}

/** Every key of the configuration schema, its default per profile and what it allows. */
export function configurationTable(): string {
  // Production requires its internal certificate: the defaults are read with one given.
  const required = (p: Profile) => ({ platformProfile: p, ...(p === 'production' ? internalCertificateSettings() : {}) });
  const configs = Object.fromEntries(PROFILES.map((p) => [p, loadConfig(required(p), () => '')])) as Record<Profile, PlatformConfig>;
  const parsed = Object.fromEntries(PROFILES.map((p) => [p, configSchema.parse(required(p))])) as Record<Profile, any>;
  const rows = Object.keys(configSchema.shape).map((key) => {
    const [ephemeral, production] = PROFILES.map((p) => defaultOf(key, configs[p], parsed[p][key]));
    const profileDependent = key in PROFILE_DEFAULTS.ephemeral;
    const allowed =
      ALLOWED[key as keyof typeof ALLOWED] +
      (SEE_ALSO[key as keyof typeof ALLOWED] ? `; see ${SEE_ALSO[key as keyof typeof ALLOWED]}` : '');
    return [code(key), ephemeral, production === ephemeral && !profileDependent ? 'same' : production, allowed];
  });
  return table(['key', 'default (ephemeral)', 'default (production)', 'allowed'], rows);
}

/** Every output of the stack, with the description the template carries. */
export function outputsTable(): string {
  const outputs: Record<string, any> = synthesize().template.toJSON().Outputs;
  const rows = Object.entries(outputs).map(([key, output]) => [code(key), output.Description ?? '']);
  return table(['output', 'value'], rows);
}

/** The pinned version of each EKS add-on per Kubernetes version, with where it was read. */
export function addonTable(): string {
  const rows = EKS_ADDON_NAMES.map((name) => [
    code(name),
    ...SUPPORTED_KUBERNETES_VERSIONS.map((v) => code(EKS_ADDONS[name].versions[v])),
    EKS_ADDONS[name].resolveConflicts,
    EKS_ADDONS[name].source,
  ]);
  return table(['add-on', ...SUPPORTED_KUBERNETES_VERSIONS, 'conflicts', 'evidence'], rows);
}

const COMPARISON: Record<string, string> = {
  GreaterThanOrEqualToThreshold: '>=',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
};

/** What an alarm watches: the Metrics Insights query's function and metric, or the metric's namespace and name. */
function watched(metrics: any[]): string {
  const [query] = metrics;
  if (query.Expression)
    return (/SELECT (\w+\(\w+\))/.exec(query.Expression)?.[1] ?? query.Expression) + ' over the cluster (Metrics Insights)';
  const { Namespace, MetricName } = query.MetricStat.Metric;
  return `${query.MetricStat.Stat} of ${textOf(Namespace)} ${MetricName}`;
}

/** The alarms of the default environment as synthesized: name, what they watch, when they fire. */
export function alarmTable(): string {
  const { template, config } = synthesize();
  const cluster = config.names.cluster;
  const resources = template.toJSON().Resources;
  // A reference to a log group reads as the group's name.
  const named: TokenText = (intrinsic, args) =>
    intrinsic === 'Ref' && resources[String(args)]?.Properties?.LogGroupName
      ? textOf(resources[String(args)].Properties.LogGroupName)
      : placeholderText(intrinsic, args);
  const rows = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, { Properties: p }]) => {
    const generic = (value: unknown) => textOf(value, named).split(cluster).join('<cluster>');
    const minutes = (p.Metrics[0].Period ?? p.Metrics[0].MetricStat.Period) / 60;
    const comparison = COMPARISON[p.ComparisonOperator] ?? p.ComparisonOperator;
    const datapoints = p.DatapointsToAlarm ?? p.EvaluationPeriods;
    return [
      code(textOf(p.AlarmName).replace(`${cluster}.`, '')),
      generic(watched(p.Metrics)),
      `${comparison} ${p.Threshold} in ${datapoints} of ${p.EvaluationPeriods} periods of ${minutes} min`,
      p.TreatMissingData ?? 'missing',
      generic(p.AlarmDescription ?? ''),
    ];
  });
  return table(['alarm (`<cluster>.…`)', 'watches', 'fires when', 'missing data', 'means'], rows);
}

/** The "Who can do what" table: one row per request the access tests evaluate, in their order. */
export function accessTable(): string {
  const rows = ACCESS_REQUESTS.map((r) => [r.principal, code(r.action), r.resource, r.expect, r.why]);
  return table(['principal', 'action', 'resource', 'decision', 'why'], rows);
}

/** The Kubernetes half of "Who can do what": one row per request the control-plane suite asks the API server's RBAC authorizer. */
export function clusterAccessTable(): string {
  const rows = CLUSTER_ACCESS_MATRIX.map((r) => [
    r.who.label,
    code(r.verb),
    code(r.resource),
    r.namespace === '*' ? 'all namespaces' : code(r.namespace),
    r.expect,
    r.why,
  ]);
  return table(['person', 'verb', 'resource', 'namespace', 'decision', 'why'], rows);
}

export const SECTIONS: readonly GeneratedSection[] = [
  { name: 'configuration', file: 'docs/reference/configuration.md', render: configurationTable },
  { name: 'outputs', file: 'docs/reference/outputs.md', render: outputsTable },
  { name: 'access', file: 'docs/reference/access.md', render: accessTable },
  { name: 'cluster-access', file: 'docs/reference/access.md', render: clusterAccessTable },
  { name: 'addons', file: 'docs/components/addons.md', render: addonTable },
  { name: 'alarms', file: 'docs/components/observability.md', render: alarmTable },
];

const startMarker = (name: string) => `<!-- ${name}:start (generated by npm run docs; edit the source, not this table) -->`;
const endMarker = (name: string) => `<!-- ${name}:end -->`;

/** `text` with the section between its markers replaced by `body`; throws when the markers are missing. */
export function withSection(text: string, section: GeneratedSection, body: string): string {
  const start = text.indexOf(startMarker(section.name));
  const end = text.indexOf(endMarker(section.name));
  if (start < 0 || end < start) {
    throw new Error(`${section.file} has no "${startMarker(section.name)}" ... "${endMarker(section.name)}" markers`);
  }
  return `${text.slice(0, start + startMarker(section.name).length)}\n${body}\n${text.slice(end)}`;
}

export function committed(section: GeneratedSection): string {
  return readFileSync(join(ROOT, section.file), 'utf8');
}
