/**
 * Before a deploy that replaces nodes without forcing evictions: every PodDisruptionBudget must
 * allow a disruption, or the drain fails and CloudFormation rolls back every zone already
 * updated, under the same budget, which can leave the stack in UPDATE_ROLLBACK_FAILED.
 */
import { isDeepStrictEqual } from 'node:util';
import type { PolicyV1Api } from '@kubernetes/client-node';
import { ClusterAccess, kubeConfigOptions } from '../eks/cluster-access';
import type { DeployedTemplate } from './leftovers';

/** A PodDisruptionBudget's name and what its status allows. */
export interface DisruptionBudget {
  readonly namespace: string;
  readonly name: string;
  /** `status.disruptionsAllowed`: how many of its pods may be evicted now. */
  readonly disruptionsAllowed: number;
  /** `status.expectedPods`: how many pods it covers. */
  readonly expectedPods: number;
}

/** Every PodDisruptionBudget of the cluster (policy/v1), read through its Kubernetes API. */
export async function readDisruptionBudgets(access: ClusterAccess): Promise<DisruptionBudget[]> {
  // ESM-only package: loaded when a deploy needs it, as the integration suite loads it.
  const k8s = await import('@kubernetes/client-node');
  const config = new k8s.KubeConfig();
  config.loadFromOptions(kubeConfigOptions(access, 'npm-run-deploy'));
  return disruptionBudgetsIn(config.makeApiClient(k8s.PolicyV1Api));
}

/** What readDisruptionBudgets reads, through this client of the cluster's API. */
export async function disruptionBudgetsIn(
  policy: Pick<PolicyV1Api, 'listPodDisruptionBudgetForAllNamespaces'>,
): Promise<DisruptionBudget[]> {
  const { items } = await policy.listPodDisruptionBudgetForAllNamespaces();
  return items.map((budget) => ({
    namespace: budget.metadata?.namespace ?? '',
    name: budget.metadata?.name ?? '',
    disruptionsAllowed: budget.status?.disruptionsAllowed ?? 0,
    expectedPods: budget.status?.expectedPods ?? 0,
  }));
}

type Resources = NonNullable<DeployedTemplate['Resources']>;

/** The launch template a node group's `LaunchTemplate.Id` refers to in the same template, if any. */
function launchTemplateOf(resources: Resources, nodeGroup: Resources[string]): unknown {
  const id = (nodeGroup.Properties?.LaunchTemplate as { Id?: { Ref?: string } } | undefined)?.Id?.Ref;
  return id === undefined ? undefined : resources[id]?.Properties;
}

/**
 * The node groups (by EKS name) that a deploy of `next` over `deployed` changes: a property of
 * the group, or of the launch template it uses. EKS replaces their nodes, draining the old ones
 * (or CloudFormation replaces the group). Groups only added or only removed drain nothing here.
 */
export function changedNodeGroups(deployed: DeployedTemplate, next: DeployedTemplate): string[] {
  const before = deployed.Resources ?? {};
  const after = next.Resources ?? {};
  return Object.entries(after)
    .filter(([logicalId, group]) => {
      const old = before[logicalId];
      return (
        group.Type === 'AWS::EKS::Nodegroup' &&
        old?.Type === 'AWS::EKS::Nodegroup' &&
        (!isDeepStrictEqual(old.Properties, group.Properties) ||
          !isDeepStrictEqual(launchTemplateOf(before, old), launchTemplateOf(after, group)))
      );
    })
    .map(([logicalId, group]) => (typeof group.Properties?.NodegroupName === 'string' ? group.Properties.NodegroupName : logicalId))
    .sort();
}

/**
 * The budgets that would stop a drain: no disruption allowed. A budget that covers no pod has
 * none allowed either, but blocks nothing.
 */
export function blockingBudgets(budgets: readonly DisruptionBudget[]): DisruptionBudget[] {
  return budgets.filter((budget) => budget.disruptionsAllowed === 0 && budget.expectedPods > 0);
}

const FORCE_HINT =
  'or, if their owners accept the interruption, deploy once with -c forceNodeUpdate=true (see the upgrade guide, ' +
  '"A drain that does not finish")';

/**
 * Refuses a deploy that changes node groups while a PodDisruptionBudget allows no disruption,
 * naming both; also when the budgets cannot be read. Returns the refusal, or undefined.
 */
export async function drainRefusal(
  stackName: string,
  changed: readonly string[],
  readBudgets: () => Promise<DisruptionBudget[]>,
  log: (line: string) => void,
): Promise<string | undefined> {
  if (changed.length === 0) return undefined;
  let budgets: DisruptionBudget[];
  try {
    budgets = await readBudgets();
  } catch (error) {
    return (
      `this deploy of ${stackName} changes node groups ${changed.join(', ')} (EKS drains their nodes, forceNodeUpdate is false), ` +
      `and the PodDisruptionBudgets could not be read to check that the drain can finish: ${(error as Error).message}. ` +
      `Deploy from where the cluster's API is reachable, with an access entry that may list poddisruptionbudgets, ${FORCE_HINT}; ` +
      `nothing was changed`
    );
  }
  const blocking = blockingBudgets(budgets);
  if (blocking.length === 0) {
    log(`node groups ${changed.join(', ')} change: each of the ${budgets.length} PodDisruptionBudgets allows a disruption`);
    return undefined;
  }
  return (
    `this deploy of ${stackName} changes node groups ${changed.join(', ')} (EKS drains their nodes, forceNodeUpdate is false), ` +
    `and these PodDisruptionBudgets allow no disruption: ` +
    blocking.map((b) => `${b.namespace}/${b.name} (0 of ${b.expectedPods} pods may be evicted)`).join(', ') +
    `. The drain would fail and CloudFormation would roll back every zone already updated. Make each allow at least one ` +
    `disruption (scale the workload or fix its unready pods with its owner), ${FORCE_HINT}; nothing was changed`
  );
}
