/**
 * What the configuration decides about traffic into the cluster (O7): the certificates the
 * platform's ingress classes terminate TLS with. Everything else (scheme, TLS policy, WAF) is
 * fixed by the platform, not by a setting.
 */
export interface IngressSettings {
  /**
   * ACM certificate of the `internal` class. With it, internal load balancers listen on HTTPS only,
   * with the platform's TLS policy. Without it they listen on plain HTTP (port 80), reachable only
   * from inside the VPC (docs/components/ingress.md says so and why).
   * @default none: internal load balancers serve plain HTTP inside the VPC
   */
  readonly internalCertificateArn?: string;
  /**
   * ACM certificates of the `public` class, the first one the default. Given only when public
   * ingress is enabled: the `public` class and the web ACL exist only then.
   * @default none: no public class, no internet-facing load balancer, no web ACL
   */
  readonly publicCertificateArns?: readonly string[];
}
