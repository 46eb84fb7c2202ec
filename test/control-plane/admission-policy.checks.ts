import { strict as assert } from 'node:assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, test } from 'node:test';
import { POLICY_NAME } from '../../lib/tenancy/cluster-pod-security-policy';
import type { ControlPlane } from '../support/control-plane';
import type { KubernetesObject } from '../support/kubernetes';
import { describeResponse, dryRunCreate, objectPath, serverSideApply } from './support/api';
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

/** The refusal of a tenant the configuration lowers, relabelled to anything but its level. */
function tenantRefusal(name: string, shown: string, level: string): string {
  return (
    `namespaces "${name}" is forbidden: ValidatingAdmissionPolicy '${POLICY_NAME}' with binding '${POLICY_NAME}' denied request: ` +
    `namespace ${name} has ${ENFORCE}=${shown}; the platform config sets this tenant to ${level}: label it ${ENFORCE}=${level}, ` +
    `or change tenants.${name}.enforce in the config and deploy`
  );
}

/** Server-side apply as another user (`kubectl apply --server-side --as=<user>`), as a dry run unless told otherwise. */
async function applyAs(plane: ControlPlane, object: KubernetesObject, user: string, options: { dryRun?: boolean } = {}) {
  const query = new URLSearchParams({ fieldManager: user, fieldValidation: 'Strict', force: 'true' });
  if (options.dryRun !== false) query.set('dryRun', 'All');
  return plane.request('PATCH', `${await objectPath(plane, object)}?${query.toString()}`, object, {
    contentType: 'application/apply-patch+yaml',
    impersonateUser: user,
  });
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

      const others = [
        ['privileged', 'privileged'],
        ['restricted', 'restricted'],
        [undefined, '(unset)'],
      ].filter(([level]) => level !== tenant.enforce);
      for (const [level, shown] of others) {
        test(`refuses relabelling the tenant ${name} ${level ?? 'without a level'}: it is admitted at ${tenant.enforce} only`, async () => {
          // An apply leaves a label another field manager owns: removing it takes a merge patch.
          const response = level
            ? await serverSideApply(platform.plane(), namespace(name, level), { dryRun: true, fieldManager: 'a-developer' })
            : await platform.plane().request(
                'PATCH',
                `/api/v1/namespaces/${name}?dryRun=All`,
                { metadata: { labels: { [ENFORCE]: null } } },
                {
                  contentType: 'application/merge-patch+json',
                },
              );
          assert.equal(response.status, 403, describeResponse(response));
          assert.equal(response.body.message, tenantRefusal(name, shown!, tenant.enforce));
        });
      }
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

      // The exception is the add-on manager creating its namespace, not the add-on manager changing one.
      for (const [name, tenant] of lowered) {
        test(`refuses eks:addon-manager relabelling the tenant ${name} privileged`, async () => {
          const response = await applyAs(platform.plane(), namespace(name, 'privileged'), 'eks:addon-manager');
          assert.equal(response.status, 403, describeResponse(response));
          assert.equal(response.body.message, tenantRefusal(name, 'privileged', tenant.enforce));
        });
      }

      test('refuses eks:addon-manager lowering the restricted tenant prod to baseline', async () => {
        const response = await applyAs(platform.plane(), namespace('prod', 'baseline'), 'eks:addon-manager');
        assert.equal(response.status, 403, describeResponse(response));
        assert.equal(response.body.message, policyRefusal('prod', 'baseline'));
      });

      describe('a namespace eks:addon-manager created, updated again by it', () => {
        const name = 'amazon-addon-example';
        // Kept afterwards: the test control plane runs no namespace controller, so a deleted namespace
        // would stay terminating, without the default ServiceAccount later checks wait for in each one.
        before(async () => {
          const response = await applyAs(platform.plane(), namespace(name), 'eks:addon-manager', { dryRun: false });
          assert.equal(response.status, 201, describeResponse(response));
        });

        test('admits it re-applied at the level it has (an add-on update applies its objects again)', async () => {
          const reapplied = { ...namespace(name), metadata: { name, annotations: { 'example.com/addon-version': 'v2' } } };
          const response = await applyAs(platform.plane(), reapplied, 'eks:addon-manager');
          assert.equal(response.status, 200, describeResponse(response));
        });

        test('refuses it relabelled privileged by eks:addon-manager: a new level is held to the rule', async () => {
          const response = await applyAs(platform.plane(), namespace(name, 'privileged'), 'eks:addon-manager');
          assert.equal(response.status, 403, describeResponse(response));
          assert.equal(response.body.message, policyRefusal(name, 'privileged'));
        });
      });
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
