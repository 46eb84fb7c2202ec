import { strict as assert } from 'node:assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, test } from 'node:test';
import { INGRESS_POLICY_NAME, LOAD_BALANCER_SERVICE_POLICY_NAME } from '../../lib/ingress/ingress-admission-policy';
import { ingressAdmissionCases, INGRESS_TENANT, service } from '../support/ingress-admission-cases';
import { describeResponse, dryRunCreate } from './support/api';
import type { PlatformUnderTest } from './support/platform';

/**
 * O7 on the real API server: the shipped ingress admission policies, for the classes this
 * configuration has. Needs the shipped objects applied (the tenant namespaces and the policies).
 */
export function ingressAdmissionChecks(platform: PlatformUnderTest): void {
  const { ingress: settings } = platform.config;
  const publicEnabled = settings.publicCertificateArns !== undefined;
  const internalHttps = settings.internalCertificateArn !== undefined;

  describe(`the ingress admission policies (${publicEnabled ? 'public ingress enabled' : 'internal ingress only'})`, () => {
    before(async () => {
      // A new policy is loaded in the background: wait until it refuses a LoadBalancer Service.
      const plane = platform.plane();
      for (let attempt = 0; attempt < 150; attempt++) {
        if ((await dryRunCreate(plane, service('probe', INGRESS_TENANT, 'LoadBalancer'))).status === 403) return;
        await sleep(200);
      }
    });

    for (const name of [INGRESS_POLICY_NAME, LOAD_BALANCER_SERVICE_POLICY_NAME]) {
      test(`${name} type-checks without a warning`, async () => {
        const plane = platform.plane();
        let policy: any;
        for (let attempt = 0; attempt < 300; attempt++) {
          policy = (await plane.request('GET', `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${name}`)).body;
          if (policy.status?.observedGeneration === policy.metadata?.generation) break;
          await sleep(100);
        }
        assert.equal(
          policy.status?.observedGeneration,
          policy.metadata?.generation,
          `not type-checked after 30 s: ${JSON.stringify(policy.status)}`,
        );
        assert.deepEqual(policy.status.typeChecking?.expressionWarnings ?? [], []);
      });
    }

    // The cases are shared with the unit tests of lib/ingress, which send them to the offline
    // evaluator: here the API server proves it decides them the same.
    for (const { title, object, refusal } of ingressAdmissionCases({ publicEnabled, internalHttps })) {
      test(title, async () => {
        const response = await dryRunCreate(platform.plane(), object);
        if (refusal === undefined) {
          assert.equal(response.status, 201, describeResponse(response));
        } else {
          assert.equal(response.status, 403, describeResponse(response));
          assert.equal(response.body.message, refusal);
        }
      });
    }
  });
}
