import { synthesize } from '../support/synth';
import { resourcesOfType } from '../support/template';

/** Each zone's node group: its logical id, the node groups it waits for, and ForceUpdateEnabled. */
function nodeGroupsByZone(context: Record<string, unknown>) {
  const groups = resourcesOfType(synthesize(context).template, 'AWS::EKS::Nodegroup');
  const idOf = new Map(groups.map(([id, group]) => [group.Properties.NodegroupName as string, id]));
  const zoneOf = (name: string) => name.slice(-1);
  return Object.fromEntries(
    groups.map(([, group]) => [
      zoneOf(group.Properties.NodegroupName),
      {
        waitsFor: [...idOf.entries()].filter(([, id]) => (group.DependsOn ?? []).includes(id)).map(([name]) => zoneOf(name)),
        force: group.Properties.ForceUpdateEnabled,
      },
    ]),
  );
}

const ZONE_BY_ZONE = { a: [], b: ['a'], c: ['b'] };
const PARALLEL = { a: [], b: [], c: [] };
const waits = (groups: Record<string, { waitsFor: string[] }>) =>
  Object.fromEntries(Object.entries(groups).map(([zone, g]) => [zone, g.waitsFor]));
const forces = (groups: Record<string, { force: unknown }>) => Object.values(groups).map((g) => g.force);

describe('node group rollout (O4: upgrades roll one zone at a time)', () => {
  test('production: CloudFormation updates zone b after zone a and zone c after zone b', () => {
    expect(waits(nodeGroupsByZone({ platformProfile: 'production' }))).toEqual(ZONE_BY_ZONE);
  });

  test('ephemeral: the three groups are created and updated in parallel (a shorter deploy)', () => {
    expect(waits(nodeGroupsByZone({ platformProfile: 'ephemeral' }))).toEqual(PARALLEL);
  });

  test('nodeGroupRollout overrides either profile', () => {
    expect(waits(nodeGroupsByZone({ platformProfile: 'ephemeral', nodeGroupRollout: 'zone-by-zone' }))).toEqual(ZONE_BY_ZONE);
    expect(waits(nodeGroupsByZone({ platformProfile: 'production', nodeGroupRollout: 'parallel' }))).toEqual(PARALLEL);
  });
});

describe('a drain that a PodDisruptionBudget blocks', () => {
  test('production fails the update rather than evict the pod; ephemeral evicts it', () => {
    expect(forces(nodeGroupsByZone({ platformProfile: 'production' }))).toEqual([false, false, false]);
    expect(forces(nodeGroupsByZone({ platformProfile: 'ephemeral' }))).toEqual([true, true, true]);
  });

  test('forceNodeUpdate overrides either profile', () => {
    expect(forces(nodeGroupsByZone({ platformProfile: 'production', forceNodeUpdate: true }))).toEqual([true, true, true]);
    expect(forces(nodeGroupsByZone({ platformProfile: 'ephemeral', forceNodeUpdate: false }))).toEqual([false, false, false]);
  });
});
