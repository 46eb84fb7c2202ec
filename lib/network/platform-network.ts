import { CfnResource, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, DependencyGroup, IDependable } from 'constructs';
import { acknowledge, resourceAt } from '../compliance/acknowledgements';
import { createEncryptedLogGroup, LogGroupPolicy, writeToLogGroupStatement } from '../shared/encrypted-log-group';

/** A literal, so that security-group rules and compliance checks see the real range. */
export const VPC_CIDR = '10.0.0.0/16';

export interface PlatformNetworkProps {
  /** Exactly three zones; one node group lands in each. */
  readonly availabilityZones: readonly string[];
  /** 1 for ephemeral environments, one per zone for production (S2). */
  readonly natGateways: number;
  /**
   * How many zones (the first ones) hold the interface endpoints: 1 for ephemeral environments,
   * where nodes in the other zones reach them across zones; every zone for production, so losing
   * a zone leaves the others their endpoints.
   */
  readonly interfaceEndpointZones: number;
  /** The log group the VPC flow logs (all traffic, accepted and rejected) are delivered to. */
  readonly flowLogGroupName: string;
  /** Retention, key and deletion rules of the stack's log groups. */
  readonly logGroups: LogGroupPolicy;
}

/**
 * The VPC (S2, S5): public subnets only for NAT gateways and load balancers, private subnets
 * for nodes and pods, flow logs, and endpoints so that image pulls, log shipping and IRSA
 * token exchange stay off the NAT gateways.
 */
export class PlatformNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  readonly privateSubnets: ec2.ISubnet[];
  readonly endpointSecurityGroup: ec2.SecurityGroup;
  /** The private subnets that hold the interface endpoints (the first `interfaceEndpointZones`). */
  readonly interfaceEndpointSubnets: ec2.ISubnet[];
  /**
   * Complete when the private subnets reach AWS services and the internet: their routes through
   * the NAT gateways and the VPC endpoints. Nodes and the kubectl provider wait for it; the
   * cluster's control plane does not need it.
   */
  readonly egress: IDependable;

  constructor(scope: Construct, id: string, props: PlatformNetworkProps) {
    super(scope, id);

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(VPC_CIDR),
      availabilityZones: [...props.availabilityZones],
      natGateways: props.natGateways,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        // NAT gateways have their own Elastic IPs; nothing else needs a public address.
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        // /19 per zone: the VPC CNI gives every pod a VPC address.
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 19 },
      ],
    });
    this.privateSubnets = this.vpc.privateSubnets;

    // Where the AWS Load Balancer Controller places internal and internet-facing load balancers.
    // Stated here rather than left to eks.Cluster, which only sees the private subnets' ids.
    this.vpc.privateSubnets.forEach((subnet) => Tags.of(subnet).add('kubernetes.io/role/internal-elb', '1'));
    this.vpc.publicSubnets.forEach((subnet) => Tags.of(subnet).add('kubernetes.io/role/elb', '1'));

    // The zones are named in config on purpose: each node group is pinned to one of them, and
    // naming them means synthesis never has to look them up in an account.
    for (const subnet of [...this.vpc.publicSubnets, ...this.vpc.privateSubnets]) {
      (subnet.node.defaultChild as CfnResource).addMetadata('cfn-lint', { config: { ignore_checks: ['W3010'] } });
    }

    const flowLogGroup = createEncryptedLogGroup(this, 'FlowLogGroup', {
      logGroupName: props.flowLogGroupName,
      policy: props.logGroups,
      auditTrail: true,
    });
    // A customer-managed policy rather than CDK's inline default policy (PCI/NIST IAMNoInlinePolicy);
    // the role is handed over read-only so the destination cannot add an inline one.
    // The service may assume it only for this account's flow logs: without the source conditions
    // a flow log in any account could deliver into this group (the confused deputy).
    const stack = Stack.of(this);
    const flowLogRole = new iam.Role(this, 'FlowLogRole', {
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'ec2', resource: 'vpc-flow-log', resourceName: '*' }) },
        },
      }),
      description: 'VPC flow logs delivery to the flow-log group',
    });
    const flowLogPolicy = new iam.ManagedPolicy(this, 'FlowLogPolicy', {
      roles: [flowLogRole],
      statements: [writeToLogGroupStatement(flowLogGroup)],
    });
    const flowLog = this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup, flowLogRole.withoutPolicyUpdates()),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    flowLog.node.addDependency(flowLogPolicy);

    for (const subnet of this.vpc.publicSubnets) {
      acknowledge(
        resourceAt(subnet, 'DefaultRoute'),
        'Public subnets hold only the NAT gateways, whose egress needs a default route to the internet gateway; ' +
          'instances there get no public IP.',
        'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW',
        'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
      );
    }

    const egress = new DependencyGroup(...this.privateSubnets.map((subnet) => subnet.internetConnectivityEstablished));
    egress.add(this.vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3 }));
    this.egress = egress;

    this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'Interface VPC endpoints: HTTPS from inside the VPC only',
      allowAllOutbound: false,
    });
    this.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(VPC_CIDR), ec2.Port.tcp(443), 'HTTPS from the VPC');

    const interfaceEndpoints: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
      CloudWatchLogsEndpoint: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
      EcrApiEndpoint: ec2.InterfaceVpcEndpointAwsService.ECR,
      EcrDockerEndpoint: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
      // IRSA exchanges the pod's web identity token at STS; a regional endpoint avoids the NAT.
      StsEndpoint: ec2.InterfaceVpcEndpointAwsService.STS,
      // The secrets provider fetches tenant secrets on every pod start and rotation poll.
      SecretsManagerEndpoint: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
    };
    this.interfaceEndpointSubnets = this.privateSubnets.slice(0, props.interfaceEndpointZones);
    for (const [endpointId, service] of Object.entries(interfaceEndpoints)) {
      const endpoint = this.vpc.addInterfaceEndpoint(endpointId, {
        service,
        privateDnsEnabled: true,
        securityGroups: [this.endpointSecurityGroup],
        subnets: { subnets: this.interfaceEndpointSubnets },
        open: false,
      });
      egress.add(endpoint);
    }
  }
}
