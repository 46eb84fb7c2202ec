import { defaultZones } from '../../lib/config/availability-zones';
import { ConfigError, loadConfig } from '../../lib/config/load';
import { synthesize } from '../support/synth';

/**
 * Values AWS refuses at deploy time are refused at synthesis, with one line naming the setting,
 * the value and what is allowed: zones the region does not have, tags AWS's tag rules refuse,
 * instance types the app does not know (unless the user opts in). The expected messages and
 * the AWS rules behind them are written out here, not read from the code under test.
 */

const noFile = () => {
  throw new Error('no file expected');
};

function errorOf(context: Record<string, unknown>): string {
  try {
    loadConfig(context, noFile);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`configuration ${JSON.stringify(context)} was accepted`);
}

/** The key lists of every `Tags` property below a resource's properties (a list of Key/Value pairs, or a map). */
function tagSetsOf(value: unknown): string[][] {
  if (Array.isArray(value)) return value.flatMap(tagSetsOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const nested = tagSetsOf(inner);
    if (key !== 'Tags') return nested;
    const keys = Array.isArray(inner) ? inner.map((tag: any) => tag.Key) : Object.keys(inner as object);
    return [keys, ...nested];
  });
}

const refused = (...lines: string[]) => ['Invalid configuration:', ...lines.map((line) => `  ${line}`)].join('\n');

