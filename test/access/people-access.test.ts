import { resourcesOfType, shippedObjects } from '../support/template';
import { lazily, synthesize } from '../support/synth';
import { AUDITOR_ROLE, BREAK_GLASS_ROLE, PEOPLE_SETTINGS, personRole } from '../support/people';
import { matchesEventPattern, transformedInput } from '../support/event-pattern';

const KUBECTL_ENTRIES = 1;
/** CloudTrail's record of an STS call assuming `roleArn`, as EventBridge delivers it (CloudTrail User Guide). */
function assumption(roleArn: string, eventName = 'AssumeRole') {
  return {
    version: '0',
    id: '6f3c1a2b-8d4e-4f5a-9b6c-7d8e9f0a1b2c',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.sts',
    account: '123456789012',
    time: '2026-12-04T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      eventVersion: '1.08',
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/OnCall/jane@example.com' },
      eventTime: '2026-12-04T10:00:00Z',
      eventSource: 'sts.amazonaws.com',
      eventName,
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.7',
      requestParameters: { roleArn, roleSessionName: 'jane-incident-42' },
      readOnly: true,
    },
  };
}

const breakGlassRules = (template: Parameters<typeof resourcesOfType>[0]) =>
  resourcesOfType(template, 'AWS::Events::Rule').filter(([, r]) => String(r.Properties.Name).endsWith('-break-glass-assumed'));

