import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
// cdk-nag's own rendering of a CloudFormation value in a finding id (not in its public index).
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { IConstruct } from 'constructs';

/**
 * Construct metadata that lists, per acknowledged wildcard-resource finding, the actions the
 * wildcard is granted for. cdk-nag's `AwsSolutions-IAM5[Resource::*]` names the resource
 * pattern but not the actions, so without this list a new action on `*` would hide under an
 * old acknowledgment; the compliance test compares it with the policy.
 */
export const WILDCARD_ACTIONS_METADATA = 'fintech-eks:acknowledged-wildcard-actions';

/** cdk-nag 2's minimum; cdk-nag 3 takes any reason, even none. */
const MINIMUM_REASON_LENGTH = 10;

/**
 * Records that compliance findings on one CloudFormation resource are known and accepted, with
 * the reason next to the construct that creates the resource. Each finding is named exactly:
 * the rule, and for rules that report several findings per resource the finding in brackets
 * (cdk-nag's `appliesTo`, e.g. `AwsSolutions-IAM4[Policy::...]`). A resource, never a subtree:
 * an acknowledgment on a construct would cover whatever is added below it later. The
 * compliance test fails on an acknowledgment that matches no finding. Every call site is
 * listed in docs/reference/compliance.md. Refuses a reason shorter than 10 characters.
 */
export function acknowledge(resource: CfnResource, reason: string, ...findings: string[]): void {
  if (reason.trim().length < MINIMUM_REASON_LENGTH) {
    throw new Error(
      `${resource.node.path}: the acknowledgment of ${findings.join(', ')} needs a reason of ` +
        `${MINIMUM_REASON_LENGTH} characters or more, for the auditor who reads it`,
    );
  }
  Validations.of(resource).acknowledge(...findings.map((id) => ({ id, reason })));
}

/**
 * A value as cdk-nag names it in a finding: resolved in the stack, then flattened by cdk-nag's own
 * function (`Fn::GetAtt` becomes `<LogicalId.Arn>`, `Ref` becomes `<LogicalId>`, `Fn::Join` is
 * joined). Finding ids built from the construct's value follow a renamed construct; a logical id
 * written by hand would leave a stale acknowledgment behind.
 */
export function asNagText(scope: IConstruct, value: unknown): string {
  return flattenCfnReference(Stack.of(scope).resolve(value));
}

/**
 * Acknowledges `AwsSolutions-IAM5[Resource::<resource>]` on a policy for exactly `actions`: the
 * compliance test fails if the policy grants any other action on that resource. `resource` is the
 * value the policy statement grants on (tokens and all), so the finding id is cdk-nag's own.
 */
export function acknowledgeWildcardResource(policy: CfnResource, reason: string, resource: string, actions: readonly string[]): void {
  const finding = `AwsSolutions-IAM5[Resource::${asNagText(policy, resource)}]`;
  acknowledge(policy, reason, finding);
  policy.node.addMetadata(WILDCARD_ACTIONS_METADATA, { [finding]: [...actions] });
}

/**
 * The findings `AwsSolutions-IAM4[Policy::<arn>]` for AWS-managed policies the role has, each
 * with the ARN as the role's template holds it (a conditional ARN included). Fails, naming the
 * role and the policy, when the role has no such policy or several.
 */
export function managedPolicyFindings(role: CfnResource, ...policyNames: string[]): string[] {
  if (!(role instanceof iam.CfnRole)) throw new Error(`${role.node.path} is not an IAM role`);
  const arns = Stack.of(role).resolve(role.managedPolicyArns) as unknown[] | undefined;
  const attached = (arns ?? []).map((arn) => flattenCfnReference(arn));
  return policyNames.map((name) => {
    const arn = `:iam::aws:policy/${name}`;
    const found = attached.filter((text) => text.endsWith(arn) || text.includes(`${arn}"`));
    if (found.length !== 1) {
      throw new Error(`${role.node.path} has ${found.length} AWS-managed policies ${name}, so it has no single finding to acknowledge`);
    }
    return `AwsSolutions-IAM4[Policy::${found[0]}]`;
  });
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
