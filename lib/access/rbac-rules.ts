import type { IPolicyRule } from 'kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule';

/**
 * The rules of the platform's people roles, written out rather than aggregated from the built-in
 * `edit` and `view`: aggregation would bring Secrets (and whatever a later CRD aggregates) back in.
 * Resources are named one by one; no rule has a `*` that could include `secrets`.
 */
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ_WRITE = [...READ, ...WRITE];

/** The built-in `view` (Kubernetes 1.36), which already leaves Secrets out: what a tenant's viewer reads in its namespace. */
export const NAMESPACE_READ_RULES: IPolicyRule[] = [
  {
    apiGroups: [''],
    resources: [
      'configmaps',
      'endpoints',
      'persistentvolumeclaims',
      'persistentvolumeclaims/status',
      'pods',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'serviceaccounts',
      'services',
      'services/status',
      'bindings',
      'events',
      'limitranges',
      'namespaces/status',
      'pods/log',
      'pods/status',
      'replicationcontrollers/status',
      'resourcequotas',
      'resourcequotas/status',
      'namespaces',
    ],
    verbs: READ,
  },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  {
    apiGroups: ['apps'],
    resources: [
      'controllerrevisions',
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'statefulsets',
      'statefulsets/scale',
      'statefulsets/status',
    ],
    verbs: READ,
  },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], verbs: READ },
  { apiGroups: ['batch'], resources: ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'], verbs: READ },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingresses/status', 'networkpolicies'], verbs: READ },
  { apiGroups: ['resource.k8s.io'], resources: ['resourceclaims', 'resourceclaims/status', 'resourceclaimtemplates'], verbs: READ },
];

/** Into a running container: what a production-level tenant's developers may not do. */
const INTO_PODS = ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'services/proxy'];

/**
 * The built-in `edit` without: Secrets; `serviceaccounts` impersonation and `serviceaccounts/token`
 * (either would let a person act as a workload whose account may read what the person may not);
 * NetworkPolicy changes (the platform's default-deny isolates tenants); Leases (a controller's,
 * not a person's); device claim writes (no device driver runs on the platform's nodes, so no claim
 * could be met). With `intoPods`, also exec, attach, port-forward and proxy.
 */
export function developerRules(intoPods: boolean): IPolicyRule[] {
  return [
    ...NAMESPACE_READ_RULES,
    { apiGroups: [''], resources: intoPods ? ['pods', ...INTO_PODS] : ['pods'], verbs: READ_WRITE },
    { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
    {
      apiGroups: [''],
      resources: [
        'configmaps',
        'events',
        'persistentvolumeclaims',
        'replicationcontrollers',
        'replicationcontrollers/scale',
        'serviceaccounts',
        'services',
      ],
      verbs: READ_WRITE,
    },
    { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: READ_WRITE },
    ...workloadWriteRules(),
  ];
}

/** Workloads and what routes to them: what a tenant's developers and its pipeline change. */
function workloadWriteRules(): IPolicyRule[] {
  return [
    {
      apiGroups: ['apps'],
      resources: [
        'daemonsets',
        'deployments',
        'deployments/rollback',
        'deployments/scale',
        'replicasets',
        'replicasets/scale',
        'statefulsets',
        'statefulsets/scale',
      ],
      verbs: READ_WRITE,
    },
    { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: READ_WRITE },
    { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: READ_WRITE },
    { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: READ_WRITE },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: READ_WRITE },
  ];
}

/**
 * A tenant's pipeline: applies workloads, their Services, ConfigMaps, ServiceAccounts and claims,
 * and reads what `kubectl rollout status` reads. No Secrets (application secrets are not kept in
 * Kubernetes Secrets), no RBAC, no pods of its own, nothing into a running container.
 */
export function deployerRules(): IPolicyRule[] {
  return [
    ...NAMESPACE_READ_RULES,
    { apiGroups: [''], resources: ['configmaps', 'persistentvolumeclaims', 'serviceaccounts', 'services'], verbs: READ_WRITE },
    ...workloadWriteRules(),
  ];
}

/**
 * Cluster-wide read for audit: every namespace's workloads as `view` shows them, minus container
 * logs (they may carry customer data; the log group's IAM policy governs them), plus the
 * cluster-scoped objects that define who may do what and how workloads are placed and reached: RBAC,
 * admission, nodes, storage, CRDs, priority classes, ingress classes.
 */
export function auditorRules(): IPolicyRule[] {
  const withoutLogs = NAMESPACE_READ_RULES.map((rule) => ({ ...rule, resources: rule.resources!.filter((r) => r !== 'pods/log') }));
  return [
    ...withoutLogs,
    { apiGroups: [''], resources: ['nodes', 'persistentvolumes'], verbs: READ },
    { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterrolebindings', 'clusterroles', 'rolebindings', 'roles'], verbs: READ },
    {
      apiGroups: ['admissionregistration.k8s.io'],
      resources: [
        'mutatingwebhookconfigurations',
        'validatingadmissionpolicies',
        'validatingadmissionpolicybindings',
        'validatingwebhookconfigurations',
      ],
      verbs: READ,
    },
    { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: READ },
    { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: READ },
    { apiGroups: ['scheduling.k8s.io'], resources: ['priorityclasses'], verbs: READ },
    { apiGroups: ['networking.k8s.io'], resources: ['ingressclasses'], verbs: READ },
  ];
}
