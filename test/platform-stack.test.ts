import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Token } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { buildPlatform } from '../lib/build-platform';
import { lazily, sampleCertificate, synthesize } from './support/synth';
import { resourcesOfType, shippedObject, shippedObjects } from './support/template';

const REQUIRED_TAGS = { Environment: 'Production', CostCenter: 'FinTech', EnvironmentSuffix: 'pr42' };

/** Tags are a list of {Key, Value} on most types and a plain map on a few (EKS node groups). */
function tagsOf(resource: any): Record<string, string> | undefined {
  const tags = resource.Properties?.Tags;
  if (!tags) return undefined;
  if (Array.isArray(tags)) return Object.fromEntries(tags.map((t: any) => [t.Key, t.Value]));
  return tags;
}

describe.each(['ephemeral', 'production'])('%s profile', (profile) => {
  const { template } = synthesize({ platformProfile: profile, environmentSuffix: 'pr42' });
  // Read inside the tests (lazily): read while the file loads, the template would be read once,
  // before any mutant is switched on, and stale for every mutant of a mutation run.
  const resources = lazily(() => Object.entries(template.toJSON().Resources as Record<string, any>));

  test('every output has an export name ending in the suffix (S7, S8, S10, R12)', () => {
    const outputs = template.toJSON().Outputs as Record<string, any>;
    const core = [
      'ClusterName',
      'ClusterEndpoint',
      'OIDCProviderArn',
      'KubectlConfig',
      'VpcId',
      'PrivateSubnetIds',
      'ClusterSecurityGroupId',
      'NodeSecurityGroupId',
      'KmsKeyArn',
    ];
    for (const key of core) expect(outputs[key]).toBeDefined();
    for (const [key, output] of Object.entries(outputs)) {
      expect(output.Export?.Name).toBe(`Eks${key}pr42`);
    }
    expect(outputs.ClusterEndpoint.Export.Name).toBe('EksClusterEndpointpr42');
  });

  test('the suffix and the profile are outputs, for the integration suite', () => {
    const outputs = template.toJSON().Outputs as Record<string, any>;
    expect(outputs.EnvironmentSuffix.Value).toBe('pr42');
    expect(outputs.Profile.Value).toBe(profile);
  });

  test('the kubectl command is complete', () => {
    const outputs = template.toJSON().Outputs as Record<string, any>;
    expect(outputs.KubectlConfig.Value).toBe('aws eks update-kubeconfig --name fintech-eks-pr42 --region ap-southeast-1');
  });

  test('every tagged resource carries Environment, CostCenter and EnvironmentSuffix (R11)', () => {
    const tagged = resources().filter(([, r]) => tagsOf(r));
    expect(tagged.length).toBeGreaterThan(20);
    for (const [id, resource] of tagged) {
      expect({ id, tags: tagsOf(resource) }).toEqual({ id, tags: expect.objectContaining(REQUIRED_TAGS) });
    }
  });

  test('the billable and security-relevant resources are among the tagged', () => {
    const types = [
      'AWS::EC2::VPC',
      'AWS::EC2::Subnet',
      'AWS::EC2::NatGateway',
      'AWS::EC2::VPCEndpoint',
      'AWS::KMS::Key',
      'AWS::Logs::LogGroup',
      'AWS::EKS::Cluster',
      'AWS::EKS::Nodegroup',
      'AWS::IAM::Role',
      'AWS::EC2::SecurityGroup',
      'AWS::Lambda::Function',
    ];
    for (const type of types) {
      for (const [id, resource] of resourcesOfType(template, type)) {
        expect({ id, tagged: tagsOf(resource) !== undefined }).toEqual({ id, tagged: true });
      }
    }
  });

  // Production keeps its audit trail (retainOnDelete, O1); ephemeral keeps nothing.
  const kept =
    profile === 'production'
      ? [
          '/aws/eks/fintech-eks-pr42/cluster',
          '/aws/vpc/fintech-eks-pr42/flow-logs',
          '/aws/eks/fintech-eks-pr42/containers',
          'AWS::KMS::Key',
        ]
      : [];

  test(`nothing is snapshotted, and only ${kept.length > 0 ? 'the audit trail is' : 'nothing is'} retained on delete`, () => {
    const keptOf = (resource: any) => (resource.Type === 'AWS::Logs::LogGroup' ? resource.Properties.LogGroupName : resource.Type);
    for (const [id, resource] of resources()) {
      const policy = kept.includes(keptOf(resource)) ? 'Retain' : 'Delete';
      expect({ id, policy: resource.DeletionPolicy ?? 'Delete' }).toEqual({ id, policy });
      expect({ id, policy: resource.UpdateReplacePolicy ?? 'Delete' }).toEqual({ id, policy });
    }
  });

  test('every log group has a retention and the platform key', () => {
    for (const [id, group] of resourcesOfType(template, 'AWS::Logs::LogGroup')) {
      expect({ id, retention: group.Properties.RetentionInDays }).toEqual({ id, retention: profile === 'production' ? 365 : 7 });
      expect({ id, key: JSON.stringify(group.Properties.KmsKeyId) }).toEqual({ id, key: expect.stringContaining('PlatformKey') });
    }
  });
});

