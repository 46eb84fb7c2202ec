import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IngressClass } from 'kubernetes-models/networking.k8s.io/v1/IngressClass';
import { Construct, IDependable } from 'constructs';

/** The classes a tenant's Ingress may name; an Ingress without a class gets `internal`. */
export const INTERNAL_CLASS = 'internal';
export const PUBLIC_CLASS = 'public';

/** The controller an IngressClass hands its Ingresses to: AWS Load Balancer Controller's ALB ingress. */
const ALB_CONTROLLER = 'ingress.k8s.aws/alb';

/**
 * TLS 1.3 and TLS 1.2 with forward-secret AEAD ciphers only, nothing older (PCI DSS 4.2.1): the
 * policy aws-cdk-lib calls RECOMMENDED_TLS, ELBSecurityPolicy-TLS13-1-2-2021-06.
 */
export const TLS_POLICY: string = elbv2.SslPolicy.RECOMMENDED_TLS;

/** An ingress class the platform ships: how its load balancers face the network and serve TLS. */
export interface IngressClassSpec {
  /** The IngressClass's name, also its IngressClassParams'. */
  readonly name: string;
  /** Whether its load balancers are reachable inside the VPC only or from the internet. */
  readonly scheme: 'internal' | 'internet-facing';
  /**
   * The class's ACM certificates, the first the default: listeners are HTTPS only, with TLS_POLICY,
   * and an HTTP listener (if an Ingress asks for one) redirects to HTTPS.
   * @default none: plain HTTP on port 80 (internal class only)
   */
  readonly certificateArns?: readonly string[];
  /**
   * The web ACL every load balancer of the class is associated with.
   * @default none
   */
  readonly webAclArn?: string;
}

/** The fields of elbv2.k8s.aws/v1beta1 IngressClassParams (AWS Load Balancer Controller v3.6.2) the platform sets. */
interface IngressClassParamsSpec {
  readonly scheme: string;
  readonly targetType: 'ip';
  readonly ipAddressType: 'ipv4';
  readonly certificateArn?: string[];
  readonly sslPolicy?: string;
  readonly sslRedirectPort?: string;
  readonly wafv2AclArn?: string;
  readonly loadBalancerAttributes: { key: string; value: string }[];
}

/** The class's parameters: what no Ingress of the class can change (the controller prefers them to annotations). */
export function ingressClassParams(spec: IngressClassSpec) {
  const tls = spec.certificateArns ? { certificateArn: [...spec.certificateArns], sslPolicy: TLS_POLICY, sslRedirectPort: '443' } : {};
  const params: IngressClassParamsSpec = {
    scheme: spec.scheme,
    targetType: 'ip',
    ipAddressType: 'ipv4',
    ...tls,
    ...(spec.webAclArn ? { wafv2AclArn: spec.webAclArn } : {}),
    // Requests with header names ALB cannot parse are dropped, not passed to the pods (request smuggling).
    loadBalancerAttributes: [{ key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' }],
  };
  return { apiVersion: 'elbv2.k8s.aws/v1beta1', kind: 'IngressClassParams', metadata: { name: spec.name }, spec: params };
}

export interface IngressClassesProps {
  /** The cluster the classes are created in. */
  readonly cluster: eks.ICluster;
  /** The classes; the one named `internal` is the cluster's default. */
  readonly classes: readonly IngressClassSpec[];
  /** The controller's chart: it installs the IngressClassParams CRD, so the classes come after it. */
  readonly controllerChart: IDependable;
}

/** The platform's IngressClasses, each with the IngressClassParams that fix its scheme, TLS and WAF. */
export class IngressClasses extends Construct {
  readonly manifest: eks.KubernetesManifest;

  constructor(scope: Construct, id: string, props: IngressClassesProps) {
    super(scope, id);
    const objects = props.classes.flatMap((spec) => {
      const ingressClass = new IngressClass({
        metadata: {
          name: spec.name,
          ...(spec.name === INTERNAL_CLASS ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}),
        },
        spec: {
          controller: ALB_CONTROLLER,
          parameters: { apiGroup: 'elbv2.k8s.aws', kind: 'IngressClassParams', name: spec.name },
        },
      });
      return [ingressClassParams(spec), ingressClass.toJSON() as Record<string, unknown>];
    });
    this.manifest = new eks.KubernetesManifest(this, 'Classes', { cluster: props.cluster, manifest: objects });
    this.manifest.node.addDependency(props.controllerChart);
  }
}
