import { cpuMillicores, memoryBytes } from '../../lib/tenancy/container-defaults';

/**
 * The Kubernetes quantities the configuration's quota check reads (a tenant's quota must admit a
 * defaulted container): what each parses to, and the text each refuses rather than misreads.
 */
describe('cpuMillicores', () => {
  test.each([
    ['2', 2000],
    ['0.5', 500],
    ['0.25', 250],
    ['500m', 500],
    ['1500m', 1500],
  ])('%s is %d millicores', (quantity, millicores) => {
    expect(cpuMillicores(quantity)).toBe(millicores);
  });

  test.each(['', 'two', 'x2', '2x', '2 ', ' 2', '1.', '.5', '2M', '2Mi', '-1'])('%j is not a CPU quantity', (quantity) => {
    expect(cpuMillicores(quantity)).toBeUndefined();
  });
});

describe('memoryBytes', () => {
  test.each([
    ['1024', 1024],
    ['64Ki', 64 * 1024],
    ['512Mi', 512 * 1024 ** 2],
    ['2Gi', 2 * 1024 ** 3],
    ['1Ti', 1024 ** 4],
  ])('%s is %d bytes', (quantity, bytes) => {
    expect(memoryBytes(quantity)).toBe(bytes);
  });

  // Decimal suffixes (M, G) are valid Kubernetes quantities, but the platform's settings use
  // binary ones only: refusing them beats comparing 512M with 512Mi as if equal.
  test.each(['', 'lots', 'x512Mi', '512Mi ', '512M', '1G', '1Pi', '0.5Gi', 'Mi'])('%j is not read as a memory quantity', (quantity) => {
    expect(memoryBytes(quantity)).toBeUndefined();
  });
});
