import { loadConfig } from '../../lib/config/load';
import type { DeployedTemplate, EnvironmentAws } from '../../scripts/lifecycle/leftovers';
import { DeployedStack, deployedStack, settingsConflict } from '../../scripts/lifecycle/preflight';
import { internalCertificateSettings, lazily } from '../support/synth';

/**
 * The checks before deploy and destroy change anything, on their own: what is read of the
 * deployed stack, and when its settings are taken for the ones given. lifecycle.test.ts drives
 * them through the commands against the stand-in account.
 */
// Loaded inside the tests (lazily): loaded while the file loads, the configuration would be
// loaded once, before any mutant of lib/config is switched on, for every mutant of a mutation run.
const ephemeral = lazily(() => loadConfig({ environmentSuffix: 'pr-7' }, () => ''));
const production = lazily(() =>
  loadConfig({ environmentSuffix: 'pr-7', platformProfile: 'production', ...internalCertificateSettings() }, () => ''),
);
const STACK = 'FintechEksPlatform-pr-7';
const KEPT = ['/aws/eks/fintech-eks-pr-7/cluster', '/aws/eks/fintech-eks-pr-7/containers', '/aws/vpc/fintech-eks-pr-7/flow-logs'];

function deployed(template: DeployedTemplate): Promise<DeployedStack | undefined> {
  const aws = {
    stackStatus: () => Promise.resolve('UPDATE_COMPLETE'),
    stackTemplate: () => Promise.resolve(template),
  } as Partial<EnvironmentAws> as EnvironmentAws;
  return deployedStack(aws, STACK);
}

const logGroup = (name: string | undefined, deletionPolicy?: string) => ({
  Type: 'AWS::Logs::LogGroup',
  ...(deletionPolicy === undefined ? {} : { DeletionPolicy: deletionPolicy }),
  Properties: name === undefined ? { RetentionInDays: 365 } : { LogGroupName: name },
});

function stack(settings: Record<string, unknown> | undefined, keptLogGroups: string[] = [], keptUnnamed: string[] = []): DeployedStack {
  return { status: 'UPDATE_COMPLETE', settings, keptLogGroups, keptUnnamed, template: {} };
}

describe('the deployed stack, as its template has it', () => {
  test('kept: a log group whose DeletionPolicy is not Delete; one without a DeletionPolicy goes; unnamed ones apart', async () => {
    const found = await deployed({
      Metadata: { FintechEksPlatformSettings: { profile: 'production', retainOnDelete: true } },
      Resources: {
        Flow: logGroup('/aws/vpc/fintech-eks-pr-7/flow-logs', 'Retain'),
        Cluster: logGroup('/aws/eks/fintech-eks-pr-7/cluster', 'Snapshot'),
        Lambda: logGroup('/aws/lambda/fintech-eks-pr-7/handler'),
        Gone: logGroup('/aws/lambda/fintech-eks-pr-7/other', 'Delete'),
        Unnamed: logGroup(undefined, 'Retain'),
        Key: { Type: 'AWS::KMS::Key', DeletionPolicy: 'Retain', Properties: {} },
      },
    });
    expect(found).toMatchObject({
      status: 'UPDATE_COMPLETE',
      settings: { profile: 'production', retainOnDelete: true },
      keptLogGroups: ['/aws/eks/fintech-eks-pr-7/cluster', '/aws/vpc/fintech-eks-pr-7/flow-logs'],
      keptUnnamed: ['Unnamed'],
    });
  });

  test('a stack another deploy is creating (REVIEW_IN_PROGRESS) has no template to read yet, and keeps nothing', async () => {
    const stackTemplate = jest.fn(() => Promise.resolve({}));
    const aws = { stackStatus: () => Promise.resolve('REVIEW_IN_PROGRESS'), stackTemplate } as Partial<EnvironmentAws> as EnvironmentAws;
    expect(await deployedStack(aws, STACK)).toEqual({ status: 'REVIEW_IN_PROGRESS', keptLogGroups: [], keptUnnamed: [], template: {} });
    expect(stackTemplate).not.toHaveBeenCalled();
  });

  test.each([
    ['null', null],
    ['a string', 'production'],
  ])('recorded settings that are %s are no settings', async (_, recorded) => {
    const found = await deployed({ Metadata: { FintechEksPlatformSettings: recorded }, Resources: {} });
    expect(found?.settings).toBeUndefined();
  });
});

describe('whether the deployed stack is what the settings describe', () => {
  test('same profile, retainOnDelete and kept groups: no conflict', () => {
    expect(settingsConflict(stack({ profile: 'production', retainOnDelete: true }, KEPT), production())).toBeUndefined();
    expect(settingsConflict(stack({ profile: 'ephemeral', retainOnDelete: false }), ephemeral())).toBeUndefined();
  });

  test('another profile alone is a conflict', () => {
    expect(settingsConflict(stack({ profile: 'production', retainOnDelete: false }), ephemeral())).toBe(
      `${STACK} was deployed with platformProfile production, retainOnDelete false (its template keeps no log group); ` +
        'these settings: platformProfile ephemeral, retainOnDelete false (keeps no log group). ' +
        'Give the settings it was deployed with (the same -c values or configFile); nothing was changed',
    );
  });

  test('another retainOnDelete alone is a conflict', () => {
    expect(settingsConflict(stack({ profile: 'ephemeral', retainOnDelete: true }), ephemeral())).toMatch(
      /^FintechEksPlatform-pr-7 was deployed with platformProfile ephemeral, retainOnDelete true /,
    );
  });

  test('other kept log groups alone are a conflict', () => {
    expect(settingsConflict(stack({ profile: 'production', retainOnDelete: true }, KEPT.slice(0, 2)), production())).toMatch(
      /\(its template keeps \/aws\/eks\/fintech-eks-pr-7\/cluster, \/aws\/eks\/fintech-eks-pr-7\/containers\); /,
    );
  });

  test('a template that records no settings: refused, saying why', () => {
    expect(settingsConflict(stack(undefined), ephemeral())).toBe(
      `${STACK} records no FintechEksPlatformSettings in its template: it was not deployed by this version of the platform, ` +
        'so what it keeps cannot be told from what it leaves; nothing was changed',
    );
  });

  test('kept log groups without a name in the template: refused, naming them', () => {
    expect(settingsConflict(stack({ profile: 'ephemeral', retainOnDelete: false }, [], ['Audit', 'Trail']), ephemeral())).toBe(
      `${STACK} keeps log groups whose names its template does not spell out (Audit, Trail): ` +
        'they cannot be told from leftovers; nothing was changed',
    );
  });
});
