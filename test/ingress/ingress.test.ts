import { lazily, synthesize } from '../support/synth';
import {
  HELM_CHART_TYPE,
  jsonOf,
  onlyResource,
  resourcesOfType,
  shippedObject,
  shippedObjects,
  statementsOf,
  trustedServiceAccount,
} from '../support/template';

const CLUSTER = 'fintech-eks-pr7';
const CERT = 'arn:aws:acm:ap-southeast-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const PUBLIC_CERT = 'arn:aws:acm:ap-southeast-1:123456789012:certificate/1b1c2d3e-4f50-6172-8394-a5b6c7d8e9f1';
const TLS13_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

const internalOnly = synthesize({ environmentSuffix: 'pr7' }).template;
const withPublic = synthesize({
  environmentSuffix: 'pr7',
  platformProfile: 'production',
  alarmEmail: 'oncall@example.com',
  ingress: { internal: { certificateArn: CERT }, public: { enabled: true, certificateArns: [PUBLIC_CERT, CERT] } },
}).template;

const chartOf = (template: typeof internalOnly) =>
  onlyResource(template, HELM_CHART_TYPE, (r) => r.Properties.Chart === 'aws-load-balancer-controller');
const paramsOf = (template: typeof internalOnly, name: string) => shippedObject(template, 'IngressClassParams', name).object.spec;

describe('AWS Load Balancer Controller (O7)', () => {
  // Taken on a test's first read: taken while the file loads, the chart would be stale for every
  // mutant of a mutation run (test/support/synth.ts).
  const controller = lazily(() => {
    const [chartId, chart] = chartOf(internalOnly);
    return { chartId, chart, values: jsonOf(chart.Properties.Values) };
  });

  test('comes from the eks-charts chart at a pinned version, into kube-system, with its own image pinned', () => {
    const { chart, values } = controller();
    expect(chart.Properties.Repository).toBe('https://aws.github.io/eks-charts');
    expect(chart.Properties.Version).toBe('3.6.2');
    expect(chart.Properties.Namespace).toBe('kube-system');
    expect(values.image).toEqual({ repository: 'public.ecr.aws/eks/aws-load-balancer-controller', tag: 'v3.6.2' });
  });

  test('knows its cluster, region and VPC, and waits for the node groups like the other charts (in parallel with them)', () => {
    const { chartId, chart, values } = controller();
    expect(values.clusterName).toBe(CLUSTER);
    expect(values.region).toBe('ap-southeast-1');
    expect(values.vpcId).toMatch(/^<Ref NetworkVpc\w+>$/);
    const nodeGroups = resourcesOfType(internalOnly, 'AWS::EKS::Nodegroup').map(([id]) => id);
    expect(nodeGroups).toHaveLength(3);
    expect(chart.DependsOn).toEqual(expect.arrayContaining(nodeGroups));
    const otherCharts = resourcesOfType(internalOnly, HELM_CHART_TYPE).filter(([id]) => id !== chartId);
    for (const [id, other] of otherCharts) {
      expect([other.DependsOn].flat()).not.toContain(chartId);
      expect([chart.DependsOn].flat()).not.toContain(id);
    }
  });

  test('two replicas, a disruption budget, restricted security context, no Service mutation, no WAF Classic or Shield', () => {
    const { values } = controller();
    expect(values.replicaCount).toBe(2);
    expect(values.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(values.podSecurityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(values.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(values.enableServiceMutatorWebhook).toBe(false);
    expect(values).toMatchObject({ enableWaf: false, enableShield: false, enableWafv2: false, createIngressClassResource: false });
    expect(jsonOf(chartOf(withPublic)[1].Properties.Values).enableWafv2).toBe(true);
  });

  test('its service account carries its own IRSA role, trusted by that service account only', () => {
    const { values } = controller();
    const roleId = /<Fn::GetAtt (\w+)\.Arn>/.exec(values.serviceAccount.annotations['eks.amazonaws.com/role-arn'])![1];
    expect(values.serviceAccount.name).toBe('aws-load-balancer-controller');
    expect(trustedServiceAccount(internalOnly, roleId)).toBe('system:serviceaccount:kube-system:aws-load-balancer-controller');
  });

  test('the control plane reaches its webhooks on port 9443 of the nodes', () => {
    const [, nodeGroup] = onlyResource(internalOnly, 'AWS::EC2::SecurityGroup', (r) => /^Worker nodes/.test(r.Properties.GroupDescription));
    expect(nodeGroup.Properties.SecurityGroupIngress).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 9443,
        ToPort: 9443,
        SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^Cluster\w+$/), 'ClusterSecurityGroupId'] },
      }),
    ]);
  });

  test("every create, change or delete of a load balancer, target group or security group is conditioned on this cluster's tag", () => {
    const [, policy] = onlyResource(internalOnly, 'AWS::IAM::ManagedPolicy', (r) =>
      JSON.stringify(r.Properties.PolicyDocument).includes('elasticloadbalancing:CreateLoadBalancer'),
    );
    const statements = statementsOf(policy.Properties.PolicyDocument);
    const writes = statements.filter((s) => s.Action.some((a) => !/:(Describe|Get)/.test(a)));
    const unconditioned = writes.filter((s) => !JSON.stringify(s.Condition ?? {}).includes(`"${CLUSTER}"`));
    // Creating a group in the cluster's VPC (the group itself must be tagged), opening the nodes'
    // cluster security group to the load balancers, and ELB's service-linked role.
    expect(unconditioned.map((s) => s.Action).sort()).toEqual([
      ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      ['ec2:CreateSecurityGroup'],
      ['iam:CreateServiceLinkedRole'],
    ]);
    expect(JSON.stringify(unconditioned)).not.toContain('"*"');
    expect(statements.flatMap((s) => s.Action).filter((a) => /^(wafv2|waf-regional|shield|cognito-idp|acm):/.test(a))).toEqual([]);
  });
});

