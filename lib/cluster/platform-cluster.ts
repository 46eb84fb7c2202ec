import { Annotations, CfnResource, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct, IDependable } from 'constructs';
import { acknowledge, acknowledgeWildcardResource, managedPolicyFindings, resourceAt } from '../compliance/acknowledgements';
import { createEncryptedLogGroup, LogGroupPolicy } from '../shared/encrypted-log-group';
import { endpointAccess, EndpointAccessMode } from './endpoint-access';
import { createKubectlLayer, KubernetesVersionString } from '../shared/kubernetes-version';

export interface PlatformClusterProps {
  /** The EKS cluster's name (the kubectl provider's security group names it in its description). */
  readonly clusterName: string;
  /** The control plane's minor version; the kubectl layer must be the one built for it. */
  readonly kubernetesVersion: KubernetesVersionString;
  /** The VPC the cluster and the kubectl provider's security group live in. */
  readonly vpc: ec2.IVpc;
  /** The control plane's network interfaces and the kubectl provider go here. */
  readonly privateSubnets: ec2.ISubnet[];
  /** Routes and endpoints the kubectl provider needs to reach the API server, STS and chart repositories. */
  readonly egress: IDependable;
  /** Envelope-encrypts the cluster's Kubernetes secrets. */
  readonly secretsKey: kms.IKey;
  /** The group EKS writes all five control-plane log types to: `/aws/eks/<cluster>/cluster`, the only name EKS uses. */
  readonly controlPlaneLogGroupName: string;
  /** Retention, key and deletion rules of the stack's log groups. */
  readonly logGroups: LogGroupPolicy;
  /** Who can reach the Kubernetes API endpoint: the VPC, the internet (publicAccessCidrs only), or both. */
  readonly endpointAccess: EndpointAccessMode;
  /** The CIDR blocks the public endpoint admits; unused when the endpoint is private (the configuration then refuses any). */
  readonly publicAccessCidrs: readonly string[];
  /**
   * An IAM role that gets cluster-admin through an EKS access entry.
   * @default no access entry of its own: only the kubectl provider's role is a cluster admin
   * (and the identity CloudFormation created the cluster with, as EKS makes its creator one)
   */
  readonly adminRoleArn?: string;
}

/** All five control-plane log types (R2). */
export const CONTROL_PLANE_LOG_TYPES = [
  eks.ClusterLoggingTypes.API,
  eks.ClusterLoggingTypes.AUDIT,
  eks.ClusterLoggingTypes.AUTHENTICATOR,
  eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
  eks.ClusterLoggingTypes.SCHEDULER,
];

/**
 * The EKS control plane (R1, R2, R6): native AWS::EKS::Cluster with access entries, secrets
 * encrypted with the platform key, all control-plane logs in a group the stack owns, IRSA,
 * and a kubectl provider in the private subnets for the manifests and charts of the add-ons.
 */
