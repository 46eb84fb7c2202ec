import { ADDON_VERSION_PATTERN, EKS_ADDON_NAMES, EKS_ADDONS } from '../../lib/shared/eks-addon-versions';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../lib/shared/kubernetes-version';

describe('the add-on table', () => {
  test('has a well-formed version of every add-on for every supported Kubernetes version', () => {
    for (const name of EKS_ADDON_NAMES) {
      for (const version of SUPPORTED_KUBERNETES_VERSIONS) {
        expect(EKS_ADDONS[name].versions[version]).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
      }
    }
  });

  test('says where each pin was read: an AWS page, its table and row, or public records of the EKS API, marked unconfirmed', () => {
    const fromAwsDocumentation = /^docs\.aws\.amazon\.com\/\S+, table "[^"]+", row [^,]+$/;
    const fromPublicRecords =
      /^public records of the EKS API for Kubernetes \d+\.\d+ \([^()]+\); not confirmed by AWS documentation or the EKS API here$/;
    const citation = new RegExp(`(${fromAwsDocumentation.source})|(${fromPublicRecords.source})`);
    for (const name of EKS_ADDON_NAMES) {
      expect({ name, source: EKS_ADDONS[name].source }).toEqual({ name, source: expect.stringMatching(citation) });
    }
  });

  test('kube-proxy has the minor version of the cluster it runs in', () => {
    for (const version of SUPPORTED_KUBERNETES_VERSIONS) {
      expect(EKS_ADDONS['kube-proxy'].versions[version].startsWith(`v${version}.`)).toBe(true);
    }
  });
});

describe('an add-on version', () => {
  test.each([
    ['v1.19.2-eksbuild.1', 'the common form'],
    ['v1.11.4-eksbuild.24', 'a build number past 9'],
    ['v3.1.4-eksbuild.1', 'a major version other than 1'],
    ['v10.0.0-eksbuild.1', 'a major version past 9'],
    ['v1.3.10-eksbuild.3', 'a patch version past 9'],
    ['v1.29.0-minimal-eksbuild.1', "a variant before the EKS build, as kube-proxy's minimal image"],
  ])('%s is accepted: %s', (version) => {
    expect(ADDON_VERSION_PATTERN.test(version)).toBe(true);
  });

  test.each([
    ['v1.19.2', 'the upstream release, without the EKS build'],
    ['1.19.2-eksbuild.1', 'without the leading v'],
    ['v1.19-eksbuild.1', 'without a patch version'],
    ['v1.19.2-eksbuild', 'without a build number'],
    ['amazon-k8s-cni:v1.19.2-eksbuild.1', 'an image reference, not the version alone'],
    ['v1.19.2-eksbuild.1 ', 'with whitespace after it'],
  ])('%j is refused: %s', (version) => {
    expect(ADDON_VERSION_PATTERN.test(version)).toBe(false);
  });
});
