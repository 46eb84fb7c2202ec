import { existsSync, readFileSync } from 'node:fs';
import { loadConfig, PlatformConfig } from '../../../lib/config/load';
import { contextFromArgs } from '../../../scripts/cdk-cli';
import { displayPath } from '../../../scripts/flatten-outputs';
import { NEW_TENANT, PROFILES, TENANTS, TenantSpec } from '../specification';
import type { SigningCredentials } from '../../../scripts/eks/eks-token';
import { PlatformOutputs, readFlatOutputs, regionOfArn } from './outputs';

/** The deployed environment the suite checks, and what it was configured to be. */
export interface Deployment {
  readonly outputs: PlatformOutputs;
  readonly region: string;
  /**
   * What the deployment should look like: the configuration the app builds for its suffix and
   * profile (both read from its outputs), plus any `-c key=value` the suite was given, so
   * non-default settings are checked as deployed.
   */
  readonly config: PlatformConfig;
  /**
   * What the specification requires of this profile (test/integration/specification.ts),
   * changed only where the suite is told, with `-c` or the config file, that the deployment
   * was made with other settings. Never read from lib/config.
   */
  readonly expected: Expectations;
  readonly credentials: () => Promise<SigningCredentials>;
  /**
   * Set for the local control plane of test/control-plane: the cluster is reached through this
   * kubeconfig instead of EKS, and only the checks marked `local` apply.
   */
  readonly kubeconfigPath?: string;
}

export interface Expectations {
  readonly natGateways: number;
  readonly logRetentionDays: number;
  readonly tenants: Readonly<Record<string, TenantSpec>>;
}

export type DeploymentLookup = { readonly deployment: Deployment } | { readonly skipReason: string };

export interface LookupInput {
  readonly outputsFile: string;
  /** The suite's command-line arguments (`-c key=value` pairs are read). */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The AWS SDK's default credential chain in the suite; a stand-in in the offline tests. */
  readonly credentials: () => Promise<SigningCredentials>;
}

/**
 * Finds the deployment to test, or the reason there is none: no outputs file, or no AWS
 * credentials. An outputs file that exists but is broken, or settings that contradict the
 * deployment, are errors rather than reasons to skip: they mean a deployment is there and
 * something about it is wrong.
 */
export async function lookUpDeployment(input: LookupInput): Promise<DeploymentLookup> {
  const source = displayPath(input.outputsFile);
  if (!existsSync(input.outputsFile)) {
    return { skipReason: `no deployment: ${source} does not exist (npm run deploy writes it)` };
  }
  const outputs = readFlatOutputs(input.outputsFile);

  try {
    await input.credentials();
  } catch (error) {
    return { skipReason: `no AWS credentials for the deployment in ${source}: ${(error as Error).message.split('\n')[0]}` };
  }

  const region = regionOfArn(outputs.KmsKeyArn) ?? input.env.AWS_REGION ?? input.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error(`${source}: KmsKeyArn names no region, and neither AWS_REGION nor AWS_DEFAULT_REGION is set`);

  const given = contextFromArgs(input.args);
  const fromDeployment = { environmentSuffix: outputs.EnvironmentSuffix, platformProfile: outputs.Profile, region };
  for (const [key, value] of Object.entries(fromDeployment)) {
    if (given[key] !== undefined && given[key] !== value) {
      throw new Error(`-c ${key}=${given[key]} contradicts the deployment in ${source}, whose ${key} is ${value}`);
    }
  }
  const config = loadConfig({ ...given, ...fromDeployment }, (path) => readFileSync(path, 'utf8'));
  if (config.names.cluster !== outputs.ClusterName) {
    throw new Error(
      `${source}: ClusterName is ${outputs.ClusterName}, but suffix ${outputs.EnvironmentSuffix} names ${config.names.cluster}`,
    );
  }
  const expected = expectationsFor(outputs.Profile, given, source);
  return { deployment: { outputs, region, config, expected, credentials: input.credentials } };
}

/** The settings the user says the deployment was made with: the config file, then `-c` over it. */
function givenSettings(context: Record<string, string>): Record<string, unknown> {
  const file = context.configFile ? JSON.parse(readFileSync(context.configFile, 'utf8')) : {};
  const fromContext = Object.fromEntries(
    Object.entries(context).map(([key, value]) => {
      try {
        return [key, JSON.parse(value)];
      } catch {
        return [key, value];
      }
    }),
  );
  return { ...file, ...fromContext };
}

/** The specification's values for the profile, with the settings the user states applied. */
export function expectationsFor(profile: string, context: Record<string, string>, source: string): Expectations {
  const spec = PROFILES[profile];
  if (!spec)
    throw new Error(`${source}: Profile is ${JSON.stringify(profile)}; the specification knows ${Object.keys(PROFILES).join(', ')}`);
  const given = givenSettings(context);
  const tenants: Record<string, TenantSpec> = { ...TENANTS };
  for (const [name, settings] of Object.entries((given.tenants ?? {}) as Record<string, Partial<TenantSpec>>)) {
    tenants[name] = { ...(TENANTS[name] ?? NEW_TENANT), ...settings };
  }
  return {
    natGateways: given.natGateways === undefined ? spec.natGateways : Number(given.natGateways),
    logRetentionDays: given.logRetentionDays === undefined ? spec.logRetentionDays : Number(given.logRetentionDays),
    tenants,
  };
}
