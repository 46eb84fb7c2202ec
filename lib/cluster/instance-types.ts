import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** How the node groups buy their instances. */
export const CAPACITY_TYPES = ['spot', 'on-demand'] as const;
export type CapacityType = (typeof CAPACITY_TYPES)[number];

/**
 * Families whose instances of one size have the same vCPUs and memory and the same
 * architecture, so that one node group can mix them: the cluster autoscaler assumes every node
 * of a group is the same shape. Spot capacity is drawn from several of these pools, which makes
 * interruptions and failed launches rarer. In each group the first alternatives are the current
 * Intel and AMD generations, which `npm run cost` has Spot figures for.
 */
const INTERCHANGEABLE_FAMILIES: readonly (readonly string[])[] = [
  ['m5', 'm6i', 'm6a', 'm7i', 'm5a', 'm7a'],
  ['c5', 'c6i', 'c6a', 'c7i', 'c5a', 'c7a'],
  ['r5', 'r6i', 'r6a', 'r7i', 'r5a', 'r7a'],
  ['t3', 't3a'],
  ['m6g', 'm7g'],
  ['c6g', 'c7g'],
  ['r6g', 'r7g'],
  ['t4g'],
];

/** How many types a Spot node group adds to the configured one by default. */
export const SPOT_ALTERNATIVES = 3;

/** `family.size`, or undefined for text without both (the schema reports it; checks here run beside that report). */
function split(instanceType: string): { family: string; size: string } | undefined {
  const [family, size] = instanceType.split('.');
  return family === undefined || size === undefined ? undefined : { family, size };
}

/** Up to three types of the same size from interchangeable families, for Spot; none for a family not in the table. */
export function defaultSpotAlternatives(instanceType: string): string[] {
  const parts = split(instanceType);
  if (!parts) return [];
  const { family, size } = parts;
  const families = INTERCHANGEABLE_FAMILIES.find((group) => group.includes(family)) ?? [];
  return families
    .filter((other) => other !== family)
    .slice(0, SPOT_ALTERNATIVES)
    .map((other) => `${other}.${size}`);
}

/** Same size and architecture, and a family of the same kind (m, c, r, t): the node group stays one shape. */
export function sameShape(a: string, b: string): boolean {
  const [left, right] = [split(a), split(b)];
  const kind = (family: string) => family.replace(/\d.*$/, '');
  return (
    left !== undefined &&
    right !== undefined &&
    left.size === right.size &&
    kind(left.family) === kind(right.family) &&
    new ec2.InstanceType(a).architecture === new ec2.InstanceType(b).architecture
  );
}
