import { CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { acknowledgeWildcardResource } from '../compliance/acknowledgements';
import { ChartPin, installChartOnNodes } from '../shared/chart-on-nodes';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../shared/restricted-security-context';
import { twoReplicasAcrossZones } from '../shared/two-replicas-across-zones';
import { createIrsaRole } from '../shared/irsa-role';
import {
  CLUSTER_TAG,
  CONTROLLER_READ_ACTIONS,
  controllerResources,
  controllerStatements,
  LISTENER_ACTIONS,
  OWN_LOAD_BALANCER_ACTIONS,
} from './controller-policy';

/**
 * The chart of AWS Load Balancer Controller v3.6.2 (2026-10-24), built against the Kubernetes
 * 1.36 client libraries (k8s.io/api v0.36.2 in its go.mod). Its source is the Go module
 * sigs.k8s.io/aws-load-balancer-controller/v3@v3.6.2 (helm/aws-load-balancer-controller), whose
 * checksum the Go checksum database records; aws/eks-charts publishes each release's chart
 * under the same version.
 */
export const LOAD_BALANCER_CONTROLLER_CHART: ChartPin = {
  chart: 'aws-load-balancer-controller',
  repository: 'https://aws.github.io/eks-charts',
  version: '3.6.2',
};

/**
 * The chart's own image, by tag alone: no stored source gives the digest of
 * public.ecr.aws/eks/aws-load-balancer-controller:v3.6.2 (the release notes name the tag only).
 * Read it with `crane digest` and write `v3.6.2@sha256:<digest>` here: the chart renders
 * "repository:tag", so a digest goes in the tag.
 */
export const LOAD_BALANCER_CONTROLLER_IMAGE = { repository: 'public.ecr.aws/eks/aws-load-balancer-controller', tag: 'v3.6.2' };

export const LOAD_BALANCER_CONTROLLER_NAMESPACE = 'kube-system';
export const LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT = 'aws-load-balancer-controller';
/** The port of the controller's admission webhooks on the pods, which the control plane calls. */
export const WEBHOOK_PORT = 9443;

export interface LoadBalancerControllerProps {
  /** The cluster it serves: the chart is installed on it and its OIDC provider is what the controller's IRSA role trusts. */
  readonly cluster: eks.ICluster;
  /** The literal cluster name: the value of the `elbv2.k8s.aws/cluster` tag in every IAM condition. */
  readonly clusterName: string;
  /** The region the controller calls the ELB, EC2 and WAF APIs in; its IAM policy names it in every ARN. */
  readonly region: string;
  /** The VPC the load balancers and their security groups go in. */
  readonly vpc: ec2.IVpc;
  /** The security group of the worker nodes (not the cluster's): the webhook port is opened on it to the control plane. */
  readonly nodeSecurityGroup: ec2.ISecurityGroup;
  /** Its pods need nodes; the chart waits for them. */
  readonly nodeGroups: readonly IDependable[];
  /**
   * The web ACL the public class associates its load balancers with.
   * @default none: the controller gets no WAF rights and does not manage WAF
   */
  readonly webAclArn?: string;
}

/**
 * AWS Load Balancer Controller (O7): turns an Ingress of a platform class into an Application
 * Load Balancer. Its IRSA role may create load balancers, target groups and security groups only
 * tagged for this cluster, and change or delete only those.
 */
export class LoadBalancerController extends Construct {
  readonly role: iam.Role;
  readonly chart: eks.HelmChart;

  constructor(scope: Construct, id: string, props: LoadBalancerControllerProps) {
    super(scope, id);
    const { partition, account } = Stack.of(this);
    const { cluster } = props;
    const policyScope = {
      partition,
      account,
      region: props.region,
      clusterName: props.clusterName,
      vpcId: props.vpc.vpcId,
      clusterSecurityGroupId: cluster.clusterSecurityGroupId,
      webAclArn: props.webAclArn,
    };
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `AWS Load Balancer Controller of ${props.clusterName}: load balancers, target groups and security groups tagged for it`,
      statements: controllerStatements(policyScope),
    });
    const cfnPolicy = policy.node.defaultChild as CfnResource;
    const r = controllerResources(policyScope);
    acknowledgeWildcardResource(
      cfnPolicy,
      'Describe and Get actions of EC2 and ELB support no resource-level permissions; read-only.',
      '*',
      CONTROLLER_READ_ACTIONS,
    );
    acknowledgeWildcardResource(
      cfnPolicy,
      `The controller names its security groups as it creates them: creation only with the ${CLUSTER_TAG} tag of this cluster, ` +
        'every later change only on groups that carry it.',
      r.securityGroups,
      [
        'ec2:CreateSecurityGroup',
        'ec2:CreateTags',
        'ec2:DeleteTags',
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:RevokeSecurityGroupIngress',
        'ec2:DeleteSecurityGroup',
      ],
    );
    const ownedActions = [
      'elasticloadbalancing:AddTags',
      'elasticloadbalancing:RemoveTags',
      ...OWN_LOAD_BALANCER_ACTIONS,
      ...LISTENER_ACTIONS,
    ];
    const generatedNames =
      'AWS generates these ids; the controller names its load balancers and target groups k8s-...; ' +
      `each action is conditioned on the ${CLUSTER_TAG} tag of this cluster.`;
    const webAcl = props.webAclArn
      ? [
          'wafv2:GetWebACL',
          'wafv2:GetWebACLForResource',
          'wafv2:AssociateWebACL',
          'wafv2:DisassociateWebACL',
          'elasticloadbalancing:SetWebAcl',
        ]
      : [];
    acknowledgeWildcardResource(cfnPolicy, generatedNames, r.loadBalancers, [
      'elasticloadbalancing:CreateLoadBalancer',
      'elasticloadbalancing:CreateTargetGroup',
      ...ownedActions,
      ...webAcl,
    ]);
    acknowledgeWildcardResource(cfnPolicy, generatedNames, r.targetGroups, [
      'elasticloadbalancing:CreateLoadBalancer',
      'elasticloadbalancing:CreateTargetGroup',
      ...ownedActions,
    ]);
    acknowledgeWildcardResource(cfnPolicy, generatedNames, r.listeners, ownedActions);
    acknowledgeWildcardResource(cfnPolicy, generatedNames, r.listenerRules, ownedActions);

    this.role = createIrsaRole(this, 'Role', {
      cluster,
      namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
      serviceAccountName: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
      description: `IRSA role of the AWS Load Balancer Controller of ${props.clusterName}`,
      managedPolicies: [policy],
    });

    // The API server calls the controller's webhooks (Ingress validation, pod readiness gates) on
    // the pods' port. Nodes and control plane share the EKS cluster security group, which admits
    // all traffic between its members; this rule keeps the port open should the nodes lose it.
    props.nodeSecurityGroup.addIngressRule(
      ec2.Peer.securityGroupId(cluster.clusterSecurityGroupId),
      ec2.Port.tcp(WEBHOOK_PORT),
      'control plane to the AWS Load Balancer Controller webhooks',
    );

    const selector = {
      'app.kubernetes.io/name': 'aws-load-balancer-controller',
      'app.kubernetes.io/instance': 'aws-load-balancer-controller',
    };
    this.chart = installChartOnNodes(this, 'Chart', {
      cluster,
      chart: LOAD_BALANCER_CONTROLLER_CHART,
      release: 'aws-load-balancer-controller',
      namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
      nodeGroups: props.nodeGroups,
      values: {
        clusterName: props.clusterName,
        region: props.region,
        vpcId: props.vpc.vpcId,
        image: LOAD_BALANCER_CONTROLLER_IMAGE,
        serviceAccount: {
          create: true,
          name: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
          annotations: { 'eks.amazonaws.com/role-arn': this.role.roleArn },
        },
        // The platform's classes (IngressClasses) are created by the stack, after the chart and its CRDs.
        createIngressClassResource: false,
        ingressClassParams: { create: false },
        // A class is chosen by spec.ingressClassName only, and one Ingress cannot join another's load balancer.
        disableIngressClassAnnotation: true,
        disableIngressGroupNameAnnotation: true,
        // The mutating webhook would make the controller the owner of every new LoadBalancer Service;
        // tenants may not create those (admission), and platform namespaces have none.
        enableServiceMutatorWebhook: false,
        // Only WAFv2, and only when the public class has a web ACL; no WAF Classic, no Shield Advanced.
        enableWaf: false,
        enableWafv2: props.webAclArn !== undefined,
        enableShield: false,
        // Pods are targets by IP: the VPC CNI gives them VPC addresses.
        defaultTargetType: 'ip',
        // Helm generates the webhook's certificate at install; an upgrade keeps it instead of rotating it under the API server.
        keepTLSSecret: true,
        // Two replicas with leader election: a node drain never leaves the cluster without one.
        ...twoReplicasAcrossZones(selector),
        // The `restricted` Pod Security Standard, stated here rather than left to chart defaults.
        podSecurityContext: restrictedPodSecurityContext(),
        securityContext: restrictedContainerSecurityContext(),
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
      },
    });
  }
}
