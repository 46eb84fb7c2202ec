import { strict as assert } from 'node:assert';
import { after, describe, test } from 'node:test';
import { INGRESS_POLICY_NAME } from '../../lib/ingress/ingress-admission-policy';
import { INGRESS_POD_LABEL, INGRESS_PORT_NAME, LOAD_BALANCER_POLICY_NAME } from '../../lib/ingress/load-balancer-traffic';
import { exampleObject, PAYMENTS_API_EXAMPLE, paymentsApiObjects } from '../support/payments-api-example';
import { describeResponse, dryRunCreate, objectPath, serverSideApply } from './support/api';
import type { PlatformUnderTest } from './support/platform';

const TENANT = 'prod';

/**
 * O7: the sample payments API (examples/payments-api) is what a team writes, and the platform
 * admits it as written into a tenant namespace of the real API server: strict field validation,
 * Pod Security `restricted`, the ingress admission policy, and the load-balancer network policy
 * selects its pods. Needs the shipped objects applied (the namespaces and the policies).
 */
export function samplePaymentsApiChecks(platform: PlatformUnderTest): void {
  describe(`the sample payments API (${PAYMENTS_API_EXAMPLE.replace(/.*\/examples\//, 'examples/')}) in the tenant ${TENANT}`, () => {
    const objects = paymentsApiObjects(TENANT);
    const deployment = exampleObject(objects, 'Deployment') as any;
    const ingress = exampleObject(objects, 'Ingress') as any;

    after(async () => {
      const plane = platform.plane();
      for (const object of [...objects].reverse()) await plane.request('DELETE', await objectPath(plane, object));
    });

    test('its Deployment, Service and Ingress are applied with strict field validation, without a warning', async () => {
      for (const object of objects) {
        const response = await serverSideApply(platform.plane(), object, { fieldManager: 'payments-team' });
        assert.ok(response.status === 200 || response.status === 201, `${object.kind}: ${describeResponse(response)}`);
        assert.deepEqual(response.warnings, [], `${object.kind} ${object.metadata?.name}`);
      }
    });

    test(`its pod is admitted by Pod Security "restricted" in ${TENANT}, without a warning`, async () => {
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { ...deployment.spec.template.metadata, name: 'payments-api-probe', namespace: TENANT },
        spec: deployment.spec.template.spec,
      };
      const response = await dryRunCreate(platform.plane(), pod);
      assert.equal(response.status, 201, describeResponse(response));
      assert.deepEqual(response.warnings, []);
    });

    const reachable = `the load balancers may reach its pods: ${LOAD_BALANCER_POLICY_NAME} selects them, on "${INGRESS_PORT_NAME}"`;
    test(reachable, async () => {
      const policy = (
        await platform
          .plane()
          .request('GET', `/apis/networking.k8s.io/v1/namespaces/${TENANT}/networkpolicies/${LOAD_BALANCER_POLICY_NAME}`)
      ).body;
      const labels: Record<string, string> = deployment.spec.template.metadata.labels;
      assert.deepEqual(policy.spec.podSelector.matchLabels, { ...INGRESS_POD_LABEL });
      for (const [key, value] of Object.entries<string>(policy.spec.podSelector.matchLabels)) assert.equal(labels[key], value, key);
      const ports = deployment.spec.template.spec.containers.flatMap((c: any) => c.ports.map((p: any) => p.name));
      assert.ok(ports.includes(policy.spec.ingress[0].ports[0].port), `container ports ${ports.join(', ')}`);
      const service = exampleObject(objects, 'Service') as any;
      assert.equal(service.spec.ports[0].targetPort, INGRESS_PORT_NAME);
    });

    test("the same Ingress with a class of its own (nginx) is refused, with the policy's message", async () => {
      const other = {
        ...ingress,
        metadata: { ...ingress.metadata, name: 'payments-api-nginx' },
        spec: { ...ingress.spec, ingressClassName: 'nginx' },
      };
      const response = await dryRunCreate(platform.plane(), other);
      assert.equal(response.status, 403, describeResponse(response));
      const allowed = platform.config.ingress.publicCertificateArns
        ? '"internal" (the default: reachable inside the VPC) or "public" (internet-facing, behind the platform WAF)'
        : '"internal" (the default: reachable inside the VPC); public ingress is not enabled in this cluster';
      assert.equal(
        response.body.message,
        `ingresses.networking.k8s.io "payments-api-nginx" is forbidden: ValidatingAdmissionPolicy '${INGRESS_POLICY_NAME}' ` +
          `with binding '${INGRESS_POLICY_NAME}' denied request: Ingress payments-api-nginx uses the ingress class nginx: ` +
          `set spec.ingressClassName to ${allowed}`,
      );
    });
  });
}
