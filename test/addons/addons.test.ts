import { lazily, synthesize } from '../support/synth';
import { resourcesOfType } from '../support/template';

const addonsOf = (context: Record<string, unknown>) =>
  Object.fromEntries(
    resourcesOfType(synthesize(context).template, 'AWS::EKS::Addon').map(([id, r]) => [r.Properties.AddonName, { id, ...r }]),
  );

describe('EKS add-ons (O4)', () => {
  // Read inside the tests: taken at load, they would be stale for every mutant of a mutation run.
  const addons = lazily(() => addonsOf({ environmentSuffix: 'pr9' }));
  const nodeGroupIds = lazily(() =>
    resourcesOfType(synthesize({ environmentSuffix: 'pr9' }).template, 'AWS::EKS::Nodegroup').map(([id]) => id),
  );

  test('every add-on is managed, at the version pinned for Kubernetes 1.36, none left to the EKS default', () => {
    const versions = Object.fromEntries(
      Object.entries(addons()).map(([name, addon]: [string, any]) => [name, addon.Properties.AddonVersion]),
    );
    expect(versions).toEqual({
      'vpc-cni': 'v1.23.2-eksbuild.1',
      'kube-proxy': 'v1.36.0-eksbuild.14',
      coredns: 'v1.14.3-eksbuild.3',
      'eks-pod-identity-agent': 'v1.4.0-eksbuild.3',
      'amazon-cloudwatch-observability': 'v6.7.0-eksbuild.1',
      'aws-guardduty-agent': 'v1.16.0-eksbuild.2',
      'aws-secrets-store-csi-driver-provider': 'v3.1.4-eksbuild.1',
    });
  });

  test('each takes over objects EKS bootstrapped, or edits made outside the stack, by overwriting them', () => {
    for (const addon of Object.values<any>(addons())) expect(addon.Properties.ResolveConflicts).toBe('OVERWRITE');
  });

  test('they keep the configuration of the construct that owns them', () => {
    expect(JSON.parse(addons()['vpc-cni'].Properties.ConfigurationValues)).toEqual({ enableNetworkPolicy: 'true' });
    expect(addons()['amazon-cloudwatch-observability'].Properties.ServiceAccountRoleArn).toBeDefined();
    expect(JSON.parse(addons()['aws-secrets-store-csi-driver-provider'].Properties.ConfigurationValues)).toEqual({
      'secrets-store-csi-driver': { syncSecret: { enabled: false } },
    });
  });

  test('kube-proxy, CoreDNS and the Pod Identity agent stay on the cluster when their add-on resource is deleted', () => {
    for (const name of ['kube-proxy', 'coredns', 'eks-pod-identity-agent']) {
      expect({ name, preserveOnDelete: addons()[name].Properties.PreserveOnDelete }).toEqual({ name, preserveOnDelete: true });
    }
  });

  test('CoreDNS and the DaemonSet add-ons wait for the nodes their pods run on', () => {
    for (const name of ['coredns', 'eks-pod-identity-agent', 'aws-guardduty-agent', 'aws-secrets-store-csi-driver-provider']) {
      expect({ name, dependsOn: addons()[name].DependsOn }).toEqual({ name, dependsOn: expect.arrayContaining(nodeGroupIds()) });
    }
  });

  test('addonVersions replaces the version of the add-ons it names and no other', () => {
    const overridden = addonsOf({ environmentSuffix: 'pr9', addonVersions: '{"vpc-cni":"v1.22.4-eksbuild.3"}' });
    expect(overridden['vpc-cni'].Properties.AddonVersion).toBe('v1.22.4-eksbuild.3');
    expect(overridden.coredns.Properties.AddonVersion).toBe('v1.14.3-eksbuild.3');
  });
});
