/**
 * Who can do what inside the cluster: every request of a tenant's or an auditor's role that
 * matters, with the decision the access model requires. The expectations are written
 * here, never read from the RBAC objects; the control-plane suite asks the real kube-apiserver's
 * RBAC authorizer (SubjectAccessReview) for each row, as EKS presents the person, and the
 * Kubernetes table of docs/reference/access.md is generated from this list.
 */
import { AUDITOR_ROLE, PEOPLE_TENANTS } from '../support/people';

/** A person as EKS presents them to the API server: the access entry's username for a role session, and the entry's groups. */
export interface ClusterPrincipal {
  /** In words, for the table. */
  readonly label: string;
  readonly username: string;
  readonly groups: readonly string[];
}

/** EKS's default username for an IAM role's access entry, `{{SessionName}}` filled in. */
export function sessionUsername(roleArn: string, sessionName: string): string {
  const [, account, role] = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn)!;
  return `arn:aws:sts::${account}:assumed-role/${role}/${sessionName}`;
}

const person = (label: string, roleArn: string, group: string): ClusterPrincipal => ({
  label,
  username: sessionUsername(roleArn, 'alice'),
  // EKS adds system:authenticated to every authenticated user.
  groups: [group, 'system:authenticated'],
});

export const PEOPLE = {
  devDeveloper: person('developer of `dev`', PEOPLE_TENANTS.dev.developers[0], 'tenant:dev:developer'),
  prodDeveloper: person('developer of `prod`', PEOPLE_TENANTS.prod.developers[0], 'tenant:prod:developer'),
  devViewer: person('viewer of `dev`', PEOPLE_TENANTS.dev.viewers[0], 'tenant:dev:viewer'),
  devDeployer: person('deployer of `dev`', PEOPLE_TENANTS.dev.deployer, 'tenant:dev:deployer'),
  prodDeployer: person('deployer of `prod`', PEOPLE_TENANTS.prod.deployer, 'tenant:prod:deployer'),
  auditor: person('auditor', AUDITOR_ROLE, 'platform:auditor'),
} as const;

export interface ClusterAccessRow {
  readonly who: ClusterPrincipal;
  readonly verb: string;
  /** `<group>/<resource>[/<subresource>]`, the core group written as `core`. */
  readonly resource: string;
  /** The namespace; `*` for all namespaces (or a cluster-scoped resource). */
  readonly namespace: string;
  readonly expect: 'allowed' | 'denied';
  readonly why: string;
}

const row = (who: ClusterPrincipal, verb: string, resource: string, namespace: string, expect: 'allowed' | 'denied', why: string) =>
  ({ who, verb, resource, namespace, expect, why }) as ClusterAccessRow;

const { devDeveloper, prodDeveloper, devViewer, devDeployer, prodDeployer, auditor } = PEOPLE;

