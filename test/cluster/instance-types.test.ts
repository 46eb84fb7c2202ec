import { defaultSpotAlternatives, sameShape } from '../../lib/cluster/instance-types';

describe('defaultSpotAlternatives', () => {
  test('offers the next three families of the same size from the interchangeable group', () => {
    expect(defaultSpotAlternatives('m5.large')).toEqual(['m6i.large', 'm6a.large', 'm7i.large']);
    expect(defaultSpotAlternatives('c6a.2xlarge')).toEqual(['c5.2xlarge', 'c6i.2xlarge', 'c7i.2xlarge']);
    expect(defaultSpotAlternatives('t3.medium')).toEqual(['t3a.medium']);
  });

  test('gives a Spot group on an AMD family of an older or newer generation the current Intel and AMD pools', () => {
    expect(defaultSpotAlternatives('m5a.large')).toEqual(['m5.large', 'm6i.large', 'm6a.large']);
    expect(defaultSpotAlternatives('m7a.xlarge')).toEqual(['m5.xlarge', 'm6i.xlarge', 'm6a.xlarge']);
    expect(defaultSpotAlternatives('c5a.large')).toEqual(['c5.large', 'c6i.large', 'c6a.large']);
    expect(defaultSpotAlternatives('c7a.2xlarge')).toEqual(['c5.2xlarge', 'c6i.2xlarge', 'c6a.2xlarge']);
  });

  test('gives memory-optimised families alternatives as it does general-purpose ones', () => {
    expect(defaultSpotAlternatives('r5.large')).toEqual(['r6i.large', 'r6a.large', 'r7i.large']);
    expect(defaultSpotAlternatives('r7i.4xlarge')).toEqual(['r5.4xlarge', 'r6i.4xlarge', 'r6a.4xlarge']);
    expect(defaultSpotAlternatives('r5a.xlarge')).toEqual(['r5.xlarge', 'r6i.xlarge', 'r6a.xlarge']);
    expect(defaultSpotAlternatives('r7a.large')).toEqual(['r5.large', 'r6i.large', 'r6a.large']);
  });

  test('gives Graviton compute and memory families the other Graviton generation, never an x86 one', () => {
    expect(defaultSpotAlternatives('c6g.large')).toEqual(['c7g.large']);
    expect(defaultSpotAlternatives('c7g.xlarge')).toEqual(['c6g.xlarge']);
    expect(defaultSpotAlternatives('r6g.large')).toEqual(['r7g.large']);
    expect(defaultSpotAlternatives('r7g.2xlarge')).toEqual(['r6g.2xlarge']);
  });

  test('offers none for a family without alternatives or outside the table', () => {
    expect(defaultSpotAlternatives('t4g.small')).toEqual([]);
    expect(defaultSpotAlternatives('x2idn.large')).toEqual([]);
  });

  test('offers none for text that is not family.size', () => {
    expect(defaultSpotAlternatives('m5')).toEqual([]);
    expect(defaultSpotAlternatives('')).toEqual([]);
  });
});

describe('sameShape', () => {
  test('holds for the same size in families of the same kind and architecture', () => {
    expect(sameShape('m5.large', 'm6i.large')).toBe(true);
    expect(sameShape('m6g.xlarge', 'm7g.xlarge')).toBe(true);
    expect(sameShape('c5.2xlarge', 'c7a.2xlarge')).toBe(true);
  });

  test('fails for another size', () => {
    expect(sameShape('m5.large', 'm5.xlarge')).toBe(false);
  });

  test('fails for another kind of family of the same size and architecture', () => {
    expect(sameShape('m5.large', 'c5.large')).toBe(false);
    expect(sameShape('m5.large', 'r5.large')).toBe(false);
  });

  test('compares the kind by the letters before the generation digit', () => {
    expect(sameShape('m5.large', 'm5a.large')).toBe(true);
    expect(sameShape('m5.large', 'm5d.large')).toBe(true);
    expect(sameShape('m5.large', 'mx5.large')).toBe(false);
  });

  test('fails across architectures', () => {
    expect(sameShape('m6i.large', 'm6g.large')).toBe(false);
    expect(sameShape('m7g.large', 'm7i.large')).toBe(false);
  });

  test('fails for text that is not family.size', () => {
    expect(sameShape('m5', 'm5.large')).toBe(false);
    expect(sameShape('m5.large', 'm5')).toBe(false);
    expect(sameShape('m5', 'm5')).toBe(false);
  });
});
