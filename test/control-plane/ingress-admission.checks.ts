import { strict as assert } from 'node:assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, test } from 'node:test';
import { INGRESS_POLICY_NAME, LOAD_BALANCER_SERVICE_POLICY_NAME } from '../../lib/ingress/ingress-admission-policy';
import { describeResponse, dryRunCreate } from './support/api';
import type { PlatformUnderTest } from './support/platform';

const TENANT = 'prod';

function ingress(name: string, options: { className?: string; annotations?: Record<string, string> } = {}) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: TENANT, ...(options.annotations ? { annotations: options.annotations } : {}) },
    spec: {
      ...(options.className ? { ingressClassName: options.className } : {}),
      rules: [
        {
          host: 'payments.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'payments-api', port: { name: 'https' } } } }] },
        },
      ],
    },
  };
}

function service(name: string, namespace: string, type: string) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { type, selector: { app: name }, ports: [{ name: 'https', port: 443, targetPort: 'ingress' }] },
  };
}

function ingressRefusal(name: string, message: string): string {
  return (
    `ingresses.networking.k8s.io "${name}" is forbidden: ValidatingAdmissionPolicy '${INGRESS_POLICY_NAME}' ` +
    `with binding '${INGRESS_POLICY_NAME}' denied request: Ingress ${name} ${message}`
  );
}

