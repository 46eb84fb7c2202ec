import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { Construct } from 'constructs';
import { INTERNAL_CLASS, PUBLIC_CLASS } from './ingress-classes';

export const INGRESS_POLICY_NAME = 'ingress-through-platform-classes';
export const LOAD_BALANCER_SERVICE_POLICY_NAME = 'no-load-balancer-services';

const ALB = 'alb.ingress.kubernetes.io/';
export const LISTEN_PORTS_ANNOTATION = `${ALB}listen-ports`;

/**
 * Annotations that would override what the class fixes: where the load balancer faces (scheme,
 * subnets, security groups, name, a load balancer shared with other Ingresses), its TLS
 * (certificates, policy, redirect) and its WAF. The controller prefers the class's parameters
 * anyway; refusing them tells the developer so instead of silently ignoring them.
 */
export const CLASS_FIXED_ANNOTATIONS: readonly string[] = [
  'kubernetes.io/ingress.class',
  ...[
    'scheme',
    'subnets',
    'security-groups',
    'manage-backend-security-group-rules',
    'load-balancer-name',
    'group.name',
    'certificate-arn',
    'ssl-policy',
    'ssl-redirect',
    'wafv2-acl-arn',
    'wafv2-acl-name',
    'waf-acl-id',
    'shield-advanced-protection',
  ].map((name) => `${ALB}${name}`),
];

/**
 * What an HTTPS class accepts in listen-ports: HTTPS on 443, optionally with HTTP on 80 (which the
 * class redirects to 443). CEL has no JSON parser, so the shape is matched as text, spaces allowed.
 */
export const HTTPS_LISTEN_PORTS_PATTERN = '^\\[\\s*(\\{\\s*"HTTP"\\s*:\\s*80\\s*\\}\\s*,\\s*)?\\{\\s*"HTTPS"\\s*:\\s*443\\s*\\}\\s*\\]$';

/** What listeners an ingress class allows. */
export interface ClassListeners {
  /** The class has certificates: HTTPS on 443 only, HTTP on 80 only to be redirected. Otherwise HTTP on 80 only. */
  readonly httpsOnly: boolean;
}

export interface IngressAdmissionPolicyProps {
  /** The cluster the policies and their bindings are applied to. */
  readonly cluster: eks.ICluster;
  /** The platform's own namespaces, outside the policies; every other namespace is held to them. */
  readonly exemptNamespaces: readonly string[];
  /** The classes the cluster has, each with whether it serves HTTPS only (it has certificates). */
  readonly classes: Readonly<Record<string, ClassListeners>>;
}

/**
 * O7, the admission half: in every namespace but the platform's, an Ingress goes through a
 * platform class (none means `internal`) without overriding what the class fixes, and listens
 * on HTTPS only when its class has certificates; a Service of type LoadBalancer is refused, since
 * a load balancer made from a Service would bypass the classes' TLS policy and WAF.
 */
export class IngressAdmissionPolicy extends Construct {
  readonly manifest: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: IngressAdmissionPolicyProps) {
    super(scope, id);
    const binding = (name: string) =>
      new ValidatingAdmissionPolicyBinding({
        metadata: { name },
        spec: {
          policyName: name,
          validationActions: ['Deny'],
          matchResources: {
            namespaceSelector: {
              matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...props.exemptNamespaces].sort() }],
            },
          },
        },
      }).toJSON() as Record<string, unknown>;
    this.manifest = new eks.KubernetesManifest(this, 'AdmissionPolicies', {
      cluster: props.cluster,
      manifest: [
        ingressPolicy(props.classes).toJSON() as Record<string, unknown>,
        binding(INGRESS_POLICY_NAME),
        loadBalancerServicePolicy().toJSON() as Record<string, unknown>,
        binding(LOAD_BALANCER_SERVICE_POLICY_NAME),
      ],
    });
  }
}

const cel = (text: string) => JSON.stringify(text);
const celList = (items: readonly string[]) => `[${items.map(cel).join(', ')}]`;

function ingressPolicy(classes: IngressAdmissionPolicyProps['classes']): ValidatingAdmissionPolicy {
  const names = Object.keys(classes).sort();
  const httpsClasses = names.filter((name) => classes[name]?.httpsOnly === true);
  const allowedClasses =
    `"internal" (the default: reachable inside the VPC)` +
    (PUBLIC_CLASS in classes
      ? ` or "public" (internet-facing, behind the platform WAF)`
      : '; public ingress is not enabled in this cluster');
  const ingress = `"Ingress " + object.metadata.name`;
  return new ValidatingAdmissionPolicy({
    metadata: { name: INGRESS_POLICY_NAME },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [
          { apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['ingresses'] },
        ],
      },
      variables: [
        { name: 'className', expression: `has(object.spec.ingressClassName) ? object.spec.ingressClassName : ${cel(INTERNAL_CLASS)}` },
        {
          name: 'fixed',
          expression:
            `has(object.metadata.annotations) ? ` + `${celList(CLASS_FIXED_ANNOTATIONS)}.filter(a, a in object.metadata.annotations) : []`,
        },
        {
          name: 'listenPorts',
          expression:
            `has(object.metadata.annotations) && ${cel(LISTEN_PORTS_ANNOTATION)} in object.metadata.annotations ? ` +
            `object.metadata.annotations[${cel(LISTEN_PORTS_ANNOTATION)}] : ""`,
        },
        { name: 'httpsOnly', expression: `variables.className in ${celList(httpsClasses)}` },
      ],
      validations: [
        {
          expression: `variables.className in ${celList(names)}`,
          reason: 'Forbidden',
          messageExpression:
            `${ingress} + " uses the ingress class " + variables.className + ` +
            `": set spec.ingressClassName to ${allowedClasses.replace(/"/g, '\\"')}"`,
        },
        {
          expression: 'variables.fixed.size() == 0',
          reason: 'Forbidden',
          messageExpression:
            `${ingress} + " sets " + variables.fixed.join(", ") + ": the ingress class " + variables.className + ` +
            `" fixes the scheme, subnets, TLS certificates and policy and the WAF of its load balancers; remove these annotations"`,
        },
        {
          expression:
            'variables.listenPorts == "" || ' +
            `(variables.httpsOnly && variables.listenPorts.matches(${cel(HTTPS_LISTEN_PORTS_PATTERN)}))`,
          reason: 'Forbidden',
          messageExpression:
            `${ingress} + " sets ${LISTEN_PORTS_ANNOTATION} to " + variables.listenPorts + ": " + (variables.httpsOnly ? ` +
            `"the ingress class " + variables.className + " serves HTTPS only: remove the annotation (HTTPS on 443), ` +
            `or set it to [{\\"HTTP\\": 80}, {\\"HTTPS\\": 443}] to have HTTP redirected to HTTPS" : ` +
            `"the ingress class " + variables.className + " has no certificate and serves HTTP on port 80 only: remove the annotation")`,
        },
      ],
    },
  });
}

function loadBalancerServicePolicy(): ValidatingAdmissionPolicy {
  return new ValidatingAdmissionPolicy({
    metadata: { name: LOAD_BALANCER_SERVICE_POLICY_NAME },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['services'] }],
      },
      validations: [
        {
          expression: '!has(object.spec.type) || object.spec.type != "LoadBalancer"',
          reason: 'Forbidden',
          messageExpression:
            `"Service " + object.metadata.name + " is of type LoadBalancer, which bypasses the platform's TLS policy and WAF: ` +
            `make it a ClusterIP Service and expose it through an Ingress of class \\"internal\\" or \\"public\\""`,
        },
      ],
    },
  });
}
