import { instanceCatalogue } from '../../lib/config/instance-catalogue';

/**
 * The catalogue in words, for price books other than the shipped one (whose families all come in
 * the same sizes, a case test/config/aws-rules.test.ts covers): `npm run cost` adds a type to the
 * price book, and the message about an unknown instance type must still list what the app knows.
 */

/** The catalogue of a price book that prices these instance types, in this order. */
const catalogueOf = (types: string[]) => instanceCatalogue({ instanceHour: Object.fromEntries(types.map((type) => [type, { usd: 0.1 }])) });

const allowing = (catalogue: string) =>
  `a type the app knows (${catalogue}), or any EC2 instance type with allowUnknownInstanceTypes set to true`;

test('families that differ in sizes: every type is listed, by family and then by size', () => {
  // t3 and t3a (its Spot alternative) in large and xlarge; t4g, which has no alternative, in medium only.
  expect(catalogueOf(['t4g.medium', 't3.xlarge', 't3.large']).allowed).toBe(
    allowing('t3.large, t3.xlarge, t3a.large, t3a.xlarge, t4g.medium'),
  );
});

test.each<[string, string[], string]>([
  [
    'the named sizes, nano to xlarge, then the multiples',
    ['t4g.2xlarge', 't4g.small', 't4g.nano', 't4g.large', 't4g.micro', 't4g.xlarge', 't4g.medium'],
    'families t4g in sizes nano, micro, small, medium, large, xlarge, 2xlarge',
  ],
  [
    'the multiples by their number, metal last',
    ['m6g.12xlarge', 'm6g.metal', 'm6g.2xlarge', 'm6g.medium', 'm6g.16xlarge', 'm6g.xlarge', 'm6g.8xlarge', 'm6g.large', 'm6g.4xlarge'],
    // m7g is m6g's Spot alternative.
    'families m6g, m7g in sizes medium, large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge, metal',
  ],
])('sizes go from the smallest to the largest, whatever the price book’s order: %s', (_name, types, catalogue) => {
  expect(catalogueOf(types).allowed).toBe(allowing(catalogue));
});

test('families go by the numbers in their names: u-6tb1 before u-12tb1', () => {
  expect(catalogueOf(['u-12tb1.metal', 'u-6tb1.metal']).allowed).toBe(allowing('families u-6tb1, u-12tb1 in sizes metal'));
});

test('the types of the price book and their Spot alternatives are known, and no others', () => {
  const { isKnown } = catalogueOf(['m5.large']);
  // m6i, m6a and m7i are the first three families interchangeable with m5 (lib/cluster/instance-types.ts).
  expect(['m5.large', 'm6i.large', 'm6a.large', 'm7i.large'].filter(isKnown)).toEqual(['m5.large', 'm6i.large', 'm6a.large', 'm7i.large']);
  expect(['m5.xlarge', 'm5a.large', 'c5.large', 'm5large'].filter(isKnown)).toEqual([]);
});

test('a price book entry that is no family.size stops the app, naming the entry', () => {
  expect(() => catalogueOf(['m5.large', 'm5large'])).toThrow(new Error('instance catalogue: "m5large" is not family.size'));
});
