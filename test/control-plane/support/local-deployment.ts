import { Deployment, expectationsFor } from '../../integration/support/deployment';
import { REQUIRED_OUTPUTS, type PlatformOutputs } from '../../integration/support/outputs';
import type { PlatformUnderTest } from './platform';

/**
 * The platform on the local control plane, as the integration suite sees a deployment: its
 * configuration and a kubeconfig. There are no stack outputs and no AWS credentials; the checks
 * that would read them do not run here (they are listed as not applying).
 */
export async function localDeployment(platform: PlatformUnderTest): Promise<Deployment> {
  const plane = await platform.started;
  const { config } = platform;
  const outputs = Object.fromEntries(REQUIRED_OUTPUTS.map((key) => [key, `(no ${key}: not deployed)`])) as PlatformOutputs;
  return {
    outputs: { ...outputs, EnvironmentSuffix: config.environmentSuffix, Profile: config.profile, ClusterName: config.names.cluster },
    region: config.region,
    config,
    expected: expectationsFor(config.profile, {}, 'the local control plane'),
    credentials: () => Promise.reject(new Error('the local control plane has no AWS credentials')),
    kubeconfigPath: plane.kubeconfigPath,
  };
}
