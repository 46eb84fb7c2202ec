import { strict as assert } from 'node:assert';
import { before, describe, test } from 'node:test';
import { controllersCaughtUp, describeResponse, dryRunCreate } from './support/api';
import { PlatformUnderTest, shippedPods } from './support/platform';

/**
 * The Helm releases the templates install, rendered offline by the kubectl layer's Helm from the
 * chart at its pinned version with the values in the template. Their objects are applied with the
 * rest (shipped-objects.checks.ts); here: that they render, and that their pods meet `restricted`
 * even where their namespace (kube-system) enforces nothing, as the platform promises of every pod
 * outside its one privileged namespace. Needs the shipped objects applied.
 */
export function helmReleaseChecks(platform: PlatformUnderTest): void {
  describe("every Helm release, rendered by the kubectl layer's Helm at the pinned chart version with the template's values", () => {
    test('the templates install Helm releases (guards the checks below against an empty list)', () => {
      assert.ok(platform.releases.length > 0);
    });
    for (const rendered of platform.releases) {
      const { release } = rendered;
      // Listed as NOT CHECKED, with the reason, by the shipped-object checks.
      if ('unproven' in rendered) continue;
      const title = `chart ${release.chart} ${release.version} renders as release ${release.release} in ${release.namespace}`;
      test(`${title} (${release.logicalId})`, () => {
        if ('error' in rendered) assert.fail(rendered.error);
        assert.ok(rendered.objects.length > 0, 'it renders no object');
      });
    }
  });

  describe('the pods of every Helm release, as if they were in a restricted tenant (server dry-run)', () => {
    const pods = shippedPods(platform.steps).filter((pod) => pod.release);
    const restricted = Object.entries(platform.config.tenants).find(([, tenant]) => tenant.enforce === 'restricted')![0];
    before(() => controllersCaughtUp(platform.plane()));
    test('the releases render pods (guards the checks below against an empty list)', () => assert.ok(pods.length > 0));
    for (const pod of pods) {
      test(`${pod.owner} (release ${pod.release}) is admitted at restricted, without a warning`, async () => {
        // Its own service account exists only in its namespace; the default one stands in.
        const { serviceAccountName: _, ...spec } = pod.spec as any;
        const name = pod.owner.split('/').pop()!.toLowerCase();
        const response = await dryRunCreate(platform.plane(), {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, namespace: restricted },
          spec,
        });
        assert.equal(response.status, 201, describeResponse(response));
        assert.deepEqual(response.warnings, [], 'warnings');
      });
    }
  });
}
