import { resourcesOfType } from '../support/template';
import { lazily, synthesize } from '../support/synth';

describe('rules notifying the alarm topic', () => {
  // Two rules: the break-glass alarm and the GuardDuty findings, each a construct named `Rule`.
  const { template } = synthesize({ environmentSuffix: 'pr7', breakGlassRoleArn: 'arn:aws:iam::123456789012:role/BreakGlass' });
  // Read inside the tests (lazily): taken while the file loads, it would be stale for every mutant.
  const rules = lazily(() => resourcesOfType(template, 'AWS::Events::Rule').map(([, r]) => r.Properties.Name as string));
  const statementsFor = (type: string, action: string) =>
    resourcesOfType(template, type)
      .flatMap(([, r]) => (r.Properties.PolicyDocument ?? r.Properties.KeyPolicy).Statement)
      .filter((s: any) => s.Principal?.Service === 'events.amazonaws.com' && [s.Action].flat().includes(action));

  test.each([
    ['AWS::SNS::TopicPolicy', 'sns:Publish'],
    ['AWS::KMS::Key', 'kms:GenerateDataKey*'],
  ])('%s admits EventBridge once per rule, each statement with its own Sid', (type, action) => {
    expect(rules()).toHaveLength(2);
    const statements = statementsFor(type, action);
    expect(statements).toHaveLength(2);
    expect(new Set(statements.map((s: any) => s.Sid)).size).toBe(2);
    const ruleNames = statements.map((s: any) => JSON.stringify(s.Condition.StringEquals['aws:SourceArn']));
    for (const name of rules()) expect(ruleNames.filter((arn: string) => arn.includes(`rule/${name}`))).toHaveLength(1);
  });
});
