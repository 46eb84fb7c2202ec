import { creationSeconds } from '../../scripts/bench/creation-times';

const addon = (AddonName: unknown) => ({ Type: 'AWS::EKS::Addon', Properties: { AddonName } });

test('an add-on with published creation logs is weighted by them, any other add-on by the generic minute', () => {
  // Published terraform-aws-eks apply logs: vpc-cni before any node 24-35 s, CoreDNS and kube-proxy 4-45 s.
  expect(creationSeconds(addon('vpc-cni'))).toBe(30);
  expect(creationSeconds(addon('coredns'))).toBe(30);
  expect(creationSeconds(addon('kube-proxy'))).toBe(30);
  expect(creationSeconds(addon('amazon-cloudwatch-observability'))).toBe(60);
  // A name the template computes is not guessed at.
  expect(creationSeconds(addon({ Ref: 'AddonName' }))).toBe(60);
});

test('resources are weighted by their type, and a type without a figure by one API call', () => {
  expect(creationSeconds({ Type: 'AWS::EKS::Cluster' })).toBe(600);
  expect(creationSeconds({ Type: 'AWS::EKS::Nodegroup', Properties: { AddonName: 'vpc-cni' } })).toBe(240);
  expect(creationSeconds({ Type: 'AWS::EC2::Subnet' })).toBe(5);
});
