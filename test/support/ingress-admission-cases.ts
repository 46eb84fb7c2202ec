import type { KubernetesObject } from './kubernetes';

/**
 * What the ingress admission policies (O7) admit and refuse, and with which message: the cases
 * the control-plane suite sends to the real API server (test/control-plane/ingress-admission.checks.ts)
 * and the unit tests of lib/ingress send to the offline evaluator (test/support/admission-policy-check.ts),
 * so the API server proves the evaluator agrees with it on every case.
 */
export interface IngressAdmissionCase {
  readonly title: string;
  /** Created by a cluster admin (the control-plane suite's dry runs): the policies hold admins to them too. */
  readonly object: KubernetesObject;
  /** The policy that decides the case. */
  readonly policy: string;
  /** The API server's whole refusal message; undefined when the object is admitted. */
  readonly refusal?: string;
}

/** What the cluster's ingress classes have: they decide the cases. */
export interface IngressClassSetup {
  /** The `public` class exists (it has certificates, so it serves HTTPS only). */
  readonly publicEnabled: boolean;
  /** The `internal` class has a certificate, so it serves HTTPS only. */
  readonly internalHttps: boolean;
}

export const INGRESS_TENANT = 'prod';

/** The policies' names, as a refusal shows them (literals: the messages are what a developer reads). */
const INGRESS_POLICY_NAME = 'ingress-through-platform-classes';
const LOAD_BALANCER_SERVICE_POLICY_NAME = 'no-load-balancer-services';

export function ingress(name: string, options: { className?: string; annotations?: Record<string, string> } = {}): KubernetesObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: INGRESS_TENANT, ...(options.annotations ? { annotations: options.annotations } : {}) },
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

export function service(name: string, namespace: string, type: string): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { type, selector: { app: name }, ports: [{ name: 'https', port: 443, targetPort: 'ingress' }] },
  };
}

export function ingressRefusal(name: string, message: string): string {
  return (
    `ingresses.networking.k8s.io "${name}" is forbidden: ValidatingAdmissionPolicy '${INGRESS_POLICY_NAME}' ` +
    `with binding '${INGRESS_POLICY_NAME}' denied request: Ingress ${name} ${message}`
  );
}

/** The refusal of an Ingress that sets annotations its class fixes, named in the message. */
export function fixedMessage(annotations: string, className: string): string {
  return (
    `sets ${annotations}: the ingress class ${className} fixes the scheme, subnets, TLS certificates and policy and the WAF ` +
    'of its load balancers; remove these annotations'
  );
}

const HTTP_AND_HTTPS = '[{"HTTP": 80}, {"HTTPS": 443}]';

export function ingressAdmissionCases({ publicEnabled, internalHttps }: IngressClassSetup): IngressAdmissionCase[] {
  const cases: IngressAdmissionCase[] = [];
  const admits = (title: string, object: KubernetesObject, policy = INGRESS_POLICY_NAME) => cases.push({ title, object, policy });
  const refuses = (title: string, object: KubernetesObject, refusal: string, policy = INGRESS_POLICY_NAME) =>
    cases.push({ title, object, policy, refusal });

  admits('admits an Ingress without a class (the default, internal)', ingress('payments-api'));
  admits('admits an Ingress of class internal', ingress('payments-api', { className: 'internal' }));

  const allowedClasses = publicEnabled
    ? '"internal" (the default: reachable inside the VPC) or "public" (internet-facing, behind the platform WAF)'
    : '"internal" (the default: reachable inside the VPC); public ingress is not enabled in this cluster';
  for (const className of ['nginx', 'alb', ...(publicEnabled ? [] : ['public'])]) {
    refuses(
      `refuses an Ingress of class ${className}, naming the classes it may use`,
      ingress('payments-api', { className }),
      ingressRefusal('payments-api', `uses the ingress class ${className}: set spec.ingressClassName to ${allowedClasses}`),
    );
  }

  refuses(
    'refuses an internal Ingress that asks for an internet-facing scheme',
    ingress('payments-api', { annotations: { 'alb.ingress.kubernetes.io/scheme': 'internet-facing' } }),
    ingressRefusal('payments-api', fixedMessage('alb.ingress.kubernetes.io/scheme', 'internal')),
  );
  refuses(
    'refuses an Ingress that names its class by the legacy annotation',
    ingress('payments-api', { annotations: { 'kubernetes.io/ingress.class': 'alb' } }),
    ingressRefusal('payments-api', fixedMessage('kubernetes.io/ingress.class', 'internal')),
  );

  if (!internalHttps) {
    refuses(
      'refuses listen-ports on the internal class without a certificate: it serves HTTP on port 80 only',
      ingress('payments-api', { annotations: { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS": 443}]' } }),
      ingressRefusal(
        'payments-api',
        'sets alb.ingress.kubernetes.io/listen-ports to [{"HTTPS": 443}]: the ingress class internal has no certificate ' +
          'and serves HTTP on port 80 only: remove the annotation',
      ),
    );
  }

  const httpsClasses = [...(internalHttps ? ['internal'] : []), ...(publicEnabled ? ['public'] : [])];
  for (const className of httpsClasses) {
    refuses(
      `refuses a ${className} Ingress that listens on plain HTTP only`,
      ingress('payments-api', { className, annotations: { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}]' } }),
      ingressRefusal(
        'payments-api',
        `sets alb.ingress.kubernetes.io/listen-ports to [{"HTTP": 80}]: the ingress class ${className} serves HTTPS only: ` +
          'remove the annotation (HTTPS on 443), or set it to [{"HTTP": 80}, {"HTTPS": 443}] to have HTTP redirected to HTTPS',
      ),
    );
    admits(
      `admits a ${className} Ingress on HTTPS with HTTP redirected (listen-ports ${HTTP_AND_HTTPS})`,
      ingress('payments-api', { className, annotations: { 'alb.ingress.kubernetes.io/listen-ports': HTTP_AND_HTTPS } }),
    );
  }

  if (publicEnabled) {
    admits('admits a public Ingress', ingress('payments-api', { className: 'public' }));
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
      refuses(
        `refuses a public Ingress that ${what}, naming each annotation`,
        ingress('payments-api', { className: 'public', annotations }),
        ingressRefusal('payments-api', fixedMessage(Object.keys(annotations).join(', '), 'public')),
      );
    }
  }

  refuses(
    `refuses a Service of type LoadBalancer in the tenant ${INGRESS_TENANT}, saying what to use instead`,
    service('payments-api', INGRESS_TENANT, 'LoadBalancer'),
    `services "payments-api" is forbidden: ValidatingAdmissionPolicy '${LOAD_BALANCER_SERVICE_POLICY_NAME}' ` +
      `with binding '${LOAD_BALANCER_SERVICE_POLICY_NAME}' denied request: Service payments-api is of type LoadBalancer, ` +
      "which bypasses the platform's TLS policy and WAF: make it a ClusterIP Service and expose it through an Ingress " +
      'of class "internal" or "public"',
    LOAD_BALANCER_SERVICE_POLICY_NAME,
  );
  admits(
    `admits a ClusterIP Service in the tenant ${INGRESS_TENANT}`,
    service('payments-api', INGRESS_TENANT, 'ClusterIP'),
    LOAD_BALANCER_SERVICE_POLICY_NAME,
  );
  admits(
    'leaves the platform namespace kube-system to the platform',
    service('platform-lb', 'kube-system', 'LoadBalancer'),
    LOAD_BALANCER_SERVICE_POLICY_NAME,
  );
  return cases;
}
