import { ConfigError, loadConfig } from '../../lib/config/load';
import { internalCertificateSettings, synthesize } from '../support/synth';
import { resourcesOfType } from '../support/template';

/**
 * O1: production keeps its audit trail on `cdk destroy`; an ephemeral
 * environment leaves nothing. What is kept must be adoptable by the next deploy's
 * --import-existing-resources, which CloudFormation allows only for a resource with a static
 * name and a Retain deletion policy.
 */
const KEPT = ['/aws/eks/fintech-eks-dev/cluster', '/aws/vpc/fintech-eks-dev/flow-logs', '/aws/eks/fintech-eks-dev/containers'];

function retained(context: Record<string, string>): string[] {
  const { template } = synthesize(context);
  return Object.entries(template.toJSON().Resources as Record<string, any>)
    .filter(([, r]) => r.DeletionPolicy !== undefined && r.DeletionPolicy !== 'Delete')
    .map(([, r]) => (r.Type === 'AWS::Logs::LogGroup' ? r.Properties.LogGroupName : r.Type));
}

describe('retainOnDelete (O1)', () => {
  test('defaults: true for production, false for ephemeral; a setting overrides either', () => {
    const noFile = () => '';
    expect(loadConfig({ platformProfile: 'production', ...internalCertificateSettings() }, noFile).retainOnDelete).toBe(true);
    expect(loadConfig({ platformProfile: 'ephemeral' }, noFile).retainOnDelete).toBe(false);
    const kept = loadConfig({ platformProfile: 'production', retainOnDelete: 'false', ...internalCertificateSettings() }, noFile);
    expect(kept.retainOnDelete).toBe(false);
    expect(loadConfig({ platformProfile: 'ephemeral', retainOnDelete: true }, noFile).retainOnDelete).toBe(true);
  });

  test('anything but a boolean is refused, naming the setting, the value and what is allowed', () => {
    expect(() => loadConfig({ retainOnDelete: 'yes' }, () => '')).toThrow(ConfigError);
    expect(() => loadConfig({ retainOnDelete: 'yes' }, () => '')).toThrow(
      '"retainOnDelete" is "yes"; allowed: true or false ' +
        '(true keeps the control-plane, flow-log and container log groups and the platform key when the stack is destroyed)',
    );
  });

  test('ephemeral: every resource goes with the stack', () => {
    expect(retained({ platformProfile: 'ephemeral' })).toEqual([]);
  });

  test('production: the control-plane, flow-log and container log groups and the key are kept, nothing else', () => {
    expect(retained({ platformProfile: 'production' }).sort()).toEqual([...KEPT, 'AWS::KMS::Key'].sort());
  });

  test('production with retainOnDelete=false keeps nothing', () => {
    expect(retained({ platformProfile: 'production', retainOnDelete: 'false' })).toEqual([]);
  });

  test('production: each kept log group can be adopted by a re-deploy (static name, Retain on delete and on replacement)', () => {
    const { template } = synthesize({ platformProfile: 'production' });
    const groups = resourcesOfType(template, 'AWS::Logs::LogGroup').filter(([, g]) => KEPT.includes(g.Properties.LogGroupName));
    expect(groups).toHaveLength(3);
    for (const [, group] of groups) {
      expect(typeof group.Properties.LogGroupName).toBe('string');
      expect(group).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  test('production: the key is kept but its alias goes, so a re-deploy can create its new key under the same alias', () => {
    const { template } = synthesize({ platformProfile: 'production' });
    const [[, alias]] = resourcesOfType(template, 'AWS::KMS::Alias');
    expect(alias.DeletionPolicy ?? 'Delete').toBe('Delete');
    expect(alias.Properties.AliasName).toBe('alias/eks-secrets-dev');
  });
});
