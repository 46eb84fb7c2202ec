import { KubectlV36Layer } from '@aws-cdk/lambda-layer-kubectl-v36';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/**
 * Cluster versions we can build, each with the kubectl layer of the same minor version.
 * A kubectl that is more than one minor version away from the API server is unsupported
 * (Kubernetes version skew policy), and manifests then fail at deploy time, not at synth.
 * To add a version: install `@aws-cdk/lambda-layer-kubectl-vNN` and add a row; the first row is the
 * default. The add-on table and the autoscaler image table are keyed by these versions and do not
 * compile until they have the new one (README, "Upgrading Kubernetes").
 */
const KUBECTL_LAYERS = {
  '1.36': { packageName: '@aws-cdk/lambda-layer-kubectl-v36', create: (scope: Construct, id: string) => new KubectlV36Layer(scope, id) },
} as const;

export type KubernetesVersionString = keyof typeof KUBECTL_LAYERS;
export const SUPPORTED_KUBERNETES_VERSIONS = Object.keys(KUBECTL_LAYERS) as [KubernetesVersionString, ...KubernetesVersionString[]];

/** `@aws-cdk/lambda-layer-kubectl-v36` -> `1.36` */
export function kubectlLayerMinorVersion(packageName: string): string {
  // The packages are named after the 1.x minor only: kubectl-v36 is kubectl 1.36.
  const match = /kubectl-v(\d+)$/.exec(packageName);
  if (!match) {
    throw new Error(`"${packageName}" is not a kubectl layer package (expected @aws-cdk/lambda-layer-kubectl-vNN)`);
  }
  return `1.${match[1]}`;
}

/** Refuses a kubectl layer whose minor version differs from the cluster's. */
export function assertKubectlLayerMatches(clusterVersion: string, layerPackageName: string): void {
  const layerVersion = kubectlLayerMinorVersion(layerPackageName);
  if (layerVersion !== clusterVersion) {
    throw new Error(
      `kubectl layer ${layerPackageName} is for Kubernetes ${layerVersion} but the cluster runs ${clusterVersion}; ` +
        `install @aws-cdk/lambda-layer-kubectl-v${clusterVersion.split('.')[1]} and register it in lib/shared/kubernetes-version.ts`,
    );
  }
}

export function createKubectlLayer(scope: Construct, id: string, clusterVersion: KubernetesVersionString): lambda.ILayerVersion {
  const entry = KUBECTL_LAYERS[clusterVersion];
  assertKubectlLayerMatches(clusterVersion, entry.packageName);
  return entry.create(scope, id);
}
