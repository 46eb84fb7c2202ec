import { Template } from 'aws-cdk-lib/assertions';
import { namespaceOf, podTemplates } from '../support/kubernetes';
import { undeclaredValues } from '../control-plane/support/charts';
import { deploymentOrder, managedAddons, MANIFEST_TYPE, sampleText, shippedObjects, shippedReleases, textOf } from '../support/template';

/** The harness the shipped-manifest checks stand on, fed inputs whose answers are known. */

test('a manifest joined around intrinsics reads as JSON with placeholders where the tokens were', () => {
  const joined = {
    'Fn::Join': [
      '',
      [
        '[{"kind":"ServiceAccount","metadata":{"annotations":{"role":"',
        { 'Fn::GetAtt': ['Role', 'Arn'] },
        '","id":"',
        { Ref: 'AWS::AccountId' },
        '"}}}]',
      ],
    ],
  };
  expect(JSON.parse(textOf(joined))).toEqual([
    { kind: 'ServiceAccount', metadata: { annotations: { role: '<Fn::GetAtt Role.Arn>', id: '<Ref AWS::AccountId>' } } },
  ]);
});

test('with sample values, a role ARN attribute reads as an IAM role ARN and an intrinsic with no sample value is an error', () => {
  const joined = { 'Fn::Join': ['', ['{"role":"', { 'Fn::GetAtt': ['FluentBitRole', 'Arn'] }, '"}']] };
  expect(JSON.parse(textOf(joined, sampleText))).toEqual({ role: 'arn:aws:iam::123456789012:role/FluentBitRole' });
  expect(() => textOf({ 'Fn::Join': ['', ['"', { 'Fn::GetAtt': ['Bucket', 'DomainName'] }, '"']] }, sampleText)).toThrow(
    'no sample value for Fn::GetAtt ["Bucket","DomainName"] in a manifest',
  );
});

test('the deployment order puts every resource after what it names in DependsOn, Ref and Fn::GetAtt', () => {
  const template = Template.fromJSON({
    Resources: {
      Pods: { Type: MANIFEST_TYPE, DependsOn: ['Namespace'], Properties: { Manifest: '[]' } },
      Account: { Type: MANIFEST_TYPE, Properties: { Manifest: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Role', 'Arn'] }]] } } },
      Namespace: { Type: MANIFEST_TYPE, Properties: { Manifest: '[]', Cluster: { Ref: 'Cluster' } } },
      Role: { Type: 'AWS::IAM::Role', Properties: {} },
      Cluster: { Type: 'AWS::EKS::Cluster', Properties: {} },
    },
  });
  expect(deploymentOrder(template)).toEqual(['Cluster', 'Namespace', 'Pods', 'Role', 'Account']);
});

test('every object of every manifest is found, plain or joined; Helm releases are read with their values, add-ons listed', () => {
  const template = Template.fromJSON({
    Resources: {
      Plain: {
        Type: MANIFEST_TYPE,
        Properties: {
          Manifest:
            '[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}},' +
            '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b","namespace":"a"}}]',
        },
      },
      Joined: {
        Type: MANIFEST_TYPE,
        Properties: {
          Manifest: { 'Fn::Join': ['', ['[{"apiVersion":"v1","kind":"Secret","metadata":{"name":"', { Ref: 'Name' }, '"}}]']] },
        },
      },
      Chart: {
        Type: 'Custom::AWSCDK-EKS-HelmChart',
        Properties: {
          Release: 'ms',
          Chart: 'metrics-server',
          Version: '3.13.0',
          Namespace: 'kube-system',
          Wait: true,
          Values: { 'Fn::Join': ['', ['{"sa":{"role":"', { 'Fn::GetAtt': ['Role', 'Arn'] }, '"}}']] },
        },
      },
      Addon: { Type: 'AWS::EKS::Addon', Properties: { AddonName: 'vpc-cni' } },
    },
  });
  expect(shippedObjects(template).map((s) => `${s.logicalId} ${s.object.kind} ${s.object.metadata?.name}`)).toEqual([
    'Plain Namespace a',
    'Plain ConfigMap b',
    'Joined Secret <Ref Name>',
  ]);
  expect(shippedReleases(template, sampleText)).toEqual([
    {
      logicalId: 'Chart',
      release: 'ms',
      chart: 'metrics-server',
      version: '3.13.0',
      namespace: 'kube-system',
      createNamespace: false,
      wait: true,
      atomic: false,
      skipCrds: false,
      values: { sa: { role: 'arn:aws:iam::123456789012:role/Role' } },
    },
  ]);
  expect(managedAddons(template).map((r) => r.logicalId)).toEqual(['Addon']);
});

test('pod templates are found in every workload kind, with the namespace their pods land in', () => {
  const pod = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } };
  const found = podTemplates([
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a' }, spec: pod.spec },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: pod } },
    { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds', namespace: 'logging' }, spec: { template: pod } },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'cj', namespace: 'b' },
      spec: { jobTemplate: { spec: { template: pod } } },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } },
  ]);
  expect(found.map((t) => [t.owner, t.namespace, t.spec.containers[0].name])).toEqual([
    ['Pod a/p', 'a', 'c'],
    ['Deployment default/d', 'default', 'c'],
    ['DaemonSet logging/ds', 'logging', 'c'],
    ['CronJob b/cj', 'b', 'c'],
  ]);
  expect(namespaceOf({ apiVersion: 'v1', kind: 'ConfigMap' })).toBe('default');
});

test("a value a chart's values.yaml does not declare is named by its path; below an empty or scalar default anything goes", () => {
  const defaults = {
    replicas: 1,
    podDisruptionBudget: { enabled: false, minAvailable: null },
    affinity: {},
    securityContext: { runAsNonRoot: true },
  };
  expect(
    undeclaredValues(
      {
        replicas: 2,
        replica: 2,
        podDisruptionBudget: { enabled: true, minAvaliable: 1 },
        affinity: { podAntiAffinity: { anything: true } },
        securityContext: { runAsNonRoot: true, runAsUser: 1000 },
      },
      defaults,
    ),
  ).toEqual(['replica', 'podDisruptionBudget.minAvaliable', 'securityContext.runAsUser']);
  expect(undeclaredValues({ minAvailable: { any: 1 } }, { minAvailable: null })).toEqual([]);
});
