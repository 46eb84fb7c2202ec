import type { TemplateResource } from './dependencies';

/**
 * Typical creation time per CloudFormation resource type (and per EKS add-on, where the add-on's
 * own figures are published), for the critical path `npm run bench` prints. Not measured here
 * (there is no AWS account): each figure is a round number within the range its source reports,
 * so the critical path is an estimate of how long a create waits, good for comparing two
 * templates, not a promise.
 */
export interface CreationTime {
  readonly seconds: number;
  readonly source: string;
}

/** Terraform's apply log prints each resource's creation time; these are logs published in public issues and write-ups. */
const TERRAFORM_LOGS = 'terraform apply logs of terraform-aws-eks/terraform-aws-vpc users published on GitHub';

export const CREATION_SECONDS: Readonly<Record<string, CreationTime>> = {
  'AWS::EKS::Cluster': {
    seconds: 600,
    source:
      'AWS CloudFormation User Guide, AWS::EKS::Cluster: "Cluster creation typically takes between 10 and 15 minutes"; ' +
      `${TERRAFORM_LOGS}: aws_eks_cluster 8m42s to 11m23s`,
  },
  'AWS::EKS::Nodegroup': {
    seconds: 240,
    source: `${TERRAFORM_LOGS}: aws_eks_node_group 1m20s to 5m33s, most between 2 and 4 minutes`,
  },
  'AWS::EKS::Addon': {
    seconds: 60,
    source:
      'EKS waits for the add-on to become ACTIVE: its Deployments and DaemonSets running on the nodes; about a minute for a ' +
      'small add-on (no published creation log was found for amazon-cloudwatch-observability or eks-pod-identity-agent)',
  },
  'AWS::EC2::NatGateway': {
    seconds: 120,
    source: `${TERRAFORM_LOGS}: aws_nat_gateway 1m25s to 2m5s`,
  },
  'AWS::EC2::VPCEndpoint': {
    seconds: 120,
    source:
      'interface endpoints create a network interface per subnet and wait for private DNS; ' +
      'typically one to two minutes, like a NAT gateway',
  },
  'AWS::Lambda::Function': {
    seconds: 60,
    source:
      'a function in a VPC waits for its Hyperplane network interfaces (AWS Lambda Developer Guide, ' +
      '"Giving Lambda functions access to resources in an Amazon VPC": up to several minutes on first use)',
  },
  'Custom::AWSCDK-EKS-HelmChart': {
    seconds: 60,
    source: `${TERRAFORM_LOGS}: helm_release.metrics_server 23s to 48s, plus the kubectl provider's Lambda cold start`,
  },
  'Custom::AWSCDK-EKS-KubernetesResource': {
    seconds: 15,
    source: 'one kubectl apply through the kubectl provider Lambda: its cold start and a few seconds',
  },
  'Custom::AWSCDK-EKS-KubernetesPatch': {
    seconds: 15,
    source: 'one kubectl patch through the kubectl provider Lambda: its cold start and a few seconds',
  },
  'AWS::KMS::Key': {
    seconds: 20,
    source: `${TERRAFORM_LOGS}: aws_kms_key 12s to 29s`,
  },
  'AWS::IAM::Role': {
    seconds: 15,
    source: 'CloudFormation waits for IAM to propagate a new role before reporting it complete',
  },
  'AWS::EC2::InternetGateway': {
    seconds: 15,
    source: `${TERRAFORM_LOGS}: seconds; CloudFormation adds its own polling`,
  },
  'AWS::EC2::VPCGatewayAttachment': {
    seconds: 15,
    source: `${TERRAFORM_LOGS}: seconds; CloudFormation adds its own polling`,
  },
};

/**
 * Add-ons whose creation appears in published Terraform apply logs (`aws_eks_addon` lines of
 * terraform-aws-eks users' write-ups, 2024-2026), which are shorter than the generic minute. The
 * VPC CNI is created before any node exists (the node groups wait for it, see
 * lib/platform-stack.ts), so its DaemonSet has no pod to wait for: the logs of that same
 * order (`before_compute`) show 24 s, 35 s and 24 s; with nodes already running they show 35 s to
 * 66 s. CoreDNS and kube-proxy are created after the node groups, as in the logs.
 */
export const ADDON_CREATION_SECONDS: Readonly<Record<string, CreationTime>> = {
  'vpc-cni': {
    seconds: 30,
    source: `${TERRAFORM_LOGS}: aws_eks_addon.before_compute["vpc-cni"] 24s, 35s, 24s (no node yet)`,
  },
  coredns: {
    seconds: 30,
    source: `${TERRAFORM_LOGS}: aws_eks_addon.this["coredns"] after the node groups 8s, 14s, 14s, 15s, 34s, 45s`,
  },
  'kube-proxy': {
    seconds: 30,
    source: `${TERRAFORM_LOGS}: aws_eks_addon.this["kube-proxy"] after the node groups 4s, 24s, 24s, 35s, 45s`,
  },
};

/** Everything else (subnets, routes, security groups, log groups, policies, parameters, alarms, ...) is one API call. */
export const DEFAULT_CREATION: CreationTime = {
  seconds: 5,
  source:
    `one API call: ${TERRAFORM_LOGS} show 0s to 3s for VPCs, subnets, routes, security groups and log groups; ` +
    'CloudFormation adds its own polling',
};

/** The add-on's name when the resource is an EKS add-on named in the template (not a token). */
export function addonName(resource: TemplateResource): string | undefined {
  if (resource.Type !== 'AWS::EKS::Addon') return undefined;
  const name = (resource.Properties as { AddonName?: unknown } | undefined)?.AddonName;
  return typeof name === 'string' ? name : undefined;
}

export function creationSeconds(resource: TemplateResource): number {
  const addon = addonName(resource);
  const row = (addon === undefined ? undefined : ADDON_CREATION_SECONDS[addon]) ?? CREATION_SECONDS[resource.Type] ?? DEFAULT_CREATION;
  return row.seconds;
}
