import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct, IDependable } from 'constructs';
import type { LogGroupPolicy } from '../shared/encrypted-log-group';
import { IngressAdmissionPolicy } from './ingress-admission-policy';
import { IngressClasses, IngressClassSpec, INTERNAL_CLASS, PUBLIC_CLASS } from './ingress-classes';
import type { IngressSettings } from './ingress-settings';
import { LoadBalancerController } from './load-balancer-controller';
import { LoadBalancerTraffic, TenantTarget } from './load-balancer-traffic';
import { PlatformWebAcl } from './web-acl';

/** The physical names of the ingress concern. */
export interface IngressNames {
  /** The regional web ACL of the public class. */
  readonly webAcl: string;
  /** Its log group, which WAF requires to start with `aws-waf-logs-`. */
  readonly webAclLogGroup: string;
}

export interface IngressProps {
  /** The cluster the controller, classes and policies go in. */
  readonly cluster: eks.ICluster;
  /** The literal cluster name: the controller's tag value and IAM conditions. */
  readonly clusterName: string;
  /** The stack's region: the controller's API calls and IAM ARNs. */
  readonly region: string;
  /** The VPC of the load balancers. */
  readonly vpc: ec2.IVpc;
  /** The VPC's CIDR: where load balancers send from. */
  readonly vpcCidr: string;
  /** The worker nodes' security group: the control plane reaches the controller's webhooks there. */
  readonly nodeSecurityGroup: ec2.ISecurityGroup;
  /** The controller's pods need nodes; its chart waits for them. */
  readonly nodeGroups: readonly IDependable[];
  /** The certificates of the classes; public ingress exists only with certificates. */
  readonly settings: IngressSettings;
  /** The platform's own namespaces, outside the admission policies. */
  readonly exemptNamespaces: readonly string[];
  /** Tenant namespaces, each with what must exist before its network policy. */
  readonly tenants: readonly TenantTarget[];
  /** The web ACL's name and its log group's. */
  readonly names: IngressNames;
  /** Retention, key and deletion rules of the WAF log group. */
  readonly logGroups: LogGroupPolicy;
}

/**
 * Traffic into the cluster (O7): AWS Load Balancer Controller, the `internal` class (the
 * default) and, when enabled, the `public` class behind the platform's web ACL; admission keeps
 * tenants on those classes, network policies let load balancers reach only opted-in pods.
 */
export class Ingress extends Construct {
  readonly controller: LoadBalancerController;
  /** Only with public ingress. */
  readonly webAcl?: PlatformWebAcl;

  constructor(scope: Construct, id: string, props: IngressProps) {
    super(scope, id);
    const { settings } = props;
    // An unused web ACL costs its monthly fee and its rules': it exists only for public load balancers.
    if (settings.publicCertificateArns) {
      this.webAcl = new PlatformWebAcl(this, 'WebAcl', {
        name: props.names.webAcl,
        logGroupName: props.names.webAclLogGroup,
        logGroups: props.logGroups,
      });
    }

    this.controller = new LoadBalancerController(this, 'Controller', {
      cluster: props.cluster,
      clusterName: props.clusterName,
      region: props.region,
      vpc: props.vpc,
      nodeSecurityGroup: props.nodeSecurityGroup,
      nodeGroups: props.nodeGroups,
      webAclArn: this.webAcl?.webAcl.attrArn,
    });

    const classes: IngressClassSpec[] = [
      {
        name: INTERNAL_CLASS,
        scheme: 'internal',
        certificateArns: settings.internalCertificateArn ? [settings.internalCertificateArn] : undefined,
      },
      ...(settings.publicCertificateArns && this.webAcl
        ? [
            {
              name: PUBLIC_CLASS,
              scheme: 'internet-facing' as const,
              certificateArns: settings.publicCertificateArns,
              webAclArn: this.webAcl.webAcl.attrArn,
            },
          ]
        : []),
    ];
    new IngressClasses(this, 'Classes', { cluster: props.cluster, classes, controllerChart: this.controller.chart });
    new IngressAdmissionPolicy(this, 'Admission', {
      cluster: props.cluster,
      exemptNamespaces: props.exemptNamespaces,
      classes: Object.fromEntries(classes.map((c) => [c.name, { httpsOnly: c.certificateArns !== undefined }])),
    });
    new LoadBalancerTraffic(this, 'LoadBalancerTraffic', {
      cluster: props.cluster,
      tenants: props.tenants,
      loadBalancerCidr: props.vpcCidr,
    });
  }
}
