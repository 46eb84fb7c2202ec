import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { DaemonSet } from 'kubernetes-models/apps/v1';
import { ClusterRole, ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { Namespace, ServiceAccount } from 'kubernetes-models/v1';
import { podTemplates } from '../support/kubernetes';
import { lazily, synthesize, Synthesized } from '../support/synth';
import {
  logicalIdsOf,
  onlyResource,
  resourcesOfType,
  shippedObject,
  shippedObjects,
  statementsOf,
  textOf,
  trustedServiceAccount,
} from '../support/template';

// Names from the spec: `environmentSuffix` defaults to `dev`, the group of S3 is
// `/aws/eks/<cluster>/containers`, the default region is ap-southeast-1, Kubernetes 1.36.
// What the blocks below take from a template is read inside their tests (lazily): read while the
// file loads, it would be read once, before any mutant is switched on, and stale for every mutant
// of a mutation run (test/support/synth.ts).
const ALARM_EMAIL = 'payments-oncall@example.com';
const ephemeral = synthesize({});
const production = synthesize({ platformProfile: 'production', environmentSuffix: 'prod', alarmEmail: ALARM_EMAIL });
const { template } = ephemeral;
const CLUSTER = 'fintech-eks-dev';
const LOG_GROUP = `/aws/eks/${CLUSTER}/containers`;
const PARAMETER = `/${CLUSTER}/fluent-bit/config`;
const REGION = 'ap-southeast-1';

const platformKeyId = () => onlyResource(template, 'AWS::KMS::Key')[0];
const nodeGroupIds = (t: Template) => logicalIdsOf(t, 'AWS::EKS::Nodegroup');
const containerLogGroup = (t: Template, name: string) => onlyResource(t, 'AWS::Logs::LogGroup', (r) => r.Properties.LogGroupName === name);

/** Every statement of the customer-managed policies attached to a role (by the role or by the policy). */
function roleStatements(t: Template, roleId: string): ReturnType<typeof statementsOf> {
  const role = t.findResources('AWS::IAM::Role')[roleId];
  const policies = t.findResources('AWS::IAM::ManagedPolicy');
  const byRole = (role.Properties.ManagedPolicyArns ?? []).filter((arn: any) => arn.Ref).map((arn: any) => arn.Ref);
  const byPolicy = Object.keys(policies).filter((id) => (policies[id].Properties.Roles ?? []).some((r: any) => r.Ref === roleId));
  return [...new Set([...byRole, ...byPolicy])].flatMap((id) => statementsOf(policies[id].Properties.PolicyDocument));
}

/**
 * What the API server accepts as an annotation key: an optional DNS subdomain and `/`, then a name
 * of at most 63 characters, alphanumeric at both ends.
 */
const ANNOTATION_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?(?=[^/]{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

const WRITE =
  /^(logs:(Create|Put|Delete)|ssm:(Put|Delete|AddTags)|kms:(Encrypt|GenerateDataKey|ReEncrypt)|cloudwatch:Put|sns:Publish|s3:Put|iam:)/;

describe('Container Insights add-on (R3)', () => {
  const containerInsights = lazily(() => {
    const [addonId, addon] = onlyResource(template, 'AWS::EKS::Addon', (r) => r.Properties.AddonName === 'amazon-cloudwatch-observability');
    return { addonId, addon };
  });

  test('its own container-log shipping is off, so logs are not shipped twice', () => {
    const { addon } = containerInsights();
    const values = JSON.parse(addon.Properties.ConfigurationValues);
    expect(values.containerLogs).toEqual({ enabled: false });
  });

  test('it instruments no workload: no Application Signals in the agent, auto-monitoring off', () => {
    const { addon } = containerInsights();
    const values = JSON.parse(addon.Properties.ConfigurationValues);
    expect(values.agent.config).toEqual({ logs: { metrics_collected: { kubernetes: { enhanced_container_insights: true } } } });
    expect(values.manager).toEqual({ applicationSignals: { autoMonitor: { monitorAllServices: false } } });
  });

  test('its CloudWatch agent runs on an IRSA role trusted by its service account only', () => {
    const { addon } = containerInsights();
    const roleId = addon.Properties.ServiceAccountRoleArn['Fn::GetAtt'][0];
    expect(trustedServiceAccount(template, roleId)).toBe('system:serviceaccount:amazon-cloudwatch:cloudwatch-agent');
  });

  test('the agent role writes only to the performance log group, and metrics only to ContainerInsights', () => {
    const { addon } = containerInsights();
    const roleId = addon.Properties.ServiceAccountRoleArn['Fn::GetAtt'][0];
    const [groupId] = containerLogGroup(template, `/aws/containerinsights/${CLUSTER}/performance`);
    const statements = roleStatements(template, roleId);
    const logWrites = statements.filter((s) => s.Action.some((a) => a.startsWith('logs:')));
    expect(logWrites.flatMap((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [groupId, 'Arn'] }]);
    const metricWrites = statements.filter((s) => s.Action.includes('cloudwatch:PutMetricData'));
    expect(metricWrites).toHaveLength(1);
    expect(metricWrites[0].Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': 'ContainerInsights' } });
  });

  test('is created after every node group and after the log group its agent writes to', () => {
    const { addonId, addon } = containerInsights();
    const [groupId] = containerLogGroup(template, `/aws/containerinsights/${CLUSTER}/performance`);
    expect(nodeGroupIds(template)).toHaveLength(3);
    expect(addon.DependsOn).toEqual(expect.arrayContaining([...nodeGroupIds(template), groupId]));
    expect(addonId).toBeDefined();
  });

  test('the agent policy: write its performance events, put ContainerInsights metrics, describe volumes and tags', () => {
    const { addon } = containerInsights();
    const roleId = addon.Properties.ServiceAccountRoleArn['Fn::GetAtt'][0];
    const [groupId] = containerLogGroup(template, `/aws/containerinsights/${CLUSTER}/performance`);
    expect(roleStatements(template, roleId)).toEqual([
      {
        Sid: 'WritePerformanceEvents',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        Resource: [{ 'Fn::GetAtt': [groupId, 'Arn'] }],
      },
      {
        Sid: 'PutContainerInsightsMetrics',
        Effect: 'Allow',
        Action: ['cloudwatch:PutMetricData'],
        Resource: ['*'],
        Condition: { StringEquals: { 'cloudwatch:namespace': 'ContainerInsights' } },
      },
      { Sid: 'DescribeNodeVolumesAndTags', Effect: 'Allow', Action: ['ec2:DescribeTags', 'ec2:DescribeVolumes'], Resource: ['*'] },
    ]);
  });

  test('is removed with the stack, agents included', () => {
    const { addon } = containerInsights();
    expect(addon.Properties.PreserveOnDelete).toBe(false);
    expect(addon.DeletionPolicy ?? 'Delete').toBe('Delete');
  });
});

describe.each([
  ['ephemeral', ephemeral, 7, `/aws/eks/${CLUSTER}/containers`, 'Delete'],
  // Production keeps its audit trail when the stack is destroyed (retainOnDelete, O1).
  ['production', production, 365, '/aws/eks/fintech-eks-prod/containers', 'Retain'],
])('container log group, %s profile (S3)', (_profile, synthesized, days, name, deletionPolicy) => {
  const logGroup = lazily(() => containerLogGroup(synthesized.template, name)[1]);

  test(`keeps logs ${days} days, encrypted with the platform key`, () => {
    const group = logGroup();
    expect(group.Properties.RetentionInDays).toBe(days);
    const keyId = onlyResource(synthesized.template, 'AWS::KMS::Key')[0];
    expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
  });

  test(`is tagged, and on destroy: ${deletionPolicy}`, () => {
    const group = logGroup();
    expect(group.DeletionPolicy).toBe(deletionPolicy);
    expect(group.Properties.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'Environment', Value: 'Production' },
        { Key: 'CostCenter', Value: 'FinTech' },
      ]),
    );
  });
});

/** The file a custom resource's SourceKey names, from the cloud assembly's asset manifest. */
function assetFile(synthesized: Synthesized, objectKey: string): string {
  const manifest = JSON.parse(readFileSync(join(synthesized.outdir, `${synthesized.stack.stackName}.assets.json`), 'utf8'));
  const source = manifest.files[objectKey.replace(/\..*$/, '')].source.path;
  return readFileSync(isAbsolute(source) ? source : join(synthesized.outdir, source), 'utf8');
}

/** The configuration the parameter receives: the file asset its custom resource copies. */
function storedConfigOf(synthesized: Synthesized): string {
  const [, parameter] = onlyResource(synthesized.template, 'Custom::SsmSecureStringParameter');
  return assetFile(synthesized, parameter.Properties.SourceKey);
}

describe('Fluent Bit configuration as an SSM SecureString (R10)', () => {
  const stored = lazily(() => {
    const [, parameter] = onlyResource(template, 'Custom::SsmSecureStringParameter');
    const writer = template.findResources('AWS::Lambda::Function')[parameter.Properties.ServiceToken['Fn::GetAtt'][0]];
    return { parameter, writer };
  });

  test('is written to its parameter under the platform key, from a file asset in the bootstrap bucket', () => {
    const { parameter } = stored();
    expect(parameter.Properties).toMatchObject({ ParameterName: PARAMETER, KeyId: { 'Fn::GetAtt': [platformKeyId(), 'Arn'] } });
    expect(parameter.Properties.SourceBucket).toEqual({ 'Fn::Sub': `cdk-hnb659fds-assets-\${AWS::AccountId}-${REGION}` });
    expect(parameter.Properties.SourceKey).toMatch(/^[0-9a-f]{64}\.conf$/);
  });

  test('holds the configuration rendered for this environment', () => {
    const stored = storedConfigOf(ephemeral);
    expect(stored).toMatch(new RegExp(`log_group_name\\s+${LOG_GROUP}\\n`));
    expect(stored).toMatch(new RegExp(`region\\s+${REGION}\\n`));
    expect(storedConfigOf(production)).toMatch(new RegExp(`log_group_name\\s+/aws/eks/fintech-eks-prod/containers\\n`));
  });

  test.each([
    ['ephemeral', ephemeral],
    ['production', production],
  ])('no line of the configuration appears anywhere in the %s template', (_profile, synthesized) => {
    const lines = storedConfigOf(synthesized)
      .split('\n')
      .map((line) => line.trim())
      // Every line that says anything: a bare `#` separator says nothing and occurs anywhere.
      .filter((line) => /[A-Za-z0-9]/.test(line));
    expect(lines.length).toBeGreaterThan(40);
    const templateText = JSON.stringify(synthesized.template.toJSON());
    expect(lines.filter((line) => templateText.includes(line) || templateText.includes(JSON.stringify(line).slice(1, -1)))).toEqual([]);
  });

  test('is written with rights on this one parameter and this one object, encrypting through SSM only', () => {
    const { parameter, writer } = stored();
    const roleId = writer.Properties.Role['Fn::GetAtt'][0];
    const statements = roleStatements(template, roleId);
    const ssm = statements.filter((s) => s.Action.some((a) => a.startsWith('ssm:')));
    expect(ssm.flatMap((s) => s.Action).sort()).toEqual(['ssm:AddTagsToResource', 'ssm:DeleteParameter', 'ssm:PutParameter']);
    expect(ssm.flatMap((s) => s.Resource).map((value) => textOf(value))).toEqual([
      expect.stringMatching(new RegExp(`:parameter${PARAMETER}$`)),
    ]);
    const kms = statements.filter((s) => s.Action.some((a) => a.startsWith('kms:')));
    expect(kms.flatMap((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [platformKeyId(), 'Arn'] }]);
    expect(kms[0].Condition.StringEquals['kms:ViaService']).toBe(`ssm.${REGION}.amazonaws.com`);
    const s3 = statements.filter((s) => s.Action.some((a) => a.startsWith('s3:')));
    expect(s3.flatMap((s) => s.Action)).toEqual(['s3:GetObject']);
    expect(s3.flatMap((s) => s.Resource).map((value) => textOf(value))).toEqual([
      `arn:aws:s3:::<Fn::Sub>/${parameter.Properties.SourceKey}`,
    ]);
  });

  test('its writer cannot write to CloudWatch Logs', () => {
    const { writer } = stored();
    const roleId = writer.Properties.Role['Fn::GetAtt'][0];
    const role = template.findResources('AWS::IAM::Role')[roleId];
    const inline = Object.values(template.findResources('AWS::IAM::Policy')).filter((p: any) =>
      p.Properties.Roles.some((r: any) => r.Ref === roleId),
    );
    expect(inline).toEqual([]);
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).not.toMatch(/AWSLambdaBasicExecutionRole|AWSLambdaVPCAccessExecutionRole/);
    const allowed = roleStatements(template, roleId).filter((s) => s.Effect === 'Allow');
    expect(allowed.flatMap((s) => s.Action).filter((a) => a.startsWith('logs:'))).toEqual([]);
  });
});

