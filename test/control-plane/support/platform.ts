import { after, before } from 'node:test';
import { ControlPlane, startControlPlane } from '../../support/control-plane';
import { KubernetesObject, podTemplates, ShippedPodTemplate } from '../../support/kubernetes';
import { synthesize } from '../../support/synth';
import type { PlatformConfig } from '../../../lib/config/load';
import {
  deploymentOrder,
  managedAddons,
  sampleText,
  shippedObjects,
  ShippedPatch,
  shippedPatches,
  ShippedRelease,
  shippedReleases,
  UnrenderedRelease,
} from '../../support/template';
import { kubectlLayerTools, RenderedRelease, renderReleases } from './charts';

/**
 * One thing CloudFormation does to the cluster: apply a manifest's object, patch an existing
 * object, or install a Helm release through the kubectl provider's handler. A release's rendered
 * objects follow its install as steps of their own, each checked with a server-side dry run
 * (`release` names it; its namespaced objects without a namespace land in the release's).
 */
export type DeployStep =
  | { readonly logicalId: string; readonly object: KubernetesObject; readonly release?: { name: string; namespace: string } }
  | { readonly logicalId: string; readonly patch: ShippedPatch }
  | { readonly logicalId: string; readonly install: ShippedRelease; readonly chartDir: string };

export interface PlatformUnderTest {
  readonly config: PlatformConfig;
  /** The manifests' objects and the patches, in the order CloudFormation may run them. */
  readonly steps: readonly DeployStep[];
  /** The Helm and kubectl of the kubectl layer the stack deploys. */
  readonly kubectlLayer: { readonly helm: string; readonly kubectl: string };
  /** Every Helm release of the templates, rendered or with why not. */
  readonly releases: readonly RenderedRelease[];
  /** What puts objects in the cluster that no check here sees: EKS managed add-ons and unproven charts. */
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
  const releases = renderReleases(shippedReleases(template, sampleText), config.kubernetesVersion);
  const steps = deploymentOrder(template).flatMap((logicalId): DeployStep[] => [
    ...objects.filter((o) => o.logicalId === logicalId),
    ...patches.filter((p) => p.logicalId === logicalId).map((patch) => ({ logicalId, patch })),
    ...releases
      .filter((r) => r.release.logicalId === logicalId)
      .flatMap((r): DeployStep[] =>
        'objects' in r
          ? [
              { logicalId, install: r.release, chartDir: r.chartDir },
              ...r.objects.map((object) => ({ logicalId, object, release: releaseOf(r) })),
            ]
          : [],
      ),
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
    kubectlLayer: kubectlLayerTools(config.kubernetesVersion),
    releases,
    unrendered: [
      ...releases.flatMap((r) =>
        'unproven' in r
          ? [{ logicalId: r.release.logicalId, description: `Helm chart ${r.release.chart} ${r.release.version}: ${r.unproven}` }]
          : [],
      ),
      ...managedAddons(template),
    ],
    started: starting,
    plane: () => {
      if (!plane) throw new Error('the control plane is not running (it failed to start, see the first failure)');
      return plane;
    },
  };
}

function releaseOf({ release }: RenderedRelease): { name: string; namespace: string } {
  return { name: release.release, namespace: release.namespace ?? 'default' };
}

/** A shipped pod template, and the Helm release that ships it, if one does. */
export type StepPod = ShippedPodTemplate & { readonly release?: string };

/** The pod (template) of every workload the steps apply, with the namespace its pods land in. */
export function shippedPods(steps: readonly DeployStep[]): StepPod[] {
  return steps.flatMap((step) => {
    if (!('object' in step)) return [];
    return podTemplates([step.object]).map((pod) =>
      step.release && !step.object.metadata?.namespace
        ? {
            ...pod,
            namespace: step.release.namespace,
            owner: pod.owner.replace(/^(\S+) [^/]*\//, `$1 ${step.release.namespace}/`),
            release: step.release.name,
          }
        : { ...pod, release: step.release?.name },
    );
  });
}
