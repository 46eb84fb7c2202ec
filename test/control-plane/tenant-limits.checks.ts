import { strict as assert } from 'node:assert';
import { before, describe, test } from 'node:test';
import { controllersCaughtUp, describeResponse, dryRunCreate } from './support/api';
import type { PlatformUnderTest } from './support/platform';
import { compliantPod } from './pod-security.checks';

/** Point 4: LimitRanger and ResourceQuota admission on the shipped LimitRange and ResourceQuota. Needs the shipped objects applied. */
export function tenantLimitChecks(platform: PlatformUnderTest): void {
  describe('container defaults and quota in the tenants', () => {
    before(() => controllersCaughtUp(platform.plane()));

    for (const namespace of Object.keys(platform.config.tenants)) {
      test(`a container without resources in ${namespace} gets LimitRange defaults (requests 100m/128Mi, limits 500m/512Mi)`, async () => {
        const response = await dryRunCreate(platform.plane(), compliantPod('no-resources', namespace));
        assert.equal(response.status, 201, describeResponse(response));
        assert.deepEqual(response.body.spec.containers[0].resources, {
          requests: { cpu: '100m', memory: '128Mi' },
          limits: { cpu: '500m', memory: '512Mi' },
        });
      });
    }

    test("a pod asking for more CPU than prod's quota (100) is refused by ResourceQuota", async () => {
      const pod = compliantPod('too-big', 'prod');
      pod.spec.containers[0].resources = { requests: { cpu: '101', memory: '1Gi' }, limits: { cpu: '101', memory: '1Gi' } };
      const response = await dryRunCreate(platform.plane(), pod);
      assert.equal(response.status, 403, describeResponse(response));
      assert.equal(
        response.body.message,
        'pods "too-big" is forbidden: exceeded quota: compute, requested: limits.cpu=101,requests.cpu=101, ' +
          'used: limits.cpu=0,requests.cpu=0, limited: limits.cpu=100,requests.cpu=100',
      );
    });
  });
}
