import { measureTemplate, summarize } from '../../scripts/bench/stats';

describe('timing summary', () => {
  test('the median of an odd number of samples is the middle one, whatever the order', () => {
    expect(summarize([3000, 1000, 2000])).toEqual({ runs: 3, medianMs: 2000, minMs: 1000, maxMs: 3000 });
  });

  test('the median of an even number of samples is the mean of the two middle ones', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ runs: 4, medianMs: 2.5, minMs: 1, maxMs: 4 });
  });

  test('no samples is an error, not a zero', () => {
    expect(() => summarize([])).toThrow('no samples to summarize');
  });
});

test('template size counts resources, bytes, Lambda functions and custom resources', () => {
  const text = JSON.stringify({
    Resources: {
      Fn: { Type: 'AWS::Lambda::Function' },
      Manifest: { Type: 'Custom::AWSCDK-EKS-KubernetesResource' },
      Legacy: { Type: 'AWS::CloudFormation::CustomResource' },
      Vpc: { Type: 'AWS::EC2::VPC' },
    },
  });
  expect(measureTemplate(text)).toEqual({ resources: 4, bytes: text.length, lambdaFunctions: 1, customResources: 2 });
});