describe('people: access entries, RBAC and the break-glass alarm', () => {
  const { template } = synthesize(PEOPLE_SETTINGS);
  // Read inside the tests: taken at load, they would be stale for every mutant of a mutation run.
  const entries = lazily(() => resourcesOfType(template, 'AWS::EKS::AccessEntry').map(([, r]) => r.Properties));
  const entryOf = (role: string) => {
    const found = entries().filter((e) => e.PrincipalArn === role);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const objects = lazily(() => shippedObjects(template).map((s) => s.object as any));

  test('each tenant and auditor role has one STANDARD entry naming its groups, and no EKS access policy', () => {
    expect(entries()).toHaveLength(KUBECTL_ENTRIES + 6 + 1 + 1);
    expect(entryOf(personRole('DevDevelopers'))).toEqual({
      ClusterName: expect.anything(),
      PrincipalArn: personRole('DevDevelopers'),
      Type: 'STANDARD',
      KubernetesGroups: ['tenant:dev:developer'],
      Tags: expect.anything(),
    });
    expect(entryOf(personRole('ProdDeployer')).KubernetesGroups).toEqual(['tenant:prod:deployer']);
    expect(entryOf(personRole('ProdViewers')).KubernetesGroups).toEqual(['tenant:prod:viewer']);
    expect(entryOf(AUDITOR_ROLE)).toMatchObject({ KubernetesGroups: ['platform:auditor'], Type: 'STANDARD' });
    for (const role of [
      ...['Dev', 'Prod'].flatMap((t) => ['Developers', 'Viewers', 'Deployer'].map((k) => personRole(t + k))),
      AUDITOR_ROLE,
    ]) {
      expect({ role, policies: entryOf(role).AccessPolicies }).toEqual({ role, policies: undefined });
    }
  });

  test('the break-glass role is cluster-admin through its own entry, with no Kubernetes group', () => {
    const entry = entryOf(BREAK_GLASS_ROLE);
    expect(entry.KubernetesGroups).toBeUndefined();
    expect(entry.AccessPolicies).toEqual([
      {
        PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy']] },
        AccessScope: { Type: 'cluster' },
      },
    ]);
  });

  test('a role named in two tenants gets one entry with both groups', () => {
    const shared = personRole('OnCall');
    const { template: merged } = synthesize({ tenants: { dev: { developers: [shared] }, prod: { viewers: [shared] } } });
    const found = resourcesOfType(merged, 'AWS::EKS::AccessEntry').filter(([, r]) => r.Properties.PrincipalArn === shared);
    expect(found.map(([, r]) => r.Properties.KubernetesGroups)).toEqual([['tenant:dev:developer', 'tenant:prod:viewer']]);
  });

  test('tenant groups are bound only by RoleBindings in their own namespace; only the auditors are bound cluster-wide', () => {
    const subjectsOf = (o: any) => o.subjects.map((s: any) => s.name);
    const roleBindings = objects().filter((o) => o.kind === 'RoleBinding');
    expect(roleBindings.map((o) => [o.metadata.namespace, o.roleRef.name, subjectsOf(o)]).sort()).toEqual(
      [
        ['dev', 'platform:tenant-deployer', ['tenant:dev:deployer']],
        ['dev', 'platform:tenant-developer', ['tenant:dev:developer']],
        ['dev', 'platform:tenant-viewer', ['tenant:dev:viewer']],
        ['prod', 'platform:tenant-deployer', ['tenant:prod:deployer']],
        ['prod', 'platform:tenant-developer-restricted', ['tenant:prod:developer']],
        ['prod', 'platform:tenant-viewer', ['tenant:prod:viewer']],
      ].sort(),
    );
    const clusterBindings = objects().filter((o) => o.kind === 'ClusterRoleBinding' && o.roleRef.name.startsWith('platform:'));
    expect(clusterBindings.map((o) => [o.roleRef.name, subjectsOf(o)])).toEqual([['platform:auditor', ['platform:auditor']]]);
  });

  test('no rule of a people ClusterRole names Secrets or a wildcard', () => {
    const roles = objects().filter((o) => o.kind === 'ClusterRole' && o.metadata.name.startsWith('platform:'));
    expect(roles.map((o) => o.metadata.name).sort()).toEqual([
      'platform:auditor',
      'platform:tenant-deployer',
      'platform:tenant-developer',
      'platform:tenant-developer-restricted',
      'platform:tenant-viewer',
    ]);
    for (const role of roles) {
      for (const rule of role.rules) {
        expect({
          role: role.metadata.name,
          rule: [...rule.apiGroups, ...rule.resources, ...rule.verbs].filter((x: string) => x === '*' || x === 'secrets'),
        }).toEqual({
          role: role.metadata.name,
          rule: [],
        });
      }
    }
  });

  test('assuming the break-glass role, by any of the three STS calls, notifies the alarm topic', () => {
    const [[, rule]] = breakGlassRules(template);
    expect(rule.Properties.State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.sts'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: {
        eventSource: ['sts.amazonaws.com'],
        eventName: ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity'],
        requestParameters: { roleArn: [BREAK_GLASS_ROLE] },
      },
    });
    const [topicId] = resourcesOfType(template, 'AWS::SNS::Topic').map(([id]) => id);
    expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: { Ref: topicId } })]);
  });

  test('without people the template has no people entry, no people RBAC and no rule', () => {
    const bare = synthesize({}).template;
    expect(resourcesOfType(bare, 'AWS::EKS::AccessEntry')).toHaveLength(KUBECTL_ENTRIES);
    expect(breakGlassRules(bare)).toHaveLength(0);
    expect(shippedObjects(bare).filter((s) => String(s.object.metadata?.name).startsWith('platform:tenant'))).toEqual([]);
  });

  test('the on-call reads whose assumption of the break-glass role, from where, when, and the runbook', () => {
    const [[, rule]] = breakGlassRules(template);
    const [target] = rule.Properties.Targets;
    expect(transformedInput(target.InputTransformer, assumption(BREAK_GLASS_ROLE, 'AssumeRoleWithSAML'))).toBe(
      'ALARM: the break-glass role arn:aws:iam::123456789012:role/BreakGlass (cluster-admin of fintech-eks-dev) was assumed ' +
        'by arn:aws:sts::123456789012:assumed-role/OnCall/jane@example.com from 203.0.113.7 at 2026-12-04T10:00:00Z ' +
        '(AssumeRoleWithSAML, session jane-incident-42). Runbook: docs/operations/break-glass.md',
    );
  });

  test("an assumption of the break-glass role matches the rule; another role's does not", () => {
    const [[, rule]] = breakGlassRules(template);
    expect(matchesEventPattern(rule.Properties.EventPattern, assumption(BREAK_GLASS_ROLE))).toBe(true);
    expect(matchesEventPattern(rule.Properties.EventPattern, assumption(personRole('DevDevelopers')))).toBe(false);
    expect(matchesEventPattern(rule.Properties.EventPattern, assumption(BREAK_GLASS_ROLE, 'GetSessionToken'))).toBe(false);
  });

  test("the rule says what it alarms on, in EventBridge's list of rules", () => {
    const [[, rule]] = breakGlassRules(template);
    expect(rule.Properties.Description).toBe('Alarm: the break-glass role of fintech-eks-dev was assumed');
  });
});
