import { directDependencies, transitiveDependencies } from '../../scripts/bench/dependencies';
import { lazily, synthesize } from '../support/synth';
import { resourcesOfType, statementsOf } from '../support/template';

/**
 * O1: every log group a Lambda function of the stack writes is the stack's own,
 * encrypted, with retention, there before the first invocation, and cannot come back while
 * CloudFormation deletes the stack. Checked for every function the template holds, whoever
 * made it (CDK's singleton providers included), in both profiles.
 */

const PROFILES = { ephemeral: 7, production: 365 } as const;

for (const [profile, retentionDays] of Object.entries(PROFILES)) {
  describe(`Lambda log groups (${profile})`, () => {
    const synthesized = synthesize({ platformProfile: profile });
    const { template } = synthesized;
    // Read inside the tests (lazily): read while the file loads, the template would be read once,
    // before any mutant is switched on, and stale for every mutant of a mutation run. For the
    // same reason the functions are not known when the tests are declared: each check is one
    // test that goes through all of them, naming the one that fails.
    const resources = lazily(() => template.toJSON().Resources as Record<string, any>);
    const functions = lazily(() => resourcesOfType(template, 'AWS::Lambda::Function'));
    const keyId = lazily(() => resourcesOfType(template, 'AWS::KMS::Key')[0][0]);
    const graph = lazily(() => directDependencies(template.toJSON()));
    const logGroupOf = (fn: any): string => fn.Properties.LoggingConfig?.LogGroup?.Ref;
    /** Runs a check for each function of the template; a failure names the function. */
    const forEachFunction = (check: (id: string) => void) => {
      for (const [id] of functions()) {
        try {
          check(id);
        } catch (error) {
          if (error instanceof Error) error.message = `${id}: ${error.message}`;
          throw error;
        }
      }
    };

    test('the stack has its Lambda functions (the kubectl handler and provider, CDK singletons, the parameter writer)', () => {
      expect(functions().length).toBeGreaterThanOrEqual(5);
    });

    test('each function logs to a group of the stack: named, encrypted, with retention, deleted with it', () => {
      forEachFunction((id) => {
        const groupId = logGroupOf(resources()[id]);
        expect(resources()[groupId]?.Type).toBe('AWS::Logs::LogGroup');
        const group = resources()[groupId];
        expect(group.Properties).toMatchObject({
          KmsKeyId: { 'Fn::GetAtt': [keyId(), 'Arn'] },
          RetentionInDays: retentionDays,
        });
        expect(group.Properties.LogGroupName).toMatch(/^\/aws\/lambda\/fintech-eks-dev\/[\w\-/.#]+$/);
        expect(group.DeletionPolicy).toBe('Delete');
      });
    });

    test('every log group of the template is under a prefix of the environment, where the clean-up scripts look', () => {
      const names = resourcesOfType(template, 'AWS::Logs::LogGroup').map(([, g]) => g.Properties.LogGroupName);
      const prefixes = [
        '/aws/eks/fintech-eks-dev/',
        '/aws/vpc/fintech-eks-dev/',
        '/aws/containerinsights/fintech-eks-dev/',
        '/aws/lambda/fintech-eks-dev/',
      ];
      expect(synthesized.config.names.logGroupPrefixes).toEqual(prefixes);
      for (const name of names) expect([name, prefixes.some((prefix) => name.startsWith(prefix))]).toEqual([name, true]);
    });

    test('no two functions share a log group', () => {
      const groups = functions().map(([, fn]) => logGroupOf(fn));
      expect(new Set(groups).size).toBe(functions().length);
    });

    test('no function can create a log group, and each writes only its own', () => {
      forEachFunction((id) => {
        const roleId = resources()[id].Properties.Role['Fn::GetAtt'][0];
        const role = resources()[roleId];
        // Both AWS-managed Lambda policies grant log writes on `*`.
        expect(JSON.stringify(role.Properties.ManagedPolicyArns ?? [])).not.toMatch(
          /AWSLambdaBasicExecutionRole|AWSLambdaVPCAccessExecutionRole/,
        );
        const attached = Object.values(resources()).filter(
          (r: any) =>
            ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy'].includes(r.Type) &&
            JSON.stringify(r.Properties.Roles ?? []).includes(`"${roleId}"`),
        );
        const byRole = (role.Properties.ManagedPolicyArns ?? []).flatMap((arn: any) => (arn.Ref ? [resources()[arn.Ref]] : []));
        const statements = [...attached, ...byRole]
          .map((p: any) => p.Properties.PolicyDocument)
          .concat((role.Properties.Policies ?? []).map((p: any) => p.PolicyDocument))
          .flatMap(statementsOf);
        expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: ['logs:CreateLogGroup'], Resource: ['*'] }));
        const logAllows = statements.filter((s) => s.Effect === 'Allow' && s.Action.some((a) => a === '*' || a.startsWith('logs:')));
        for (const statement of logAllows) {
          expect(statement.Action).not.toContain('logs:CreateLogGroup');
          expect(statement.Resource).toEqual([{ 'Fn::GetAtt': [logGroupOf(resources()[id]), 'Arn'] }]);
        }
      });
    });

    test('every custom resource is created after, and deleted before, the log group of each function it invokes', () => {
      const customResources = Object.entries(resources()).filter(
        ([, r]) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource',
      );
      expect(customResources.length).toBeGreaterThan(0);
      const functionIds = new Set(functions().map(([id]) => id));
      for (const [id] of customResources) {
        const waitsFor = transitiveDependencies(graph(), id);
        const invoked = [...waitsFor].filter((dep) => functionIds.has(dep));
        expect(invoked.length).toBeGreaterThan(0);
        for (const fn of invoked) expect([id, fn, waitsFor.has(logGroupOf(resources()[fn]))]).toEqual([id, fn, true]);
      }
    });
  });
}
