import type { ConcreteRequest } from '../support/access/evaluate';
import { OTHER_ACCOUNT } from './accounts';
import type { Platform } from './platform';

/**
 * Who can do what: every request the access tests evaluate, with the decision the spec
 * requires (REQUIREMENTS.md R5, R6, R10, S3, S4, O2, O3 and the least-privilege convention).
 * The expectations are written here, never read from the template; the template only tells
 * which role a component really runs as. The "Who can do what" table of docs/reference/access.md is generated
 * from this list (`npm run docs`), and a test fails when it is out of date.
 */
export interface AccessRequest {
  /** Who asks, in words; `<cluster>`, `<stack>` stand for the environment's names. */
  readonly principal: string;
  readonly action: string;
  /** On what, in words. */
  readonly resource: string;
  readonly expect: 'allowed' | 'denied';
  /** Why, in a few words (the requirement or the risk). */
  readonly why: string;
  /** The request as AWS receives it in one environment. */
  readonly build: (p: Platform) => ConcreteRequest;
}

// ---------------------------------------------------------------------------------------
// How AWS builds the context of each kind of call.

/** A call signed with a role session's credentials (over TLS, as every SDK call is). */
function asRole(
  p: Platform,
  roleArn: string,
  session: string,
  action: string,
  resource: string,
  context: Record<string, string> = {},
): ConcreteRequest {
  return {
    principal: p.arn.session(roleArn, session),
    action,
    resource,
    context: { 'aws:PrincipalArn': roleArn, 'aws:PrincipalAccount': p.account, 'aws:SecureTransport': 'true', ...context },
  };
}

/** A call by an AWS service principal on behalf of a resource of some account. */
function asService(service: string, action: string, resource: string, context: Record<string, string>): ConcreteRequest {
  return { principal: service, action, resource, context: { 'aws:SecureTransport': 'true', ...context } };
}

/**
 * `AssumeRoleWithWebIdentity` with a projected service-account token: STS checks the token
 * against the IAM OIDC provider of its issuer and exposes its claims as `<issuer>:sub` and
 * `<issuer>:aud`.
 */
function webIdentity(
  p: Platform,
  roleArn: string,
  serviceAccount: string,
  options: { audience?: string; issuer?: string } = {},
): ConcreteRequest {
  const issuer = options.issuer ?? p.oidc.issuer;
  const providerArn = `arn:aws:iam::${p.account}:oidc-provider/${issuer}`;
  return {
    principal: providerArn,
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: roleArn,
    context: {
      [`${issuer}:sub`]: `system:serviceaccount:${serviceAccount}`,
      [`${issuer}:aud`]: options.audience ?? 'sts.amazonaws.com',
      'aws:FederatedProvider': providerArn,
      'aws:SecureTransport': 'true',
    },
  };
}

/** SSM's KMS calls for a SecureString, made on the caller's behalf (kms:ViaService) with the parameter as context. */
function kmsThroughSsm(p: Platform, parameter: string): Record<string, string> {
  return {
    'kms:ViaService': `ssm.${p.region}.amazonaws.com`,
    'kms:CallerAccount': p.account,
    'kms:EncryptionContext:PARAMETER_ARN': p.arn.parameter(parameter),
  };
}

/** CloudWatch Logs' KMS calls for an encrypted log group: the group's ARN is the encryption context. */
function logsUsesKey(p: Platform, action: string, logGroupArn: string): ConcreteRequest {
  return asService(`logs.${p.region}.amazonaws.com`, action, p.keyArn, { 'kms:EncryptionContext:aws:logs:arn': logGroupArn });
}

/** A CloudWatch alarm's notification: CloudWatch publishes for the alarm (aws:SourceArn, aws:SourceAccount). */
export function alarmPublishes(p: Platform, alarmName: string, account = p.account, secureTransport = 'true'): ConcreteRequest {
  return asService('cloudwatch.amazonaws.com', 'sns:Publish', p.arn.topic(p.names.alarmTopic), {
    'aws:SourceAccount': account,
    'aws:SourceArn': p.arn.alarm(alarmName, account),
    'aws:SecureTransport': secureTransport,
  });
}

/** SNS's KMS calls for the encrypted alarm topic while CloudWatch publishes to it for an alarm. */
export function alarmUsesKey(p: Platform, action: string, alarmName: string): ConcreteRequest {
  return asService('cloudwatch.amazonaws.com', action, p.keyArn, {
    'kms:ViaService': `sns.${p.region}.amazonaws.com`,
    'kms:EncryptionContext:aws:sns:topicArn': p.arn.topic(p.names.alarmTopic),
    'aws:SourceAccount': p.account,
    'aws:SourceArn': p.arn.alarm(alarmName),
  });
}

/** EventBridge delivering a rule's match to the alarm topic: it publishes for the rule (aws:SourceArn, aws:SourceAccount). */
function rulePublishes(p: Platform, ruleName: string, account = p.account): ConcreteRequest {
  return asService('events.amazonaws.com', 'sns:Publish', p.arn.topic(p.names.alarmTopic), {
    'aws:SourceAccount': account,
    'aws:SourceArn': p.arn.rule(ruleName, account),
  });
}

/** SNS's KMS calls for the encrypted alarm topic while EventBridge publishes to it for a rule. */
function ruleUsesKey(p: Platform, action: string, ruleName: string): ConcreteRequest {
  return asService('events.amazonaws.com', action, p.keyArn, {
    'kms:ViaService': `sns.${p.region}.amazonaws.com`,
    'kms:EncryptionContext:aws:sns:topicArn': p.arn.topic(p.names.alarmTopic),
    'aws:SourceAccount': p.account,
    'aws:SourceArn': p.arn.rule(ruleName),
  });
}

/** An alarm of this environment (names come from lib/config/names.ts). */
const ownAlarm = (p: Platform) => `${p.names.alarmNamePrefix}node-cpu-high`;
/** An alarm of the environment whose suffix is this one's plus `-b`: its cluster name starts with this one's. */
const extendedSuffixAlarm = (p: Platform) => `${p.names.cluster}-b.node-cpu-high`;

/** VPC Flow Logs assuming its delivery role, for a flow log of some account. */
function flowLogsAssume(p: Platform, account: string): ConcreteRequest {
  return asService('vpc-flow-logs.amazonaws.com', 'sts:AssumeRole', p.roles.flowLog, {
    'aws:SourceAccount': account,
    'aws:SourceArn': `arn:aws:ec2:${p.region}:${account}:vpc-flow-log/fl-0123456789abcdef0`,
  });
}

/** The Auto Scaling group EKS creates for a managed node group. */
function nodeGroupAsg(p: Platform): string {
  const name = 'eks-ng-a-12c4b0f6-0000-0000-0000-000000000000';
  return `arn:aws:autoscaling:${p.region}:${p.account}:autoScalingGroup:12c4b0f6-0000-0000-0000-000000000000:autoScalingGroupName/${name}`;
}

/** The tags EKS puts on a managed node group's Auto Scaling group, which Cluster Autoscaler discovers it by. */
function asgTags(cluster: string): Record<string, string> {
  return { 'aws:ResourceTag/k8s.io/cluster-autoscaler/enabled': 'true', [`aws:ResourceTag/k8s.io/cluster-autoscaler/${cluster}`]: 'owned' };
}