describe('Fluent Bit DaemonSet (R4, R5, S4)', () => {
  const fluentBitDaemonSet = lazily(() => {
    const daemonSet = shippedObject(template, 'DaemonSet', 'fluent-bit');
    const spec = daemonSet.object.spec.template.spec;
    return {
      objects: shippedObjects(template),
      daemonSet,
      spec,
      fluentBit: spec.containers.find((c: any) => c.name === 'fluent-bit'),
      serviceAccount: shippedObject(template, 'ServiceAccount', spec.serviceAccountName),
      storedConfig: storedConfigOf(ephemeral),
    };
  });

  test('every object is a valid Kubernetes object', () => {
    const { objects } = fluentBitDaemonSet();
    const builders: Record<string, (o: any) => { validate(): void }> = {
      Namespace: (o) => new Namespace(o),
      ServiceAccount: (o) => new ServiceAccount(o),
      ClusterRole: (o) => new ClusterRole(o),
      ClusterRoleBinding: (o) => new ClusterRoleBinding(o),
      DaemonSet: (o) => new DaemonSet(o),
    };
    const fluentBitObjects = objects.filter((m) => m.object.metadata?.labels?.['app.kubernetes.io/name'] === 'fluent-bit');
    expect(fluentBitObjects.map((m) => m.object.kind).sort()).toEqual([
      'ClusterRole',
      'ClusterRoleBinding',
      'DaemonSet',
      'Namespace',
      'ServiceAccount',
    ]);
    for (const { object } of fluentBitObjects) expect(() => builders[object.kind](object).validate()).not.toThrow();
  });

  test('every annotation, on the objects and on the pod template, has a key the API server accepts', () => {
    const { objects } = fluentBitDaemonSet();
    const fluentBitObjects = objects.map((m) => m.object).filter((o) => o.metadata?.labels?.['app.kubernetes.io/name'] === 'fluent-bit');
    const annotated = [...fluentBitObjects, ...podTemplates(fluentBitObjects)].flatMap((o) => Object.keys(o.metadata?.annotations ?? {}));
    expect(annotated.length).toBeGreaterThan(2);
    for (const key of annotated) expect({ key }).toEqual({ key: expect.stringMatching(ANNOTATION_KEY) });
  });

  test('runs the official image at a pinned release tag (digests: the control-plane suite)', () => {
    const { spec, fluentBit } = fluentBitDaemonSet();
    const [repository, tag] = fluentBit.image.split(':');
    expect(repository).toBe('public.ecr.aws/aws-observability/aws-for-fluent-bit');
    expect(tag).toMatch(/^\d+\.\d+\.\d+(\.\d+)?(@sha256|$)/);
    for (const container of [...spec.initContainers, ...spec.containers]) {
      expect(container.image).toMatch(/:\d+\.\d+\.\d+(\.\d+)?(@sha256:[0-9a-f]{64})?$/);
    }
  });

  test('its service account is annotated with the Fluent Bit role, which trusts that account only', () => {
    const { daemonSet, spec, serviceAccount } = fluentBitDaemonSet();
    const roleArn = serviceAccount.object.metadata.annotations['eks.amazonaws.com/role-arn'];
    const [, roleId] = /^<Fn::GetAtt (\w+)\.Arn>$/.exec(roleArn)!;
    expect(trustedServiceAccount(template, roleId)).toBe(
      `system:serviceaccount:${daemonSet.object.metadata.namespace}:${spec.serviceAccountName}`,
    );
  });

  test('its role may write its log group, read its parameter, and decrypt through SSM only', () => {
    const { serviceAccount } = fluentBitDaemonSet();
    const roleId = /^<Fn::GetAtt (\w+)\.Arn>$/.exec(serviceAccount.object.metadata.annotations['eks.amazonaws.com/role-arn'])![1];
    const [groupId] = containerLogGroup(template, LOG_GROUP);
    const statements = roleStatements(template, roleId);
    const byAction = (prefix: string) => statements.filter((s) => s.Action.some((a) => a.startsWith(prefix)));
    expect(byAction('logs:').flatMap((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [groupId, 'Arn'] }]);
    expect(byAction('ssm:').flatMap((s) => s.Action)).toEqual(['ssm:GetParameter']);
    expect(
      byAction('ssm:')
        .flatMap((s) => s.Resource)
        .map((value) => textOf(value)),
    ).toEqual([expect.stringMatching(new RegExp(`:parameter${PARAMETER}$`))]);
    expect(byAction('kms:').flatMap((s) => s.Action)).toEqual(['kms:Decrypt']);
    expect(byAction('kms:')[0].Resource).toEqual([{ 'Fn::GetAtt': [platformKeyId(), 'Arn'] }]);
    expect(byAction('kms:')[0].Condition.StringEquals['kms:ViaService']).toBe(`ssm.${REGION}.amazonaws.com`);
    expect(statements.flatMap((s) => s.Action).filter((a) => a.startsWith('logs:CreateLogGroup'))).toEqual([]);
    expect(statements.map((s: any) => s.Sid)).toEqual(['WriteItsLogGroup', 'ReadItsConfiguration', 'DecryptItsConfigurationThroughSsm']);
  });

  test('loads its configuration from the parameter at start-up, decrypted into memory', () => {
    const { spec, fluentBit } = fluentBitDaemonSet();
    const [loader] = spec.initContainers;
    const script = [...loader.command, ...loader.args].join(' ');
    expect(script).toMatch(/aws ssm get-parameter .*--with-decryption/);
    const env = Object.fromEntries(loader.env.map((e: any) => [e.name, e.value]));
    expect(env.CONFIG_PARAMETER).toBe(PARAMETER);
    const target = env.CONFIG_FILE as string;
    expect(script).toContain('> "$CONFIG_FILE"');

    // The file the loader writes is on a memory-backed emptyDir that Fluent Bit mounts and reads.
    const loaderMount = loader.volumeMounts.find((m: any) => target.startsWith(`${m.mountPath}/`));
    const volume = spec.volumes.find((v: any) => v.name === loaderMount.name);
    expect(volume.emptyDir).toMatchObject({ medium: 'Memory' });
    const readerMount = fluentBit.volumeMounts.find((m: any) => m.name === loaderMount.name);
    expect(readerMount).toMatchObject({ mountPath: loaderMount.mountPath, readOnly: true });
    expect(fluentBit.args).toEqual(['-c', target]);
  });

  test('no ConfigMap, manifest or chart carries the configuration text', () => {
    const { objects, daemonSet, storedConfig } = fluentBitDaemonSet();
    expect(
      objects.filter((m) => m.object.kind === 'ConfigMap' && m.object.metadata?.namespace === daemonSet.object.metadata.namespace),
    ).toEqual([]);
    const distinctive = storedConfig
      .split('\n')
      .filter((line) => /^\s*(\[OUTPUT\]|log_group_name|auto_create_group|Kube_Tag_Prefix)/.test(line));
    expect(distinctive.length).toBeGreaterThan(2);
    const shipped = [
      ...Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).map((r: any) => textOf(r.Properties.Manifest)),
      ...Object.values(template.findResources('Custom::AWSCDK-EKS-HelmChart')).map((r: any) => JSON.stringify(r.Properties)),
    ];
    for (const text of shipped) for (const line of distinctive) expect(text).not.toContain(line.trim());
  });

  test('its pod template carries the hash of the stored configuration, so a new configuration rolls the pods', () => {
    const { daemonSet, storedConfig } = fluentBitDaemonSet();
    const annotations = daemonSet.object.spec.template.metadata.annotations;
    const hashes = Object.values(annotations).filter((v) => /^[0-9a-f]{64}$/.test(String(v)));
    expect(hashes).toEqual([createHash('sha256').update(storedConfig).digest('hex')]);
  });

  test('is applied after its log group, its parameter and its namespace exist', () => {
    const { daemonSet } = fluentBitDaemonSet();
    const [groupId] = containerLogGroup(template, LOG_GROUP);
    const [parameterId] = onlyResource(template, 'Custom::SsmSecureStringParameter');
    const namespace = shippedObject(template, 'Namespace', daemonSet.object.metadata.namespace);
    expect(daemonSet.dependsOn).toEqual(expect.arrayContaining([groupId, parameterId, namespace.logicalId]));
  });

  test('runs on every node, hardened, with resources and a liveness probe', () => {
    const { spec, fluentBit } = fluentBitDaemonSet();
    expect(spec.tolerations).toContainEqual({ operator: 'Exists' });
    for (const container of [...spec.initContainers, ...spec.containers]) {
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
      expect(container.resources.limits.memory).toEqual(expect.any(String));
    }
    expect(fluentBit.livenessProbe.httpGet).toMatchObject({ path: '/api/v1/health' });
    expect(
      spec.volumes
        .filter((v: any) => v.hostPath)
        .map((v: any) => v.hostPath.path)
        .sort(),
    ).toEqual(['/var/fluent-bit/state', '/var/log']);
    expect(fluentBit.volumeMounts.find((m: any) => m.mountPath === '/var/log').readOnly).toBe(true);
  });

  test('its manifests keep their logical ids: a new id would make CloudFormation delete the old manifest, objects and all', () => {
    const { daemonSet } = fluentBitDaemonSet();
    expect(daemonSet.logicalId).toBe('ClustermanifestFluentBitD05D6796');
    expect(shippedObject(template, 'Namespace', 'logging').logicalId).toBe('ClustermanifestFluentBitNamespace299AF583');
  });

  test('its configuration parameter, policy and role say what they are for', () => {
    const { serviceAccount } = fluentBitDaemonSet();
    const roleId = /^<Fn::GetAtt (\w+)\.Arn>$/.exec(serviceAccount.object.metadata.annotations['eks.amazonaws.com/role-arn'])![1];
    const role = template.findResources('AWS::IAM::Role')[roleId];
    expect(role.Properties.Description).toBe('IRSA role of the Fluent Bit DaemonSet');
    const policies = template.findResources('AWS::IAM::ManagedPolicy');
    expect(role.Properties.ManagedPolicyArns.map((arn: any) => policies[arn.Ref].Properties.Description)).toEqual([
      'Fluent Bit: write to its one log group, read its one configuration parameter, decrypt it through SSM only',
    ]);
    const [, parameter] = onlyResource(template, 'Custom::SsmSecureStringParameter');
    expect(parameter.Properties.Description).toBe(
      `Fluent Bit configuration of ${LOG_GROUP}'s shipper (lib/observability/fluent-bit/fluent-bit.conf)`,
    );
  });

  test('both containers have a read-only root, no capability and no escalation; the loader runs as nobody, the shipper as root', () => {
    const { spec, fluentBit } = fluentBitDaemonSet();
    const [loader] = spec.initContainers;
    const hardened = {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    };
    expect(loader.securityContext).toEqual({ ...hardened, runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534 });
    // Root only to read the node's root-owned log files (manifests.ts).
    expect(fluentBit.securityContext).toEqual({ ...hardened, runAsNonRoot: false, runAsUser: 0 });
    expect(spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('runs on every Linux node as a node-critical pod, replaced one node at a time', () => {
    const { daemonSet, spec } = fluentBitDaemonSet();
    expect(spec.priorityClassName).toBe('system-node-critical');
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(daemonSet.object.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'fluent-bit' } });
    expect(daemonSet.object.spec.template.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'fluent-bit',
      'app.kubernetes.io/part-of': 'platform-observability',
    });
    expect(daemonSet.object.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
  });

  test('may only read namespaces and pods, bound to its own service account', () => {
    const { daemonSet } = fluentBitDaemonSet();
    const role = shippedObject(template, 'ClusterRole', 'fluent-bit').object;
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }]);
    const binding = shippedObject(template, 'ClusterRoleBinding', 'fluent-bit').object;
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'fluent-bit' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'fluent-bit', namespace: 'logging' }]);
    expect(daemonSet.object.spec.template.spec.serviceAccountName).toBe('fluent-bit');
  });

  test('its service account uses the regional STS endpoint', () => {
    const { serviceAccount } = fluentBitDaemonSet();
    expect(serviceAccount.object.metadata.annotations['eks.amazonaws.com/sts-regional-endpoints']).toBe('true');
  });

  test('the loader and the shipper get the region, the node name and the command they need', () => {
    const { spec, fluentBit } = fluentBitDaemonSet();
    const [loader] = spec.initContainers;
    expect(loader.name).toBe('load-config');
    expect(loader.env).toEqual([
      { name: 'CONFIG_PARAMETER', value: PARAMETER },
      { name: 'CONFIG_FILE', value: '/fluent-bit/ssm-config/fluent-bit.conf' },
      { name: 'AWS_REGION', value: REGION },
      // No pager (it would wait for a terminal), and a writable home on a read-only root.
      { name: 'AWS_PAGER', value: '' },
      { name: 'HOME', value: '/tmp' },
    ]);
    expect(fluentBit.command).toEqual(['/fluent-bit/bin/fluent-bit']);
    expect(fluentBit.env).toEqual([
      { name: 'HOST_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'AWS_REGION', value: REGION },
    ]);
    expect(fluentBit.ports).toEqual([{ name: 'http', containerPort: 2020, protocol: 'TCP' }]);
  });

  test('mounts the node logs read-only, its state from the node, and a bounded scratch directory', () => {
    const { spec, fluentBit } = fluentBitDaemonSet();
    const [loader] = spec.initContainers;
    expect(spec.volumes).toEqual([
      { name: 'config', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
      { name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } },
      { name: 'state', hostPath: { path: '/var/fluent-bit/state', type: 'DirectoryOrCreate' } },
      { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
    ]);
    expect(loader.volumeMounts).toEqual([
      { name: 'config', mountPath: '/fluent-bit/ssm-config' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    expect(fluentBit.volumeMounts).toEqual([
      { name: 'config', mountPath: '/fluent-bit/ssm-config', readOnly: true },
      { name: 'varlog', mountPath: '/var/log', readOnly: true },
      { name: 'state', mountPath: '/var/fluent-bit/state' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
  });

  test('lives in the one privileged namespace, labelled for the cluster version', () => {
    const { daemonSet } = fluentBitDaemonSet();
    const namespace = shippedObject(template, 'Namespace', daemonSet.object.metadata.namespace).object;
    expect(namespace.metadata.name).toBe('logging');
    for (const mode of ['enforce', 'audit', 'warn']) {
      expect(namespace.metadata.labels[`pod-security.kubernetes.io/${mode}`]).toBe('privileged');
      expect(namespace.metadata.labels[`pod-security.kubernetes.io/${mode}-version`]).toBe('v1.36');
    }
  });
});

describe('metrics-server (R7)', () => {
  const metricsServer = lazily(() => {
    const [, chart] = onlyResource(template, 'Custom::AWSCDK-EKS-HelmChart', (r) => r.Properties.Chart === 'metrics-server');
    return { chart, values: JSON.parse(chart.Properties.Values) };
  });

  test('comes from its own chart repository at a pinned version, into kube-system', () => {
    const { chart } = metricsServer();
    expect(chart.Properties.Repository).toBe('https://kubernetes-sigs.github.io/metrics-server/');
    expect(chart.Properties.Version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(chart.Properties.Namespace).toBe('kube-system');
  });

  test('runs two replicas that may not share a node', () => {
    const { values } = metricsServer();
    expect(values.replicas).toBe(2);
    const [term] = values.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
    expect(term.topologyKey).toBe('kubernetes.io/hostname');
    expect(term.labelSelector.matchLabels['app.kubernetes.io/name']).toBe('metrics-server');
    expect(values.podDisruptionBudget).toMatchObject({ enabled: true, minAvailable: 1 });
  });

  test('meets the restricted Pod Security Standard', () => {
    const { values } = metricsServer();
    expect(values.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('is the release metrics-server', () => {
    const { chart } = metricsServer();
    expect(chart.Properties.Release).toBe('metrics-server');
  });

  test('its pods run as non-root with the runtime default seccomp profile, on a read-only root as user 1000', () => {
    const { values } = metricsServer();
    expect(values.podSecurityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(values.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 1000,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('requests its CPU and memory, with a memory limit', () => {
    const { values } = metricsServer();
    expect(values.resources).toEqual({ requests: { cpu: '100m', memory: '200Mi' }, limits: { memory: '400Mi' } });
  });

  test('keeps its replicas apart: never on one node, preferably in different zones', () => {
    const { values } = metricsServer();
    const ownPods = { matchLabels: { 'app.kubernetes.io/name': 'metrics-server', 'app.kubernetes.io/instance': 'metrics-server' } };
    expect(values.affinity).toEqual({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: ownPods, topologyKey: 'kubernetes.io/hostname' }],
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { labelSelector: ownPods, topologyKey: 'topology.kubernetes.io/zone' } },
        ],
      },
    });
  });

  test('is installed after the node groups', () => {
    const { chart } = metricsServer();
    expect(chart.DependsOn).toEqual(expect.arrayContaining(nodeGroupIds(template)));
  });
});

describe('alerting and dashboard', () => {
  const alarms = lazily(() => Object.values(template.findResources('AWS::CloudWatch::Alarm')) as any[]);
  const alarmNamed = (suffix: string) => alarms().find((a) => a.Properties.AlarmName === `${CLUSTER}.${suffix}`);
  const alarmTopic = lazily(() => {
    const [topicId, topic] = onlyResource(template, 'AWS::SNS::Topic');
    return { topicId, topic };
  });
  const queryOf = (alarm: any) => alarm.Properties.Metrics?.map((m: any) => m.Expression).join(' ') ?? '';
  /** The metric of a single-metric alarm, whether CDK rendered it inline or (with a label) as a MetricStat. */
  const metricOf = (alarm: any) => {
    const { Namespace, MetricName, Dimensions, Metrics } = alarm.Properties;
    return Metrics ? Metrics[0].MetricStat.Metric : { Namespace, MetricName, Dimensions };
  };

  test('the topic is encrypted with the platform key and refuses publishing without TLS', () => {
    const { topicId, topic } = alarmTopic();
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [platformKeyId(), 'Arn'] });
    expect(topic.Properties.TopicName).toBe(`${CLUSTER}-alarms`);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  // AWS's documented shape for CloudWatch alarms publishing to a KMS-encrypted topic: the
  // service principal, scoped by aws:SourceAccount and aws:SourceArn (alarms of this account,
  // named with this environment's prefix).
  const THIS_ENVIRONMENTS_ALARMS = {
    StringEquals: { 'aws:SourceAccount': '<Ref AWS::AccountId>' },
    ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${REGION}:<Ref AWS::AccountId>:alarm:${CLUSTER}.*` },
  };
  const readableConditions = (condition: any) =>
    Object.fromEntries(
      Object.entries<any>(condition).map(([operator, pairs]) => [
        operator,
        Object.fromEntries(Object.entries(pairs).map(([k, v]) => [k, textOf(v)])),
      ]),
    );

  test("the topic's policy lets CloudWatch publish for this environment's alarms only (a topic policy replaces SNS's default one)", () => {
    const { topicId } = alarmTopic();
    const [, policy] = onlyResource(template, 'AWS::SNS::TopicPolicy');
    expect(policy.Properties.Topics).toEqual([{ Ref: topicId }]);
    // The other principal the topic admits is EventBridge, for one rule each (rule-notifications.test.ts).
    const allows = statementsOf(policy.Properties.PolicyDocument).filter(
      (s) => s.Effect === 'Allow' && s.Principal?.Service !== 'events.amazonaws.com',
    );
    expect(allows).toHaveLength(1);
    const [allow] = allows;
    expect(allow.Principal).toEqual({ Service: 'cloudwatch.amazonaws.com' });
    expect(allow.Action).toEqual(['sns:Publish']);
    expect(allow.Resource).toEqual([{ Ref: topicId }]);
    expect(readableConditions(allow.Condition)).toEqual(THIS_ENVIRONMENTS_ALARMS);
  });

  test("the key lets CloudWatch encrypt for the topic, for this environment's alarms only", () => {
    const [, key] = onlyResource(template, 'AWS::KMS::Key');
    const statements = statementsOf(key.Properties.KeyPolicy).filter((s) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(statements).toHaveLength(1);
    const [statement] = statements;
    expect(statement.Effect).toBe('Allow');
    expect(statement.Action.sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(readableConditions(statement.Condition)).toEqual(THIS_ENVIRONMENTS_ALARMS);
  });

  test("the alarm-name pattern of one environment matches none of another's, even when one suffix starts the other", () => {
    const pattern = (suffix: string) => new RegExp(`^fintech-eks-${suffix}\\.`);
    const namesOf = (t: Template) => (Object.values(t.findResources('AWS::CloudWatch::Alarm')) as any[]).map((a) => a.Properties.AlarmName);
    const dev2 = namesOf(synthesize({ environmentSuffix: 'dev-2' }).template);
    expect(dev2).toHaveLength(8);
    expect(dev2.filter((name) => pattern('dev').test(name))).toEqual([]);
    expect(namesOf(template).every((name) => pattern('dev').test(name))).toBe(true);
  });

  test('production without an alarm subscriber is flagged at synth; with one, or ephemeral, it is not', () => {
    const warningsOf = (s: { stack: any }) => Annotations.fromStack(s.stack).findWarning('*', Match.stringLikeRegexp('no subscriber'));
    const unsubscribed = synthesize({ platformProfile: 'production', environmentSuffix: 'prod-unsubscribed' });
    expect(warningsOf(unsubscribed).map((w) => w.entry.data)).toEqual([
      expect.stringContaining('The alarm topic fintech-eks-prod-unsubscribed-alarms has no subscriber'),
    ]);
    expect(warningsOf(production)).toEqual([]);
    expect(warningsOf(ephemeral)).toEqual([]);
  });

  test('e-mail subscription only when an address is configured', () => {
    expect(logicalIdsOf(template, 'AWS::SNS::Subscription')).toEqual([]);
    production.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: ALARM_EMAIL });
  });

  test('node CPU and memory page above 80 % on the busiest node', () => {
    for (const [suffix, metric] of [
      ['node-cpu-high', 'node_cpu_utilization'],
      ['node-memory-high', 'node_memory_utilization'],
    ]) {
      const alarm = alarmNamed(suffix);
      expect(queryOf(alarm)).toContain(
        `MAX(${metric}) FROM SCHEMA(ContainerInsights, ClusterName, InstanceId, NodeName) WHERE ClusterName = '${CLUSTER}'`,
      );
      expect(alarm.Properties).toMatchObject({ Threshold: 80, ComparisonOperator: 'GreaterThanThreshold' });
    }
  });

  test('a failed node pages', () => {
    const alarm = alarmNamed('failed-nodes');
    expect(metricOf(alarm)).toEqual({
      Namespace: 'ContainerInsights',
      MetricName: 'cluster_failed_node_count',
      Dimensions: [{ Name: 'ClusterName', Value: CLUSTER }],
    });
    expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });

  test('sustained pod restarts page', () => {
    expect(queryOf(alarmNamed('pod-restarts'))).toContain(
      'SUM(pod_number_of_container_restarts) FROM SCHEMA(ContainerInsights, ClusterName, Namespace, PodName) ' +
        `WHERE ClusterName = '${CLUSTER}'`,
    );
  });

  test('Fluent Bit output errors, dropped records and silence page', () => {
    const [groupId] = containerLogGroup(template, LOG_GROUP);
    const filters = Object.values(template.findResources('AWS::Logs::MetricFilter')) as any[];
    for (const [suffix, metricName] of [
      ['fluent-bit-output-errors', 'OutputErrors'],
      ['fluent-bit-dropped-records', 'DroppedRecords'],
    ]) {
      expect(metricOf(alarmNamed(suffix))).toMatchObject({ Namespace: `FluentBit/${CLUSTER}`, MetricName: metricName });
      const filter = filters.find((f) => f.Properties.MetricTransformations[0].MetricName === metricName);
      expect(filter.Properties.LogGroupName).toEqual({ Ref: groupId });
    }
    const silence = alarmNamed('fluent-bit-no-logs');
    expect(metricOf(silence)).toEqual({
      Namespace: 'AWS/Logs',
      MetricName: 'IncomingLogEvents',
      Dimensions: [{ Name: 'LogGroupName', Value: { Ref: groupId } }],
    });
    expect(silence.Properties).toMatchObject({ ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' });
  });

  test('silence of the node metrics pages: no node_cpu_utilization sample of the cluster for 15 minutes, missing data breaching', () => {
    const { topicId } = alarmTopic();
    // Every other Container Insights alarm treats missing data as fine, so an agent that stops
    // publishing would leave them all OK; this one exists for that silence.
    const silence = alarmNamed('node-metrics-missing');
    expect(metricOf(silence)).toEqual({
      Namespace: 'ContainerInsights',
      MetricName: 'node_cpu_utilization',
      Dimensions: [{ Name: 'ClusterName', Value: CLUSTER }],
    });
    const { Statistic, Metrics } = silence.Properties;
    expect(Statistic ?? Metrics[0].MetricStat.Stat).toBe('SampleCount');
    expect(silence.Properties).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: topicId }],
    });
  });

  /**
   * The README's alarm table, written out: threshold, comparison, how many five-minute periods
   * must breach (all of them: datapoints to alarm equals the evaluation periods) and how missing
   * data counts.
   */
  const README_ALARMS: [string, number, string, number, string][] = [
    ['node-cpu-high', 80, 'GreaterThanThreshold', 3, 'notBreaching'],
    ['node-memory-high', 80, 'GreaterThanThreshold', 3, 'notBreaching'],
    ['failed-nodes', 1, 'GreaterThanOrEqualToThreshold', 2, 'notBreaching'],
    ['pod-restarts', 1, 'GreaterThanOrEqualToThreshold', 3, 'notBreaching'],
    ['fluent-bit-output-errors', 5, 'GreaterThanOrEqualToThreshold', 3, 'notBreaching'],
    ['fluent-bit-dropped-records', 1, 'GreaterThanOrEqualToThreshold', 1, 'notBreaching'],
    ['fluent-bit-no-logs', 1, 'LessThanThreshold', 3, 'breaching'],
    ['node-metrics-missing', 1, 'LessThanThreshold', 3, 'breaching'],
  ];

  test.each(README_ALARMS)(
    '%s fires as the README says: threshold %d (%s) in each of %d five-minute periods, missing data %s',
    (suffix, threshold, comparison, periods, missing) => {
      const alarm = alarmNamed(suffix).Properties;
      expect(alarm).toMatchObject({
        Threshold: threshold,
        ComparisonOperator: comparison,
        EvaluationPeriods: periods,
        DatapointsToAlarm: periods,
        TreatMissingData: missing,
      });
      const metricPeriods = alarm.Metrics.map((m: any) => m.MetricStat?.Period ?? m.Period);
      expect(metricPeriods).toEqual([300]);
    },
  );

  test('every alarm also notifies the topic when it returns to OK (README), and nothing else', () => {
    const { topicId } = alarmTopic();
    for (const alarm of alarms()) {
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.InsufficientDataActions).toBeUndefined();
    }
  });

  test('every alarm notifies the topic, and every alarm name carries the suffix', () => {
    const { topicId } = alarmTopic();
    expect(alarms()).toHaveLength(8);
    for (const alarm of alarms()) {
      expect(alarm.Properties.AlarmName).toMatch(new RegExp(`^${CLUSTER}\\.`));
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    }
  });

  test('one dashboard shows cluster, node, namespace and log-shipping health', () => {
    const [, dashboard] = onlyResource(template, 'AWS::CloudWatch::Dashboard');
    expect(dashboard.Properties.DashboardName).toBe(`${CLUSTER}-${REGION}-observability`);
    const body = textOf(dashboard.Properties.DashboardBody);
    for (const metric of [
      'cluster_node_count',
      'cluster_failed_node_count',
      'node_cpu_utilization',
      'node_memory_utilization',
      'namespace_number_of_running_pods',
      'IncomingLogEvents',
    ]) {
      expect(body).toContain(metric);
    }
    expect(body).toContain('"type":"alarm"');
  });
});

describe('least privilege across the observability roles', () => {
  test('no write action is granted on "*" except PutMetricData, and that one only for one namespace', () => {
    const policies = resourcesOfType(template, 'AWS::IAM::ManagedPolicy').filter(([id]) => id.startsWith('Observability'));
    expect(policies.length).toBeGreaterThanOrEqual(3);
    for (const [, policy] of policies) {
      for (const statement of statementsOf(policy.Properties.PolicyDocument)) {
        // A Deny on "*" (no function may create log groups) grants nothing.
        if (statement.Effect !== 'Allow' || !statement.Resource.includes('*')) continue;
        for (const action of statement.Action.filter((a) => WRITE.test(a))) {
          expect(action).toBe('cloudwatch:PutMetricData');
          expect(statement.Condition?.StringEquals?.['cloudwatch:namespace']).toBe('ContainerInsights');
        }
      }
    }
  });
});

describe('outputs (S7)', () => {
  test.each([['ContainerLogGroupName'], ['FluentBitConfigParameterName'], ['FluentBitRoleArn'], ['DashboardName'], ['AlarmTopicArn']])(
    '%s is exported with the suffix',
    (key) => {
      template.hasOutput(key, { Export: { Name: `Eks${key}dev` } });
      production.template.hasOutput(key, { Export: { Name: `Eks${key}prod` } });
    },
  );
});
