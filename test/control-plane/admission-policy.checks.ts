import { strict as assert } from 'node:assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, test } from 'node:test';
import { POLICY_NAME } from '../../lib/tenancy/cluster-pod-security-policy';
import type { ControlPlane } from '../support/control-plane';
import type { KubernetesObject } from '../support/kubernetes';
import {
  ADDON_NAMESPACE,
  ENFORCE,
  EXEMPT_NAMESPACES,
  namespace,
  NAMESPACE_WRITERS,
  NamespaceAdmissionCase,
  namespaceAdmissionCases,
} from '../support/namespace-admission-cases';
import { describeResponse, dryRunCreate, objectPath, serverSideApply } from './support/api';
import type { PlatformUnderTest } from './support/platform';

/** Server-side apply as another user (`kubectl apply --server-side --as=<user>`), as a dry run unless told otherwise. */
async function applyAs(plane: ControlPlane, object: KubernetesObject, user: string, options: { dryRun?: boolean } = {}) {
  const query = new URLSearchParams({ fieldManager: user, fieldValidation: 'Strict', force: 'true' });
  if (options.dryRun !== false) query.set('dryRun', 'All');
  return plane.request('PATCH', `${await objectPath(plane, object)}?${query.toString()}`, object, {
    contentType: 'application/apply-patch+yaml',
    impersonateUser: user,
  });
}

/**
 * Sends one shared case as the case says, dry run; the admitted answer a create gets is 201, an
 * update's 200.
 */
async function sendCase(plane: ControlPlane, { send, object, user }: NamespaceAdmissionCase) {
  switch (send) {
    case 'create':
      return dryRunCreate(plane, object, user ? { impersonateUser: user } : {});
    case 'apply':
      return user ? applyAs(plane, object, user) : serverSideApply(plane, object, { dryRun: true, fieldManager: 'a-developer' });
    case 'remove-enforce-label':
      // An apply leaves a label another field manager owns: removing it takes a merge patch.
      return plane.request(
        'PATCH',
        `/api/v1/namespaces/${object.metadata!.name}?dryRun=All`,
        { metadata: { labels: { [ENFORCE]: null } } },
        { contentType: 'application/merge-patch+json', ...(user ? { impersonateUser: user } : {}) },
      );
  }
}

/** One test per case: the API server decides it as the unit tests of lib/tenancy say the offline evaluator does. */
function caseTests(platform: PlatformUnderTest, cases: readonly NamespaceAdmissionCase[]): void {
  for (const c of cases) {
    test(c.title, async () => {
      const response = await sendCase(platform.plane(), c);
      if (c.refusal === undefined) {
        assert.equal(response.status, c.operation === 'CREATE' ? 201 : 200, describeResponse(response));
      } else {
        assert.equal(response.status, 403, describeResponse(response));
        assert.equal(response.body.message, c.refusal);
      }
    });
  }
}

/** Point 2: the shipped ValidatingAdmissionPolicy, run by the API server itself. Needs the shipped objects applied. */
export function admissionPolicyChecks(platform: PlatformUnderTest): void {
  describe(`the admission policy ${POLICY_NAME}`, () => {
    before(async () => {
      // The API server loads a new policy in the background: wait until it refuses (a dry run of)
      // an unlabelled namespace, as it does within a second or so.
      const plane = platform.plane();
      for (let attempt = 0; attempt < 150; attempt++) {
        if ((await dryRunCreate(plane, namespace('policy-loaded-probe'))).status === 403) return;
        await sleep(200);
      }
    });

    test('type-checks without a warning', async () => {
      // kube-controller-manager type-checks a policy's CEL against the API's schemas and reports it in the status.
      const plane = platform.plane();
      let policy: any;
      for (let attempt = 0; attempt < 300; attempt++) {
        policy = (await plane.request('GET', `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${POLICY_NAME}`)).body;
        if (policy.status?.observedGeneration === policy.metadata?.generation) break;
        await sleep(100);
      }
      assert.equal(
        policy.status?.observedGeneration,
        policy.metadata?.generation,
        `not type-checked after 30 s: ${JSON.stringify(policy.status)}\n${plane.diagnostics()}`,
      );
      assert.deepEqual(policy.status.typeChecking?.expressionWarnings ?? [], []);
    });

    const tenants = Object.fromEntries(Object.entries(platform.config.tenants).map(([name, tenant]) => [name, tenant.enforce]));
    const cases = namespaceAdmissionCases(tenants);
    const lowered = Object.values(tenants).filter((level) => level !== 'restricted');
    test('the configuration lowers some tenant (guards the checks below)', () => assert.ok(lowered.length > 0));
    caseTests(platform, cases.byAdmin);

    describe('namespaces that EKS managed add-ons create (e.g. GuardDuty runtime monitoring)', () => {
      // EKS's add-on manager acts as this user; anyone else, a look-alike name included, is held to the rule.
      const writers = NAMESPACE_WRITERS;
      before(async () => {
        const plane = platform.plane();
        const role = {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'test-namespace-creators' },
          rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['create', 'patch'] }],
        };
        const binding = {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'test-namespace-creators' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'test-namespace-creators' },
          subjects: writers.map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name })),
        };
        for (const object of [role, binding]) {
          const response = await serverSideApply(plane, object, { fieldManager: 'control-plane-tests' });
          assert.ok(response.status < 300, describeResponse(response));
        }
        // RBAC learns of a new binding through its informers: wait until each user may create a
        // (restricted, so admitted) namespace, or the checks below would see RBAC's refusal instead.
        for (const user of writers) {
          let response = await dryRunCreate(plane, namespace('rbac-probe', 'restricted'), { impersonateUser: user });
          for (let attempt = 0; attempt < 150 && response.status !== 201; attempt++) {
            await sleep(200);
            response = await dryRunCreate(plane, namespace('rbac-probe', 'restricted'), { impersonateUser: user });
          }
          assert.equal(response.status, 201, describeResponse(response));
        }
      });

      caseTests(platform, cases.byWriters);

      describe('a namespace eks:addon-manager created, updated again by it', () => {
        const name = ADDON_NAMESPACE;
        // Kept afterwards: the test control plane runs no namespace controller, so a deleted namespace
        // would stay terminating, without the default ServiceAccount later checks wait for in each one.
        before(async () => {
          const response = await applyAs(platform.plane(), namespace(name), 'eks:addon-manager', { dryRun: false });
          assert.equal(response.status, 201, describeResponse(response));
        });

        caseTests(platform, cases.onAddonNamespace);
      });
    });

    for (const name of EXEMPT_NAMESPACES) {
      test(`admits the exempt platform namespace ${name} without a label`, async () => {
        const plane = platform.plane();
        const exists = (await plane.request('GET', `/api/v1/namespaces/${name}`)).status === 200;
        const response = exists
          ? await serverSideApply(plane, namespace(name), { dryRun: true, fieldManager: 'a-developer' })
          : await dryRunCreate(plane, namespace(name));
        assert.equal(response.status < 300, true, describeResponse(response));
      });
    }
  });
}
