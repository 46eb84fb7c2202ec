import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** Prints where Go keeps k8s.io/kubernetes at the version the project's kube-apiserver is built from. */
const KUBERNETES_MODULE_SCRIPT = join(__dirname, '..', '..', '..', 'tools', 'control-plane', 'kubernetes-module.sh');
/** Upstream's record of the bootstrap ClusterRoles with default feature gates, checked by its own tests. */
const BOOTSTRAP_ROLES = join('plugin', 'pkg', 'auth', 'authorizer', 'rbac', 'bootstrappolicy', 'testdata', 'cluster-roles.yaml');

interface PolicyRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

interface BootstrapClusterRole {
  readonly metadata: { readonly name: string; readonly labels?: Readonly<Record<string, string>> };
  readonly rules?: readonly PolicyRule[] | null;
  readonly aggregationRule?: { readonly clusterRoleSelectors: readonly { readonly matchLabels: Readonly<Record<string, string>> }[] };
}

/**
 * The directory of k8s.io/kubernetes at the version tools/control-plane/go.mod pins, downloaded
 * from the Go module proxy unless Go's module cache has it.
 */
function pinnedKubernetesDir(): string {
  try {
    // Through bash: a copy of the repository (Stryker's sandbox) need not keep the script's mode.
    return execFileSync('bash', [KUBERNETES_MODULE_SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`built-in roles: cannot locate the pinned k8s.io/kubernetes: ${stderr?.trim() || message}`, { cause: error });
  }
}

let kubernetesDir: string | undefined;
let clusterRoles: readonly BootstrapClusterRole[] | undefined;
let servedResources: ReadonlyMap<string, ServedResource> | undefined;

function bootstrapClusterRoles(): readonly BootstrapClusterRole[] {
  kubernetesDir ??= pinnedKubernetesDir();
  clusterRoles ??= (parse(readFileSync(join(kubernetesDir, BOOTSTRAP_ROLES), 'utf8')) as { items: BootstrapClusterRole[] }).items;
  return clusterRoles;
}

/** A resource the pinned kube-apiserver serves, in any of its versions. */
export interface ServedResource {
  readonly verbs: ReadonlySet<string>;
}

/**
 * What the pinned kube-apiserver serves, keyed as grants name a resource (`pods/exec`,
 * `deployments.apps/scale`), from upstream's record of its discovery documents (api/discovery,
 * every group and version the server has, alpha ones included).
 */
export function served(): ReadonlyMap<string, ServedResource> {
  if (servedResources) return servedResources;
  kubernetesDir ??= pinnedKubernetesDir();
  const discovery = join(kubernetesDir, 'api', 'discovery');
  const resources = new Map<string, { verbs: Set<string> }>();
  for (const file of readdirSync(discovery).filter((f) => /^(api__v1|apis__.+__.+)\.json$/.test(f))) {
    const list = JSON.parse(readFileSync(join(discovery, file), 'utf8')) as {
      groupVersion: string;
      resources: { name: string; verbs: string[] }[];
    };
    const group = list.groupVersion.includes('/') ? list.groupVersion.split('/')[0] : '';
    for (const resource of list.resources) {
      const key = resourceName(group, resource.name);
      const known = resources.get(key) ?? { verbs: new Set<string>() };
      resource.verbs.forEach((verb) => known.verbs.add(verb));
      resources.set(key, known);
    }
  }
  if (resources.size === 0) throw new Error(`built-in roles: no discovery documents in ${discovery}`);
  servedResources = resources;
  return resources;
}

/** A resource as `kubectl auth can-i` names it: `pods`, `pods/exec`, `deployments.apps/scale`. */
function resourceName(group: string, resource: string): string {
  const [plural, subresource] = resource.split('/');
  return `${plural}${group ? `.${group}` : ''}${subresource ? `/${subresource}` : ''}`;
}

/**
 * The rules of a built-in ClusterRole as a cluster serves it: an aggregated role (`view`, `edit`)
 * holds the rules of every role its selectors match, as the aggregation controller fills it in.
 */
export function builtInRules(name: string): PolicyRule[] {
  const roles = bootstrapClusterRoles();
  const rulesOf = (role: BootstrapClusterRole, seen: ReadonlySet<string>): PolicyRule[] => {
    const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
    const aggregated = roles.filter(
      (other) =>
        !seen.has(other.metadata.name) &&
        selectors.some((s) => Object.entries(s.matchLabels).every(([key, value]) => other.metadata.labels?.[key] === value)),
    );
    const nowSeen = new Set([...seen, ...aggregated.map((r) => r.metadata.name)]);
    return [...(role.rules ?? []), ...aggregated.flatMap((other) => rulesOf(other, nowSeen))];
  };
  const role = roles.find((r) => r.metadata.name === name);
  if (!role) throw new Error(`built-in roles: Kubernetes has no ClusterRole ${name}`);
  return rulesOf(role, new Set([name]));
}

/**
 * What rules grant, one string per verb on a resource, as `kubectl auth can-i` names it:
 * `get pods`, `create pods/exec`, `update deployments.apps/scale`. Wildcards, resource names and
 * non-resource URLs are refused: a set of such strings cannot say what they grant.
 */
export function grantsOf(rules: readonly PolicyRule[]): Set<string> {
  const grants = new Set<string>();
  for (const rule of rules) {
    if (rule.resourceNames?.length || rule.nonResourceURLs?.length)
      throw new Error(`grants: a rule names objects or URLs: ${JSON.stringify(rule)}`);
    for (const group of rule.apiGroups ?? []) {
      for (const resource of rule.resources ?? []) {
        for (const verb of rule.verbs) {
          if ([group, resource, verb].includes('*')) throw new Error(`grants: a rule has a wildcard: ${JSON.stringify(rule)}`);
          grants.add(`${verb} ${resourceName(group, resource)}`);
        }
      }
    }
  }
  return grants;
}

/** Each grant of `verbs` on each resource: `grantsFor(['get'], ['pods', 'deployments.apps/scale'])`. */
export function grantsFor(verbs: readonly string[], resources: readonly string[]): string[] {
  return resources.flatMap((resource) => verbs.map((verb) => `${verb} ${resource}`));
}

/** The resource a grant is for: `deployments.apps/scale` of `update deployments.apps/scale`. */
export function resourceOf(grant: string): string {
  return grant.slice(grant.indexOf(' ') + 1);
}

/** The grants of `grants` that are not in `without`. */
export function minus(grants: Iterable<string>, without: Iterable<string>): Set<string> {
  const excluded = new Set(without);
  return new Set([...grants].filter((g) => !excluded.has(g)));
}