export const CLUSTER_ACCESS_MATRIX: readonly ClusterAccessRow[] = [
  // --- Developers: their namespace, never Secrets, nothing into prod's pods ---
  row(devDeveloper, 'create', 'apps/deployments', 'dev', 'allowed', 'PCI DSS 7.2: a team changes its own workloads'),
  row(devDeveloper, 'create', 'apps/deployments', 'prod', 'denied', 'another tenant’s namespace'),
  row(devDeveloper, 'create', 'apps/deployments', 'staging', 'denied', 'a tenant without people: nobody is bound there'),
  row(devDeveloper, 'list', 'core/pods', '*', 'denied', 'nothing binds a tenant group cluster-wide'),
  row(devDeveloper, 'get', 'core/secrets', 'dev', 'denied', 'the built-in `edit` without Secrets'),
  row(devDeveloper, 'list', 'core/secrets', 'dev', 'denied', 'listing returns the values too'),
  row(devDeveloper, 'create', 'core/pods/exec', 'dev', 'allowed', '`dev` enforces baseline: not production-level'),
  row(devDeveloper, 'create', 'core/serviceaccounts/token', 'dev', 'denied', 'a workload’s token could read what the person may not'),
  row(devDeveloper, 'impersonate', 'core/serviceaccounts', 'dev', 'denied', 'the same, through impersonation'),
  row(devDeveloper, 'patch', 'networking.k8s.io/networkpolicies', 'dev', 'denied', 'the platform’s default-deny isolates tenants'),
  row(devDeveloper, 'create', 'rbac.authorization.k8s.io/rolebindings', 'dev', 'denied', 'no one grants themselves more'),
  row(prodDeveloper, 'create', 'apps/deployments', 'prod', 'allowed', 'its own namespace'),
  row(
    prodDeveloper,
    'create',
    'core/pods/exec',
    'prod',
    'denied',
    'production-level tenant (`restricted`): no shell in a running container',
  ),
  row(prodDeveloper, 'create', 'core/pods/attach', 'prod', 'denied', 'production-level tenant'),
  row(prodDeveloper, 'create', 'core/pods/portforward', 'prod', 'denied', 'production-level tenant'),
  row(prodDeveloper, 'get', 'core/pods/proxy', 'prod', 'denied', 'production-level tenant: proxy reaches the pod like port-forward'),
  row(prodDeveloper, 'get', 'core/secrets', 'prod', 'denied', 'no Secrets'),
  row(prodDeveloper, 'create', 'apps/deployments', 'dev', 'denied', 'another tenant’s namespace'),
  // --- Viewers: read, change nothing ---
  row(devViewer, 'list', 'core/pods', 'dev', 'allowed', 'reads its namespace'),
  row(devViewer, 'get', 'core/pods/log', 'dev', 'allowed', 'the built-in `view` reads logs'),
  row(devViewer, 'create', 'apps/deployments', 'dev', 'denied', 'a viewer changes nothing'),
  row(devViewer, 'delete', 'core/pods', 'dev', 'denied', 'a viewer changes nothing'),
  row(devViewer, 'patch', 'core/configmaps', 'dev', 'denied', 'a viewer changes nothing'),
  row(devViewer, 'get', 'core/secrets', 'dev', 'denied', 'no Secrets'),
  row(devViewer, 'list', 'core/pods', 'prod', 'denied', 'another tenant’s namespace'),
  // --- Deployers: workloads in their namespace only ---
  row(devDeployer, 'patch', 'apps/deployments', 'dev', 'allowed', 'the pipeline rolls out its workloads'),
  row(devDeployer, 'create', 'core/services', 'dev', 'allowed', 'and what routes to them'),
  row(devDeployer, 'create', 'autoscaling/horizontalpodautoscalers', 'dev', 'allowed', 'and how they scale'),
  row(devDeployer, 'create', 'apps/deployments', 'prod', 'denied', 'another tenant’s namespace'),
  row(devDeployer, 'get', 'core/secrets', 'dev', 'denied', 'no Secrets: application secrets do not live in Kubernetes Secrets'),
  row(devDeployer, 'create', 'rbac.authorization.k8s.io/rolebindings', 'dev', 'denied', 'no RBAC changes'),
  row(devDeployer, 'create', 'core/pods/exec', 'dev', 'denied', 'a pipeline needs no shell'),
  row(devDeployer, 'create', 'core/pods', 'dev', 'denied', 'pods come from its workloads, not directly'),
  row(prodDeployer, 'update', 'apps/deployments', 'prod', 'allowed', 'the pipeline rolls out its workloads'),
  row(prodDeployer, 'update', 'apps/deployments', 'dev', 'denied', 'another tenant’s namespace'),
  // --- Auditors: read everywhere, no Secrets ---
  row(auditor, 'list', 'core/pods', '*', 'allowed', 'PCI DSS 10: review every namespace'),
  row(auditor, 'list', 'core/pods', 'prod', 'allowed', 'including production'),
  row(auditor, 'list', 'rbac.authorization.k8s.io/clusterrolebindings', '*', 'allowed', 'who may do what is what an audit reads'),
  row(auditor, 'list', 'admissionregistration.k8s.io/validatingadmissionpolicies', '*', 'allowed', 'and the admission rules'),
  row(auditor, 'list', 'core/secrets', '*', 'denied', 'no Secrets anywhere'),
  row(auditor, 'get', 'core/secrets', 'prod', 'denied', 'no Secrets anywhere'),
  row(auditor, 'get', 'core/pods/log', 'prod', 'denied', 'logs may carry customer data; CloudWatch Logs governs them'),
  row(auditor, 'create', 'apps/deployments', 'dev', 'denied', 'an auditor changes nothing'),
];

/** The row's resource as a SubjectAccessReview's resourceAttributes. */
export function resourceAttributes(r: ClusterAccessRow): Record<string, string> {
  const [group, resource, subresource] = r.resource.split('/');
  return {
    verb: r.verb,
    group: group === 'core' ? '' : group,
    resource,
    ...(subresource ? { subresource } : {}),
    ...(r.namespace === '*' ? {} : { namespace: r.namespace }),
  };
}
