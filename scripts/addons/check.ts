/**
 * `npm run addons:check [-- -c key=value ...]`: for the configured Kubernetes version, asks the
 * EKS API (DescribeAddonVersions) which versions of each pinned add-on exist, which one EKS
 * installs by default, and which are newer than the pin. It is the one command that needs AWS
 * credentials besides deploy; synthesis and the tests never call AWS.
 */
import { readFileSync } from 'node:fs';
import { DescribeAddonVersionsCommand, DescribeAddonVersionsCommandOutput, EKSClient } from '@aws-sdk/client-eks';
import { AddonPins, EKS_ADDON_NAMES, EksAddonName } from '../../lib/shared/eks-addon-versions';
import { loadConfig } from '../../lib/config/load';
import { CONTEXT_OPTION, contextPairs } from '../cdk-cli';
import { parseCommandLine, runAsScript } from '../run-main';

/** The part of EKSClient this script uses, so that a test can answer from a recorded response. */
export interface AddonVersionsClient {
  send(command: DescribeAddonVersionsCommand): Promise<DescribeAddonVersionsCommandOutput>;
}

export interface AddonCheck {
  readonly name: EksAddonName;
  readonly pinned: string;
  /** False when EKS does not publish the pinned version for this Kubernetes version: a deploy would fail. */
  readonly pinnedPublished: boolean;
  /** The version EKS installs when none is given, if it names one. */
  readonly defaultVersion?: string;
  /** Published versions newer than the pin, newest first. */
  readonly newer: readonly string[];
}

/** `v1.14.3-eksbuild.3` -> [1, 14, 3, 3]; any pre-release tag between patch and build is ignored. */
function versionKey(version: string): number[] {
  const match = /^v(\d+)\.(\d+)\.(\d+)(?:-.*)?-eksbuild\.(\d+)$/.exec(version);
  if (!match) return [-1];
  return match.slice(1).map(Number);
}

export function compareAddonVersions(a: string, b: string): number {
  const [ka, kb] = [versionKey(a), versionKey(b)];
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const difference = (ka[i] ?? -1) - (kb[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Every version of one add-on published for the Kubernetes version, following the pages. */
async function publishedVersions(client: AddonVersionsClient, addonName: string, kubernetesVersion: string) {
  const versions: { version: string; isDefault: boolean }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new DescribeAddonVersionsCommand({ addonName, kubernetesVersion, nextToken }));
    for (const addon of page.addons ?? []) {
      if (addon.addonName !== addonName) continue;
      for (const entry of addon.addonVersions ?? []) {
        const compatibility = entry.compatibilities?.find((c) => c.clusterVersion === kubernetesVersion);
        if (entry.addonVersion && compatibility)
          versions.push({ version: entry.addonVersion, isDefault: compatibility.defaultVersion === true });
      }
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return versions;
}

export async function checkAddons(client: AddonVersionsClient, kubernetesVersion: string, pins: AddonPins): Promise<AddonCheck[]> {
  const checks: AddonCheck[] = [];
  for (const name of EKS_ADDON_NAMES) {
    const pinned = pins[name].version;
    const published = await publishedVersions(client, name, kubernetesVersion);
    checks.push({
      name,
      pinned,
      pinnedPublished: published.some((p) => p.version === pinned),
      defaultVersion: published.find((p) => p.isDefault)?.version,
      newer: published
        .map((p) => p.version)
        .filter((version) => compareAddonVersions(version, pinned) > 0)
        .sort((a, b) => compareAddonVersions(b, a)),
    });
  }
  return checks;
}

export function formatChecks(kubernetesVersion: string, checks: readonly AddonCheck[]): string {
  const lines = [`EKS add-ons for Kubernetes ${kubernetesVersion} (pinned in lib/shared/eks-addon-versions.ts):`];
  for (const check of checks) {
    const status = check.pinnedPublished ? '' : ' NOT PUBLISHED for this Kubernetes version';
    lines.push(`  ${check.name}: pinned ${check.pinned}${status}`);
    lines.push(`    default: ${check.defaultVersion ?? '(none marked)'}`);
    lines.push(`    newer:   ${check.newer.length ? check.newer.join(', ') : '(none)'}`);
  }
  return lines.join('\n');
}

/** The SDK's error when no credential source in its chain (environment, profile, SSO, IMDS) gives credentials. */
function isMissingCredentials(error: unknown): boolean {
  return error instanceof Error && error.name === 'CredentialsProviderError';
}

export const NO_CREDENTIALS_MESSAGE =
  'npm run addons:check asks the EKS API (DescribeAddonVersions) and needs AWS credentials, but none were found. ' +
  'Set AWS_PROFILE (after `aws sso login`) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then run it again; ' +
  'synthesis and the tests need no credentials.';

export interface CheckIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Builds the client for the configured region; a test passes one that answers from a fixture. */
  readonly client: (region: string) => AddonVersionsClient;
}

const defaultIo: CheckIo = {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  client: (region) => new EKSClient({ region }),
};

/** Exit code 0 when every pin is published, 1 when one is not, 2 when the check could not run. */
export async function main(argv: readonly string[], io: CheckIo = defaultIo): Promise<number> {
  const usage = 'usage: npm run addons:check -- [-c key=value ...]';
  let config;
  try {
    const { values } = parseCommandLine({ args: [...argv], options: CONTEXT_OPTION }, usage);
    config = loadConfig(contextPairs(values.context), (path) => readFileSync(path, 'utf8'));
  } catch (error) {
    io.err((error as Error).message);
    return 2;
  }
  let checks: AddonCheck[];
  try {
    checks = await checkAddons(io.client(config.region), config.kubernetesVersion, config.addons);
  } catch (error) {
    io.err(isMissingCredentials(error) ? NO_CREDENTIALS_MESSAGE : `DescribeAddonVersions failed: ${(error as Error).message}`);
    return 2;
  }
  io.out(formatChecks(config.kubernetesVersion, checks));
  return checks.every((check) => check.pinnedPublished) ? 0 : 1;
}

runAsScript(module, 'npm run addons:check', main);
