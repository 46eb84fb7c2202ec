import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Construct metadata that lists, per acknowledged wildcard-resource finding, the actions the
 * wildcard is granted for. cdk-nag's `AwsSolutions-IAM5[Resource::*]` names the resource
 * pattern but not the actions, so without this list a new action on `*` would hide under an
 * old acknowledgment; the compliance test compares it with the policy.
 */
export const WILDCARD_ACTIONS_METADATA = 'fintech-eks:acknowledged-wildcard-actions';

/**
 * Records that compliance findings on one CloudFormation resource are known and accepted, with
 * the reason next to the construct that creates the resource. Each finding is named exactly:
 * the rule, and for rules that report several findings per resource the finding in brackets
 * (cdk-nag's `appliesTo`, e.g. `AwsSolutions-IAM4[Policy::...]`). A resource, never a subtree:
 * an acknowledgment on a construct would cover whatever is added below it later. The
 * compliance test fails on an acknowledgment that matches no finding. Every call site is
 * listed in the README.
 */
export function acknowledge(resource: CfnResource, reason: string, ...findings: string[]): void {
  Validations.of(resource).acknowledge(...findings.map((id) => ({ id, reason })));
}

/**
 * Acknowledges `AwsSolutions-IAM5[Resource::<pattern>]` on a policy for exactly `actions`: the
 * compliance test fails if the policy grants any other action on that resource pattern.
 */
export function acknowledgeWildcardResource(
  policy: CfnResource,
  reason: string,
  resourcePattern: string,
  actions: readonly string[],
): void {
  const finding = `AwsSolutions-IAM5[Resource::${resourcePattern}]`;
  acknowledge(policy, reason, finding);
  policy.node.addMetadata(WILDCARD_ACTIONS_METADATA, { [finding]: [...actions] });
}

/** The rule id of a finding about an AWS-managed policy attached to a role. */
export function managedPolicyFinding(policyPath: string): string {
  return `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policyPath}]`;
}

/**
 * The CloudFormation resource at `path` below `scope` (segments of construct ids), for
 * acknowledging a finding on a resource that a library construct creates. Fails, naming the
 * path, when a library upgrade has moved it.
 */
export function resourceAt(scope: IConstruct, path: string): CfnResource {
  const found = path.split('/').reduce<IConstruct>((construct, id) => {
    const child = construct.node.tryFindChild(id);
    if (!child) throw new Error(`no construct ${path} below ${scope.node.path} to acknowledge a finding on (moved by a library upgrade?)`);
    return child;
  }, scope);
  if (!CfnResource.isCfnResource(found)) throw new Error(`${found.node.path} is not a CloudFormation resource`);
  return found;
}

/** How cdk-nag writes `Fn::GetAtt [resource, Arn]` in a finding: `<LogicalId.Arn>`. */
export function arnInFinding(resource: CfnResource): string {
  return `<${Stack.of(resource).resolve(resource.logicalId)}.Arn>`;
}
