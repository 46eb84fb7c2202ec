import { after, before } from 'node:test';
import { ControlPlane, startControlPlane } from '../../support/control-plane';
import { KubernetesObject } from '../../support/kubernetes';
import { synthesize } from '../../support/synth';
import type { PlatformConfig } from '../../../lib/config/load';
import {
  deploymentOrder,
  sampleText,
  shippedObjects,
  ShippedPatch,
  shippedPatches,
  UnrenderedRelease,
  unrenderedReleases,
} from '../../support/template';

/** One thing CloudFormation does to the cluster: apply a manifest's object, or patch an existing object. */
export type DeployStep =
  { readonly logicalId: string; readonly object: KubernetesObject } | { readonly logicalId: string; readonly patch: ShippedPatch };

export interface PlatformUnderTest {
  readonly config: PlatformConfig;
  /** The manifests' objects and the patches, in the order CloudFormation may run them. */
  readonly steps: readonly DeployStep[];
  readonly unrendered: readonly UnrenderedRelease[];
  /** The running control plane; only inside tests and hooks. */
  plane(): ControlPlane;
  /** Resolves once the control plane is ready (before any test of the file runs). */
  readonly started: Promise<ControlPlane>;
}

/**
 * Synthesizes the platform for a configuration and starts a control plane for the test file
 * (before its tests, stopped after them, whatever they did). The synthesis runs while the API
 * server boots.
 */
export function platformUnderTest(context: Record<string, unknown>): PlatformUnderTest {
  const starting = startControlPlane();
  // Awaited in `before`; this only keeps a failed start from being reported as unhandled first.
  starting.catch(() => undefined);
  const { template, config } = synthesize(context);
  const objects = shippedObjects(template, sampleText);
  const patches = shippedPatches(template);
  const steps = deploymentOrder(template).flatMap((logicalId): DeployStep[] => [
    ...objects.filter((o) => o.logicalId === logicalId),
    ...patches.filter((p) => p.logicalId === logicalId).map((patch) => ({ logicalId, patch })),
  ]);

  let plane: ControlPlane | undefined;
  before(async () => {
    plane = await starting;
  });
  after(async () => {
    await (plane ?? (await starting.catch(() => undefined)))?.stop();
  });
  return {
    config,
    steps,
    unrendered: unrenderedReleases(template),
    started: starting,
    plane: () => {
      if (!plane) throw new Error('the control plane is not running (it failed to start, see the first failure)');
      return plane;
    },
  };
}
