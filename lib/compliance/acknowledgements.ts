import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Records that a compliance finding on `construct` (and below it) is known and accepted, with
 * the reason next to the construct it concerns. Every call site is listed in the README.
 */
export function acknowledge(construct: IConstruct, reason: string, ...ruleIds: string[]): void {
  Validations.of(construct).acknowledge(...ruleIds.map((id) => ({ id, reason })));
}

/** The rule id of a finding about an AWS-managed policy attached to a role. */
export function managedPolicyFinding(policyPath: string): string {
  return `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policyPath}]`;
}
