import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledge, managedPolicyFindings, resourceAt } from '../../lib/compliance/acknowledgements';

function bucket(): s3.CfnBucket {
  return new s3.CfnBucket(new Stack(new App(), 'Probe'), 'Bucket');
}

describe('an acknowledgment says why, for the auditor who reads it', () => {
  test.each([
    ['no reason', ''],
    ['blanks', '           '],
    ['9 characters', 'see above'],
  ])('one with %s is refused, naming the resource, the findings and the minimum', (_, reason) => {
    expect(() => acknowledge(bucket(), reason, 'AwsSolutions-S1', 'AwsSolutions-S10')).toThrow(
      'Probe/Bucket: the acknowledgment of AwsSolutions-S1, AwsSolutions-S10 needs a reason of 10 characters or more',
    );
  });

  test('one of 10 characters is recorded with it', () => {
    const resource = bucket();
    acknowledge(resource, 'logged ok.', 'AwsSolutions-S1');
    const recorded = resource.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    expect(recorded.map((entry) => entry.data)).toEqual([{ 'Annotation::AwsSolutions-S1': 'logged ok.' }]);
  });
});

describe('naming what an acknowledgment concerns', () => {
  test('resourceAt finds the CloudFormation resource a library construct made, by its path', () => {
    const stack = new Stack(new App(), 'Probe');
    const made = new s3.Bucket(stack, 'Logs');
    expect(resourceAt(stack, 'Logs/Resource')).toBe(made.node.defaultChild);
  });

  test('resourceAt fails, naming the path, when a library upgrade moved the resource', () => {
    const stack = new Stack(new App(), 'Probe');
    new s3.Bucket(stack, 'Logs');
    expect(() => resourceAt(stack, 'Logs/Gone')).toThrow(
      'no construct Logs/Gone below Probe to acknowledge a finding on (moved by a library upgrade?)',
    );
  });

  test('resourceAt refuses a construct that is not a CloudFormation resource, naming it', () => {
    const stack = new Stack(new App(), 'Probe');
    new s3.Bucket(stack, 'Logs');
    expect(() => resourceAt(stack, 'Logs')).toThrow('Probe/Logs is not a CloudFormation resource');
  });

  test('managedPolicyFindings refuses a resource that is not an IAM role, naming it', () => {
    expect(() => managedPolicyFindings(bucket(), 'AmazonEKSClusterPolicy')).toThrow('Probe/Bucket is not an IAM role');
  });
});