describe('availability zones', () => {
  // Names as `aws ec2 describe-availability-zones` lists them in each region (one per AZ ID).
  const SINGAPORE = ['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c'];
  const OREGON_ALLOWED = 'three distinct zones of the region us-west-2: "us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"';

  test('a region the app knows gets its first three zones by default', () => {
    expect(loadConfig({}, noFile).availabilityZones).toEqual(SINGAPORE);
    expect(loadConfig({ region: 'eu-west-1' }, noFile).availabilityZones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  test.each([
    ['ap-southeast-2', ['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c']],
    ['eu-central-1', ['eu-central-1a', 'eu-central-1b', 'eu-central-1c']],
    ['us-east-2', ['us-east-2a', 'us-east-2b', 'us-east-2c']],
    ['us-west-2', ['us-west-2a', 'us-west-2b', 'us-west-2c']],
  ])('%s gets its first three zones by default', (region, zones) => {
    expect(loadConfig({ region }, noFile).availabilityZones).toEqual(zones);
  });

  test('any three zones of a known region may be named, the fourth of Oregon included', () => {
    const zones = ['us-west-2b', 'us-west-2c', 'us-west-2d'];
    expect(loadConfig({ region: 'us-west-2', availabilityZones: JSON.stringify(zones) }, noFile).availabilityZones).toEqual(zones);
  });

  test('a zone letter the region does not have is refused, naming the zones it has', () => {
    expect(errorOf({ availabilityZones: '["ap-southeast-1a","ap-southeast-1b","ap-southeast-1d"]' })).toBe(
      refused(
        '"availabilityZones" is ["ap-southeast-1a","ap-southeast-1b","ap-southeast-1d"]; ' +
          'allowed: three distinct zones of the region ap-southeast-1: "ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"',
      ),
    );
    expect(errorOf({ region: 'us-west-2', availabilityZones: '["us-west-2a","us-west-2b","us-west-2e"]' })).toBe(
      refused(`"availabilityZones" is ["us-west-2a","us-west-2b","us-west-2e"]; allowed: ${OREGON_ALLOWED}`),
    );
  });

  test("zones of another region are refused, naming this region's zones", () => {
    expect(errorOf({ availabilityZones: '["eu-west-1a","eu-west-1b","eu-west-1c"]' })).toBe(
      refused(
        '"availabilityZones" is ["eu-west-1a","eu-west-1b","eu-west-1c"]; ' +
          'allowed: three distinct zones of the region ap-southeast-1: "ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"',
      ),
    );
  });

  test('a zone named twice is refused', () => {
    expect(errorOf({ availabilityZones: '["ap-southeast-1a","ap-southeast-1a","ap-southeast-1b"]' })).toBe(
      refused(
        '"availabilityZones" is ["ap-southeast-1a","ap-southeast-1a","ap-southeast-1b"]; ' +
          'allowed: three distinct zones of the region ap-southeast-1: "ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"',
      ),
    );
  });

  test('a region whose zones the app does not know needs them given: no guessed "a", "b", "c"', () => {
    expect(errorOf({ region: 'us-east-1' })).toBe(
      refused(
        '"availabilityZones" is nothing; allowed: three distinct zones of the region us-east-1, given explicitly: the app knows ' +
          'the zones of ap-southeast-1, ap-southeast-2, eu-central-1, eu-west-1, us-east-2 and us-west-2 only ' +
          '(aws ec2 describe-availability-zones --region us-east-1 lists yours)',
      ),
    );
  });

  test('defaultZones itself refuses a region whose zones the app does not know, naming it', () => {
    expect(() => defaultZones('us-east-1')).toThrow(
      new Error('availabilityZones: not given, and the app knows no zones of region "us-east-1"'),
    );
  });

  test('in such a region, three distinct zones of the region are taken as given', () => {
    const zones = ['us-east-1a', 'us-east-1b', 'us-east-1f'];
    expect(loadConfig({ region: 'us-east-1', availabilityZones: JSON.stringify(zones) }, noFile).availabilityZones).toEqual(zones);
    expect(errorOf({ region: 'us-east-1', availabilityZones: '["us-east-1a","us-east-1b","us-west-2c"]' })).toBe(
      refused('"availabilityZones" is ["us-east-1a","us-east-1b","us-west-2c"]; allowed: three distinct zones of the region us-east-1'),
    );
  });
});

describe('tags', () => {
  // AWS's tag rules: keys 1-128 and values 0-256 Unicode characters of letters, digits, white
  // space and _ . : / = + - @; the prefix aws: (any case) is AWS's own, in keys and values; IAM
  // refuses two keys that differ only in case; at most 50 tags per resource.
  const KEY_RULE =
    'a tag key of 1 to 128 letters, digits, spaces or _ . : / = + - @, not starting with "aws:" in any case (reserved for AWS)';
  const VALUE_RULE =
    'a tag value of up to 256 letters, digits, spaces or _ . : / = + - @, not starting with "aws:" in any case (reserved for AWS)';

  test.each<[string, Record<string, string>]>([
    ['letters of any script, digits, spaces and every allowed symbol', { 'Équipe Zahlungen_1.a:b/c=d+e-f@g': 'Paiements 支付 _.:/=+-@' }],
    ['a key of 128 characters and a value of 256, counted as characters (not UTF-16 units)', { ['é'.repeat(128)]: '支'.repeat(256) }],
    ['an empty value', { Reviewed: '' }],
    ['a key that only contains "aws:" later on', { 'team-aws:role': 'x' }],
  ])('accepts %s', (_name, tags) => {
    expect(loadConfig({ tags: JSON.stringify(tags) }, noFile).tags).toMatchObject(tags);
  });

  test.each<[string, Record<string, string>, string]>([
    ['an empty key', { '': 'x' }, `"tags" has the key ""; allowed: ${KEY_RULE}`],
    ['a key of 129 characters', { ['k'.repeat(129)]: 'x' }, `"tags" has the key "${'k'.repeat(129)}"; allowed: ${KEY_RULE}`],
    ['a key with a character outside the rules', { 'team#1': 'x' }, `"tags" has the key "team#1"; allowed: ${KEY_RULE}`],
    ['a key with the reserved prefix', { 'aws:team': 'x' }, `"tags" has the key "aws:team"; allowed: ${KEY_RULE}`],
    ['a key with the reserved prefix in capitals', { 'AWS:Team': 'x' }, `"tags" has the key "AWS:Team"; allowed: ${KEY_RULE}`],
    ['a value of 257 characters', { Team: 'v'.repeat(257) }, `"tags.Team" is "${'v'.repeat(257)}"; allowed: ${VALUE_RULE}`],
    ['a value with a character outside the rules', { Team: 'payments!' }, `"tags.Team" is "payments!"; allowed: ${VALUE_RULE}`],
    ['a value with the reserved prefix', { Team: 'Aws:payments' }, `"tags.Team" is "Aws:payments"; allowed: ${VALUE_RULE}`],
    [
      "a key that differs from one of the platform's only in case",
      { environment: 'qa' },
      '"tags" has the key "environment"; allowed: a key that differs from "Environment" by more than case ' +
        '(IAM refuses tag keys that differ only in case, and every role of the stack carries both)',
    ],
    [
      'two keys that differ only in case',
      { Team: 'a', TEAM: 'b' },
      '"tags" has the key "TEAM"; allowed: a key that differs from "Team" by more than case ' +
        '(IAM refuses tag keys that differ only in case, and every role of the stack carries both)',
    ],
  ])('refuses %s', (_name, tags, line) => {
    expect(errorOf({ tags: JSON.stringify(tags) })).toBe(refused(line));
  });

  const own = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`team-tag-${i}`, 'x']));

  test('43 tags of your own are accepted: with the three of the platform and the four more a subnet carries, 50', () => {
    expect(Object.keys(loadConfig({ tags: JSON.stringify(own(43)) }, noFile).tags)).toHaveLength(46);
  });

  test('a 44th is refused, counting the platform’s own three', () => {
    expect(errorOf({ tags: JSON.stringify(own(44)) })).toBe(
      refused(
        `"tags" is ${JSON.stringify(own(44))}; allowed: at most 43 tags besides Environment, CostCenter and EnvironmentSuffix ` +
          '(AWS allows 50 tags on a resource; the platform sets those three, and a subnet carries four more: ' +
          'Name, aws-cdk:subnet-name, aws-cdk:subnet-type and its kubernetes.io/role tag)',
      ),
    );
  });

  test.each(['ephemeral', 'production'])(
    'with 43 tags of your own, no resource of the %s template carries more than AWS’s 50',
    (platformProfile) => {
      const { template } = synthesize({ platformProfile, tags: JSON.stringify(own(43)) });
      const counts: [string, number][] = Object.entries<any>(template.toJSON().Resources).map(([id, resource]) => [
        id,
        Math.max(0, ...tagSetsOf(resource.Properties).map((keys) => keys.filter((key) => !/^aws:/i.test(key)).length)),
      ]);
      const most = Math.max(...counts.map(([, count]) => count));
      // The limit is met exactly somewhere (a subnet), so the count of tags the stack adds is not too high either.
      expect(most).toBe(50);
      expect(counts.filter(([, count]) => count > 50)).toEqual([]);
    },
  );

  test("overriding one of the platform's tags adds none", () => {
    expect(() => loadConfig({ tags: JSON.stringify({ ...own(43), Environment: 'Production' }) }, noFile)).not.toThrow();
  });
});