export class PlatformCluster extends Construct {
  readonly cluster: eks.Cluster;
  readonly controlPlaneLogGroup: logs.LogGroup;
  /** The kubectl provider's functions, and only they, are in this group. */
  readonly kubectlSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: PlatformClusterProps) {
    super(scope, id);

    // EKS writes to /aws/eks/<name>/cluster and would create it without retention or key;
    // creating it first, and making the cluster depend on it, keeps both ours.
    this.controlPlaneLogGroup = createEncryptedLogGroup(this, 'ControlPlaneLogGroup', {
      logGroupName: props.controlPlaneLogGroupName,
      policy: props.logGroups,
      auditTrail: true,
    });

    // The kubectl provider's functions get a group of their own rather than the EKS-owned cluster
    // security group: their network interfaces outlive the functions by up to 20 minutes, and on
    // the cluster's group they kept EKS from deleting it, and so the subnets and the VPC, leaving
    // the stack in DELETE_FAILED. A group of the stack is deleted by CloudFormation, which retries
    // until the interfaces are gone. Outbound HTTPS only: the API endpoint, and the EKS and STS APIs
    // and chart repositories through the endpoints and the NAT gateway.
    this.kubectlSecurityGroup = new ec2.SecurityGroup(this, 'KubectlProviderSecurityGroup', {
      vpc: props.vpc,
      description: `kubectl provider functions of ${props.clusterName}: HTTPS out only`,
      allowAllOutbound: false,
    });
    this.kubectlSecurityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'HTTPS to the API endpoint, AWS APIs and chart repositories',
    );

    // Creating the control plane (about 10 of a deploy's ~15 minutes) needs only its subnets and
    // security group. Given the VPC construct itself, eks.Cluster would make it wait for all of
    // it: internet and NAT gateways, routes, endpoints, flow logs. Given a view of the VPC (the
    // same ids, no resources of its own) it depends on just what it references, and starts
    // while the NAT gateway and the endpoints are still being created.
    //
    // What needs egress waits for it instead: the kubectl provider (below) and the node groups
    // (ZonalNodeGroups), and through the provider every manifest and chart. Deletion runs in
    // reverse, so it stays safe: manifests, charts, the provider and the nodes are deleted while
    // routes and endpoints still exist; the control plane, whose network interfaces sit in the
    // subnets and security group, is deleted before them; routes, NAT and endpoints hold
    // nothing of the cluster's, so deleting them alongside the control plane is harmless.
    const clusterVpc = ec2.Vpc.fromVpcAttributes(this, 'VpcView', {
      vpcId: props.vpc.vpcId,
      availabilityZones: props.privateSubnets.map((subnet) => subnet.availabilityZone),
      privateSubnetIds: props.privateSubnets.map((subnet) => subnet.subnetId),
      privateSubnetRouteTableIds: props.privateSubnets.map((subnet) => subnet.routeTable.routeTableId),
    });

    this.cluster = new eks.Cluster(this, 'Cluster', {
      clusterName: props.clusterName,
      version: eks.KubernetesVersion.of(props.kubernetesVersion),
      vpc: clusterVpc,
      vpcSubnets: [{ subnets: props.privateSubnets }],
      // Capacity is the three zonal node groups; neither Auto Mode nor a default group.
      defaultCapacity: 0,
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      secretsEncryptionKey: props.secretsKey,
      clusterLogging: CONTROL_PLANE_LOG_TYPES,
      endpointAccess: endpointAccess(props.endpointAccess, props.publicAccessCidrs),
      outputConfigCommand: false,
      kubectlProviderOptions: {
        kubectlLayer: createKubectlLayer(this, 'KubectlLayer', props.kubernetesVersion),
        // Inside the VPC the handler reaches a private-only endpoint too.
        privateSubnets: props.privateSubnets,
        securityGroups: [this.kubectlSecurityGroup],
      },
    });
    this.cluster.clusterSecurityGroup.addIngressRule(this.kubectlSecurityGroup, ec2.Port.tcp(443), 'kubectl provider to the API endpoint');
    // Only the control plane writes there: its role, security group and kubectl provider need not
    // wait for the group (15 s off the critical path).
    this.cluster.node.defaultChild!.node.addDependency(this.controlPlaneLogGroup);
    this.cluster.kubectlProvider!.node.addDependency(props.egress);
    // PlatformNetwork tags the subnets for load balancers; the view's subnets carry no tags of their own.
    Annotations.of(this.cluster).acknowledgeWarning(
      '@aws-cdk/aws-eks:clusterMustManuallyTagSubnet',
      'PlatformNetwork tags the subnets for load balancers',
    );

    acknowledge(
      this.cluster.node.defaultChild as CfnResource,
      "CloudFormation's schema marks EncryptionConfig.Resources deprecated, yet EKS still requires it, with 'secrets' its only value.",
      'CloudFormation-Validate::W9009',
    );
    const clusterRole = this.cluster.role.node.defaultChild as CfnResource;
    acknowledge(
      clusterRole,
      'EKS requires AmazonEKSClusterPolicy on the cluster service role; AWS maintains it as the API evolves.',
      ...managedPolicyFindings(clusterRole, 'AmazonEKSClusterPolicy'),
    );
    acknowledgeKubectlProvider(this.cluster.node.findChild('KubectlProvider'));

    if (props.adminRoleArn) {
      this.cluster.grantAccess('AdminAccess', props.adminRoleArn, [
        eks.AccessPolicy.fromAccessPolicyName('AmazonEKSClusterAdminPolicy', {
          accessScopeType: eks.AccessScopeType.CLUSTER,
        }),
      ]);
    }
  }
}

/**
 * CDK's kubectl provider (the Lambda functions behind the cluster's manifests and Helm charts):
 * aws-cdk-lib sets their runtime and their AWS-managed and inline policies. CloudFormation
 * invokes them synchronously, so concurrency limits and a dead-letter queue do not apply; they
 * run in the private subnets. Each finding is acknowledged on the resource it concerns.
 */
function acknowledgeKubectlProvider(provider: IConstruct): void {
  const handler = resourceAt(provider, 'Handler/Resource');
  const handlerRole = resourceAt(provider, 'Handler/ServiceRole/Resource');
  const synchronous = 'Invoked synchronously by CloudFormation only: a concurrency limit or a dead-letter queue has nothing to act on.';
  const inlinePolicy = "aws-cdk-lib grants the provider's own rights through the role's default (inline) policy.";
  acknowledge(
    handler,
    `${synchronous} Its runtime is the one aws-cdk-lib pins for the kubectl handler.`,
    'AwsSolutions-L1',
    'NIST.800.53.R5-LambdaConcurrency',
    'NIST.800.53.R5-LambdaDLQ',
  );
  acknowledge(
    handlerRole,
    'The kubectl handler pulls its layer images (the ECR read-only policies); aws-cdk-lib attaches these AWS-managed policies.',
    // The ECR Public policy is attached only in the `aws` partition: its ARN is an Fn::If.
    ...managedPolicyFindings(handlerRole, 'AmazonEC2ContainerRegistryReadOnly', 'AmazonElasticContainerRegistryPublicReadOnly'),
  );
  acknowledge(
    resourceAt(provider, 'Handler/ServiceRole/DefaultPolicy/Resource'),
    inlinePolicy,
    'PCI.DSS.321-IAMNoInlinePolicy',
    'NIST.800.53.R5-IAMNoInlinePolicy',
  );
  acknowledge(
    resourceAt(provider, 'Provider/framework-onEvent/Resource'),
    synchronous,
    'NIST.800.53.R5-LambdaConcurrency',
    'NIST.800.53.R5-LambdaDLQ',
  );
  const frameworkPolicy = resourceAt(provider, 'Provider/framework-onEvent/ServiceRole/DefaultPolicy/Resource');
  acknowledge(frameworkPolicy, inlinePolicy, 'PCI.DSS.321-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy');
  acknowledgeWildcardResource(
    frameworkPolicy,
    'The provider framework invokes the kubectl handler; `:*` covers its versions and aliases, as aws-cdk-lib grants it.',
    `${Token.asString(handler.getAtt('Arn'))}:*`,
    ['lambda:InvokeFunction'],
  );
}