test('user tags override and extend the defaults', () => {
  const { template } = synthesize({ tags: '{"CostCenter":"Payments","Owner":"platform"}' });
  template.hasResourceProperties('AWS::EKS::Cluster', {
    Tags: [
      { Key: 'CostCenter', Value: 'Payments' },
      { Key: 'Environment', Value: 'Production' },
      { Key: 'EnvironmentSuffix', Value: 'dev' },
      // GuardDuty's automated agent management leaves a cluster whose agent the platform pins alone.
      { Key: 'GuardDutyManaged', Value: 'false' },
      { Key: 'Owner', Value: 'platform' },
    ],
  });
});

describe('what the stack composes from the settings', () => {
  const ephemeral = synthesize({ environmentSuffix: 'pr42' });

  test('the stack describes itself by profile and suffix, for the CloudFormation console', () => {
    expect(ephemeral.template.toJSON().Description).toBe('Fintech EKS platform (ephemeral, pr42)');
  });

  test('the template records its settings, which destroy and deploy compare before they act', () => {
    const recorded = ephemeral.template.toJSON().Metadata.FintechEksPlatformSettings;
    expect(recorded).toEqual(expect.objectContaining({ environmentSuffix: 'pr42', profile: 'ephemeral', retainOnDelete: false }));
  });

  test('the private subnets are one comma-separated output, as the integration suite splits it', () => {
    const value = ephemeral.template.toJSON().Outputs.PrivateSubnetIds.Value;
    expect(value['Fn::Join'][0]).toBe(',');
    expect(value['Fn::Join'][1]).toHaveLength(3);
  });

  /** The log-group ARNs the platform key lets CloudWatch Logs encrypt for. */
  function logGroupsTheKeyServes(template: ReturnType<typeof synthesize>['template']): string[] {
    const [[, key]] = resourcesOfType(template, 'AWS::KMS::Key');
    const statement = key.Properties.KeyPolicy.Statement.find((s: any) => s.Condition?.ArnLike?.['kms:EncryptionContext:aws:logs:arn']);
    return statement.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn'].map((arn: any) => arn['Fn::Join'][1][2]);
  }

  test("the platform key encrypts the cluster's log groups, and no WAF log group without public ingress", () => {
    expect(logGroupsTheKeyServes(ephemeral.template)).toEqual([':log-group:/aws/*/fintech-eks-pr42/*']);
  });

  test("with public ingress the key also encrypts the web ACL's log group", () => {
    const { template } = synthesize({
      environmentSuffix: 'pr43',
      ingress: { public: { enabled: true, certificateArns: [sampleCertificate()] } },
    });
    expect(logGroupsTheKeyServes(template)).toEqual([':log-group:/aws/*/fintech-eks-pr43/*', ':log-group:aws-waf-logs-fintech-eks-pr43']);
  });

  test('every output says what it holds, for docs/reference/outputs.md and the CloudFormation console', () => {
    const withPublicIngress = synthesize({
      environmentSuffix: 'pr43',
      ingress: { public: { enabled: true, certificateArns: [sampleCertificate()] } },
    });
    const outputs = Object.entries(withPublicIngress.template.toJSON().Outputs as Record<string, any>);
    expect(outputs.map(([key]) => key)).toContain('PublicWebAclArn');
    for (const [key, output] of outputs)
      expect({ key, description: output.Description }).toEqual({ key, description: expect.stringMatching(/\S/) });
  });

  test('without auditors in the settings, no role is let into the auditor group', () => {
    const auditorEntries = resourcesOfType(ephemeral.template, 'AWS::EKS::AccessEntry').filter(([, entry]) =>
      (entry.Properties.KubernetesGroups ?? []).includes('platform:auditor'),
    );
    expect(auditorEntries).toEqual([]);
  });

  test("a tenant's load-balancer policy waits for its namespace and for the VPC CNI that enforces it", () => {
    const policies = shippedObjects(ephemeral.template).filter(
      (o) => o.object.kind === 'NetworkPolicy' && o.object.metadata?.name === 'allow-from-load-balancers',
    );
    expect(policies).toHaveLength(3);
    const [[cniId]] = resourcesOfType(ephemeral.template, 'AWS::EKS::Addon').filter(
      ([, addon]) => addon.Properties.AddonName === 'vpc-cni',
    );
    for (const { object, dependsOn } of policies) {
      const namespace = shippedObject(ephemeral.template, 'Namespace', object.metadata!.namespace!);
      expect(dependsOn).toEqual(expect.arrayContaining([namespace.logicalId, cniId]));
    }
  });

  test('production without an alarm email warns that its alarms reach nobody; an ephemeral environment does not', () => {
    const warnings = (synthesized: ReturnType<typeof synthesize>) =>
      Annotations.fromStack(synthesized.stack)
        .findWarning('*', Match.stringLikeRegexp('alarms of this production environment reach nobody'))
        .map((warning) => warning.id);
    expect(warnings(synthesize({ platformProfile: 'production', environmentSuffix: 'prod' }))).toHaveLength(1);
    expect(warnings(ephemeral)).toEqual([]);
  });
});

