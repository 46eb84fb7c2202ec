import { strict as assert } from 'node:assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe } from 'node:test';
import type { V1Namespace } from '@kubernetes/client-node';
import { FLUENT_BIT_NAME } from '../../lib/observability/fluent-bit/manifests';
import { FLUENT_BIT_NAMESPACE } from '../../lib/shared/namespaces';
import { POLICY_NAME } from '../../lib/tenancy/cluster-pod-security-policy';
import { CONTAINER_DEFAULTS } from './specification';
import type { Deployment } from './support/deployment';
import { connect, refusal, RUN_LABELS } from './support/kube';
import { baselineOnlyPod, restrictedPod } from './support/pods';
import { quantity } from './support/quantity';
import { check, RUN_ID } from './support/suite';

const PSS = 'pod-security.kubernetes.io';
/** metrics-server scrapes every 15 s; a node that just joined needs a few scrapes. */
const METRICS_WAIT_MS = 120_000;

/** S1: the tenant the specification makes `restricted`, and one it makes `baseline`. */
const RESTRICTED_TENANT = 'prod';
const BASELINE_TENANT = 'dev';

function namespaceWithEnforce(name: string, enforce: string | undefined): V1Namespace {
  const labels: Record<string, string> = { ...RUN_LABELS };
  if (enforce) labels[`${PSS}/enforce`] = enforce;
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

async function readyNodeNames(deployment: Deployment): Promise<string[]> {
  const { core } = await connect(deployment);
  const nodes = await core.listNode();
  const ready = nodes.items
    .filter((node) => node.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True'))
    .map((node) => node.metadata!.name!);
  // "On every node" of no node at all would pass vacuously.
  assert.ok(ready.length > 0, `no Ready node among ${nodes.items.length}`);
  return ready;
}

export function inClusterChecks(): void {
  describe('in the cluster', () => {
    check(
      'the tenant namespaces enforce their Pod Security level, with restricted audit and warn',
      async (deployment) => {
        const { core } = await connect(deployment);
        for (const [name, tenant] of Object.entries(deployment.expected.tenants)) {
          const labels = (await core.readNamespace({ name })).metadata?.labels ?? {};
          assert.deepEqual(
            { enforce: labels[`${PSS}/enforce`], audit: labels[`${PSS}/audit`], warn: labels[`${PSS}/warn`] },
            { enforce: tenant.enforce, audit: 'restricted', warn: 'restricted' },
            `namespace ${name}`,
          );
        }
      },
      { local: true },
    );

    check(
      'the tenant namespaces have a ResourceQuota of their CPU and memory, for requests and limits',
      async (deployment) => {
        const { core } = await connect(deployment);
        for (const [namespace, tenant] of Object.entries(deployment.expected.tenants)) {
          const quotas = (await core.listNamespacedResourceQuota({ namespace })).items;
          const hard = Object.assign({}, ...quotas.map((quota) => quota.spec?.hard ?? {})) as Record<string, string>;
          const amount = (key: string) => (hard[key] === undefined ? undefined : quantity(hard[key]));
          assert.deepEqual(
            {
              requestsCpu: amount('requests.cpu'),
              limitsCpu: amount('limits.cpu'),
              requestsMemory: amount('requests.memory'),
              limitsMemory: amount('limits.memory'),
            },
            {
              requestsCpu: quantity(tenant.cpu),
              limitsCpu: quantity(tenant.cpu),
              requestsMemory: quantity(tenant.memory),
              limitsMemory: quantity(tenant.memory),
            },
            `namespace ${namespace}: ${JSON.stringify(hard)}`,
          );
        }
      },
      { local: true },
    );

    check(
      'the tenant namespaces have a LimitRange giving containers the documented default requests and limits',
      async (deployment) => {
        const { core } = await connect(deployment);
        const asNumbers = (values: Record<string, string> | undefined) =>
          values && { cpu: values.cpu && quantity(values.cpu), memory: values.memory && quantity(values.memory) };
        for (const namespace of Object.keys(deployment.expected.tenants)) {
          const ranges = (await core.listNamespacedLimitRange({ namespace })).items;
          const container = ranges.flatMap((range) => range.spec?.limits ?? []).find((limit) => limit.type === 'Container');
          assert.ok(container, `namespace ${namespace} has no LimitRange for containers`);
          // client-node names the `default` field `_default`.
          assert.deepEqual(
            { defaultRequest: asNumbers(container.defaultRequest), default: asNumbers(container._default) },
            { defaultRequest: asNumbers(CONTAINER_DEFAULTS.defaultRequest), default: asNumbers(CONTAINER_DEFAULTS.default) },
            `namespace ${namespace}: ${JSON.stringify(container)}`,
          );
        }
      },
      { local: true },
    );

    check('the Fluent Bit DaemonSet (aws-for-fluent-bit) is ready on every node', async (deployment) => {
      const { apps } = await connect(deployment);
      const fluentBit = await apps.readNamespacedDaemonSet({ name: FLUENT_BIT_NAME, namespace: FLUENT_BIT_NAMESPACE });
      const images = fluentBit.spec?.template.spec?.containers.map((container) => container.image ?? '') ?? [];
      assert.ok(
        images.some((image) => /\/aws-for-fluent-bit:[\w.-]+$/.test(image) && !image.endsWith(':latest')),
        `images: ${images.join(', ')}`,
      );
      // Ready pods have passed their init container, which loads the configuration from SSM (S4).
      const nodes = await readyNodeNames(deployment);
      const status = fluentBit.status;
      assert.deepEqual(
        { scheduled: status?.desiredNumberScheduled, ready: status?.numberReady, available: status?.numberAvailable },
        { scheduled: nodes.length, ready: nodes.length, available: nodes.length },
        `${nodes.length} ready nodes`,
      );
    });

    check('Fluent Bit runs under its IRSA role from the outputs', async (deployment) => {
      const { core } = await connect(deployment);
      const account = await core.readNamespacedServiceAccount({ name: FLUENT_BIT_NAME, namespace: FLUENT_BIT_NAMESPACE });
      assert.equal(account.metadata?.annotations?.['eks.amazonaws.com/role-arn'], deployment.outputs.FluentBitRoleArn);
    });

    check("the Cluster Autoscaler runs two available replicas of the cluster's minor, on its own IRSA role", async (deployment) => {
      const { apps, core } = await connect(deployment);
      const { items } = await apps.listNamespacedDeployment({
        namespace: 'kube-system',
        labelSelector: 'app.kubernetes.io/instance=cluster-autoscaler',
      });
      assert.equal(items.length, 1, `deployments: ${items.map((d) => d.metadata?.name).join(', ')}`);
      const [autoscaler] = items;
      assert.equal(autoscaler.status?.availableReplicas, 2, JSON.stringify(autoscaler.status?.conditions ?? []));
      const image = autoscaler.spec?.template.spec?.containers[0]?.image ?? '';
      // The autoscaler simulates the scheduler of its own version: its minor must be the cluster's.
      assert.match(image, new RegExp(`/cluster-autoscaler:v${deployment.config.kubernetesVersion.replace('.', '\\.')}\\.\\d+$`));
      const serviceAccount = autoscaler.spec?.template.spec?.serviceAccountName ?? '';
      const account = await core.readNamespacedServiceAccount({ name: serviceAccount, namespace: 'kube-system' });
      const roleArn = account.metadata?.annotations?.['eks.amazonaws.com/role-arn'] ?? '';
      assert.equal(roleArn, deployment.outputs.ClusterAutoscalerRoleArn);
    });

    check(
      'metrics-server serves metrics.k8s.io node metrics for every node',
      async (deployment) => {
        const { metrics } = await connect(deployment);
        const nodes = await readyNodeNames(deployment);
        const deadline = Date.now() + METRICS_WAIT_MS;
        let missing: string[] = nodes;
        let lastError = '';
        while (Date.now() < deadline) {
          try {
            const items = (await metrics.getNodeMetrics()).items;
            const measured = new Set(items.filter((item) => item.usage?.cpu && item.usage?.memory).map((item) => item.metadata.name));
            missing = nodes.filter((node) => !measured.has(node));
            if (missing.length === 0) return;
          } catch (error) {
            lastError = (error as Error).message;
          }
          await sleep(10_000);
        }
        assert.fail(
          `no node metrics after ${METRICS_WAIT_MS / 1000} s for ${missing.join(', ')}${lastError ? ` (last error: ${lastError})` : ''}`,
        );
      },
      { timeoutMs: METRICS_WAIT_MS + 60_000 },
    );

    check(
      `Pod Security admission refuses in ${RESTRICTED_TENANT} a pod that baseline admits in ${BASELINE_TENANT} (server-side dry run)`,
      async (deployment) => {
        const { core } = await connect(deployment);
        assert.equal(
          deployment.expected.tenants[BASELINE_TENANT].enforce,
          'baseline',
          `${BASELINE_TENANT} is a baseline tenant by the specification`,
        );
        // The control: baseline admits the pod, so the refusal below is restricted's own controls.
        const control = `integration-baseline-${RUN_ID}`;
        const admitted = await core.createNamespacedPod({
          namespace: BASELINE_TENANT,
          body: baselineOnlyPod(control, BASELINE_TENANT),
          dryRun: 'All',
        });
        assert.equal(admitted.metadata?.name, control);

        const name = `integration-refused-${RUN_ID}`;
        const refused = await refusal(`baseline-only pod ${name} in ${RESTRICTED_TENANT}`, () =>
          core.createNamespacedPod({ namespace: RESTRICTED_TENANT, body: baselineOnlyPod(name, RESTRICTED_TENANT), dryRun: 'All' }),
        );
        assert.equal(refused.code, 403, refused.message);
        assert.match(refused.message, /violates PodSecurity "restricted:/);
        // The controls only restricted has, and baseline does not.
        for (const control of ['allowPrivilegeEscalation', 'capabilities', 'runAsNonRoot', 'seccompProfile'])
          assert.match(refused.message, new RegExp(control));
      },
      { local: true },
    );

    check(
      `a restricted-compliant pod is admitted in ${RESTRICTED_TENANT} (server-side dry run)`,
      async (deployment) => {
        const { core } = await connect(deployment);
        const name = `integration-compliant-${RUN_ID}`;
        const admitted = await core.createNamespacedPod({
          namespace: RESTRICTED_TENANT,
          body: restrictedPod(name, RESTRICTED_TENANT, ['sleep', '60']),
          dryRun: 'All',
        });
        assert.equal(admitted.metadata?.name, name);
      },
      { local: true },
    );

    check(
      'the admission policy refuses a namespace whose enforce label is missing or below restricted (server-side dry run)',
      async (deployment) => {
        const { core } = await connect(deployment);
        // The control: the same request with the restricted label is admitted, so the refusals below are the policy's.
        const control = `integration-restricted-${RUN_ID}`;
        const admitted = await core.createNamespace({ body: namespaceWithEnforce(control, 'restricted'), dryRun: 'All' });
        assert.equal(admitted.metadata?.name, control);

        for (const enforce of [undefined, 'baseline', 'privileged']) {
          const name = `integration-${enforce ?? 'unlabelled'}-${RUN_ID}`;
          const refused = await refusal(`namespace ${name}`, () =>
            core.createNamespace({ body: namespaceWithEnforce(name, enforce), dryRun: 'All' }),
          );
          assert.ok(refused.code === 403 || refused.code === 422, `HTTP ${refused.code}: ${refused.message}`);
          assert.match(
            refused.message,
            new RegExp(`ValidatingAdmissionPolicy '${POLICY_NAME}'`),
            `namespace labelled enforce=${enforce ?? '(none)'}`,
          );
        }
      },
      { local: true },
    );
  });
}
