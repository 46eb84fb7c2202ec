/**
 * Typical creation time per CloudFormation resource type, for the critical path `npm run bench`
 * prints. Not measured here (there is no AWS account): each figure is a round number within the
 * range its source reports, so the critical path is an estimate of how long a create waits, good
 * for comparing two templates, not a promise.
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
      'EKS waits for the add-on to become ACTIVE: its Deployments and DaemonSets running on the nodes; about a minute for a small add-on',
  },
  'AWS::EC2::NatGateway': {
    seconds: 120,
    source: `${TERRAFORM_LOGS}: aws_nat_gateway 1m25s to 2m5s`,
  },
  'AWS::EC2::VPCEndpoint': {
    seconds: 120,
    source:
      'interface endpoints create a network interface per subnet and wait for private DNS; typically one to two minutes, like a NAT gateway',
  },
  'AWS::Lambda::Function': {
    seconds: 60,
    source:
      'a function in a VPC waits for its Hyperplane network interfaces (AWS Lambda Developer Guide, "Giving Lambda functions access to resources in an Amazon VPC": up to several minutes on first use)',
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

/** Everything else (subnets, routes, security groups, log groups, policies, parameters, alarms, ...) is one API call. */
export const DEFAULT_CREATION: CreationTime = {
  seconds: 5,
  source: `one API call: ${TERRAFORM_LOGS} show 0s to 3s for VPCs, subnets, routes, security groups and log groups; CloudFormation adds its own polling`,
};

export function creationSeconds(type: string): number {
  return (CREATION_SECONDS[type] ?? DEFAULT_CREATION).seconds;
}
