import { strict as assert } from 'node:assert';
import { before, describe, test } from 'node:test';
import { controllersCaughtUp, describeResponse, dryRunCreate, serverSideApply } from './support/api';
import { installWithHandler } from './support/kubectl-handler';
import { DeployStep, PlatformUnderTest, shippedPods } from './support/platform';

function describeStep(step: DeployStep): string {
  if ('patch' in step) return `${step.patch.patchType} patch of ${step.patch.resourceName} (${step.logicalId})`;
  if ('install' in step) {
    const { install } = step;
    const chart = `chart ${install.chart} ${install.version}`;
    return `Helm release ${install.release} of ${chart}, installed by the kubectl provider's handler (${step.logicalId})`;
  }
  const { object, release } = step;
  const namespace = object.metadata?.namespace;
  const where = namespace ? `${namespace}/` : '';
  const from = release ? `${step.logicalId}, Helm release ${release.name}` : step.logicalId;
  return `${object.apiVersion} ${object.kind} ${where}${object.metadata?.name} (${from})`;
}

const ENFORCE = 'pod-security.kubernetes.io/enforce';

/** The failed checks of a Pod Security refusal: `violates PodSecurity "<level>:<version>": <reason> (<detail>), ...`. */
function podSecurityReasons(message: string): string[] {
  const list = message.replace(/^.*?violates PodSecurity "[^"]+": /, '');
  return [...list.matchAll(/(?:^|\), )([^(]+?) \(/g)].map((match) => match[1]);
}

/**
 * Images shipped by tag alone, each with why no digest could be confirmed; every other image must
 * be `repository:tag@sha256:<digest>`, so that what runs cannot change under the same template.
 */
const PINNED_BY_TAG_ONLY: Readonly<Record<string, string>> = {
  'public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.2':
    'no record of its digest could be read offline (lib/observability/fluent-bit/manifests.ts says where we looked)',
  'public.ecr.aws/eks/aws-load-balancer-controller:v3.6.2':
    'no record of its digest could be read offline (lib/ingress/load-balancer-controller.ts says so)',
};

/**
 * Admission webhooks a release installs whose server is the release's own pods, which no node runs
 * here: with failurePolicy Fail they would refuse every object they watch. They are removed once
 * the release's install has been proven, so the platform's own objects and admission policies are
 * what the later checks see; on a cluster the install waits for those pods.
 */
const WEBHOOKS_SERVED_BY_RELEASE_PODS: Readonly<Record<string, readonly string[]>> = {
  // Validates Ingresses, IngressClassParams and TargetGroupBindings; mutates pods for readiness gates.
  'aws-load-balancer-controller': [
    '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/aws-load-balancer-webhook',
    '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/aws-load-balancer-webhook',
  ],
};

const PINNED_BY_DIGEST = /^[^\s@]+:[^\s@/]+@sha256:[0-9a-f]{64}$/;

/** `kubectl patch --type=<type>` content types. */
const PATCH_CONTENT_TYPES: Record<string, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
};

/**
 * Point 1 and the first half of point 3: everything the templates ship reaches a real API
 * server in deployment order, with strict field validation, and every pod it ships is admitted
 * where it lands.
 */
