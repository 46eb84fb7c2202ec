import { ThreatDetection, ThreatDetectionProps } from '../../lib/threat-detection';
import { resourcesOfType } from '../support/template';
import { bareStack, lazily, synthesize } from '../support/synth';

const AGENT = 'aws-guardduty-agent';
const endpointsTo = (template: any, service: string) =>
  resourcesOfType(template, 'AWS::EC2::VPCEndpoint').filter(([, r]) => JSON.stringify(r.Properties.ServiceName).includes(service));
const agentsOf = (template: any) => resourcesOfType(template, 'AWS::EKS::Addon').filter(([, r]) => r.Properties.AddonName === AGENT);
const clusterTag = (template: any) => {
  const [[, cluster]] = resourcesOfType(template, 'AWS::EKS::Cluster');
  return (cluster.Properties.Tags as { Key: string; Value: string }[]).filter((t) => t.Key === 'GuardDutyManaged');
};
const findingsRules = (template: any) =>
  resourcesOfType(template, 'AWS::Events::Rule').filter(([, r]) => String(r.Properties.Name).endsWith('-guardduty-findings'));

describe('GuardDuty runtime monitoring managed by the platform (the default)', () => {
  const { template } = synthesize({ environmentSuffix: 'pr7' });
  // Read inside the tests (lazily): read while the file loads, the template would be read once,
  // before any mutant is switched on, and stale for every mutant of a mutation run.
  const nodeGroupIds = lazily(() => resourcesOfType(template, 'AWS::EKS::Nodegroup').map(([id]) => id));

  test('the agent is the add-on pinned for 1.36, after its endpoint and the nodes its DaemonSet runs on', () => {
    const [[, addon]] = agentsOf(template);
    expect(addon.Properties.AddonVersion).toBe('v1.16.0-eksbuild.2');
    expect(addon.Properties.ResolveConflicts).toBe('OVERWRITE');
    // The agent authenticates with the node's identity: no role of its own.
    expect(addon.Properties.ServiceAccountRoleArn).toBeUndefined();
    expect(addon.Properties.PodIdentityAssociations).toBeUndefined();
    const [[endpointId]] = endpointsTo(template, '.guardduty-data');
    expect(addon.DependsOn).toEqual(expect.arrayContaining([endpointId, ...nodeGroupIds()]));
  });

  test('the guardduty-data endpoint resolves privately, sits with the other endpoints and admits only this account', () => {
    const found = endpointsTo(template, '.guardduty-data');
    expect(found).toHaveLength(1);
    const [, endpoint] = found[0];
    const [, logs] = endpointsTo(template, '.logs')[0];
    expect(endpoint.Properties).toMatchObject({ VpcEndpointType: 'Interface', PrivateDnsEnabled: true });
    expect(endpoint.Properties.ServiceName).toBe('com.amazonaws.ap-southeast-1.guardduty-data');
    expect(endpoint.Properties.SubnetIds).toEqual(logs.Properties.SubnetIds);
    expect(endpoint.Properties.SecurityGroupIds).toEqual(logs.Properties.SecurityGroupIds);
    expect(endpoint.Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: '*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
  });

  test('the endpoint opens nothing of its own: its group admits HTTPS from the VPC by the one rule of the network', () => {
    const [[, endpoint]] = endpointsTo(template, '.guardduty-data');
    const [groupId] = endpoint.Properties.SecurityGroupIds[0]['Fn::GetAtt'];
    expect(template.toJSON().Resources[groupId].Properties.SecurityGroupIngress).toEqual([
      { CidrIp: '10.0.0.0/16', Description: 'HTTPS from the VPC', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
    ]);
  });

  test("the cluster is tagged out of GuardDuty's automated agent management, and the stack creates no detector", () => {
    expect(clusterTag(template)).toEqual([{ Key: 'GuardDutyManaged', Value: 'false' }]);
    expect(resourcesOfType(template, 'AWS::GuardDuty::Detector')).toEqual([]);
    expect(findingsRules(template)).toHaveLength(1);
  });

  test('production puts the endpoint in every zone', () => {
    const production = synthesize({ environmentSuffix: 'prod', platformProfile: 'production', alarmEmail: 'ops@example.com' }).template;
    expect(endpointsTo(production, '.guardduty-data')[0][1].Properties.SubnetIds).toHaveLength(3);
  });
});

describe('runtimeMonitoring "organization" and "off"', () => {
  test('organization: no add-on and no endpoint of ours, the cluster tagged in, findings still routed', () => {
    const { template } = synthesize({ environmentSuffix: 'pr7', threatDetection: { runtimeMonitoring: 'organization' } });
    expect(agentsOf(template)).toEqual([]);
    expect(endpointsTo(template, '.guardduty-data')).toEqual([]);
    expect(clusterTag(template)).toEqual([{ Key: 'GuardDutyManaged', Value: 'true' }]);
    expect(findingsRules(template)).toHaveLength(1);
  });

  test('off with audit logs off: nothing of GuardDuty but the tag that keeps automated management out', () => {
    const { template } = synthesize({
      environmentSuffix: 'pr7',
      threatDetection: { runtimeMonitoring: 'off', auditLogMonitoring: false },
    });
    expect(agentsOf(template)).toEqual([]);
    expect(endpointsTo(template, '.guardduty-data')).toEqual([]);
    expect(clusterTag(template)).toEqual([{ Key: 'GuardDutyManaged', Value: 'false' }]);
    expect(findingsRules(template)).toEqual([]);
  });
});

describe('findings are routed whenever either kind of monitoring is on', () => {
  test.each([
    ['audit logs alone', { runtimeMonitoring: 'off', auditLogMonitoring: true }],
    ['runtime monitoring alone', { runtimeMonitoring: 'platform', auditLogMonitoring: false }],
  ])('%s: one findings rule', (_name, threatDetection) => {
    const { template } = synthesize({ environmentSuffix: 'pr7', threatDetection });
    expect(findingsRules(template)).toHaveLength(1);
  });

  test('the GuardDutyManaged tag is on the cluster only, not on what the cluster construct holds', () => {
    const { template } = synthesize({ environmentSuffix: 'pr7' });
    const tagged = Object.entries<any>(template.toJSON().Resources)
      .filter(([, r]) => JSON.stringify(r.Properties?.Tags ?? []).includes('GuardDutyManaged'))
      .map(([, r]) => r.Type);
    expect(tagged).toEqual(['AWS::EKS::Cluster']);
  });
});

describe('a production environment that owns the account detector', () => {
  const production = { environmentSuffix: 'prod', platformProfile: 'production', alarmEmail: 'ops@example.com' };

  test('audit logs and runtime monitoring on, without GuardDuty managing the add-on; kept on delete', () => {
    const { template } = synthesize({ ...production, threatDetection: { ownDetector: true } });
    const [[detectorId, detector]] = resourcesOfType(template, 'AWS::GuardDuty::Detector');
    expect(detector.Properties).toEqual({
      Enable: true,
      Features: [
        { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
        { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'DISABLED' }] },
      ],
      Tags: expect.anything(),
    });
    expect(detector.DeletionPolicy).toBe('Retain');
    expect(detector.UpdateReplacePolicy).toBe('Retain');
    expect(agentsOf(template)[0][1].DependsOn).toContain(detectorId);
  });

  test('each feature follows its setting', () => {
    const { template } = synthesize({
      ...production,
      threatDetection: { ownDetector: true, auditLogMonitoring: false, runtimeMonitoring: 'off' },
    });
    const [[, detector]] = resourcesOfType(template, 'AWS::GuardDuty::Detector');
    expect(detector.Properties.Features.map((f: any) => [f.Name, f.Status])).toEqual([
      ['EKS_AUDIT_LOGS', 'DISABLED'],
      ['RUNTIME_MONITORING', 'DISABLED'],
    ]);
  });
});

test("a direct caller asking for its own detector under the organization's runtime monitoring is refused", () => {
  const settings = { ownDetector: true, runtimeMonitoring: 'organization', auditLogMonitoring: true } as const;
  // Refused before any other property is read.
  expect(() => new ThreatDetection(bareStack(), 'ThreatDetection', { settings } as unknown as ThreatDetectionProps)).toThrow(
    'ownDetector with runtimeMonitoring "organization": the organization configures that detector',
  );
});
