import { credentialsProfile, lifecycleArguments } from '../../scripts/lifecycle/arguments';

describe("the lifecycle commands' own flags", () => {
  test('--purge and --yes are taken out; every other argument goes to the CDK CLI in its order', () => {
    expect(lifecycleArguments(['-c', 'environmentSuffix=pr-1', '--purge', '--require-approval', 'never', '--yes'])).toEqual({
      purge: true,
      yes: true,
      cdkArgs: ['-c', 'environmentSuffix=pr-1', '--require-approval', 'never'],
    });
    expect(lifecycleArguments(['-c', 'environmentSuffix=pr-1'])).toEqual({
      purge: false,
      yes: false,
      cdkArgs: ['-c', 'environmentSuffix=pr-1'],
    });
  });

  test('each flag alone sets only itself', () => {
    expect(lifecycleArguments(['--yes'])).toEqual({ purge: false, yes: true, cdkArgs: [] });
    expect(lifecycleArguments(['--purge'])).toEqual({ purge: true, yes: false, cdkArgs: [] });
  });

  test('a value given to a flag that takes none is refused, naming it', () => {
    expect(() => lifecycleArguments(['--purge=no'])).toThrow('--purge takes no value (given "no")');
  });

  test("the CLI's --profile names the credentials the scripts' own calls use", () => {
    expect(credentialsProfile(['-c', 'environmentSuffix=pr-1', '--profile', 'payments-prod'])).toBe('payments-prod');
    expect(credentialsProfile(['--profile=payments-prod', '--force'])).toBe('payments-prod');
    expect(credentialsProfile(['-c', 'profile=x'])).toBeUndefined();
  });
});
