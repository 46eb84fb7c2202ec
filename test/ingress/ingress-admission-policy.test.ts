import { Template } from 'aws-cdk-lib/assertions';
import { IngressAdmissionPolicy } from '../../lib/ingress/ingress-admission-policy';
import { PLATFORM_EXEMPT_NAMESPACES } from '../../lib/tenancy/platform-namespaces';
import { admissionDecision, admissionDecisions, AdmissionRequest, decisionOf } from '../support/admission-policy-check';
import { fixedMessage, ingress, IngressClassSetup, ingressAdmissionCases, ingressRefusal } from '../support/ingress-admission-cases';
import type { KubernetesObject } from '../support/kubernetes';
import { bareStack, lazily } from '../support/synth';
import { shippedObjects } from '../support/template';
import { importedCluster } from '../support/imported-cluster';

/** The policies and bindings IngressAdmissionPolicy ships for the classes a cluster has, built on a bare stack. */
function shippedPolicies({ publicEnabled, internalHttps }: IngressClassSetup): KubernetesObject[] {
  const stack = bareStack();
  new IngressAdmissionPolicy(stack, 'Admission', {
    cluster: importedCluster(stack),
    exemptNamespaces: PLATFORM_EXEMPT_NAMESPACES,
    classes: { internal: { httpsOnly: internalHttps }, ...(publicEnabled ? { public: { httpsOnly: true } } : {}) },
  });
  return shippedObjects(Template.fromStack(stack)).map((shipped) => shipped.object);
}

/** A create by a cluster admin, in a namespace labelled with its name as the API server labels every namespace. */
function createRequest(object: KubernetesObject): AdmissionRequest {
  const namespace = object.metadata!.namespace!;
  return {
    operation: 'CREATE',
    object,
    namespaceObject: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { 'kubernetes.io/metadata.name': namespace } },
    },
    userInfo: { username: 'test-admin', groups: ['system:masters', 'system:authenticated'] },
  };
}

// The same cases the control-plane suite sends to the real API server
// (test/control-plane/ingress-admission.checks.ts), decided here by the API server's admission
// code offline (test/support/admission-policy-check.ts), for both kinds of cluster it runs.
describe.each([
  ['internal ingress only, without a certificate', { publicEnabled: false, internalHttps: false }],
  ['public ingress enabled, internal with a certificate', { publicEnabled: true, internalHttps: true }],
] as const)('the ingress admission policies (%s)', (_, setup) => {
  const cases = ingressAdmissionCases(setup);
  // One run of policy-check decides every case: a process per case cost about 50 ms each.
  const decisions = lazily(() =>
    admissionDecisions(
      shippedPolicies(setup),
      cases.map((c) => createRequest(c.object)),
    ),
  );

  test.each(cases.map((c, index) => [c.title, c, index] as const))('%s', (_title, { policy, refusal }, index) => {
    const decision = decisionOf(decisions()[index], policy);
    expect(decision).toEqual(refusal === undefined ? { policy, admitted: true } : { policy, admitted: false, code: 403, message: refusal });
  });
});

// Beyond the shared cases: every other annotation the class fixes is refused too.
test('refuses a public Ingress that sets any other annotation its class fixes, naming each', () => {
  const others = [
    'subnets',
    'security-groups',
    'manage-backend-security-group-rules',
    'load-balancer-name',
    'group.name',
    'wafv2-acl-name',
    'waf-acl-id',
    'shield-advanced-protection',
  ].map((name) => `alb.ingress.kubernetes.io/${name}`);
  const object = ingress('payments-api', { className: 'public', annotations: Object.fromEntries(others.map((name) => [name, 'x'])) });
  const policies = shippedPolicies({ publicEnabled: true, internalHttps: true });
  expect(admissionDecision(policies, createRequest(object), 'ingress-through-platform-classes')).toEqual({
    policy: 'ingress-through-platform-classes',
    admitted: false,
    code: 403,
    message: ingressRefusal('payments-api', fixedMessage(others.join(', '), 'public')),
  });
});
