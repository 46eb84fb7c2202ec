import { Aspects, CfnResource, IAspect, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeWildcardResource } from '../compliance/acknowledgements';
import { LogGroupPolicy, writeToLogGroupStatement } from './encrypted-log-group';

export interface LambdaLogGroupsProps {
  /** Every function's group is `<prefix>/<its construct path>`, e.g. `/aws/lambda/fintech-eks-dev`. */
  readonly logGroupNamePrefix: string;
  /** Key and retention of every function's log group (working groups: never kept after a delete). */
  readonly policy: LogGroupPolicy;
}

/**
 * Metadata type that marks a role whose function must not write logs at all (its events carry
 * data that must stay out of CloudWatch Logs); such a role only gets the denial.
 */
export const WITHOUT_LOG_WRITES = 'platform:without-log-writes';

/** The AWS-managed policy CDK gives its functions' roles; it only grants logs, including logs:CreateLogGroup on `*`. */
const BASIC_EXECUTION_POLICY = 'service-role/AWSLambdaBasicExecutionRole';

/**
 * The AWS-managed policy CDK gives the roles of its functions in a VPC: besides the network
 * interfaces, logs:CreateLogGroup, CreateLogStream and PutLogEvents on `*` (version v3), which
 * would let them write to any log group of the account, the audit groups included.
 */
const VPC_ACCESS_EXECUTION_POLICY = 'service-role/AWSLambdaVPCAccessExecutionRole';

/**
 * What Lambda does with a VPC function's role: the network-interface actions of
 * AWSLambdaVPCAccessExecutionRole v3, its log actions left out.
 */
const NETWORK_INTERFACE_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

/**
 * Gives every Lambda function of the stack, CDK's own singletons included (the default security
 * group restriction, CfnUtils, the kubectl handler and its provider, AwsCustomResource), a log
 * group the stack owns: named, encrypted with the platform key, with the environment's
 * retention, deleted with the stack.
 *
 * - The function names the group in `LoggingConfig.LogGroup` (a Ref), so CloudFormation creates
 *   the group before the function, and so before any custom resource invokes it; on delete the
 *   group goes after the function, when nothing can invoke it any more.
 * - The function's role loses AWSLambdaBasicExecutionRole and AWSLambdaVPCAccessExecutionRole
 *   (both grant log writes on `*`), may write to its own group only, and is denied
 *   logs:CreateLogGroup outright, so a late invocation cannot recreate a group outside the
 *   stack, unencrypted and kept forever, and no function can write to the audit groups.
 * - A function in the VPC gets the network-interface actions back from a policy of the stack,
 *   attached by the role itself: there when the role is, before Lambda checks them as it
 *   creates the function, as with the AWS-managed policy.
 */
export function ownLambdaLogGroups(stack: Stack, props: LambdaLogGroupsProps): void {
  Aspects.of(stack).add(new LambdaLogGroups(stack, props));
}

class LambdaLogGroups implements IAspect {
  private readonly done = new Set<CfnResource>();
  private networkInterfacePolicy?: iam.ManagedPolicy;

  constructor(
    private readonly stack: Stack,
    private readonly props: LambdaLogGroupsProps,
  ) {}

  visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || node.cfnResourceType !== 'AWS::Lambda::Function' || this.done.has(node)) return;
    this.done.add(node);
    const owner = node.node.scope as Construct;
    const logGroup = this.logGroupFor(owner);
    const resolved = this.stack.resolve(rawProperties(node)?.LoggingConfig ?? (node as lambda.CfnFunction).loggingConfig) as
      object | undefined;
    const existing = resolved ?? {};
    if (node instanceof lambda.CfnFunction) {
      node.loggingConfig = { ...existing, logGroup: logGroup.ref };
    } else {
      node.addPropertyOverride('LoggingConfig', { ...existing, LogGroup: logGroup.ref });
    }
    this.confineRole(node, owner, logGroup);
  }

  /** CDK's own group of an L2 function (named after the function) is renamed and reused; a raw function gets a new one. */
  private logGroupFor(owner: Construct): logs.CfnLogGroup {
    const name = `${this.props.logGroupNamePrefix}/${relativePath(this.stack, owner)}`;
    const cdkGroup = owner instanceof lambda.Function ? owner.node.tryFindChild('LogGroup') : undefined;
    const group =
      cdkGroup instanceof logs.LogGroup
        ? (cdkGroup.node.defaultChild as logs.CfnLogGroup)
        : new logs.CfnLogGroup(owner, 'OwnLogGroup', { logGroupName: name });
    group.logGroupName = name;
    group.kmsKeyId = this.props.policy.encryptionKey.keyArn;
    group.retentionInDays = this.props.policy.retentionDays;
    group.applyRemovalPolicy(RemovalPolicy.DESTROY);
    return group;
  }

  private confineRole(fn: CfnResource, owner: Construct, logGroup: logs.CfnLogGroup): void {
    const roleResource = this.roleOf(fn);
    const inVpc = (rawProperties(fn)?.VpcConfig ?? (fn as lambda.CfnFunction).vpcConfig) !== undefined;
    const confined = (arns: string[] = []) => {
      const kept = arns.filter(
        (arn) => ![BASIC_EXECUTION_POLICY, VPC_ACCESS_EXECUTION_POLICY].some((name) => JSON.stringify(arn).includes(name)),
      );
      if (inVpc) kept.push(this.stack.resolve(this.networkInterfaces().managedPolicyArn) as string);
      return kept.length > 0 ? kept : undefined;
    };
    if (roleResource instanceof iam.CfnRole) {
      roleResource.managedPolicyArns = confined(this.stack.resolve(roleResource.managedPolicyArns) as string[] | undefined);
    } else {
      const kept = confined(this.stack.resolve(rawProperties(roleResource)?.ManagedPolicyArns) as string[] | undefined);
      if (kept) roleResource.addPropertyOverride('ManagedPolicyArns', kept);
      else roleResource.addPropertyDeletionOverride('ManagedPolicyArns');
    }
    const silent = [roleResource, roleResource.node.scope].some((c) => c?.node.metadata.some((m) => m.type === WITHOUT_LOG_WRITES));
    const role = iam.Role.fromRoleName(owner, 'LogWriterRole', Token.asString(roleResource.ref), { mutable: false });
    const policy = new iam.ManagedPolicy(owner, 'LogWriterPolicy', {
      description: silent
        ? `${Names.uniqueId(owner)} writes no logs and cannot create log groups`
        : `Writes ${Names.uniqueId(owner)}'s own log group only; cannot create log groups`,
      roles: [role],
      statements: [
        ...(silent ? [] : [writeToLogGroupStatement({ logGroupArn: logGroup.attrArn }, 'WriteOwnLogGroup')]),
        new iam.PolicyStatement({
          sid: 'NeverCreateLogGroups',
          effect: iam.Effect.DENY,
          actions: ['logs:CreateLogGroup'],
          resources: ['*'],
        }),
      ],
    });
    // The function must not run before it can write its logs.
    fn.node.addDependency(policy);
  }

  /** One policy for every function in the VPC; it names no role, so each role can name it. */
  private networkInterfaces(): iam.ManagedPolicy {
    if (this.networkInterfacePolicy) return this.networkInterfacePolicy;
    const policy = new iam.ManagedPolicy(this.stack, 'LambdaNetworkInterfaces', {
      description: "Network interfaces of the stack's Lambda functions in the VPC; no log rights",
      statements: [new iam.PolicyStatement({ sid: 'NetworkInterfaces', actions: NETWORK_INTERFACE_ACTIONS, resources: ['*'] })],
    });
    acknowledgeWildcardResource(
      policy.node.defaultChild as CfnResource,
      'Lambda creates, describes and deletes the network interfaces of a VPC function with its role, before the interfaces ' +
        'exist and in subnets it chooses; these are the actions of AWSLambdaVPCAccessExecutionRole, on `*` as AWS grants them there.',
      '*',
      NETWORK_INTERFACE_ACTIONS,
    );
    return (this.networkInterfacePolicy = policy);
  }

  private roleOf(fn: CfnResource): CfnResource {
    const role = this.stack.resolve(rawProperties(fn)?.Role ?? (fn as lambda.CfnFunction).role) as
      { 'Fn::GetAtt'?: [string, string] } | undefined;
    const logicalId = role?.['Fn::GetAtt']?.[0];
    const found = this.stack.node.findAll().find((c) => CfnResource.isCfnResource(c) && this.stack.resolve(c.logicalId) === logicalId);
    if (!found)
      throw new Error(
        `Lambda function ${fn.node.path} has a role outside the stack (${JSON.stringify(role)}); its log group cannot be confined`,
      );
    return found as CfnResource;
  }
}

/** `FintechEksPlatform-dev/Cluster/KubectlProvider/Handler` -> `Cluster/KubectlProvider/Handler`, in log-group characters. */
function relativePath(stack: Stack, construct: IConstruct): string {
  return construct.node.path.slice(stack.node.path.length + 1).replace(/[^A-Za-z0-9_\-/.#]/g, '-');
}

/**
 * The properties an L1 resource was created with. Lambdas and roles that CDK builds as plain
 * CfnResource (the kubectl provider's) keep them only here; the typed L1 classes have accessors.
 */
function rawProperties(resource: CfnResource): Record<string, unknown> | undefined {
  return (resource as unknown as { _cfnProperties?: Record<string, unknown> })._cfnProperties;
}
