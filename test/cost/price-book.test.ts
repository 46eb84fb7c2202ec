import { loadPriceBook } from '../../scripts/cost/price-book';
import { lazily } from '../support/synth';

// Loaded on a test's first read: loaded while the file loads, the book (code under test) would be
// the same for every mutant of a mutation run (test/support/synth.ts).
const book = lazily(() => loadPriceBook('ap-southeast-1'));

/**
 * Linux On-Demand USD/hour in ap-southeast-1, written here from the source, not from the book:
 * github.com/skypilot-org/skypilot-catalog, catalogs/v7/aws/vms.csv at commit
 * 001367d22a0033fac286a8c71aeac7109e431bcb (column Price of the ap-southeast-1 rows), read 2026-11-27.
 */
const READ_FROM_CATALOG: Record<string, [large: number, xlarge: number, x2large: number, x4large: number]> = {
  m5: [0.12, 0.24, 0.48, 0.96],
  m6i: [0.12, 0.24, 0.48, 0.96],
  m7i: [0.126, 0.252, 0.504, 1.008],
  m6a: [0.108, 0.216, 0.432, 0.864],
  m6g: [0.096, 0.192, 0.384, 0.768],
  m7g: [0.102, 0.204, 0.408, 0.816],
  c5: [0.098, 0.196, 0.392, 0.784],
  c6i: [0.098, 0.196, 0.392, 0.784],
  c7i: [0.1029, 0.2058, 0.4116, 0.8232],
  c6a: [0.0882, 0.1764, 0.3528, 0.7056],
  c7g: [0.0833, 0.1666, 0.3332, 0.6664],
  r6i: [0.152, 0.304, 0.608, 1.216],
  r6a: [0.1368, 0.2736, 0.5472, 1.0944],
  r6g: [0.1216, 0.2432, 0.4864, 0.9728],
};
const SIZES = ['large', 'xlarge', '2xlarge', '4xlarge'] as const;

describe('the price book’s instance prices', () => {
  test.each(Object.entries(READ_FROM_CATALOG))('%s, large to 4xlarge, are the prices read from the catalog', (family, prices) => {
    expect(SIZES.map((size) => book().instanceHour[`${family}.${size}`]?.usd)).toEqual(prices);
  });

  test('general purpose, compute and memory optimised are each covered by Intel, AMD and Graviton', () => {
    const families = new Set(Object.keys(book().instanceHour).map((type) => type.split('.')[0]));
    for (const kind of ['m', 'c', 'r']) {
      expect([...families].filter((family) => family.startsWith(kind) && family.endsWith('i')).length).toBeGreaterThan(0);
      expect([...families].filter((family) => family.startsWith(kind) && family.endsWith('a')).length).toBeGreaterThan(0);
      expect([...families].filter((family) => family.startsWith(kind) && family.endsWith('g')).length).toBeGreaterThan(0);
    }
  });

  test('no price is a guess: each names where it was read and when', () => {
    for (const [type, price] of Object.entries(book().instanceHour)) {
      expect({ type, evidence: price.evidence }).not.toEqual({
        type,
        evidence: expect.stringMatching(/recalled|not confirmed|vcpu ratio|in proportion to its vcpus/i),
      });
      expect({ type, evidence: price.evidence }).toEqual({
        type,
        evidence: expect.stringMatching(/github\.com\/[\w.-]+\/[\w.-]+|https?:\/\//),
      });
      expect({ type, takenOn: price.takenOn }).toEqual({ type, takenOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    }
  });

  test('m7a is not in the book: the catalog lists no ap-southeast-1 row for it (its old $0.1449 was the ap-southeast-2 price)', () => {
    expect(Object.keys(book().instanceHour).filter((type) => type.startsWith('m7a.'))).toEqual([]);
  });

  test('each Spot saving names the commit of the Spot Instance Advisor copy it was read from', () => {
    for (const [type, spot] of Object.entries(book().spotSavings)) {
      expect({ type, evidence: spot.evidence }).toEqual({
        type,
        evidence: expect.stringContaining('5eedf20a99614443af215f4aaf09bd10805cac72'),
      });
    }
  });
});
