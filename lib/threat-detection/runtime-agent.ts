import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { AddonPins, pinnedAddonProps } from '../shared/eks-addon-versions';

/** The service the agent delivers runtime events to; its private DNS name is what the agent resolves. */
export const GUARDDUTY_DATA_SERVICE = 'guardduty-data';

export interface GuardDutyRuntimeAgentProps {
  /** The cluster the agent's DaemonSet runs on. */
  readonly cluster: eks.ICluster;
  /** The cluster's VPC, where the `guardduty-data` endpoint goes. */
  readonly vpc: ec2.IVpc;
  /** The subnets holding the platform's interface endpoints. */
  readonly subnets: ec2.ISubnet[];
  /** The interface endpoints' security group: HTTPS from the VPC only. */
  readonly endpointSecurityGroup: ec2.ISecurityGroup;
  /** Versions and conflict policy from the add-on table (lib/shared/eks-addon-versions.ts). */
  readonly addons: AddonPins;
  /** The agent is a DaemonSet: the add-on becomes ACTIVE only once its pods run on nodes. */
  readonly nodeGroups: readonly IDependable[];
}

/**
 * The GuardDuty runtime agent, managed by the platform: the `aws-guardduty-agent` add-on at the
 * pinned version and the `guardduty-data` interface endpoint it reports through, which GuardDuty
 * requires before the agent is installed when it does not manage the agent itself. The agent
 * needs no IAM role: it authenticates with the node's instance identity.
 */
export class GuardDutyRuntimeAgent extends Construct {
  readonly endpoint: ec2.InterfaceVpcEndpoint;
  readonly addon: eks.CfnAddon;

  constructor(scope: Construct, id: string, props: GuardDutyRuntimeAgentProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.endpoint = new ec2.InterfaceVpcEndpoint(this, 'Endpoint', {
      vpc: props.vpc,
      service: new ec2.InterfaceVpcEndpointService(`com.amazonaws.${stack.region}.${GUARDDUTY_DATA_SERVICE}`, 443),
      privateDnsEnabled: true,
      securityGroups: [props.endpointSecurityGroup],
      subnets: { subnets: props.subnets },
      open: false,
    });
    // The policy GuardDuty documents for this endpoint: any call, but only by principals of the
    // account that owns the VPC, so no other account's agent can send events through it. The
    // principal is written `"*"`, as endpoint policies take it, not AnyPrincipal's `{"AWS":"*"}`.
    this.endpoint.addToPolicy(
      new iam.PolicyStatement({ effect: iam.Effect.ALLOW, principals: [new iam.StarPrincipal()], actions: ['*'], resources: ['*'] }),
    );
    this.endpoint.addToPolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.StarPrincipal()],
        actions: ['*'],
        resources: ['*'],
        conditions: { StringNotEquals: { 'aws:PrincipalAccount': stack.account } },
      }),
    );

    this.addon = new eks.CfnAddon(this, 'Addon', {
      ...pinnedAddonProps('aws-guardduty-agent', props.addons),
      clusterName: props.cluster.clusterName,
    });
    // Without the endpoint the agent cannot report and the add-on's health says so.
    this.addon.node.addDependency(this.endpoint, ...props.nodeGroups);
  }
}