/** A load balancer of the kind the controller creates, and one of its target groups. */
const elb = (p: Platform, resource: string) => `arn:aws:elasticloadbalancing:${p.region}:${p.account}:${resource}`;
const controllerLoadBalancer = (p: Platform) => elb(p, 'loadbalancer/app/k8s-prod-paymenta-0123456789/50dc6c495c0c9188');
const controllerSecurityGroup = (p: Platform) => `arn:aws:ec2:${p.region}:${p.account}:security-group/sg-0123456789abcdef0`;
/** The tag the controller puts on what it creates, valued with a cluster name. */
const clusterTag = (cluster: string) => ({ 'aws:ResourceTag/elbv2.k8s.aws/cluster': cluster });

const NODE_SESSION = 'i-0123456789abcdef0';
const ENI = 'eni-0123456789abcdef0';
const POD_SESSION = 'botocore-session-1700000000';
const LAMBDA_SESSION = 'writer-function';
/** Another environment of the same platform in the same account: a pull request's, say. */
const OTHER_CLUSTER = 'fintech-eks-pr999';
const STREAM = 'ip-10-0-1-10.ap-southeast-1.compute.internal.kube.var.log.containers.app.log';

/** The tenant whose pods read secrets in these requests, and another tenant of the same cluster. */
const SECRETS_TENANT = 'prod';
const OTHER_TENANT = 'dev';
const POD_NAME = 'payments-api-7d4b9c6f5-x2x9z';

/** The session tags EKS Pod Identity sets for a pod (EKS User Guide, "List of session tags added by EKS Pod Identity"). */
function podIdentityTags(p: Platform, namespace: string, serviceAccount: string, cluster = p.names.cluster): Record<string, string> {
  return {
    'eks-cluster-arn': `arn:aws:eks:${p.region}:${p.account}:cluster/${cluster}`,
    'eks-cluster-name': cluster,
    'kubernetes-namespace': namespace,
    'kubernetes-service-account': serviceAccount,
    'kubernetes-pod-name': POD_NAME,
    'kubernetes-pod-uid': '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
  };
}

/** EKS Pod Identity opening a session on the role for a pod: AssumeRole (or TagSession) with the pod's tags as request tags. */
function podIdentityAssumes(p: Platform, action: string, namespace: string, serviceAccount: string, cluster?: string): ConcreteRequest {
  const tags = podIdentityTags(p, namespace, serviceAccount, cluster);
  return asService('pods.eks.amazonaws.com', action, p.roles.secretsReader, {
    ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
  });
}

