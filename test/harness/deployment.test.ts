import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectationsFor, lookUpDeployment } from '../integration/support/deployment';
import { internalCertificateSettings } from '../support/synth';

const dir = mkdtempSync(join(tmpdir(), 'deployment-lookup-'));
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

function outputsFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const deployed = (overrides: Record<string, string> = {}) =>
  JSON.stringify({
    EnvironmentSuffix: 'pr42',
    Profile: 'ephemeral',
    ClusterName: 'fintech-eks-pr42',
    ClusterEndpoint: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
    KmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    VpcId: 'vpc-0123456789abcdef0',
    PrivateSubnetIds: 'subnet-a,subnet-b,subnet-c',
    ContainerLogGroupName: '/aws/eks/fintech-eks-pr42/containers',
    FluentBitConfigParameterName: '/fintech-eks-pr42/fluent-bit/config',
    FluentBitRoleArn: 'arn:aws:iam::123456789012:role/FintechEksPlatform-pr42-ObservabilityFluentBitRole-AbCdEf123456',
    ClusterAutoscalerRoleArn: 'arn:aws:iam::123456789012:role/FintechEksPlatform-pr42-ClusterAutoscalerRole-AbCdEf123456',
    VpcCniRoleArn: 'arn:aws:iam::123456789012:role/FintechEksPlatform-pr42-TenancyNetworkIsolationVpc-AbCdEf123456',
    ...overrides,
  });

function lookUp(outputs: string, options: { args?: string[]; env?: Record<string, string>; credentialsFail?: boolean } = {}) {
  let credentialCalls = 0;
  const result = lookUpDeployment({
    outputsFile: outputs,
    args: options.args ?? [],
    env: options.env ?? {},
    credentials: async () => {
      credentialCalls++;
      if (options.credentialsFail) throw new Error('Could not load credentials from any providers\nmore detail');
      return credentials;
    },
  });
  return { result, credentialCalls: () => credentialCalls };
}

test('without an outputs file the suite skips, naming the file, and never asks for credentials', async () => {
  const { result, credentialCalls } = lookUp(join(dir, 'absent.json'));
  const lookup = await result;
  expect(lookup).toEqual({
    skipReason: expect.stringMatching(/^no deployment: .*absent\.json does not exist \(npm run deploy writes it\)$/),
  });
  expect(credentialCalls()).toBe(0);
});

test('without credentials the suite skips with the first line of the SDK error', async () => {
  const lookup = await lookUp(outputsFile('no-creds.json', deployed()), { credentialsFail: true }).result;
  expect(lookup).toEqual({
    skipReason: expect.stringMatching(
      /^no AWS credentials for the deployment in .*no-creds\.json: Could not load credentials from any providers$/,
    ),
  });
});

test('a deployment is checked in the region of its key, against the defaults of the profile it was deployed with', async () => {
  const lookup = await lookUp(outputsFile('production.json', deployed({ Profile: 'production' })), {
    // The settings it was deployed with: production names a certificate of its region for its internal class.
    args: ['-c', `ingress=${JSON.stringify(internalCertificateSettings('eu-west-1').ingress)}`],
    env: { AWS_REGION: 'ap-southeast-1' },
  }).result;
  if (!('deployment' in lookup)) throw new Error(lookup.skipReason);
  const { region, config } = lookup.deployment;
  expect(region).toBe('eu-west-1');
  // Production (S2): a NAT gateway per zone; a year of logs; a private endpoint.
  expect(config.profile).toBe('production');
  expect(config.natGateways).toBe(3);
  expect(config.logRetentionDays).toBe(365);
  expect(config.endpointAccess).toBe('private');
  expect(config.names.cluster).toBe('fintech-eks-pr42');
});

test('settings given to the suite with -c are what it expects, as they were given to deploy', async () => {
  const lookup = await lookUp(outputsFile('custom.json', deployed()), {
    args: ['-c', 'maxSize=6', '--context', 'nodeInstanceType=m6i.large'],
  }).result;
  if (!('deployment' in lookup)) throw new Error(lookup.skipReason);
  expect(lookup.deployment.config.nodeGroups).toMatchObject({
    maxSize: 6,
    instanceTypes: ['m6i.large', 'm5.large', 'm6a.large', 'm7i.large'],
  });
  // Ephemeral (S2, S3): one NAT gateway, a week of logs.
  expect(lookup.deployment.config.natGateways).toBe(1);
  expect(lookup.deployment.config.logRetentionDays).toBe(7);
});

test('a -c that contradicts the deployment is an error, not a silent override', async () => {
  await expect(lookUp(outputsFile('contradicted.json', deployed()), { args: ['-c', 'platformProfile=production'] }).result).rejects.toThrow(
    /-c platformProfile=production contradicts the deployment in .*contradicted\.json, whose platformProfile is ephemeral/,
  );
});

test('an outputs file that is there but broken fails instead of skipping', async () => {
  await expect(lookUp(outputsFile('empty.json', '')).result).rejects.toThrow(/empty\.json is empty/);
  await expect(lookUp(outputsFile('partial.json', deployed({ Profile: '', VpcId: '' }))).result).rejects.toThrow(
    /partial\.json lacks the outputs Profile, VpcId/,
  );
  await expect(
    lookUp(outputsFile('nested.json', JSON.stringify({ 'FintechEksPlatform-pr42': JSON.parse(deployed()) }))).result,
  ).rejects.toThrow(/holds per-stack outputs \(FintechEksPlatform-pr42\), not flat ones/);
});

test('outputs of another environment than their suffix names are refused', async () => {
  await expect(lookUp(outputsFile('mismatch.json', deployed({ ClusterName: 'fintech-eks-pr7' }))).result).rejects.toThrow(
    'ClusterName is fintech-eks-pr7, but suffix pr42 names fintech-eks-pr42',
  );
});

describe('what the suite expects comes from the specification, not from lib/config', () => {
  test("per profile: one NAT gateway and 7 days for ephemeral, three and 365 days for production; the brief's three tenants", () => {
    const tenants = {
      dev: { enforce: 'baseline', cpu: '100', memory: '200Gi' },
      staging: { enforce: 'baseline', cpu: '100', memory: '200Gi' },
      prod: { enforce: 'restricted', cpu: '100', memory: '200Gi' },
    };
    expect(expectationsFor('ephemeral', {}, 'outputs')).toEqual({ natGateways: 1, logRetentionDays: 7, tenants });
    expect(expectationsFor('production', {}, 'outputs')).toEqual({ natGateways: 3, logRetentionDays: 365, tenants });
  });

  test('settings the user gives the suite replace the specification where they say so', () => {
    const expected = expectationsFor(
      'ephemeral',
      { natGateways: '2', tenants: '{"ledger":{"cpu":"20"},"dev":{"memory":"64Gi"}}' },
      'outputs',
    );
    expect(expected.natGateways).toBe(2);
    expect(expected.logRetentionDays).toBe(7);
    expect(expected.tenants.ledger).toEqual({ enforce: 'restricted', cpu: '20', memory: '200Gi' });
    expect(expected.tenants.dev).toEqual({ enforce: 'baseline', cpu: '100', memory: '64Gi' });
  });

  test('a profile the specification does not know is an error naming it', () => {
    expect(() => expectationsFor('staging', {}, 'outputs')).toThrow(
      'outputs: Profile is "staging"; the specification knows ephemeral, production',
    );
  });
});
