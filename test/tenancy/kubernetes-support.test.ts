import { Template } from 'aws-cdk-lib/assertions';
import {
  MANIFEST_TYPE,
  namespaceOf,
  podTemplates,
  resolveToText,
  schemaErrors,
  shippedObjects,
  unrenderedReleases,
} from '../support/kubernetes';

/** The harness the shipped-manifest checks stand on, fed inputs whose answers are known. */

test('a manifest joined around intrinsics reads as JSON with placeholders where the tokens were', () => {
  const joined = {
    'Fn::Join': ['', ['[{"kind":"ServiceAccount","metadata":{"annotations":{"role":"', { 'Fn::GetAtt': ['Role', 'Arn'] }, '","id":"', { Ref: 'AWS::AccountId' }, '"}}}]']],
  };
  expect(JSON.parse(resolveToText(joined))).toEqual([
    { kind: 'ServiceAccount', metadata: { annotations: { role: '<Fn::GetAtt Role.Arn>', id: '<Ref AWS::AccountId>' } } },
  ]);
});

test('every object of every manifest is found, plain or joined, and Helm charts and add-ons are listed', () => {
  const template = Template.fromJSON({
    Resources: {
      Plain: { Type: MANIFEST_TYPE, Properties: { Manifest: '[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}},{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b","namespace":"a"}}]' } },
      Joined: { Type: MANIFEST_TYPE, Properties: { Manifest: { 'Fn::Join': ['', ['[{"apiVersion":"v1","kind":"Secret","metadata":{"name":"', { Ref: 'Name' }, '"}}]']] } } },
      Chart: { Type: 'Custom::AWSCDK-EKS-HelmChart', Properties: { Chart: 'metrics-server', Version: '3.13.0', Namespace: 'kube-system' } },
      Addon: { Type: 'AWS::EKS::Addon', Properties: { AddonName: 'vpc-cni' } },
    },
  });
  expect(shippedObjects(template).map((s) => `${s.logicalId} ${s.object.kind} ${s.object.metadata?.name}`)).toEqual([
    'Plain Namespace a',
    'Plain ConfigMap b',
    'Joined Secret <Ref Name>',
  ]);
  expect(unrenderedReleases(template).map((r) => r.logicalId)).toEqual(['Chart', 'Addon']);
});

describe('schema validation', () => {
  test('accepts a valid object', () => {
    expect(schemaErrors({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { 'limits.cpu': '100' } } })).toEqual([]);
  });

  test('refuses a quantity Kubernetes cannot parse', () => {
    expect(schemaErrors({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { 'limits.cpu': 'lots' } } })).toContain(
      'data/spec/hard/limits.cpu must match format "quantity"',
    );
  });

  test('refuses a field of the wrong type and a workload without its required fields', () => {
    expect(schemaErrors({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', labels: { team: 1 } } })).toEqual([
      'data/metadata/labels/team must be string',
    ]);
    expect(schemaErrors({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: {} })).toEqual(
      expect.arrayContaining(['data/spec must have required property selector']),
    );
  });

  test('refuses an enum value the API does not know', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i:1', imagePullPolicy: 'Sometimes' }] } };
    expect(schemaErrors(pod)).toEqual(['data/spec/containers/0/imagePullPolicy must be equal to one of the allowed values']);
  });

  test('reports, rather than skips, a kind it has no schema for', () => {
    expect(schemaErrors({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor' })).toEqual([
      'no Kubernetes schema for apiVersion "monitoring.coreos.com/v1", kind "ServiceMonitor"',
    ]);
    expect(schemaErrors({ apiVersion: 'v1', kind: 'Podd' })).toEqual(['no Kubernetes schema for apiVersion "v1", kind "Podd"']);
  });
});

test('pod templates are found in every workload kind, with the namespace their pods land in', () => {
  const pod = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } };
  const found = podTemplates([
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a' }, spec: pod.spec },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: pod } },
    { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds', namespace: 'logging' }, spec: { template: pod } },
    { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj', namespace: 'b' }, spec: { jobTemplate: { spec: { template: pod } } } },
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
