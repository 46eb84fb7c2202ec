import { EKS_ADDON_NAMES, EKS_ADDONS } from '../../lib/shared/eks-addon-versions';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../lib/shared/kubernetes-version';

describe('the add-on table', () => {
  test('has a well-formed version of every add-on for every supported Kubernetes version', () => {
    for (const name of EKS_ADDON_NAMES) {
      for (const version of SUPPORTED_KUBERNETES_VERSIONS) {
        expect(EKS_ADDONS[name].versions[version]).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
      }
    }
  });

  test('kube-proxy has the minor version of the cluster it runs in', () => {
    for (const version of SUPPORTED_KUBERNETES_VERSIONS) {
      expect(EKS_ADDONS['kube-proxy'].versions[version].startsWith(`v${version}.`)).toBe(true);
    }
  });
});
