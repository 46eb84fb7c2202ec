import { Aspects, CfnResource, IAspect, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
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
 * Gives every Lambda function of the stack, CDK's own singletons included (the default security
 * group restriction, CfnUtils, the kubectl handler and its provider, AwsCustomResource), a log
 * group the stack owns: named, encrypted with the platform key, with the environment's
 * retention, deleted with the stack.
 *
 * - The function names the group in `LoggingConfig.LogGroup` (a Ref), so CloudFormation creates
 *   the group before the function, and so before any custom resource invokes it; on delete the
 *   group goes after the function, when nothing can invoke it any more.
 * - The function's role loses AWSLambdaBasicExecutionRole, may write to its own group only, and
 *   is denied logs:CreateLogGroup outright (AWSLambdaVPCAccessExecutionRole, which the VPC
 *   functions keep for their network interfaces, grants it too), so a late invocation cannot
 *   recreate a group outside the stack, unencrypted and kept forever.
 */
export function ownLambdaLogGroups(stack: Stack, props: LambdaLogGroupsProps): void {
  Aspects.of(stack).add(new LambdaLogGroups(stack, props));
}

class LambdaLogGroups implements IAspect {
  private readonly done = new Set<CfnResource>();

  constructor(
    private readonly stack: Stack,
    private readonly props: LambdaLogGroupsProps,
  ) {}

  visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || node.cfnResourceType !== 'AWS::Lambda::Function' || this.done.has(node)) return;
    this.done.add(node);
    const owner = node.node.scope as Construct;
    const logGroup = this.logGroupFor(owner);
    const existing = this.stack.resolve(rawProperties(node)?.LoggingConfig ?? (node as lambda.CfnFunction).loggingConfig) ?? {};
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
    const withoutBasic = (arns: string[] = []) => {
      const kept = arns.filter((arn) => !JSON.stringify(arn).includes(BASIC_EXECUTION_POLICY));
      return kept.length > 0 ? kept : undefined;
    };
    if (roleResource instanceof iam.CfnRole) {
      roleResource.managedPolicyArns = withoutBasic(this.stack.resolve(roleResource.managedPolicyArns));
    } else {
      const kept = withoutBasic(this.stack.resolve(rawProperties(roleResource)?.ManagedPolicyArns));
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

  private roleOf(fn: CfnResource): CfnResource {
    const role = this.stack.resolve(rawProperties(fn)?.Role ?? (fn as lambda.CfnFunction).role);
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
