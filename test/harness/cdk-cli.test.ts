import { contextFromArgs } from '../../scripts/cdk-cli';

describe('reading the context among CDK arguments', () => {
  test('-c, --context and --context= pairs are read; other flags are left to cdk', () => {
    expect(
      contextFromArgs([
        '-c',
        'environmentSuffix=pr42',
        '--profile',
        'ci',
        '--context',
        'platformProfile=production',
        '--context=tags={"a":"b=c"}',
        '--verbose',
      ]),
    ).toEqual({ environmentSuffix: 'pr42', platformProfile: 'production', tags: '{"a":"b=c"}' });
  });

  test('a pair without a key or a flag without its pair is refused', () => {
    expect(() => contextFromArgs(['-c', 'environmentSuffix'])).toThrow('context "environmentSuffix" is not of the form key=value');
    expect(() => contextFromArgs(['-c'])).toThrow('-c needs a key=value after it');
  });
});
