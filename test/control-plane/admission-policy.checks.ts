import { strict as assert } from 'node:assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, test } from 'node:test';
import { POLICY_NAME } from '../../lib/tenancy/cluster-pod-security-policy';
import { describeResponse, dryRunCreate, serverSideApply } from './support/api';
import type { PlatformUnderTest } from './support/platform';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

function namespace(name: string, enforce?: string) {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(enforce ? { labels: { [ENFORCE]: enforce } } : {}) } };
}

/** The refusal a developer sees (README, "What a developer sees when something is refused"). */
function policyRefusal(name: string, shown: string): string {
  return (
    `namespaces "${name}" is forbidden: ValidatingAdmissionPolicy '${POLICY_NAME}' with binding '${POLICY_NAME}' denied request: ` +
    `namespace ${name} has ${ENFORCE}=${shown}; every namespace must enforce restricted: label it ${ENFORCE}=restricted, ` +
    'or declare it as a tenant with its own level in the platform config (tenants.<name>.enforce)'
  );
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

    for (const [labelled, enforce, shown] of [
      ['without the enforce label', undefined, '(unset)'],
      ['enforcing baseline', 'baseline', 'baseline'],
      ['enforcing privileged', 'privileged', 'privileged'],
    ] as const) {
      test(`refuses a new namespace ${labelled}, with the policy's message`, async () => {
        const response = await dryRunCreate(platform.plane(), namespace('payments-sandbox', enforce));
        assert.equal(response.status, 403, describeResponse(response));
        assert.equal(response.body.message, policyRefusal('payments-sandbox', shown));
      });
    }

    test('admits a new namespace enforcing restricted', async () => {
      const response = await dryRunCreate(platform.plane(), namespace('payments-sandbox', 'restricted'));
      assert.equal(response.status, 201, describeResponse(response));
    });

    test('refuses lowering an existing restricted tenant (prod) to baseline', async () => {
      const response = await serverSideApply(platform.plane(), namespace('prod', 'baseline'), {
        dryRun: true,
        fieldManager: 'a-developer',
      });
      assert.equal(response.status, 403, describeResponse(response));
      assert.equal(response.body.message, policyRefusal('prod', 'baseline'));
    });

    const lowered = Object.entries(platform.config.tenants).filter(([, tenant]) => tenant.enforce !== 'restricted');
    test('the configuration lowers some tenant (guards the check below)', () => assert.ok(lowered.length > 0));
    for (const [name, tenant] of lowered) {
      test(`admits the tenant ${name}, which the configuration lowers to ${tenant.enforce}`, async () => {
        const response = await serverSideApply(platform.plane(), namespace(name, tenant.enforce), {
          dryRun: true,
          fieldManager: 'a-developer',
        });
        assert.equal(response.status, 200, describeResponse(response));
      });
    }

    describe('namespaces that EKS managed add-ons create (e.g. GuardDuty runtime monitoring)', () => {
      // EKS's add-on manager acts as this user; anyone else, a look-alike name included, is held to the rule.
      const writers = ['eks:addon-manager', 'eks:addon-manager-otel', 'a-developer'];
      before(async () => {
        const plane = platform.plane();
        const role = {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'test-namespace-creators' },
          rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['create'] }],
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

      test('admits an unlabelled amazon-guardduty namespace created by eks:addon-manager', async () => {
        const response = await dryRunCreate(platform.plane(), namespace('amazon-guardduty'), { impersonateUser: 'eks:addon-manager' });
        assert.equal(response.status, 201, describeResponse(response));
      });

      for (const user of ['eks:addon-manager-otel', 'a-developer']) {
        test(`refuses the same namespace created by ${user}, with the policy's message`, async () => {
          const response = await dryRunCreate(platform.plane(), namespace('amazon-guardduty'), { impersonateUser: user });
          assert.equal(response.status, 403, describeResponse(response));
          assert.equal(response.body.message, policyRefusal('amazon-guardduty', '(unset)'));
        });
      }
    });

    for (const name of ['kube-system', 'kube-public', 'kube-node-lease', 'amazon-cloudwatch']) {
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
