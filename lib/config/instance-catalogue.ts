import priceBook from '../shared/prices/ap-southeast-1.json';
import { defaultSpotAlternatives } from '../cluster/instance-types';

/** The part of a price book the catalogue reads: the instance types it has an hourly price for. */
interface PricedInstanceTypes {
  /** Hourly On-Demand prices by instance type; the catalogue reads only which types have one. */
  readonly instanceHour: Readonly<Record<string, unknown>>;
}

/** `large` < `xlarge` < `2xlarge` < ... < `metal` */
function sizeRank(size: string): number {
  const named = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge'].indexOf(size);
  if (named >= 0) return named;
  const multiple = /^(\d+)xlarge$/.exec(size);
  return multiple ? 5 + Number(multiple[1]) : 1000;
}

/** The catalogue in words: its families and sizes, or every type when the families differ in sizes. */
function describeCatalogue(types: ReadonlySet<string>): string {
  const sizes = new Map<string, string[]>();
  for (const type of types) {
    const [family, size] = type.split('.');
    if (family === undefined || size === undefined) throw new Error(`instance catalogue: "${type}" is not family.size`);
    sizes.set(
      family,
      [...(sizes.get(family) ?? []), size].sort((a, b) => sizeRank(a) - sizeRank(b)),
    );
  }
  const families = [...sizes.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const sizeLists = new Set(families.map((family) => sizes.get(family)!.join(', ')));
  if (sizeLists.size === 1) return `families ${families.join(', ')} in sizes ${[...sizeLists][0]}`;
  return families.flatMap((family) => sizes.get(family)!.map((size) => `${family}.${size}`)).join(', ');
}

/**
 * The EC2 instance types the app knows: the ones `npm run cost` has a price for (each with
 * its source in lib/shared/prices), and the Spot alternatives the app picks for them itself
 * (lib/cluster/instance-types.ts). Anything else, a typo such as `m5.3xlarge` included, AWS would
 * refuse only at deploy, after the network and the control plane (about 15 minutes); a type
 * that is real but missing here takes `allowUnknownInstanceTypes`. `allowed` is the catalogue in
 * the words of the message about an unknown type. Throws when the price book names a type that
 * is not `family.size`.
 */
export function instanceCatalogue(prices: PricedInstanceTypes = priceBook): {
  isKnown: (instanceType: string) => boolean;
  allowed: string;
} {
  const known: ReadonlySet<string> = new Set(Object.keys(prices.instanceHour).flatMap((type) => [type, ...defaultSpotAlternatives(type)]));
  return {
    isKnown: (instanceType) => known.has(instanceType),
    allowed: `a type the app knows (${describeCatalogue(known)}), ` + 'or any EC2 instance type with allowUnknownInstanceTypes set to true',
  };
}

const SHIPPED_CATALOGUE = instanceCatalogue();

export function isKnownInstanceType(instanceType: string): boolean {
  return SHIPPED_CATALOGUE.isKnown(instanceType);
}

export const INSTANCE_CATALOGUE_ALLOWED = SHIPPED_CATALOGUE.allowed;