describe('ingress classes (O7)', () => {
  test('internal is the default class; without a certificate its load balancers serve plain HTTP inside the VPC', () => {
    const internal = shippedObject(internalOnly, 'IngressClass', 'internal').object;
    expect(internal.metadata.annotations).toEqual({ 'ingressclass.kubernetes.io/is-default-class': 'true' });
    expect(internal.spec).toEqual({
      controller: 'ingress.k8s.aws/alb',
      parameters: { apiGroup: 'elbv2.k8s.aws', kind: 'IngressClassParams', name: 'internal' },
    });
    const params = paramsOf(internalOnly, 'internal');
    expect(params.scheme).toBe('internal');
    expect(params).not.toHaveProperty('certificateArn');
    expect(params).not.toHaveProperty('wafv2AclArn');
  });

  test('there is no public class, no web ACL and no WAF log group unless public ingress is enabled', () => {
    expect(shippedObjects(internalOnly).filter((o) => o.object.metadata?.name === 'public')).toEqual([]);
    expect(resourcesOfType(internalOnly, 'AWS::WAFv2::WebACL')).toEqual([]);
    expect(JSON.stringify(internalOnly.toJSON())).not.toContain('aws-waf-logs-');
  });

  test('with a certificate, internal load balancers serve HTTPS only with the TLS 1.3/1.2 policy', () => {
    expect(paramsOf(withPublic, 'internal')).toMatchObject({
      scheme: 'internal',
      certificateArn: [CERT],
      sslPolicy: TLS13_POLICY,
      sslRedirectPort: '443',
    });
  });

  test('public load balancers are internet-facing, HTTPS with the TLS policy, HTTP redirected, behind the platform web ACL', () => {
    const [webAclId] = onlyResource(withPublic, 'AWS::WAFv2::WebACL');
    const params = paramsOf(withPublic, 'public');
    expect(params).toMatchObject({
      scheme: 'internet-facing',
      certificateArn: [PUBLIC_CERT, CERT],
      sslPolicy: TLS13_POLICY,
      sslRedirectPort: '443',
      wafv2AclArn: `<Fn::GetAtt ${webAclId}.Arn>`,
    });
    expect(params.loadBalancerAttributes).toContainEqual({ key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' });
    expect(shippedObject(withPublic, 'IngressClass', 'public').object.metadata.annotations).toBeUndefined();
  });

  test('admission holds a class to HTTPS only when it has certificates', () => {
    const httpsOnly = (template: typeof internalOnly) =>
      shippedObject(template, 'ValidatingAdmissionPolicy', 'ingress-through-platform-classes').object.spec.variables.find(
        (v: any) => v.name === 'httpsOnly',
      ).expression;
    expect(httpsOnly(internalOnly)).toBe('variables.className in []');
    expect(httpsOnly(withPublic)).toBe('variables.className in ["internal", "public"]');
  });

  test('the class parameters are IngressClassParams of elbv2.k8s.aws/v1beta1', () => {
    expect(shippedObject(internalOnly, 'IngressClassParams', 'internal').object.apiVersion).toBe('elbv2.k8s.aws/v1beta1');
  });

  test('the classes are applied after the chart that installs the IngressClassParams CRD', () => {
    for (const template of [internalOnly, withPublic]) {
      const [chartId] = chartOf(template);
      expect(shippedObject(template, 'IngressClassParams', 'internal').dependsOn).toContain(chartId);
    }
  });
});

describe('the web ACL of public ingress (O7, PCI DSS 6.4.2)', () => {
  // Taken on a test's first read, as the chart above.
  const webAclOf = lazily(() => onlyResource(withPublic, 'AWS::WAFv2::WebACL'));

  test('is regional, allows by default, and passes every request through the AWS managed rule groups and a rate limit', () => {
    const [, webAcl] = webAclOf();
    expect(webAcl.Properties).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Allow: {} }, Name: `${CLUSTER}-public-ingress` });
    const rules = webAcl.Properties.Rules as any[];
    const managed = rules.filter((r) => r.Statement.ManagedRuleGroupStatement).map((r) => r.Statement.ManagedRuleGroupStatement);
    expect(managed.map((m) => `${m.VendorName}/${m.Name}`).sort()).toEqual([
      'AWS/AWSManagedRulesAmazonIpReputationList',
      'AWS/AWSManagedRulesCommonRuleSet',
      'AWS/AWSManagedRulesKnownBadInputsRuleSet',
      'AWS/AWSManagedRulesSQLiRuleSet',
    ]);
    const rate = rules.find((r) => r.Statement.RateBasedStatement);
    expect(rate).toMatchObject({ Action: { Block: {} }, Statement: { RateBasedStatement: { AggregateKeyType: 'IP' } } });
    expect(new Set(rules.map((r) => r.Priority)).size).toBe(rules.length);
  });

  test('logs to a KMS-encrypted aws-waf-logs- group with retention, kept with the audit trail in production', () => {
    const [webAclId] = webAclOf();
    const [logGroupId, logGroup] = onlyResource(
      withPublic,
      'AWS::Logs::LogGroup',
      (r) => r.Properties.LogGroupName === `aws-waf-logs-${CLUSTER}`,
    );
    expect(logGroup.Properties.RetentionInDays).toBe(365);
    expect(logGroup.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PlatformKey/), 'Arn'] });
    expect(logGroup.DeletionPolicy).toBe('Retain');
    const [, logging] = onlyResource(withPublic, 'AWS::WAFv2::LoggingConfiguration');
    expect(logging.Properties.ResourceArn).toEqual({ 'Fn::GetAtt': [webAclId, 'Arn'] });
    expect(logging.Properties.LogDestinationConfigs).toEqual([{ 'Fn::GetAtt': [logGroupId, 'Arn'] }]);
  });

  test('the key admits CloudWatch Logs for the WAF log group', () => {
    const [, key] = onlyResource(withPublic, 'AWS::KMS::Key');
    const logs = statementsOf(key.Properties.KeyPolicy).find((s: any) => s.Sid === 'AllowCloudWatchLogsForThisEnvironment')!;
    expect(JSON.stringify(logs.Condition)).toContain(`:log-group:aws-waf-logs-${CLUSTER}"`);
  });

  test('log delivery may write to that group only, for web ACLs of this account, and is allowed before logging starts', () => {
    const [policyId, policy] = onlyResource(withPublic, 'AWS::Logs::ResourcePolicy');
    const [statement] = statementsOf(jsonOf(policy.Properties.PolicyDocument));
    expect(statement.Principal).toEqual({ Service: 'delivery.logs.amazonaws.com' });
    expect(statement.Action.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(statement.Resource).toEqual([
      expect.stringMatching(/^<Fn::GetAtt WebAclLogGroup\w*|^<Fn::GetAtt IngressWebAclLogGroup\w+\.Arn>$/),
    ]);
    expect(statement.Condition.StringEquals).toEqual({ 'aws:SourceAccount': '<Ref AWS::AccountId>' });
    const [, logging] = onlyResource(withPublic, 'AWS::WAFv2::LoggingConfiguration');
    expect(logging.DependsOn).toContain(policyId);
  });
});

describe('load balancer traffic into tenant namespaces (O7)', () => {
  test('each tenant lets load balancers reach only labelled pods, on their port named ingress, after its namespace and the CNI', () => {
    const policies = shippedObjects(internalOnly).filter(
      (o) => o.object.kind === 'NetworkPolicy' && o.object.metadata?.name === 'allow-from-load-balancers',
    );
    expect(policies.map((p) => p.object.metadata?.namespace).sort()).toEqual(['dev', 'prod', 'staging']);
    for (const { object, dependsOn } of policies) {
      expect(object.spec).toEqual({
        podSelector: { matchLabels: { 'platform.fintech/ingress': 'true' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ protocol: 'TCP', port: 'ingress' }] }],
      });
      const namespace = shippedObject(internalOnly, 'Namespace', object.metadata!.namespace!);
      expect(dependsOn).toContain(namespace.logicalId);
      expect(dependsOn.some((id) => /VpcCni/.test(id))).toBe(true);
    }
  });
});
