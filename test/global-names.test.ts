import { synthesize } from './support/synth';

/**
 * Resource types whose names are unique per account across all regions (IAM, CloudWatch
 * dashboards, S3 buckets), with the property that names them. A name of ours there must tell
 * the region apart, or the same suffix deployed to a second region collides with the first.
 */
const GLOBAL_NAMES: Record<string, string> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::CloudWatch::Dashboard': 'DashboardName',
  'AWS::S3::Bucket': 'BucketName',
};

function globalNames(template: ReturnType<typeof synthesize>['template']): string[] {
  return Object.entries(GLOBAL_NAMES).flatMap(([type, property]) =>
    Object.values<any>(template.findResources(type))
      .map((resource) => resource.Properties?.[property])
      .filter((name) => name !== undefined),
  );
}

describe.each(['ephemeral', 'production'])('%s profile: names of account-wide resources', (platformProfile) => {
  const inSingapore = synthesize({ platformProfile, environmentSuffix: 'pr42', region: 'ap-southeast-1' });
  const inIreland = synthesize({ platformProfile, environmentSuffix: 'pr42', region: 'eu-west-1' });

  test('every one we give carries the region (the rest are left for CloudFormation to name)', () => {
    expect(globalNames(inSingapore.template)).toEqual(['fintech-eks-pr42-ap-southeast-1-observability']);
    expect(globalNames(inIreland.template)).toEqual(['fintech-eks-pr42-eu-west-1-observability']);
  });

  test('IAM roles are named by CloudFormation, so the same suffix in two regions gets distinct roles', () => {
    for (const { template } of [inSingapore, inIreland]) {
      const roles = Object.values<any>(template.findResources('AWS::IAM::Role'));
      expect(roles.length).toBeGreaterThan(0);
      expect(roles.filter((role) => role.Properties.RoleName !== undefined)).toEqual([]);
    }
  });
});
