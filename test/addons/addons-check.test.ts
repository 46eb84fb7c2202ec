import { DescribeAddonVersionsCommand, EKSClient } from '@aws-sdk/client-eks';
import { AddonVersionsClient, checkAddons, compareAddonVersions, main, NO_CREDENTIALS_MESSAGE } from '../../scripts/addons/check';
import { addonPins } from '../../lib/shared/eks-addon-versions';
import fixture from './fixtures/describe-addon-versions-1.36.json';

type Pages = Record<string, any[]>;

/** Answers DescribeAddonVersions from the fixture, page by page, and records what it was asked. */
function fakeClient(pages: Pages = fixture as unknown as Pages) {
  const asked: any[] = [];
  const client: AddonVersionsClient = {
    async send(command: DescribeAddonVersionsCommand) {
      asked.push(command.input);
      const { addonName, nextToken } = command.input;
      const list = pages[addonName!];
      return list[nextToken ? Number(nextToken.split('-')[1]) - 1 : 0];
    },
  };
  return { client, asked };
}

function run(argv: string[], client: AddonVersionsClient) {
  const out: string[] = [];
  const err: string[] = [];
  const regions: string[] = [];
  const io = {
    out: (t: string) => out.push(t),
    err: (t: string) => err.push(t),
    client: (region: string) => (regions.push(region), client),
  };
  return main(argv, io).then((code) => ({ code, out: out.join('\n'), err: err.join('\n'), regions }));
}

describe('npm run addons:check', () => {
  test('asks for each pinned add-on at the configured Kubernetes version, following every page', async () => {
    const { client, asked } = fakeClient();
    await checkAddons(client, '1.36', addonPins('1.36'));
    expect(asked.map((input) => [input.addonName, input.kubernetesVersion, input.nextToken])).toEqual([
      ['vpc-cni', '1.36', undefined],
      ['kube-proxy', '1.36', undefined],
      ['coredns', '1.36', undefined],
      ['coredns', '1.36', 'page-2'],
      ['eks-pod-identity-agent', '1.36', undefined],
      ['amazon-cloudwatch-observability', '1.36', undefined],
      ['aws-guardduty-agent', '1.36', undefined],
      ['aws-secrets-store-csi-driver-provider', '1.36', undefined],
    ]);
  });

  test('lists the default and the newer versions of each add-on against its pin', async () => {
    const checks = await checkAddons(fakeClient().client, '1.36', addonPins('1.36'));
    const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
    expect(byName['vpc-cni']).toEqual({
      name: 'vpc-cni',
      pinned: 'v1.23.2-eksbuild.1',
      pinnedPublished: true,
      defaultVersion: 'v1.23.2-eksbuild.1',
      newer: ['v1.23.3-eksbuild.1'],
    });
    // Only versions compatible with 1.36 count: v1.35.3 is listed for 1.35 alone.
    expect(byName['kube-proxy'].newer).toEqual(['v1.36.1-eksbuild.2']);
    // A newer build of the same CoreDNS release is newer; the 1.34-only version on page 2 is not listed.
    expect(byName.coredns.newer).toEqual(['v1.14.3-eksbuild.5']);
    expect(byName['eks-pod-identity-agent'].newer).toEqual([]);
    expect(byName['amazon-cloudwatch-observability']).toMatchObject({ defaultVersion: 'v6.8.0-eksbuild.1', newer: ['v6.8.0-eksbuild.1'] });
    // The 1.35-only agent build is no candidate; older builds of the CSI provider are not newer.
    expect(byName['aws-guardduty-agent']).toMatchObject({ pinnedPublished: true, newer: [] });
    expect(byName['aws-secrets-store-csi-driver-provider']).toMatchObject({ pinnedPublished: true, newer: ['v3.1.5-eksbuild.1'] });
  });

  test('prints one block per add-on and exits 0 when every pin is published', async () => {
    const result = await run(['-c', 'region=eu-west-1'], fakeClient().client);
    expect(result.code).toBe(0);
    expect(result.regions).toEqual(['eu-west-1']);
    expect(result.out).toContain('  coredns: pinned v1.14.3-eksbuild.3\n    default: v1.14.3-eksbuild.3\n    newer:   v1.14.3-eksbuild.5');
  });

  test('a pin EKS does not publish for the Kubernetes version is reported and exits 1', async () => {
    const result = await run(['-c', 'addonVersions={"coredns":"v1.13.2-eksbuild.11"}'], fakeClient().client);
    expect(result.code).toBe(1);
    expect(result.out).toContain('coredns: pinned v1.13.2-eksbuild.11 NOT PUBLISHED for this Kubernetes version');
  });

  test('without credentials (the real SDK client, every credential source emptied): one clear message and exit code 2', async () => {
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
    // No IMDS either: the SDK then gives up at once, as on a laptop without a profile.
    Object.assign(process.env, {
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    });
    try {
      const result = await run([], new EKSClient({ region: 'ap-southeast-1' }));
      expect(result).toMatchObject({ code: 2, out: '', err: NO_CREDENTIALS_MESSAGE });
    } finally {
      process.env = saved;
    }
  });

  test('a bad setting is the configuration error, before any call', async () => {
    const { client, asked } = fakeClient();
    const result = await run(['-c', 'kubernetesVersion=1.28'], client);
    expect(result.code).toBe(2);
    expect(result.err).toContain('"kubernetesVersion" is "1.28"');
    expect(asked).toEqual([]);
  });

  test('an unknown argument is refused with the usage, before any call', async () => {
    const { client, asked } = fakeClient();
    const result = await run(['--region', 'us-east-1'], client);
    expect(result).toMatchObject({ code: 2, err: "Unknown option '--region'; usage: npm run addons:check -- [-c key=value ...]" });
    expect(asked).toEqual([]);
  });

  test('versions compare by release, then by EKS build', () => {
    expect(compareAddonVersions('v1.14.3-eksbuild.10', 'v1.14.3-eksbuild.9')).toBeGreaterThan(0);
    expect(compareAddonVersions('v1.9.0-eksbuild.1', 'v1.10.0-eksbuild.1')).toBeLessThan(0);
    expect(compareAddonVersions('v1.36.0-eksbuild.14', 'v1.36.0-eksbuild.14')).toBe(0);
  });
});