export function shippedObjectChecks(platform: PlatformUnderTest): void {
  describe('every shipped object, applied in deployment order (server-side apply, fieldValidation=Strict)', () => {
    test('the templates ship the tenancy objects and a Helm release (guards the checks below against an empty list)', () => {
      const kinds = platform.steps.map((step) => ('object' in step ? step.object.kind : 'patch' in step ? 'patch' : 'install'));
      const wanted = [
        'ValidatingAdmissionPolicy',
        'Namespace',
        'ResourceQuota',
        'LimitRange',
        'NetworkPolicy',
        'DaemonSet',
        'patch',
        'install',
      ];
      for (const kind of wanted) assert.ok(kinds.includes(kind), `no ${kind} among ${kinds.join(', ')}`);
    });

    for (const step of platform.steps) {
      // A Helm release's objects are there once its install ran: each is then checked with a dry run.
      const how = 'object' in step && step.release ? ' (server-side apply, dry run)' : '';
      test(`${describeStep(step)} is accepted${how}`, async () => {
        const plane = platform.plane();
        if ('install' in step) {
          await installWithHandler(plane, step.install, { ...platform.kubectlLayer, chartDir: step.chartDir });
          for (const path of WEBHOOKS_SERVED_BY_RELEASE_PODS[step.install.release] ?? []) {
            const response = await plane.request('DELETE', path);
            assert.equal(response.status, 200, `${path}: ${describeResponse(response)}`);
          }
          return;
        }
        if ('object' in step) {
          const response = await serverSideApply(plane, step.object, {
            defaultNamespace: step.release?.namespace,
            dryRun: step.release !== undefined,
          });
          assert.equal(response.status < 300, true, describeResponse(response));
          assert.deepEqual(response.warnings, [], 'warnings');
          return;
        }
        const { patch } = step;
        const [resource, name] = patch.resourceName.split('/');
        assert.equal(resource, 'namespace', `a patch of ${patch.resourceName} has no target in a fresh cluster`);
        const response = await plane.request('PATCH', `/api/v1/namespaces/${name}?fieldValidation=Strict`, patch.applyPatch, {
          contentType: PATCH_CONTENT_TYPES[patch.patchType],
        });
        assert.equal(response.status, 200, describeResponse(response));
        assert.deepEqual(response.warnings, [], 'warnings');
      });
    }
  });

  describe('every shipped pod template, as a Pod in its namespace (server dry-run)', () => {
    const pods = shippedPods(platform.steps);
    test('the templates ship pod templates (guards the checks below against an empty list)', () => {
      assert.ok(pods.length > 0);
    });
    before(() => controllersCaughtUp(platform.plane()));
    for (const pod of pods) {
      test(`${pod.owner} is admitted by the namespace's Pod Security level and admission chain`, async () => {
        const plane = platform.plane();
        const name = pod.owner.split('/').pop()!.toLowerCase();
        const response = await dryRunCreate(plane, {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { ...pod.metadata, name, namespace: pod.namespace },
          spec: pod.spec,
        });
        assert.equal(response.status, 201, describeResponse(response));
        assert.deepEqual(response.warnings, [], 'warnings');
      });
    }
  });

  describe('every image a shipped pod runs (manifests and Helm releases)', () => {
    const images = [
      ...new Set(
        shippedPods(platform.steps).flatMap((pod) => [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c) => c.image!)),
      ),
    ];
    test('the templates ship images (guards the checks below against an empty list)', () => assert.ok(images.length > 0));
    for (const image of images) {
      const reason = PINNED_BY_TAG_ONLY[image];
      if (reason) {
        test.todo(`NOT PINNED BY DIGEST: ${image}: ${reason}`);
        continue;
      }
      test(`${image} is pinned by tag and digest`, () => {
        assert.match(image, PINNED_BY_DIGEST, 'expected repository:tag@sha256:<digest>');
      });
    }
  });

  describe('the pods of privileged namespaces, as if they were in a baseline and a restricted tenant (server dry-run)', () => {
    // Admitted where they run whatever they ask for, so held here to the promise the README makes
    // of them: hardened, and privileged only for the host paths they read.
    const objects = platform.steps.flatMap((step) => ('object' in step ? [step.object] : []));
    const privileged = new Set(
      objects.filter((o) => o.kind === 'Namespace' && o.metadata?.labels?.[ENFORCE] === 'privileged').map((o) => o.metadata!.name!),
    );
    const pods = shippedPods(platform.steps).filter((pod) => privileged.has(pod.namespace));
    const tenantAt = (level: string) => Object.entries(platform.config.tenants).find(([, tenant]) => tenant.enforce === level)![0];
    before(() => controllersCaughtUp(platform.plane()));
    test('the templates ship pods in a privileged namespace (guards the checks below against an empty list)', () => {
      assert.ok(pods.length > 0, `privileged namespaces: ${[...privileged].join(', ')}`);
    });
    for (const pod of pods) {
      test(`${pod.owner} breaks baseline only with its hostPath volumes, and restricted only by also running as root`, async () => {
        const refusedFor: Record<string, string[]> = {};
        for (const level of ['baseline', 'restricted']) {
          const namespace = tenantAt(level);
          // Its own service account exists only in its namespace; the default one stands in.
          const { serviceAccountName: _, ...spec } = pod.spec as any;
          const name = pod.owner.split('/').pop()!.toLowerCase();
          const response = await dryRunCreate(platform.plane(), { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec });
          assert.equal(response.status, 403, describeResponse(response));
          refusedFor[level] = podSecurityReasons(response.body.message).sort();
        }
        assert.deepEqual(refusedFor, {
          baseline: ['hostPath volumes'],
          // At restricted, the volume-type check takes over hostPath's.
          restricted: ['restricted volume types', 'runAsNonRoot != true', 'runAsUser=0'],
        });
      });
    }
  });

  describe('not rendered offline, so unproven here', () => {
    for (const release of platform.unrendered) {
      test.todo(`NOT CHECKED: ${release.description} (${release.logicalId})`);
    }
  });
}