describe('buildPlatform', () => {
  test('with an account, the zones come from the settings, so synthesis looks nothing up', () => {
    const { app, stack } = buildPlatform({ context: { account: '123456789012', environmentSuffix: 'pr42' }, stageAssets: false });
    expect(stack.account).toBe('123456789012');
    expect(app.node.tryGetContext('availability-zones:account=123456789012:region=ap-southeast-1')).toEqual([
      'ap-southeast-1a',
      'ap-southeast-1b',
      'ap-southeast-1c',
    ]);
  });

  test("without one it takes the CLI's account, and without that it leaves the account to the deploy", () => {
    const previous = process.env.CDK_DEFAULT_ACCOUNT;
    try {
      process.env.CDK_DEFAULT_ACCOUNT = '210987654321';
      expect(buildPlatform({ context: { environmentSuffix: 'pr42' }, stageAssets: false }).stack.account).toBe('210987654321');
      process.env.CDK_DEFAULT_ACCOUNT = '';
      const { app, stack } = buildPlatform({ context: { environmentSuffix: 'pr42' }, stageAssets: false });
      expect(Token.isUnresolved(stack.account)).toBe(true);
      expect(Object.keys(app.node.getAllContext()).filter((key) => key.startsWith('availability-zones:'))).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.CDK_DEFAULT_ACCOUNT;
      else process.env.CDK_DEFAULT_ACCOUNT = previous;
    }
  });

  test.each([
    ['runs when asked', true, true],
    ['is off by default, as for cdk synth and deploy', undefined, false],
  ])("aws-cdk-lib's built-in CloudFormation validation %s (when it runs it leaves a validation report)", (_, asked, reported) => {
    const outdir = mkdtempSync(join(tmpdir(), 'platform-validation-'));
    const { app } = buildPlatform({
      context: { environmentSuffix: 'pr42' },
      stageAssets: false,
      outdir,
      builtinCloudFormationValidation: asked,
    });
    app.synth();
    expect(existsSync(join(outdir, 'validation-report.json'))).toBe(reported);
  });

  test('asset staging is off only when asked', () => {
    expect(
      buildPlatform({ context: { environmentSuffix: 'pr42' }, stageAssets: false }).app.node.tryGetContext('aws:cdk:disable-asset-staging'),
    ).toBe(true);
    expect(
      buildPlatform({ context: { environmentSuffix: 'pr42' } }).app.node.tryGetContext('aws:cdk:disable-asset-staging'),
    ).toBeUndefined();
  });
});
