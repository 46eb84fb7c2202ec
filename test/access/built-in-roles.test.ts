import { auditorRules, deployerRules, developerRules, NAMESPACE_READ_RULES } from '../../lib/access/rbac-rules';
import { builtInRules, grantsFor, grantsOf, minus, resourceOf, served } from '../support/access/built-in-roles';

/*
 * The people roles against the built-in `view` and `edit` of the Kubernetes the project's
 * kube-apiserver is built from (tools/control-plane/go.mod), as upstream records them: the
 * platform's roles are written out, so a Kubernetes upgrade that changes the built-in ones, or a
 * slip in the table, shows here. What the platform leaves out or adds is written below, each
 * with its reason.
 */

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

/** `apps` of `deployments.apps/scale`, '' of `pods/exec`. */
const groupOf = (resource: string) => resource.split('/')[0].split('.').slice(1).join('.');
const sorted = (grants: Iterable<string>) => [...grants].sort();
/** Grants in API groups the pinned kube-apiserver serves: the only ones that give anything. */
const servedOnly = (grants: Iterable<string>) => {
  const groups = new Set([...served().keys()].map(groupOf));
  return new Set([...grants].filter((g) => groups.has(groupOf(resourceOf(g)))));
};

const view = () => grantsOf(builtInRules('view'));
const edit = () => grantsOf(builtInRules('edit'));

/** Into a running container: exec, attach, port-forward, and proxy to pods and Services. */
const INTO_PODS = grantsFor([...READ, ...WRITE], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'services/proxy']);

/** What `edit` grants and a developer does not, each for the reason the developer role gives. */
const NOT_FOR_DEVELOPERS = {
  secrets: grantsFor([...READ, ...WRITE], ['secrets']),
  /** Either lets a person act as a workload, whose account may read what the person may not. */
  actingAsAServiceAccount: ['impersonate serviceaccounts', 'create serviceaccounts/token'],
  /** The platform's default-deny isolates tenants. */
  networkPolicyChanges: grantsFor(WRITE, ['networkpolicies.networking.k8s.io']),
  /** A controller's, not a person's. */
  leases: grantsFor([...READ, ...WRITE], ['leases.coordination.k8s.io']),
  /** Devices (dynamic resource allocation): no device driver runs on the platform's nodes, so no claim could be met. */
  deviceClaims: grantsFor(WRITE, ['resourceclaims.resource.k8s.io', 'resourceclaimtemplates.resource.k8s.io']),
};

describe('people roles: the built-in view and edit of the pinned Kubernetes', () => {
  test('view and edit name one API group the pinned API server does not serve: extensions, removed in 1.16 and 1.22', () => {
    const groups = [...view(), ...edit()].map((grant) => groupOf(resourceOf(grant)));
    const unserved = new Set(groups.filter((group) => ![...served().keys()].some((resource) => groupOf(resource) === group)));
    expect([...unserved]).toEqual(['extensions']);
    // Guards the comparison below against a discovery record that lost the groups the roles name.
    expect(servedOnly(view()).size).toBeGreaterThan(100);
  });

  test("a tenant's viewers read exactly what view grants", () => {
    expect(sorted(grantsOf(NAMESPACE_READ_RULES))).toEqual(sorted(servedOnly(view())));
  });

  test('developers get what edit grants, without Secrets, acting as a ServiceAccount, NetworkPolicy changes, Leases, device claims', () => {
    const expected = minus(servedOnly(edit()), Object.values(NOT_FOR_DEVELOPERS).flat());
    // The written-out rules read the rollback subresource too; apps/v1 serves no such subresource.
    const extra = grantsFor(READ, ['deployments.apps/rollback']);
    expect(served().has('deployments.apps/rollback')).toBe(false);
    expect(sorted(grantsOf(developerRules(true)))).toEqual(sorted([...expected, ...extra]));
  });

  test('each exclusion takes away something edit grants', () => {
    for (const [reason, grants] of Object.entries(NOT_FOR_DEVELOPERS)) {
      expect({ reason, notInEdit: grants.filter((g) => !edit().has(g)) }).toEqual({ reason, notInEdit: [] });
    }
  });

  test('restricted developers get the same, without reaching into a running container', () => {
    expect(INTO_PODS.every((g) => grantsOf(developerRules(true)).has(g))).toBe(true);
    expect(sorted(grantsOf(developerRules(false)))).toEqual(sorted(minus(grantsOf(developerRules(true)), INTO_PODS)));
  });
});

describe('people roles: the deployer and the auditor', () => {
  test("a tenant's pipeline changes what a restricted developer changes, but no pods, evictions, events or ReplicationControllers", () => {
    const notForThePipeline = [
      // Its workloads' controllers create pods; a pod of its own would run outside any rollout.
      ...grantsFor(WRITE, ['pods']),
      // Draining is a person's decision.
      'create pods/eviction',
      // Events are the cluster's record of what happened, not something a pipeline applies.
      ...grantsFor(WRITE, ['events', 'events.events.k8s.io']),
      // Deployments replaced them.
      ...grantsFor(WRITE, ['replicationcontrollers', 'replicationcontrollers/scale']),
    ];
    expect(sorted(grantsOf(deployerRules()))).toEqual(sorted(minus(grantsOf(developerRules(false)), notForThePipeline)));
  });

  test('the pipeline gets no Secrets, no RBAC, nothing into a running container', () => {
    const grants = [...grantsOf(deployerRules())];
    expect(grants.filter((g) => resourceOf(g) === 'secrets' || groupOf(resourceOf(g)) === 'rbac.authorization.k8s.io')).toEqual([]);
    expect(grants.filter((g) => INTO_PODS.includes(g))).toEqual([]);
  });

  test('auditors read what view grants in every namespace, except container logs', () => {
    const auditor = grantsOf(auditorRules());
    expect([...auditor].filter((g) => resourceOf(g) === 'pods/log')).toEqual([]);
    const fromView = minus(servedOnly(view()), grantsFor(READ, ['pods/log']));
    expect(sorted([...fromView].filter((g) => !auditor.has(g)))).toEqual([]);
  });

  test('what auditors read beyond view is served, read-only, and neither Secrets nor pods', () => {
    const beyondView = [...minus(grantsOf(auditorRules()), view())];
    expect(beyondView.filter((g) => !served().get(resourceOf(g))?.verbs.has(g.split(' ')[0]))).toEqual([]);
    expect(beyondView.filter((g) => !READ.includes(g.split(' ')[0]))).toEqual([]);
    expect(beyondView.filter((g) => resourceOf(g) === 'secrets' || resourceOf(g).startsWith('pods'))).toEqual([]);
  });

  test('auditors read the objects that define who may do what: RBAC, admission, nodes, storage, CRDs, priority and ingress classes', () => {
    const auditor = grantsOf(auditorRules());
    const named = grantsFor(READ, [
      'clusterroles.rbac.authorization.k8s.io',
      'clusterrolebindings.rbac.authorization.k8s.io',
      'validatingadmissionpolicies.admissionregistration.k8s.io',
      'mutatingwebhookconfigurations.admissionregistration.k8s.io',
      'nodes',
      'storageclasses.storage.k8s.io',
      'customresourcedefinitions.apiextensions.k8s.io',
      'priorityclasses.scheduling.k8s.io',
      'ingressclasses.networking.k8s.io',
    ]);
    expect(named.filter((g) => !auditor.has(g))).toEqual([]);
  });
});
