import { Template } from 'aws-cdk-lib/assertions';
import { ClusterPodSecurityPolicy } from '../../lib/tenancy/cluster-pod-security-policy';
import { PLATFORM_EXEMPT_NAMESPACES } from '../../lib/tenancy/platform-namespaces';
import { admissionDecisions, AdmissionRequest, decisionOf } from '../support/admission-policy-check';
import type { KubernetesObject } from '../support/kubernetes';
import { EXEMPT_NAMESPACES, namespace, NamespaceAdmissionCase, namespaceAdmissionCases } from '../support/namespace-admission-cases';
import { bareStack, lazily } from '../support/synth';
import { shippedObjects } from '../support/template';
import { importedCluster } from '../support/imported-cluster';

/** The brief's tenants (R9, S1), as the default configuration has them. */
const TENANTS = { dev: 'baseline', staging: 'baseline', prod: 'restricted' } as const;
const POLICY = 'namespaces-enforce-restricted';

/** The policy and binding ClusterPodSecurityPolicy ships for TENANTS, built on a bare stack. */
const policies = lazily((): KubernetesObject[] => {
  const stack = bareStack();
  new ClusterPodSecurityPolicy(stack, 'ClusterPodSecurity', {
    cluster: importedCluster(stack),
    exemptNamespaces: PLATFORM_EXEMPT_NAMESPACES,
    tenants: TENANTS,
    kubernetesVersion: '1.36',
  });
  return shippedObjects(Template.fromStack(stack)).map((shipped) => shipped.object);
});

/** As the control-plane suite sends it: as its admin user (system:masters), or impersonating a user without groups. */
function requestOf({ operation, object, oldObject, user }: Pick<NamespaceAdmissionCase, 'operation' | 'object' | 'oldObject' | 'user'>) {
  const userInfo = user
    ? { username: user, groups: ['system:authenticated'] }
    : { username: 'test-admin', groups: ['system:masters', 'system:authenticated'] };
  return { operation, object, oldObject, userInfo } satisfies AdmissionRequest;
}

// The same cases the control-plane suite sends to the real API server
// (test/control-plane/admission-policy.checks.ts), decided here by the API server's admission code
// offline (test/support/admission-policy-check.ts).
describe(`the admission policy ${POLICY}`, () => {
  const cases = namespaceAdmissionCases(TENANTS);
  const exempt = EXEMPT_NAMESPACES.map((name): NamespaceAdmissionCase => ({
    title: name,
    send: 'create',
    operation: 'CREATE',
    object: namespace(name),
  }));
  const all = [...cases.byAdmin, ...cases.byWriters, ...cases.onAddonNamespace, ...exempt];
  // One run of policy-check decides every case: a process per case cost about 50-80 ms each.
  const decisions = lazily(() =>
    admissionDecisions(
      policies(),
      all.map((c) => requestOf(c)),
    ),
  );
  const titled = (list: NamespaceAdmissionCase[]) => list.map((c) => [c.title, all.indexOf(c)] as const);

  function expectDecision(index: number) {
    const { refusal } = all[index];
    expect(decisionOf(decisions()[index], POLICY)).toEqual(
      refusal === undefined ? { policy: POLICY, admitted: true } : { policy: POLICY, admitted: false, code: 403, message: refusal },
    );
  }

  test.each(titled(cases.byAdmin))('%s', (_title, index) => expectDecision(index));

  describe('namespaces that EKS managed add-ons create (e.g. GuardDuty runtime monitoring)', () => {
    test.each(titled(cases.byWriters))('%s', (_title, index) => expectDecision(index));

    describe('a namespace eks:addon-manager created, updated again by it', () => {
      test.each(titled(cases.onAddonNamespace))('%s', (_title, index) => expectDecision(index));
    });
  });

  test.each(titled(exempt))('admits the exempt platform namespace %s without a label', (_title, index) => expectDecision(index));
});
