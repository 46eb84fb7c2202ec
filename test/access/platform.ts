import type { PlatformNames } from '../../lib/config/names';
import { AccessModel } from '../support/access/access-model';
import { synthesize } from '../support/synth';
import { SAMPLE_ACCOUNT } from './accounts';

/**
 * One synthesized environment as the access requests see it: names from the configuration
 * (what the spec promises), ARNs built from them, and the roles each component really runs as,
 * found through the template's wiring (a ServiceAccount's IRSA annotation, in a manifest or a chart's values, an add-on's
 * ServiceAccountRoleArn (the VPC CNI's, the CloudWatch agent's), a node group's NodeRole, a flow log's role, a custom resource's Lambda).
 */
export interface Platform {
  readonly model: AccessModel;
  readonly account: string;
  readonly region: string;
  readonly names: PlatformNames;
  readonly arn: {
    readonly logGroup: (name: string, account?: string) => string;
    readonly logStream: (group: string, stream: string) => string;
    readonly parameter: (name: string) => string;
    readonly topic: (name: string) => string;
    readonly alarm: (name: string, account?: string) => string;
    readonly rule: (name: string, account?: string) => string;
    readonly role: (name: string, account?: string) => string;
    /** A session of a role, as the caller's principal ARN. */
    readonly session: (roleArn: string, sessionName: string) => string;
  };
  /** The S3 object (a CDK file asset) the parameter writer copies the Fluent Bit configuration from. */
  readonly parameterValueObject: string;
  /** The key that encrypts the cluster's secrets (R6), the platform's one key. */
  readonly keyArn: string;
  /** The cluster's IAM OIDC provider and its issuer (without https://). */
  readonly oidc: { readonly providerArn: string; readonly issuer: string };
  readonly roles: {
    readonly cluster: string;
    readonly node: string;
    readonly flowLog: string;
    readonly fluentBit: string;
    readonly cloudWatchAgent: string;
    readonly parameterWriter: string;
    readonly kubectlHandler: string;
    /** The provider framework's function, which CloudFormation invokes for every manifest and chart. */
    readonly kubectlFramework: string;
    readonly vpcCni: string;
    readonly clusterAutoscaler: string;
    readonly loadBalancerController: string;
    /** The one role every tenant's Pod Identity association names. */
    readonly secretsReader: string;
  };
  /** The cluster's ARN, as Pod Identity tags a session with it. */
  readonly clusterArn: string;
}

export function loadPlatform(context: Record<string, unknown>): Platform {
  const { template, config } = synthesize(context);
  const { names, region } = config;
  const partition = 'aws';
  const account = SAMPLE_ACCOUNT;
  const model = new AccessModel(template.toJSON(), { account, region, partition, stackName: names.stack });
  const roleOf = (type: string, property: string) => model.only(type)[1][property] as string;
  const [, cluster] = model.only('AWS::EKS::Cluster');
  const [writerId, writer] = model.only('Custom::SsmSecureStringParameter');
  // The people's entries name configured roles; the kubectl handler's is the one role of the stack.
  const people = new Set([
    ...(config.auditors ?? []),
    ...(config.breakGlassRoleArn ? [config.breakGlassRoleArn] : []),
    ...Object.values(config.tenants).flatMap((t) => [...(t.developers ?? []), ...(t.viewers ?? []), ...(t.deployer ? [t.deployer] : [])]),
  ]);
  const kubectlHandler = model
    .resourcesOfType('AWS::EKS::AccessEntry')
    .map(([, p]) => p.PrincipalArn as string)
    .filter((arn) => !people.has(arn));
  if (kubectlHandler.length !== 1) throw new Error(`expected the kubectl handler's access entry alone, found ${kubectlHandler.length}`);

  return {
    model,
    account,
    region,
    names,
    arn: {
      logGroup: (name, inAccount = account) => `arn:${partition}:logs:${region}:${inAccount}:log-group:${name}`,
      logStream: (group, stream) => `arn:${partition}:logs:${region}:${account}:log-group:${group}:log-stream:${stream}`,
      parameter: (name) => `arn:${partition}:ssm:${region}:${account}:parameter${name.startsWith('/') ? '' : '/'}${name}`,
      topic: (name) => `arn:${partition}:sns:${region}:${account}:${name}`,
      alarm: (name, inAccount = account) => `arn:${partition}:cloudwatch:${region}:${inAccount}:alarm:${name}`,
      rule: (name, inAccount = account) => `arn:${partition}:events:${region}:${inAccount}:rule/${name}`,
      role: (name, inAccount = account) => `arn:${partition}:iam::${inAccount}:role/${name}`,
      session: (roleArn, sessionName) =>
        roleArn.replace(/^arn:([\w-]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/, `arn:$1:sts::$2:assumed-role/$3/${sessionName}`),
    },
    parameterValueObject: `arn:${partition}:s3:::${writer.SourceBucket}/${writer.SourceKey}`,
    keyArn: cluster.EncryptionConfig[0].Provider.KeyArn,
    oidc: {
      providerArn: model.resolver.resolveString({ Ref: model.only('AWS::IAM::OIDCProvider')[0] }),
      issuer: model.resolver.oidcIssuer,
    },
    roles: {
      cluster: cluster.RoleArn,
      node: sameForAll(
        model.resourcesOfType('AWS::EKS::Nodegroup').map(([, p]) => p.NodeRole as string),
        'node group NodeRole',
      ),
      flowLog: roleOf('AWS::EC2::FlowLog', 'DeliverLogsPermissionArn'),
      fluentBit: model.serviceAccountRoleArn('logging', 'fluent-bit'),
      cloudWatchAgent: model.addonRoleArn('amazon-cloudwatch-observability'),
      parameterWriter: model.customResourceRoleArn(writerId),
      kubectlHandler: kubectlHandler[0],
      kubectlFramework: sameForAll(
        model.resourcesOfType('Custom::AWSCDK-EKS-KubernetesResource').map(([id]) => model.customResourceRoleArn(id)),
        'kubectl provider framework role',
      ),
      vpcCni: model.addonRoleArn('vpc-cni'),
      clusterAutoscaler: model.serviceAccountRoleArn('kube-system', 'cluster-autoscaler'),
      loadBalancerController: model.serviceAccountRoleArn('kube-system', 'aws-load-balancer-controller'),
      secretsReader: sameForAll(
        model.resourcesOfType('AWS::EKS::PodIdentityAssociation').map(([, p]) => p.RoleArn as string),
        'Pod Identity association role',
      ),
    },
    clusterArn: `arn:${partition}:eks:${region}:${account}:cluster/${names.cluster}`,
  };
}

function sameForAll(values: string[], what: string): string {
  const distinct = [...new Set(values)];
  if (distinct.length !== 1) throw new Error(`expected one ${what}, found ${distinct.join(', ') || 'none'}`);
  return distinct[0];
}
