/**
 * The catalogue in words, for price books other than the shipped one (whose families all come in
 * the same sizes, a case test/config/aws-rules.test.ts covers): `npm run cost` adds a type to the
 * price book, and the message about an unknown instance type must still list what the app knows.
 */
type Catalogue = typeof import('../../lib/config/instance-catalogue');

const PRICE_BOOK = '../../lib/shared/prices/ap-southeast-1.json';

/** Imports the catalogue afresh, built from a price book of these instance types. */
async function catalogueOf(types: string[]): Promise<Catalogue> {
  let catalogue: Catalogue | undefined;
  try {
    await jest.isolateModulesAsync(async () => {
      jest.doMock(PRICE_BOOK, () => ({ instanceHour: Object.fromEntries(types.map((type) => [type, { usd: 0.1 }])) }));
      catalogue = await import('../../lib/config/instance-catalogue');
    });
  } finally {
    jest.dontMock(PRICE_BOOK);
  }
  return catalogue!;
}

test('families that differ in sizes: every type is listed, by family and then by size', async () => {
  // t3 and t3a (its Spot alternative) in large and xlarge; t4g, which has no alternative, in medium only.
  const { INSTANCE_CATALOGUE_ALLOWED } = await catalogueOf(['t4g.medium', 't3.xlarge', 't3.large']);
  expect(INSTANCE_CATALOGUE_ALLOWED).toBe(
    'a type the app knows (t3.large, t3.xlarge, t3a.large, t3a.xlarge, t4g.medium), ' +
      'or any EC2 instance type with allowUnknownInstanceTypes set to true',
  );
});

test('a price book entry that is no family.size stops the app, naming the entry', async () => {
  await expect(catalogueOf(['m5.large', 'm5large'])).rejects.toThrow(new Error('instance catalogue: "m5large" is not family.size'));
});