/** A call by a pod of `namespace` on this cluster with its Pod Identity session: the session tags are principal tags. */
function asTenantPod(
  p: Platform,
  action: string,
  resource: string,
  context: Record<string, string> = {},
  namespace = SECRETS_TENANT,
): ConcreteRequest {
  const tags = podIdentityTags(p, namespace, 'secrets-reader');
  return asRole(p, p.roles.secretsReader, 'eks-fintech-e-secrets-re-0f1e2d3c', action, resource, {
    ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:PrincipalTag/${k}`, v])),
    ...context,
  });
}

/** A secret of this account, with the tags its owner gave it. */
function secretRequest(p: Platform, action: string, name: string, tags: Record<string, string>): ConcreteRequest {
  const secret = `arn:aws:secretsmanager:${p.region}:${p.account}:secret:${name}-AbCdEf`;
  return asTenantPod(p, action, secret, Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v])));
}

const taggedFor = (namespace: string, cluster: string) => ({ 'kubernetes-namespace': namespace, 'eks-cluster-name': cluster });

/** KMS called to decrypt a secret's data key: by Secrets Manager for the pod, or by the pod itself (`via` undefined). */
function podDecrypts(p: Platform, via?: string): ConcreteRequest {
  return asTenantPod(p, 'kms:Decrypt', p.keyArn, {
    'kms:CallerAccount': p.account,
    ...(via ? { 'kms:ViaService': `${via}.${p.region}.amazonaws.com` } : {}),
  });
}

export const ACCESS_REQUESTS: readonly AccessRequest[] = [
  // --- Alarms reach a person (O2) ------------------------------------------------------------
  {
    principal: 'CloudWatch, for an alarm of this environment (through SNS)',
    action: 'kms:GenerateDataKey',
    resource: 'platform key, for the alarm topic',
    expect: 'allowed',
    why: 'O2: the topic is encrypted, so publishing needs a data key',
    build: (p) => alarmUsesKey(p, 'kms:GenerateDataKey', ownAlarm(p)),
  },
  {
    principal: 'CloudWatch, for an alarm of this environment (through SNS)',
    action: 'kms:Decrypt',
    resource: 'platform key, for the alarm topic',
    expect: 'allowed',
    why: 'O2: SNS decrypts the message to deliver it',
    build: (p) => alarmUsesKey(p, 'kms:Decrypt', ownAlarm(p)),
  },
  {
    principal: 'CloudWatch, for an alarm of this environment',
    action: 'sns:Publish',
    resource: 'alarm topic `<cluster>-alarms`',
    expect: 'allowed',
    why: 'O2: a topic policy replaces SNS’s default one, so CloudWatch is allowed explicitly',
    build: (p) => alarmPublishes(p, ownAlarm(p)),
  },
  {
    principal: 'CloudWatch, for an alarm of the environment `<suffix>-b`',
    action: 'sns:Publish',
    resource: 'alarm topic `<cluster>-alarms`',
    expect: 'denied',
    why: 'only alarms named `<cluster>.…`; the dot keeps a longer suffix out',
    build: (p) => alarmPublishes(p, extendedSuffixAlarm(p)),
  },
  {
    principal: 'CloudWatch, for an alarm of the same name in another account',
    action: 'sns:Publish',
    resource: 'alarm topic `<cluster>-alarms`',
    expect: 'denied',
    why: 'confused deputy: only this account’s alarms',
    build: (p) => alarmPublishes(p, ownAlarm(p), OTHER_ACCOUNT),
  },
  {
    principal: 'CloudWatch, for an alarm of this environment, without TLS',
    action: 'sns:Publish',
    resource: 'alarm topic `<cluster>-alarms`',
    expect: 'denied',
    why: 'the topic refuses plain HTTP',
    build: (p) => alarmPublishes(p, ownAlarm(p), p.account, 'false'),
  },
  {
    principal: 'CloudWatch, for an alarm of another environment (through SNS)',
    action: 'kms:GenerateDataKey',
    resource: 'platform key',
    expect: 'denied',
    why: 'the key serves this environment’s alarms only',
    build: (p) => alarmUsesKey(p, 'kms:GenerateDataKey', `${OTHER_CLUSTER}.node-cpu-high`),
  },

  // --- Using the break-glass role pages the platform team ----------------------------------------
  {
    principal: 'EventBridge, for the break-glass rule `<cluster>-break-glass-assumed`',
    action: 'sns:Publish',
    resource: 'alarm topic `<cluster>-alarms`',
    expect: 'allowed',
    why: 'PCI DSS 10.2.1: assuming the break-glass role raises an alarm',
    build: (p) => rulePublishes(p, p.names.breakGlassRule),
  },
  {
    principal: 'EventBridge, for the break-glass rule (through SNS)',
    action: 'kms:GenerateDataKey',
    resource: 'platform key, for the alarm topic',
    expect: 'allowed',
    why: 'the topic is encrypted, so publishing needs a data key',
    build: (p) => ruleUsesKey(p, 'kms:GenerateDataKey', p.names.breakGlassRule),
  },
  {
    principal: 'EventBridge, for another rule of this account',
    action: 'sns:Publish',
    resource: 'alarm topic `<cluster>-alarms`',
    expect: 'denied',
    why: 'the topic admits EventBridge for the break-glass rule alone',
    build: (p) => rulePublishes(p, `${p.names.cluster}-other-rule`),
  },
  {
    principal: 'EventBridge, for a rule of the same name in another account',
    action: 'sns:Publish',
    resource: 'alarm topic `<cluster>-alarms`',
    expect: 'denied',
    why: 'confused deputy: only this account’s rule',
    build: (p) => rulePublishes(p, p.names.breakGlassRule, OTHER_ACCOUNT),
  },
  {
    principal: 'EventBridge, for another rule of this account (through SNS)',
    action: 'kms:GenerateDataKey',
    resource: 'platform key, for the alarm topic',
    expect: 'denied',
    why: 'the key serves the break-glass rule alone',
    build: (p) => ruleUsesKey(p, 'kms:GenerateDataKey', `${p.names.cluster}-other-rule`),
  },

  // --- CloudWatch Logs encrypts this environment's log groups (S3, R2) -------------------------
  ...(
    [
      ['control-plane log group `/aws/eks/<cluster>/cluster`', (p: Platform) => p.names.controlPlaneLogGroup, 'R2'],
      ['flow-log group `/aws/vpc/<cluster>/flow-logs`', (p: Platform) => p.names.flowLogGroup, 'flow logs'],
      ['container log group `/aws/eks/<cluster>/containers`', (p: Platform) => p.names.containerLogGroup, 'S3'],
      ['Container Insights group `/aws/containerinsights/<cluster>/performance`', (p: Platform) => p.names.containerInsightsLogGroup, 'R3'],
    ] as const
  ).flatMap(([group, name, requirement]) =>
    (['kms:GenerateDataKey', 'kms:Decrypt'] as const).map((action): AccessRequest => ({
      principal: 'CloudWatch Logs',
      action,
      resource: `platform key, for the ${group}`,
      expect: 'allowed',
      why: `${requirement}: encrypted with the platform key`,
      build: (p) => logsUsesKey(p, action, p.arn.logGroup(name(p))),
    })),
  ),
  {
    principal: 'CloudWatch Logs',
    action: 'kms:GenerateDataKey',
    resource: 'platform key, for the log group of a Lambda function of the stack `/aws/lambda/<cluster>/<construct path>`',
    expect: 'allowed',
    why: 'every Lambda function logs to its own group of the stack, under the same key',
    build: (p) =>
      logsUsesKey(p, 'kms:GenerateDataKey', p.arn.logGroup(`${p.names.lambdaLogGroupPrefix}/Cluster/Cluster/KubectlProvider/Handler`)),
  },
  {
    principal: 'CloudWatch Logs',
    action: 'kms:GenerateDataKey',
    resource: 'platform key, for another environment’s container log group',
    expect: 'denied',
    why: 'the key serves this environment’s groups only',
    build: (p) => logsUsesKey(p, 'kms:GenerateDataKey', p.arn.logGroup(`/aws/eks/${OTHER_CLUSTER}/containers`)),
  },
  {
    principal: 'CloudWatch Logs',
    action: 'kms:Decrypt',
    resource: 'platform key, for a log group of the same name in another account',
    expect: 'denied',
    why: 'the key serves this account’s groups only',
    build: (p) => logsUsesKey(p, 'kms:Decrypt', p.arn.logGroup(p.names.containerLogGroup, OTHER_ACCOUNT)),
  },
  {
    principal: 'CloudWatch Logs',
    action: 'kms:GenerateDataKey',
    resource: 'platform key, for a Lambda log group of another stack',
    expect: 'denied',
    why: 'the key serves this environment’s groups only',
    build: (p) => logsUsesKey(p, 'kms:GenerateDataKey', p.arn.logGroup('/aws/lambda/SomeOtherStack-Handler-SAMPLE')),
  },

  // --- Fluent Bit (R4, R5, R10, S4) -------------------------------------------------------------
  {
    principal: 'pod with service account `logging/fluent-bit`',
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: 'Fluent Bit IRSA role',
    expect: 'allowed',
    why: 'R5: IRSA',
    build: (p) => webIdentity(p, p.roles.fluentBit, 'logging:fluent-bit'),
  },
  {
    principal: 'Fluent Bit role',
    action: 'logs:CreateLogStream',
    resource: 'a stream of `/aws/eks/<cluster>/containers`',
    expect: 'allowed',
    why: 'R5: its own log group',
    build: (p) => asRole(p, p.roles.fluentBit, POD_SESSION, 'logs:CreateLogStream', p.arn.logStream(p.names.containerLogGroup, STREAM)),
  },
  {
    principal: 'Fluent Bit role',
    action: 'logs:PutLogEvents',
    resource: 'a stream of `/aws/eks/<cluster>/containers`',
    expect: 'allowed',
    why: 'R4, R5: ships container logs',
    build: (p) => asRole(p, p.roles.fluentBit, POD_SESSION, 'logs:PutLogEvents', p.arn.logStream(p.names.containerLogGroup, STREAM)),
  },
  {
    principal: 'Fluent Bit role',
    action: 'ssm:GetParameter',
    resource: 'parameter `/<cluster>/fluent-bit/config`',
    expect: 'allowed',
    why: 'S4: loads its configuration',
    build: (p) => asRole(p, p.roles.fluentBit, POD_SESSION, 'ssm:GetParameter', p.arn.parameter(p.names.fluentBitConfigParameter)),
  },
  {
    principal: 'Fluent Bit role (through SSM)',
    action: 'kms:Decrypt',
    resource: 'platform key, for `/<cluster>/fluent-bit/config`',
    expect: 'allowed',
    why: 'R10, S4: the SecureString is decrypted',
    build: (p) => asRole(p, p.roles.fluentBit, POD_SESSION, 'kms:Decrypt', p.keyArn, kmsThroughSsm(p, p.names.fluentBitConfigParameter)),
  },
  {
    principal: 'Fluent Bit role',
    action: 'logs:PutLogEvents',
    resource: 'a stream of the control-plane group `/aws/eks/<cluster>/cluster`',
    expect: 'denied',
    why: 'R5: no other log group',
    build: (p) =>
      asRole(p, p.roles.fluentBit, POD_SESSION, 'logs:PutLogEvents', p.arn.logStream(p.names.controlPlaneLogGroup, 'kube-apiserver-audit')),
  },
  {
    principal: 'Fluent Bit role',
    action: 'logs:CreateLogGroup',
    resource: 'a new group `/aws/eks/<cluster>/other`',
    expect: 'denied',
    why: 'S3: the stack owns the groups',
    build: (p) => asRole(p, p.roles.fluentBit, POD_SESSION, 'logs:CreateLogGroup', p.arn.logGroup(`/aws/eks/${p.names.cluster}/other`)),
  },
  {
    principal: 'Fluent Bit role',
    action: 'ssm:GetParameter',
    resource: 'another environment’s Fluent Bit parameter',
    expect: 'denied',
    why: 'least privilege: its own parameter only',
    build: (p) => asRole(p, p.roles.fluentBit, POD_SESSION, 'ssm:GetParameter', p.arn.parameter(`/${OTHER_CLUSTER}/fluent-bit/config`)),
  },
  {
    principal: 'Fluent Bit role (directly, not through SSM)',
    action: 'kms:Decrypt',
    resource: 'platform key',
    expect: 'denied',
    why: 'the key only through SSM, for its parameter',
    build: (p) => asRole(p, p.roles.fluentBit, POD_SESSION, 'kms:Decrypt', p.keyArn, { 'kms:CallerAccount': p.account }),
  },
  {
    principal: 'Fluent Bit role',
    action: 'ssm:PutParameter',
    resource: 'parameter `/<cluster>/fluent-bit/config`',
    expect: 'denied',
    why: 'only the writer changes the configuration',
    build: (p) => asRole(p, p.roles.fluentBit, POD_SESSION, 'ssm:PutParameter', p.arn.parameter(p.names.fluentBitConfigParameter)),
  },
  {
    principal: 'pod with service account `default/fluent-bit` (wrong namespace)',
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: 'Fluent Bit IRSA role',
    expect: 'denied',
    why: 'IRSA: exactly its service account',
    build: (p) => webIdentity(p, p.roles.fluentBit, 'default:fluent-bit'),
  },
  {
    principal: 'pod with service account `logging/default` (wrong name)',
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: 'Fluent Bit IRSA role',
    expect: 'denied',
    why: 'IRSA: exactly its service account',
    build: (p) => webIdentity(p, p.roles.fluentBit, 'logging:default'),
  },
  {
    principal: 'pod with service account `logging/fluent-bit`, token for another audience',
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: 'Fluent Bit IRSA role',
    expect: 'denied',
    why: 'IRSA: audience `sts.amazonaws.com` only',
    build: (p) => webIdentity(p, p.roles.fluentBit, 'logging:fluent-bit', { audience: 'https://kubernetes.default.svc' }),
  },
  {
    principal: 'pod with service account `logging/fluent-bit` of another cluster',
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: 'Fluent Bit IRSA role',
    expect: 'denied',
    why: 'IRSA: this cluster’s OIDC provider only',
    build: (p) =>
      webIdentity(p, p.roles.fluentBit, 'logging:fluent-bit', {
        issuer: `oidc.eks.${p.region}.amazonaws.com/id/ANOTHERCLUSTER0000000000000000`,
      }),
  },
  {
    principal: 'node role',
    action: 'sts:AssumeRole',
    resource: 'Fluent Bit IRSA role',
    expect: 'denied',
    why: 'O3: pods cannot borrow roles through the node',
    build: (p) => asRole(p, p.roles.node, NODE_SESSION, 'sts:AssumeRole', p.roles.fluentBit),
  },

  // --- Container Insights' CloudWatch agent (R3) -----------------------------------------------
  {
    principal: 'pod with service account `amazon-cloudwatch/cloudwatch-agent`',
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: 'CloudWatch agent IRSA role',
    expect: 'allowed',
    why: 'R3, O3: its own IRSA role',
    build: (p) => webIdentity(p, p.roles.cloudWatchAgent, 'amazon-cloudwatch:cloudwatch-agent'),
  },
  {
    principal: 'CloudWatch agent role',
    action: 'logs:PutLogEvents',
    resource: 'a stream of `/aws/containerinsights/<cluster>/performance`',
    expect: 'allowed',
    why: 'R3: performance events',
    build: (p) =>
      asRole(
        p,
        p.roles.cloudWatchAgent,
        POD_SESSION,
        'logs:PutLogEvents',
        p.arn.logStream(p.names.containerInsightsLogGroup, 'ip-10-0-1-10'),
      ),
  },
  {
    principal: 'CloudWatch agent role',
    action: 'cloudwatch:PutMetricData',
    resource: 'namespace `ContainerInsights`',
    expect: 'allowed',
    why: 'R3: cluster and node metrics',
    build: (p) =>
      asRole(p, p.roles.cloudWatchAgent, POD_SESSION, 'cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'ContainerInsights' }),
  },
  {
    principal: 'CloudWatch agent role',
    action: 'ec2:DescribeVolumes',
    resource: '`*` (no resource-level permissions)',
    expect: 'allowed',
    why: 'R3: node volume metadata',
    build: (p) => asRole(p, p.roles.cloudWatchAgent, POD_SESSION, 'ec2:DescribeVolumes', '*'),
  },
  {
    principal: 'CloudWatch agent role',
    action: 'cloudwatch:PutMetricData',
    resource: 'namespace `Payments`',
    expect: 'denied',
    why: 'least privilege: ContainerInsights only',
    build: (p) => asRole(p, p.roles.cloudWatchAgent, POD_SESSION, 'cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'Payments' }),
  },
  {
    principal: 'CloudWatch agent role',
    action: 'logs:PutLogEvents',
    resource: 'a stream of `/aws/eks/<cluster>/containers`',
    expect: 'denied',
    why: 'R3: no double shipping of container logs',
    build: (p) => asRole(p, p.roles.cloudWatchAgent, POD_SESSION, 'logs:PutLogEvents', p.arn.logStream(p.names.containerLogGroup, STREAM)),
  },
  {
    principal: 'pod with service account `logging/fluent-bit`',
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: 'CloudWatch agent IRSA role',
    expect: 'denied',
    why: 'IRSA: exactly its service account',
    build: (p) => webIdentity(p, p.roles.cloudWatchAgent, 'logging:fluent-bit'),
  },
  {
    principal: 'node role',
    action: 'sts:AssumeRole',
    resource: 'CloudWatch agent IRSA role',
    expect: 'denied',
    why: 'O3: pods cannot borrow roles through the node',
    build: (p) => asRole(p, p.roles.node, NODE_SESSION, 'sts:AssumeRole', p.roles.cloudWatchAgent),
  },

  // --- The parameter writer (R10) ----------------------------------------------------------------
  {
    principal: 'parameter writer role (custom resource Lambda)',
    action: 'ssm:PutParameter',
    resource: 'parameter `/<cluster>/fluent-bit/config`',
    expect: 'allowed',
    why: 'R10: writes the SecureString',
    build: (p) => asRole(p, p.roles.parameterWriter, LAMBDA_SESSION, 'ssm:PutParameter', p.arn.parameter(p.names.fluentBitConfigParameter)),
  },
  {
    principal: 'parameter writer role (through SSM)',
    action: 'kms:Encrypt',
    resource: 'platform key, for `/<cluster>/fluent-bit/config`',
    expect: 'allowed',
    why: 'R10: encrypted with the platform key',
    build: (p) =>
      asRole(p, p.roles.parameterWriter, LAMBDA_SESSION, 'kms:Encrypt', p.keyArn, kmsThroughSsm(p, p.names.fluentBitConfigParameter)),
  },
  {
    principal: 'parameter writer role',
    action: 'ssm:DeleteParameter',
    resource: 'parameter `/<cluster>/fluent-bit/config`',
    expect: 'allowed',
    why: 'O1: deleted with the stack',
    build: (p) =>
      asRole(p, p.roles.parameterWriter, LAMBDA_SESSION, 'ssm:DeleteParameter', p.arn.parameter(p.names.fluentBitConfigParameter)),
  },
  {
    principal: 'parameter writer role',
    action: 's3:GetObject',
    resource: 'its file asset (the configuration) in the CDK assets bucket',
    expect: 'allowed',
    why: 'R10: the value comes from the asset, not the template',
    build: (p) => asRole(p, p.roles.parameterWriter, LAMBDA_SESSION, 's3:GetObject', p.parameterValueObject),
  },
  {
    principal: 'parameter writer role',
    action: 's3:GetObject',
    resource: 'another object of the CDK assets bucket',
    expect: 'denied',
    why: 'least privilege: its one object only',
    build: (p) =>
      asRole(p, p.roles.parameterWriter, LAMBDA_SESSION, 's3:GetObject', p.parameterValueObject.replace(/[^/]+$/, 'another-asset.zip')),
  },
  {
    principal: 'Fluent Bit role',
    action: 's3:GetObject',
    resource: 'the parameter writer’s file asset',
    expect: 'denied',
    why: 'the configuration reaches Fluent Bit through SSM only',
    build: (p) => asRole(p, p.roles.fluentBit, POD_SESSION, 's3:GetObject', p.parameterValueObject),
  },
  {
    principal: 'node role',
    action: 's3:GetObject',
    resource: 'the parameter writer’s file asset',
    expect: 'denied',
    why: 'O3: the node’s credentials read nothing of Fluent Bit’s',
    build: (p) => asRole(p, p.roles.node, NODE_SESSION, 's3:GetObject', p.parameterValueObject),
  },
  {
    principal: 'parameter writer role',
    action: 'ssm:PutParameter',
    resource: 'another environment’s Fluent Bit parameter',
    expect: 'denied',
    why: 'least privilege: its own parameter only',
    build: (p) =>
      asRole(p, p.roles.parameterWriter, LAMBDA_SESSION, 'ssm:PutParameter', p.arn.parameter(`/${OTHER_CLUSTER}/fluent-bit/config`)),
  },
  {
    principal: 'parameter writer role',
    action: 'logs:PutLogEvents',
    resource: 'a stream of its own Lambda log group',
    expect: 'denied',
    why: 'the parameter value must never reach a log',
    build: (p) =>
      asRole(
        p,
        p.roles.parameterWriter,
        LAMBDA_SESSION,
        'logs:PutLogEvents',
        p.arn.logStream(`/aws/lambda/${p.names.stack}-Writer-SAMPLE`, '2026/11/27/[$LATEST]0'),
      ),
  },
  {
    principal: 'node role',
    action: 'ssm:PutParameter',
    resource: 'parameter `/<cluster>/fluent-bit/config`',
    expect: 'denied',
    why: 'only the writer changes the configuration',
    build: (p) => asRole(p, p.roles.node, NODE_SESSION, 'ssm:PutParameter', p.arn.parameter(p.names.fluentBitConfigParameter)),
  },
  {
    principal: 'CloudWatch agent role',
    action: 'ssm:PutParameter',
    resource: 'parameter `/<cluster>/fluent-bit/config`',
    expect: 'denied',
    why: 'only the writer changes the configuration',
    build: (p) => asRole(p, p.roles.cloudWatchAgent, POD_SESSION, 'ssm:PutParameter', p.arn.parameter(p.names.fluentBitConfigParameter)),
  },
  {
    principal: 'kubectl provider handler role',
    action: 'ssm:PutParameter',
    resource: 'parameter `/<cluster>/fluent-bit/config`',
    expect: 'denied',
    why: 'only the writer changes the configuration',
    build: (p) => asRole(p, p.roles.kubectlHandler, LAMBDA_SESSION, 'ssm:PutParameter', p.arn.parameter(p.names.fluentBitConfigParameter)),
  },
  {
    principal: 'node role',
    action: 'ssm:GetParameter',
    resource: 'parameter `/<cluster>/fluent-bit/config`',
    expect: 'denied',
    why: 'O3: the node’s credentials read nothing of Fluent Bit’s',
    build: (p) => asRole(p, p.roles.node, NODE_SESSION, 'ssm:GetParameter', p.arn.parameter(p.names.fluentBitConfigParameter)),
  },

  // --- The kubectl provider's functions: their own log group, their network interfaces, no audit log ------
  ...(
    [
      ['kubectl provider handler role', (p: Platform) => p.roles.kubectlHandler, 'Handler'],
      ['kubectl provider framework role', (p: Platform) => p.roles.kubectlFramework, 'Provider/framework-onEvent'],
    ] as const
  ).flatMap(([principal, role, path]): AccessRequest[] => [
    {
      principal,
      action: 'logs:PutLogEvents',
      resource: `a stream of its own Lambda log group \`/aws/lambda/<cluster>/Cluster/Cluster/KubectlProvider/${path}\``,
      expect: 'allowed',
      why: 'its logs reach its own group',
      build: (p) =>
        asRole(
          p,
          role(p),
          LAMBDA_SESSION,
          'logs:PutLogEvents',
          p.arn.logStream(`${p.names.lambdaLogGroupPrefix}/Cluster/Cluster/KubectlProvider/${path}`, '2026/11/27/[$LATEST]0'),
        ),
    },
    ...(
      [
        ['control-plane log group `/aws/eks/<cluster>/cluster`', (p: Platform) => p.names.controlPlaneLogGroup, 'kube-apiserver-audit-0'],
        ['flow-log group `/aws/vpc/<cluster>/flow-logs`', (p: Platform) => p.names.flowLogGroup, `${ENI}-all`],
        ['container log group `/aws/eks/<cluster>/containers`', (p: Platform) => p.names.containerLogGroup, STREAM],
      ] as const
    ).flatMap(([group, name, stream]) =>
      (['logs:CreateLogStream', 'logs:PutLogEvents'] as const).map((action): AccessRequest => ({
        principal,
        action,
        resource: `a stream of the ${group}`,
        expect: 'denied',
        why: 'audit evidence: the functions write to their own group only',
        build: (p) => asRole(p, role(p), LAMBDA_SESSION, action, p.arn.logStream(name(p), stream)),
      })),
    ),
    {
      principal,
      action: 'ec2:CreateNetworkInterface',
      resource: 'a private subnet of the VPC',
      expect: 'allowed',
      why: 'Lambda attaches the function to the VPC with the function’s role',
      build: (p) =>
        asRole(
          p,
          role(p),
          LAMBDA_SESSION,
          'ec2:CreateNetworkInterface',
          `arn:aws:ec2:${p.region}:${p.account}:subnet/subnet-0123456789abcdef0`,
        ),
    },
  ]),

  // --- EKS, the key and the nodes (R1, R6) -----------------------------------------------------------
  {
    principal: 'EKS (`eks.amazonaws.com`)',
    action: 'sts:AssumeRole',
    resource: 'cluster role',
    expect: 'allowed',
    why: 'R1: the control plane runs as it',
    build: (p) => asService('eks.amazonaws.com', 'sts:AssumeRole', p.roles.cluster, { 'aws:SourceAccount': p.account }),
  },
  {
    principal: 'CloudFormation deployment role (CDK bootstrap, AdministratorAccess), creating the cluster',
    action: 'kms:CreateGrant',
    resource: 'platform key, for EKS',
    expect: 'allowed',
    why: 'R6: EKS encrypts secrets through a grant made at creation',
    build: (p) => {
      const role = p.arn.role(`cdk-hnb659fds-cfn-exec-role-${p.account}-${p.region}`);
      return {
        ...asRole(p, role, 'AWSCloudFormation', 'kms:CreateGrant', p.keyArn, {
          'kms:ViaService': `eks.${p.region}.amazonaws.com`,
          'kms:GrantIsForAWSResource': 'true',
          'kms:CallerAccount': p.account,
        }),
        externalIdentityPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      };
    },
  },
  {
    principal: 'a role of another account',
    action: 'kms:Decrypt',
    resource: 'platform key',
    expect: 'denied',
    why: 'R6: the key stays in its account',
    build: (p) =>
      asRole(p, p.arn.role('Admin', OTHER_ACCOUNT), 'intruder', 'kms:Decrypt', p.keyArn, {
        'aws:PrincipalAccount': OTHER_ACCOUNT,
        'kms:CallerAccount': OTHER_ACCOUNT,
      }),
  },
  {
    principal: 'EC2 (`ec2.amazonaws.com`)',
    action: 'sts:AssumeRole',
    resource: 'node role',
    expect: 'allowed',
    why: 'R1: the nodes run as it',
    build: (p) => asService('ec2.amazonaws.com', 'sts:AssumeRole', p.roles.node, {}),
  },
  {
    principal: 'node role',
    action: 'ecr:BatchGetImage',
    resource: 'an image repository of the account',
    expect: 'allowed',
    why: 'R1: nodes pull images',
    build: (p) =>
      asRole(p, p.roles.node, NODE_SESSION, 'ecr:BatchGetImage', `arn:aws:ecr:${p.region}:${p.account}:repository/payments/api`),
  },
  {
    principal: 'node role',
    action: 'eks:DescribeCluster',
    resource: 'the cluster `<cluster>`',
    expect: 'allowed',
    why: 'R1: nodes join the cluster',
    build: (p) =>
      asRole(p, p.roles.node, NODE_SESSION, 'eks:DescribeCluster', `arn:aws:eks:${p.region}:${p.account}:cluster/${p.names.cluster}`),
  },

  // --- The VPC CNI on its own IRSA role (O3) ---------------------------------------------------------
  {
    principal: 'pod with service account `kube-system/aws-node` (VPC CNI)',
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: 'VPC CNI IRSA role',
    expect: 'allowed',
    why: 'O3: the CNI has its own role',
    build: (p) => webIdentity(p, p.roles.vpcCni, 'kube-system:aws-node'),
  },
  {
    principal: 'VPC CNI role',
    action: 'ec2:CreateNetworkInterface',
    resource: 'a private subnet (where the interface is created)',
    expect: 'allowed',
    why: 'R1: pods get VPC addresses',
    build: (p) =>
      asRole(
        p,
        p.roles.vpcCni,
        POD_SESSION,
        'ec2:CreateNetworkInterface',
        `arn:aws:ec2:${p.region}:${p.account}:subnet/subnet-0123456789abcdef0`,
      ),
  },
  {
    principal: 'VPC CNI role',
    action: 'ec2:AssignPrivateIpAddresses',
    resource: 'a node’s network interface',
    expect: 'allowed',
    why: 'R1: pods get VPC addresses',
    build: (p) =>
      asRole(
        p,
        p.roles.vpcCni,
        POD_SESSION,
        'ec2:AssignPrivateIpAddresses',
        `arn:aws:ec2:${p.region}:${p.account}:network-interface/${ENI}`,
      ),
  },
  {
    principal: 'node role',
    action: 'ec2:AssignPrivateIpAddresses',
    resource: 'a node’s network interface',
    expect: 'denied',
    why: 'O3: network rights stay with aws-node, not every pod',
    build: (p) =>
      asRole(
        p,
        p.roles.node,
        NODE_SESSION,
        'ec2:AssignPrivateIpAddresses',
        `arn:aws:ec2:${p.region}:${p.account}:network-interface/${ENI}`,
      ),
  },
  {
    principal: 'pod with service account `default/aws-node` (wrong namespace)',
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: 'VPC CNI IRSA role',
    expect: 'denied',
    why: 'IRSA: exactly its service account',
    build: (p) => webIdentity(p, p.roles.vpcCni, 'default:aws-node'),
  },
  {
    principal: 'pod with service account `kube-system/default` (wrong name)',
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: 'VPC CNI IRSA role',
    expect: 'denied',
    why: 'IRSA: exactly its service account',
    build: (p) => webIdentity(p, p.roles.vpcCni, 'kube-system:default'),
  },
  {
    principal: 'node role',
    action: 'sts:AssumeRole',
    resource: 'VPC CNI IRSA role',
    expect: 'denied',
    why: 'O3: pods cannot borrow roles through the node',
    build: (p) => asRole(p, p.roles.node, NODE_SESSION, 'sts:AssumeRole', p.roles.vpcCni),
  },

  // --- Cluster Autoscaler (O4) -------------------------------------------------------------------------
  {
    principal: 'pod with service account `kube-system/cluster-autoscaler`',
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: 'Cluster Autoscaler IRSA role',
    expect: 'allowed',
    why: 'O3, O4: its own IRSA role',
    build: (p) => webIdentity(p, p.roles.clusterAutoscaler, 'kube-system:cluster-autoscaler'),
  },
  {
    principal: 'Cluster Autoscaler role',
    action: 'autoscaling:DescribeAutoScalingGroups',
    resource: '`*` (no resource-level permissions)',
    expect: 'allowed',
    why: 'O4: discovers the node groups',
    build: (p) => asRole(p, p.roles.clusterAutoscaler, POD_SESSION, 'autoscaling:DescribeAutoScalingGroups', '*'),
  },
  {
    principal: 'Cluster Autoscaler role',
    action: 'autoscaling:SetDesiredCapacity',
    resource: 'Auto Scaling group of a node group of `<cluster>` (tagged by EKS)',
    expect: 'allowed',
    why: 'O4: scales the zonal node groups',
    build: (p) =>
      asRole(p, p.roles.clusterAutoscaler, POD_SESSION, 'autoscaling:SetDesiredCapacity', nodeGroupAsg(p), asgTags(p.names.cluster)),
  },
  {
    principal: 'Cluster Autoscaler role',
    action: 'autoscaling:SetDesiredCapacity',
    resource: 'Auto Scaling group of another cluster',
    expect: 'denied',
    why: 'least privilege: this cluster’s groups only',
    build: (p) =>
      asRole(p, p.roles.clusterAutoscaler, POD_SESSION, 'autoscaling:SetDesiredCapacity', nodeGroupAsg(p), asgTags(OTHER_CLUSTER)),
  },
  {
    principal: 'pod with service account `kube-system/default` (wrong name)',
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: 'Cluster Autoscaler IRSA role',
    expect: 'denied',
    why: 'IRSA: exactly its service account',
    build: (p) => webIdentity(p, p.roles.clusterAutoscaler, 'kube-system:default'),
  },
  {
    principal: 'node role',
    action: 'autoscaling:SetDesiredCapacity',
    resource: 'Auto Scaling group of a node group of `<cluster>`',
    expect: 'denied',
    why: 'O3: pods cannot resize the cluster through the node',
    build: (p) => asRole(p, p.roles.node, NODE_SESSION, 'autoscaling:SetDesiredCapacity', nodeGroupAsg(p), asgTags(p.names.cluster)),
  },

  // --- AWS Load Balancer Controller (O7) ----------------------------------------------------------------
  {
    principal: 'pod with service account `kube-system/aws-load-balancer-controller`',
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: 'load balancer controller IRSA role',
    expect: 'allowed',
    why: 'O3, O7: its own IRSA role',
    build: (p) => webIdentity(p, p.roles.loadBalancerController, 'kube-system:aws-load-balancer-controller'),
  },
  {
    principal: 'pod with service account `prod/aws-load-balancer-controller` (a tenant namespace)',
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: 'load balancer controller IRSA role',
    expect: 'denied',
    why: 'IRSA: exactly its service account',
    build: (p) => webIdentity(p, p.roles.loadBalancerController, 'prod:aws-load-balancer-controller'),
  },
  {
    principal: 'load balancer controller role',
    action: 'elasticloadbalancing:CreateLoadBalancer',
    resource: 'application load balancer, the request tagging it `elbv2.k8s.aws/cluster=<cluster>`',
    expect: 'allowed',
    why: 'O7: makes the load balancers of Ingresses',
    build: (p) =>
      asRole(p, p.roles.loadBalancerController, POD_SESSION, 'elasticloadbalancing:CreateLoadBalancer', controllerLoadBalancer(p), {
        'aws:RequestTag/elbv2.k8s.aws/cluster': p.names.cluster,
      }),
  },
  {
    principal: 'load balancer controller role',
    action: 'elasticloadbalancing:CreateLoadBalancer',
    resource: 'application load balancer, the request without the cluster tag',
    expect: 'denied',
    why: 'least privilege: an untagged load balancer would be nobody’s to clean up',
    build: (p) =>
      asRole(p, p.roles.loadBalancerController, POD_SESSION, 'elasticloadbalancing:CreateLoadBalancer', controllerLoadBalancer(p)),
  },
  {
    principal: 'load balancer controller role',
    action: 'elasticloadbalancing:CreateLoadBalancer',
    resource: 'application load balancer, the request tagging it for another cluster',
    expect: 'denied',
    why: 'least privilege: this cluster’s load balancers only',
    build: (p) =>
      asRole(p, p.roles.loadBalancerController, POD_SESSION, 'elasticloadbalancing:CreateLoadBalancer', controllerLoadBalancer(p), {
        'aws:RequestTag/elbv2.k8s.aws/cluster': OTHER_CLUSTER,
      }),
  },
  {
    principal: 'load balancer controller role',
    action: 'elasticloadbalancing:DeleteLoadBalancer',
    resource: 'load balancer tagged `elbv2.k8s.aws/cluster=<cluster>`',
    expect: 'allowed',
    why: 'O7: removes the load balancer of a deleted Ingress',
    build: (p) =>
      asRole(
        p,
        p.roles.loadBalancerController,
        POD_SESSION,
        'elasticloadbalancing:DeleteLoadBalancer',
        controllerLoadBalancer(p),
        clusterTag(p.names.cluster),
      ),
  },
  ...(['elasticloadbalancing:DeleteLoadBalancer', 'elasticloadbalancing:ModifyLoadBalancerAttributes'] as const).flatMap(
    (action): AccessRequest[] => [
      {
        principal: 'load balancer controller role',
        action,
        resource: 'load balancer without the cluster tag',
        expect: 'denied',
        why: 'least privilege: not the controller’s',
        build: (p) => asRole(p, p.roles.loadBalancerController, POD_SESSION, action, controllerLoadBalancer(p)),
      },
      {
        principal: 'load balancer controller role',
        action,
        resource: 'load balancer tagged for another cluster',
        expect: 'denied',
        why: 'least privilege: this cluster’s load balancers only',
        build: (p) => asRole(p, p.roles.loadBalancerController, POD_SESSION, action, controllerLoadBalancer(p), clusterTag(OTHER_CLUSTER)),
      },
    ],
  ),
  {
    principal: 'load balancer controller role',
    action: 'elasticloadbalancing:RemoveTags',
    resource: 'the cluster tag of a load balancer of `<cluster>`',
    expect: 'denied',
    why: 'least privilege: a load balancer cannot be moved out of the cluster’s reach',
    build: (p) =>
      asRole(p, p.roles.loadBalancerController, POD_SESSION, 'elasticloadbalancing:RemoveTags', controllerLoadBalancer(p), {
        ...clusterTag(p.names.cluster),
        'aws:RequestTag/elbv2.k8s.aws/cluster': p.names.cluster,
      }),
  },
  {
    principal: 'load balancer controller role',
    action: 'ec2:DeleteSecurityGroup',
    resource: 'security group tagged `elbv2.k8s.aws/cluster=<cluster>`',
    expect: 'allowed',
    why: 'O7: removes the security group of a deleted load balancer',
    build: (p) =>
      asRole(p, p.roles.loadBalancerController, POD_SESSION, 'ec2:DeleteSecurityGroup', controllerSecurityGroup(p), {
        'ec2:ResourceTag/elbv2.k8s.aws/cluster': p.names.cluster,
        ...clusterTag(p.names.cluster),
      }),
  },
  ...(['ec2:DeleteSecurityGroup', 'ec2:AuthorizeSecurityGroupIngress'] as const).flatMap((action): AccessRequest[] => [
    {
      principal: 'load balancer controller role',
      action,
      resource: 'security group without the cluster tag',
      expect: 'denied',
      why: 'least privilege: not the controller’s',
      build: (p) => asRole(p, p.roles.loadBalancerController, POD_SESSION, action, controllerSecurityGroup(p)),
    },
    {
      principal: 'load balancer controller role',
      action,
      resource: 'security group tagged for another cluster',
      expect: 'denied',
      why: 'least privilege: this cluster’s security groups only',
      build: (p) =>
        asRole(p, p.roles.loadBalancerController, POD_SESSION, action, controllerSecurityGroup(p), {
          'ec2:ResourceTag/elbv2.k8s.aws/cluster': OTHER_CLUSTER,
          ...clusterTag(OTHER_CLUSTER),
        }),
    },
  ]),

  // --- VPC flow logs --------------------------------------------------------------------------------
  {
    principal: 'VPC Flow Logs (`vpc-flow-logs.amazonaws.com`)',
    action: 'sts:AssumeRole',
    resource: 'flow-log role',
    expect: 'allowed',
    why: 'flow logs are delivered',
    build: (p) => flowLogsAssume(p, p.account),
  },
  {
    principal: 'VPC Flow Logs, for a flow log of another account',
    action: 'sts:AssumeRole',
    resource: 'flow-log role',
    expect: 'denied',
    why: 'confused deputy: only this account’s flow logs',
    build: (p) => flowLogsAssume(p, OTHER_ACCOUNT),
  },
  {
    principal: 'flow-log role',
    action: 'logs:PutLogEvents',
    resource: 'a stream of `/aws/vpc/<cluster>/flow-logs`',
    expect: 'allowed',
    why: 'flow logs are delivered',
    build: (p) =>
      asRole(p, p.roles.flowLog, 'flow-logs', 'logs:PutLogEvents', p.arn.logStream(p.names.flowLogGroup, 'eni-0123456789abcdef0-all')),
  },
  {
    principal: 'flow-log role',
    action: 'logs:PutLogEvents',
    resource: 'a stream of `/aws/eks/<cluster>/containers`',
    expect: 'denied',
    why: 'least privilege: its own group only',
    build: (p) => asRole(p, p.roles.flowLog, 'flow-logs', 'logs:PutLogEvents', p.arn.logStream(p.names.containerLogGroup, STREAM)),
  },
  // --- Application secrets through EKS Pod Identity (PCI DSS 8.6.2) ------------------------------
  {
    principal: 'EKS Pod Identity, for `prod/secrets-reader` on `<cluster>`',
    action: 'sts:AssumeRole',
    resource: 'secrets-reader role',
    expect: 'allowed',
    why: 'one role for every tenant’s secrets-reader service account',
    build: (p) => podIdentityAssumes(p, 'sts:AssumeRole', SECRETS_TENANT, 'secrets-reader'),
  },
  {
    principal: 'EKS Pod Identity, for `prod/secrets-reader` on `<cluster>`',
    action: 'sts:TagSession',
    resource: 'secrets-reader role',
    expect: 'allowed',
    why: 'the session tags are what scopes each pod to its own secrets',
    build: (p) => podIdentityAssumes(p, 'sts:TagSession', SECRETS_TENANT, 'secrets-reader'),
  },
  {
    principal: 'EKS Pod Identity, for `prod/secrets-reader` on another cluster',
    action: 'sts:AssumeRole',
    resource: 'secrets-reader role',
    expect: 'denied',
    why: 'an association in another cluster of the account gets nothing',
    build: (p) => podIdentityAssumes(p, 'sts:AssumeRole', SECRETS_TENANT, 'secrets-reader', OTHER_CLUSTER),
  },
  {
    principal: 'EKS Pod Identity, for `prod/default` on `<cluster>`',
    action: 'sts:AssumeRole',
    resource: 'secrets-reader role',
    expect: 'denied',
    why: 'only the documented service account: others stay without AWS rights',
    build: (p) => podIdentityAssumes(p, 'sts:AssumeRole', SECRETS_TENANT, 'default'),
  },
  {
    principal: 'EKS Pod Identity, for `kube-system/secrets-reader` on `<cluster>`',
    action: 'sts:AssumeRole',
    resource: 'secrets-reader role',
    expect: 'denied',
    why: 'tenant namespaces only',
    build: (p) => podIdentityAssumes(p, 'sts:AssumeRole', 'kube-system', 'secrets-reader'),
  },
  {
    principal: 'pod of `prod` (secrets-reader role)',
    action: 'secretsmanager:GetSecretValue',
    resource: 'a secret tagged `prod` and `<cluster>`',
    expect: 'allowed',
    why: 'PCI DSS 8.6.2: the application reads its own secret',
    build: (p) => secretRequest(p, 'secretsmanager:GetSecretValue', 'prod/payments-db', taggedFor(SECRETS_TENANT, p.names.cluster)),
  },
  {
    principal: 'pod of `prod` (secrets-reader role)',
    action: 'secretsmanager:DescribeSecret',
    resource: 'a secret tagged `prod` and `<cluster>`',
    expect: 'allowed',
    why: 'the provider describes the secret it mounts',
    build: (p) => secretRequest(p, 'secretsmanager:DescribeSecret', 'prod/payments-db', taggedFor(SECRETS_TENANT, p.names.cluster)),
  },
  {
    principal: 'pod of `prod` (secrets-reader role)',
    action: 'secretsmanager:GetSecretValue',
    resource: 'a secret tagged `dev` and `<cluster>`',
    expect: 'denied',
    why: 'PCI DSS 7.2: another tenant’s secret',
    build: (p) => secretRequest(p, 'secretsmanager:GetSecretValue', 'dev/payments-db', taggedFor(OTHER_TENANT, p.names.cluster)),
  },
  {
    principal: 'pod of `prod` (secrets-reader role)',
    action: 'secretsmanager:GetSecretValue',
    resource: 'an untagged secret named `prod/…`',
    expect: 'denied',
    why: 'tags, not names, decide: an untagged secret is nobody’s',
    build: (p) => secretRequest(p, 'secretsmanager:GetSecretValue', 'prod/payments-db', {}),
  },
  {
    principal: 'pod of `prod` (secrets-reader role)',
    action: 'secretsmanager:GetSecretValue',
    resource: 'a secret tagged `prod` and another cluster',
    expect: 'denied',
    why: 'another environment’s `prod` secret',
    build: (p) => secretRequest(p, 'secretsmanager:GetSecretValue', 'prod/payments-db', taggedFor(SECRETS_TENANT, OTHER_CLUSTER)),
  },
  {
    principal: 'pod of `prod` (secrets-reader role)',
    action: 'secretsmanager:PutSecretValue',
    resource: 'a secret tagged `prod` and `<cluster>`',
    expect: 'denied',
    why: 'read only: secrets are written by their owners outside the cluster',
    build: (p) => secretRequest(p, 'secretsmanager:PutSecretValue', 'prod/payments-db', taggedFor(SECRETS_TENANT, p.names.cluster)),
  },
  {
    principal: 'pod of `prod` (secrets-reader role), through Secrets Manager',
    action: 'kms:Decrypt',
    resource: 'platform key',
    expect: 'allowed',
    why: 'Secrets Manager decrypts the secret for the pod',
    build: (p) => podDecrypts(p, 'secretsmanager'),
  },
  {
    principal: 'pod of `prod` (secrets-reader role), directly',
    action: 'kms:Decrypt',
    resource: 'platform key',
    expect: 'denied',
    why: 'decryption only through Secrets Manager',
    build: (p) => podDecrypts(p),
  },
  {
    principal: 'pod of `prod` (secrets-reader role), through SSM',
    action: 'kms:Decrypt',
    resource: 'platform key',
    expect: 'denied',
    why: 'decryption only through Secrets Manager, not of SSM parameters',
    build: (p) => podDecrypts(p, 'ssm'),
  },
];

/** The decision as the README and the test names write it. */
export function requestTitle(request: AccessRequest): string {
  return `${request.principal}: ${request.action} on ${request.resource}`;
}
