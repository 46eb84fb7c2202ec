/**
 * The Availability Zones of the regions the app knows, by name, so that a zone the region does
 * not have is refused at synthesis rather than by EC2 at deploy, and so that the defaults are
 * zones that exist. Every region has at least three; each name is the region followed by a
 * letter, one per AZ ID.
 *
 * Sources: AWS's list of AZ IDs per region (how many zones each has), "AWS Availability Zones"
 * in the Regions and Availability Zones guide,
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
 * (apse1-az1..3, apse2-az1..3, euc1-az1..3, euw1-az1..3, use2-az1..3, usw2-az1..4), and the names
 * `aws ec2 describe-availability-zones` returned in each region, as recorded in
 * github.com/roman-mazur/cuetf, aws/regions/<region>/azs_gen.cue (ap-southeast-1, eu-west-1 at
 * commit 23630fb73ec45af76e75d2b0814b39e7bcd5764e; ap-southeast-2, us-east-2 at
 * 570f24ec7ab1946b3f1f4ba68bac31930879c0d5; eu-central-1, us-west-2 at
 * 18db53005afe0d733bef59309840970fce9f25ea), read 2026-12-04.
 *
 * Left out on purpose: regions whose letters differ between accounts (AWS maps names to zones
 * per account in its oldest regions, and published lists of us-east-1, us-west-1 and
 * ap-northeast-1 name different letters), and every region not checked. There the zones must be
 * given, as `aws ec2 describe-availability-zones` lists them for the account.
 */
export const KNOWN_REGION_ZONES: Readonly<Record<string, readonly string[]>> = {
  'ap-southeast-1': ['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c'],
  'ap-southeast-2': ['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c'],
  'eu-central-1': ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
  'eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  'us-east-2': ['us-east-2a', 'us-east-2b', 'us-east-2c'],
  'us-west-2': ['us-west-2a', 'us-west-2b', 'us-west-2c', 'us-west-2d'],
};

/** The first three zones of a region the app knows; the schema refuses any other region without zones. */
export function defaultZones(region: string): string[] {
  const known = KNOWN_REGION_ZONES[region];
  if (!known) throw new Error(`availabilityZones: not given, and the app knows no zones of region "${region}"`);
  return known.slice(0, 3);
}

/**
 * Zones the region has, three of them, each once; a region the app knows no zones of needs them
 * given (checked there against the region's name only). Reports through `violation`.
 */
export function checkZones(
  region: string,
  zones: readonly string[] | undefined,
  violation: (path: string[], value: unknown, allowed: string) => void,
): void {
  const known = KNOWN_REGION_ZONES[region];
  if (zones) {
    const inRegion = (zone: string) => (known ? known.includes(zone) : zone.startsWith(region));
    if (zones.every(inRegion) && new Set(zones).size === zones.length) return;
    const listed = known ? `: ${known.map((zone) => `"${zone}"`).join(', ')}` : '';
    violation(['availabilityZones'], zones, `three distinct zones of the region ${region}${listed}`);
  } else if (!known) {
    const regions = Object.keys(KNOWN_REGION_ZONES).sort();
    violation(
      ['availabilityZones'],
      undefined,
      `three distinct zones of the region ${region}, given explicitly: the app knows the zones of ` +
        `${regions.slice(0, -1).join(', ')} and ${regions.at(-1)} only ` +
        `(aws ec2 describe-availability-zones --region ${region} lists yours)`,
    );
  }
}