const HTTP_AND_HTTPS = '[{"HTTP": 80}, {"HTTPS": 443}]';

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
        if ((await dryRunCreate(plane, service('probe', TENANT, 'LoadBalancer'))).status === 403) return;
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

    test('admits an Ingress without a class (the default, internal)', async () => {
      const response = await dryRunCreate(platform.plane(), ingress('payments-api'));
      assert.equal(response.status, 201, describeResponse(response));
    });

    test('admits an Ingress of class internal', async () => {
      const response = await dryRunCreate(platform.plane(), ingress('payments-api', { className: 'internal' }));
      assert.equal(response.status, 201, describeResponse(response));
    });

    const allowedClasses = publicEnabled
      ? '"internal" (the default: reachable inside the VPC) or "public" (internet-facing, behind the platform WAF)'
      : '"internal" (the default: reachable inside the VPC); public ingress is not enabled in this cluster';
    for (const className of ['nginx', 'alb', ...(publicEnabled ? [] : ['public'])]) {
      test(`refuses an Ingress of class ${className}, naming the classes it may use`, async () => {
        const response = await dryRunCreate(platform.plane(), ingress('payments-api', { className }));
        assert.equal(response.status, 403, describeResponse(response));
        assert.equal(
          response.body.message,
          ingressRefusal('payments-api', `uses the ingress class ${className}: set spec.ingressClassName to ${allowedClasses}`),
        );
      });
    }

    const fixedMessage = (annotations: string, className: string) =>
      `sets ${annotations}: the ingress class ${className} fixes the scheme, subnets, TLS certificates and policy and the WAF ` +
      'of its load balancers; remove these annotations';

    test('refuses an internal Ingress that asks for an internet-facing scheme', async () => {
      const annotations = { 'alb.ingress.kubernetes.io/scheme': 'internet-facing' };
      const response = await dryRunCreate(platform.plane(), ingress('payments-api', { annotations }));
      assert.equal(response.status, 403, describeResponse(response));
      assert.equal(response.body.message, ingressRefusal('payments-api', fixedMessage('alb.ingress.kubernetes.io/scheme', 'internal')));
    });

    test('refuses an Ingress that names its class by the legacy annotation', async () => {
      const annotations = { 'kubernetes.io/ingress.class': 'alb' };
      const response = await dryRunCreate(platform.plane(), ingress('payments-api', { annotations }));
      assert.equal(response.status, 403, describeResponse(response));
      assert.equal(response.body.message, ingressRefusal('payments-api', fixedMessage('kubernetes.io/ingress.class', 'internal')));
    });

    if (!internalHttps) {
      test('refuses listen-ports on the internal class without a certificate: it serves HTTP on port 80 only', async () => {
        const annotations = { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS": 443}]' };
        const response = await dryRunCreate(platform.plane(), ingress('payments-api', { annotations }));
        assert.equal(response.status, 403, describeResponse(response));
        assert.equal(
          response.body.message,
          ingressRefusal(
            'payments-api',
            'sets alb.ingress.kubernetes.io/listen-ports to [{"HTTPS": 443}]: the ingress class internal has no certificate ' +
              'and serves HTTP on port 80 only: remove the annotation',
          ),
        );
      });
    }

    const httpsClasses = [...(internalHttps ? ['internal'] : []), ...(publicEnabled ? ['public'] : [])];
    for (const className of httpsClasses) {
      test(`refuses a ${className} Ingress that listens on plain HTTP only`, async () => {
        const annotations = { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}]' };
        const response = await dryRunCreate(platform.plane(), ingress('payments-api', { className, annotations }));
        assert.equal(response.status, 403, describeResponse(response));
        assert.equal(
          response.body.message,
          ingressRefusal(
            'payments-api',
            `sets alb.ingress.kubernetes.io/listen-ports to [{"HTTP": 80}]: the ingress class ${className} serves HTTPS only: ` +
              'remove the annotation (HTTPS on 443), or set it to [{"HTTP": 80}, {"HTTPS": 443}] to have HTTP redirected to HTTPS',
          ),
        );
      });

      test(`admits a ${className} Ingress on HTTPS with HTTP redirected (listen-ports ${HTTP_AND_HTTPS})`, async () => {
        const annotations = { 'alb.ingress.kubernetes.io/listen-ports': HTTP_AND_HTTPS };
        const response = await dryRunCreate(platform.plane(), ingress('payments-api', { className, annotations }));
        assert.equal(response.status, 201, describeResponse(response));
      });
    }

    if (publicEnabled) {
      test('admits a public Ingress', async () => {
        const response = await dryRunCreate(platform.plane(), ingress('payments-api', { className: 'public' }));
        assert.equal(response.status, 201, describeResponse(response));
      });

      for (const [what, annotations] of [
        [
          'drops the WAF for a web ACL of its own',
          { 'alb.ingress.kubernetes.io/wafv2-acl-arn': 'arn:aws:wafv2:ap-southeast-1:123456789012:regional/webacl/open/0' },
        ],
        ['lowers the TLS policy', { 'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-2016-08' }],
        [
          'brings its own certificate and turns off the redirect',
          {
            'alb.ingress.kubernetes.io/certificate-arn': 'arn:aws:acm:ap-southeast-1:123456789012:certificate/x',
            'alb.ingress.kubernetes.io/ssl-redirect': '',
          },
        ],
      ] as const) {
        test(`refuses a public Ingress that ${what}, naming each annotation`, async () => {
          const response = await dryRunCreate(platform.plane(), ingress('payments-api', { className: 'public', annotations }));
          assert.equal(response.status, 403, describeResponse(response));
          const names = Object.keys(annotations);
          assert.equal(response.body.message, ingressRefusal('payments-api', fixedMessage(names.join(', '), 'public')));
        });
      }
    }

    test(`refuses a Service of type LoadBalancer in the tenant ${TENANT}, saying what to use instead`, async () => {
      const response = await dryRunCreate(platform.plane(), service('payments-api', TENANT, 'LoadBalancer'));
      assert.equal(response.status, 403, describeResponse(response));
      assert.equal(
        response.body.message,
        `services "payments-api" is forbidden: ValidatingAdmissionPolicy '${LOAD_BALANCER_SERVICE_POLICY_NAME}' ` +
          `with binding '${LOAD_BALANCER_SERVICE_POLICY_NAME}' denied request: Service payments-api is of type LoadBalancer, ` +
          "which bypasses the platform's TLS policy and WAF: make it a ClusterIP Service and expose it through an Ingress " +
          'of class "internal" or "public"',
      );
    });

    test(`admits a ClusterIP Service in the tenant ${TENANT}`, async () => {
      const response = await dryRunCreate(platform.plane(), service('payments-api', TENANT, 'ClusterIP'));
      assert.equal(response.status, 201, describeResponse(response));
    });

    test('leaves the platform namespace kube-system to the platform', async () => {
      const response = await dryRunCreate(platform.plane(), service('platform-lb', 'kube-system', 'LoadBalancer'));
      assert.equal(response.status, 201, describeResponse(response));
    });
  });
}