describe('instance types', () => {
  const CATALOGUE =
    'a type the app knows (families c5, c6a, c6g, c6i, c7g, c7i, m5, m6a, m6g, m6i, m7g, m7i, r5, r6a, r6g, r6i, r7g, r7i ' +
    'in sizes large, xlarge, 2xlarge, 4xlarge), or any EC2 instance type with allowUnknownInstanceTypes set to true';

  test.each(['m5.large', 'm7i.4xlarge', 'c6g.xlarge', 'r7g.2xlarge', 'r5.large'])('%s is in the catalogue', (type) => {
    expect(loadConfig({ nodeInstanceType: type }, noFile).nodeGroups.instanceTypes[0]).toBe(type);
  });

  test.each([
    ['a size the family does not have', 'm5.3xlarge'],
    ['a family that does not exist', 'm9.large'],
    ['a type the catalogue does not list', 't3.large'],
  ])('refuses %s', (_name, type) => {
    expect(errorOf({ nodeInstanceType: type })).toBe(refused(`"nodeInstanceType" is "${type}"; allowed: ${CATALOGUE}`));
  });

  test('a Spot type outside the catalogue is refused at its position', () => {
    expect(errorOf({ spotInstanceTypes: '["m6i.large","m5z.large"]' })).toBe(
      refused(`"spotInstanceTypes[1]" is "m5z.large"; allowed: ${CATALOGUE}`),
    );
  });

  test('allowUnknownInstanceTypes lets any well-formed type through, node and Spot types alike', () => {
    const config = loadConfig(
      { allowUnknownInstanceTypes: 'true', nodeInstanceType: 't3.large', spotInstanceTypes: '["t3a.large"]' },
      noFile,
    );
    expect(config.nodeGroups.instanceTypes).toEqual(['t3.large', 't3a.large']);
    expect(errorOf({ allowUnknownInstanceTypes: 'true', nodeInstanceType: 'large' })).toBe(
      refused(
        '"nodeInstanceType" is "large"; allowed: an EC2 instance type such as "m5.large", ' +
          'one the app knows unless allowUnknownInstanceTypes is true',
      ),
    );
  });

  test('allowUnknownInstanceTypes is true or false, nothing else', () => {
    expect(errorOf({ allowUnknownInstanceTypes: 'yes' })).toBe(
      refused(
        '"allowUnknownInstanceTypes" is "yes"; allowed: true or false (true: nodeInstanceType and spotInstanceTypes ' +
          'may name EC2 instance types outside the catalogue the app knows; AWS then checks them only at deploy)',
      ),
    );
  });
});
