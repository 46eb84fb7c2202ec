import { resourcesOfType } from '../support/template';
import { lazily, synthesize } from '../support/synth';
import { matchesEventPattern, transformedInput } from '../support/event-pattern';

const CLUSTER = 'fintech-eks-pr7';

/** A GuardDuty finding as EventBridge delivers it (GuardDuty User Guide, "EventBridge event format"), about one EKS cluster. */
function finding(clusterName: string | undefined, type = 'PrivilegeEscalation:Kubernetes/PrivilegedContainer') {
  return {
    version: '0',
    id: 'c8c4daa7-a20c-2f03-0070-b7393dd542ad',
    'detail-type': 'GuardDuty Finding',
    source: 'aws.guardduty',
    account: '123456789012',
    time: '2026-12-04T10:00:00Z',
    region: 'ap-southeast-1',
    resources: [],
    detail: {
      schemaVersion: '2.0',
      accountId: '123456789012',
      region: 'ap-southeast-1',
      id: '16afba5c5c43e07c9e3e5e2e544e95df',
      type,
      severity: 5,
      title: 'Privileged container launched.',
      updatedAt: '2026-12-04T09:59:30.000Z',
      resource: {
        resourceType: clusterName ? 'EKSCluster' : 'Instance',
        ...(clusterName
          ? {
              eksClusterDetails: {
                name: clusterName,
                arn: `arn:aws:eks:ap-southeast-1:123456789012:cluster/${clusterName}`,
                status: 'ACTIVE',
              },
              kubernetesDetails: { kubernetesWorkloadDetails: { name: 'web', namespace: 'prod', type: 'pods' } },
            }
          : { instanceDetails: { instanceId: 'i-0123456789abcdef0' } }),
      },
    },
  };
}

describe("this cluster's GuardDuty findings page the alarm topic (O10)", () => {
  const { template } = synthesize({ environmentSuffix: 'pr7' });
  // Read inside the tests (lazily): read while the file loads, the template would be read once,
  // before any mutant is switched on, and stale for every mutant of a mutation run.
  const rules = lazily(() =>
    resourcesOfType(template, 'AWS::Events::Rule').filter(([, r]) => r.Properties.Name === `${CLUSTER}-guardduty-findings`),
  );
  const pattern = () => {
    expect(rules()).toHaveLength(1);
    return rules()[0][1].Properties.EventPattern;
  };

  test('an audit-log finding and a runtime finding about this cluster match', () => {
    expect(matchesEventPattern(pattern(), finding(CLUSTER))).toBe(true);
    expect(matchesEventPattern(pattern(), finding(CLUSTER, 'Execution:Runtime/ReverseShell'))).toBe(true);
  });

  test("another cluster's finding, even one whose name starts with this one's, does not", () => {
    expect(matchesEventPattern(pattern(), finding('fintech-eks-pr7-2'))).toBe(false);
    expect(matchesEventPattern(pattern(), finding('fintech-eks-pr70'))).toBe(false);
  });

  test('a finding about no cluster (an EC2 instance) and another source with the same shape do not', () => {
    expect(matchesEventPattern(pattern(), finding(undefined))).toBe(false);
    expect(matchesEventPattern(pattern(), { ...finding(CLUSTER), source: 'aws.securityhub' })).toBe(false);
  });

  test('the rule targets the alarm topic with a message naming the finding and the runbook', () => {
    const [[topicId]] = resourcesOfType(template, 'AWS::SNS::Topic');
    const [target] = rules()[0][1].Properties.Targets;
    expect(target.Arn).toEqual({ Ref: topicId });
    const { InputTemplate } = target.InputTransformer;
    expect(InputTemplate).toContain(`on the cluster ${CLUSTER}`);
    expect(InputTemplate).toContain('docs/components/threat-detection.md');
    expect(target.InputTransformer.InputPathsMap).toMatchObject({ 'detail-type': '$.detail.type', 'detail-id': '$.detail.id' });
  });

  test('the on-call reads what the finding is, where and when, and where the runbook is', () => {
    const [target] = rules()[0][1].Properties.Targets;
    expect(transformedInput(target.InputTransformer, finding(CLUSTER))).toBe(
      'ALARM: GuardDuty finding PrivilegeEscalation:Kubernetes/PrivilegedContainer (severity 5) on the cluster fintech-eks-pr7: ' +
        'Privileged container launched.. Finding 16afba5c5c43e07c9e3e5e2e544e95df in account 123456789012, ap-southeast-1, ' +
        'at 2026-12-04T09:59:30.000Z. Runbook: docs/components/threat-detection.md',
    );
  });

  test("the rule says what it alarms on, in EventBridge's list of rules", () => {
    expect(rules()[0][1].Properties.Description).toBe('Alarm: a GuardDuty finding about the EKS cluster fintech-eks-pr7');
  });
});
