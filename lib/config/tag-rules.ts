import { PLATFORM_TAG_KEYS } from './profiles';

/**
 * AWS's rules for tags, which every taggable resource of the stack gets (R11): a key of 1 to 128
 * and a value of 0 to 256 Unicode characters, each a letter, digit or white space or one of
 * `_ . : / = + - @`; the prefix `aws:`, in any case, is reserved for AWS in keys and values;
 * at most 50 tags on a resource. Sources: the restrictions AWS services document for tags (for
 * example "Tag restrictions" in the AWS Batch user guide,
 * https://docs.aws.amazon.com/batch/latest/userguide/tag-restrictions.html, and the Tag type of
 * the CloudWatch API, whose pattern `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$` this follows,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Tag.html). IAM also
 * refuses two tag keys that differ only in case (Tag Editor user guide, "What is Tag Editor?",
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html), and every role of the
 * stack carries every tag.
 *
 * With the `u` flag, `{1,128}` counts characters (code points), as AWS does, not UTF-16 units.
 */
export const TAG_KEY_PATTERN = /^(?![aA][wW][sS]:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
export const TAG_VALUE_PATTERN = /^(?![aA][wW][sS]:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

const CHARACTERS = 'letters, digits, spaces or _ . : / = + - @, not starting with "aws:" in any case (reserved for AWS)';
export const TAG_KEY_ALLOWED = `a tag key of 1 to 128 ${CHARACTERS}`;
export const TAG_VALUE_ALLOWED = `a tag value of up to 256 ${CHARACTERS}`;

const TAGS_PER_RESOURCE = 50;

/**
 * Tags the stack puts on some resource besides the configured ones: a subnet's `Name`,
 * `aws-cdk:subnet-name`, `aws-cdk:subnet-type` and `kubernetes.io/role/elb` (or `internal-elb`).
 * test/config/aws-rules.test.ts synthesizes the most tags allowed and counts every resource's.
 */
const TAGS_THE_STACK_ADDS = 4;

/** How many tags the configuration may give every resource, the platform's own included. */
export const MAX_CONFIGURED_TAGS = TAGS_PER_RESOURCE - TAGS_THE_STACK_ADDS;

/**
 * Rules across tags: IAM refuses keys that differ only in case (the platform's own keys count),
 * and a resource takes only so many. Reports a key through `badKey`, the count through `violation`.
 */
export function checkTags(
  tags: Readonly<Record<string, string>>,
  badKey: (key: string, allowed: string) => void,
  violation: (path: string[], value: unknown, allowed: string) => void,
): void {
  const seen = [...PLATFORM_TAG_KEYS];
  for (const key of Object.keys(tags)) {
    const twin = seen.find((other) => other !== key && other.toLowerCase() === key.toLowerCase());
    if (twin !== undefined) {
      badKey(
        key,
        `a key that differs from "${twin}" by more than case ` +
          '(IAM refuses tag keys that differ only in case, and every role of the stack carries both)',
      );
    }
    if (!seen.includes(key)) seen.push(key);
  }
  const own = Object.keys(tags).filter((key) => !PLATFORM_TAG_KEYS.includes(key));
  const ownAllowed = MAX_CONFIGURED_TAGS - PLATFORM_TAG_KEYS.length;
  if (own.length > ownAllowed) {
    violation(
      ['tags'],
      tags,
      `at most ${ownAllowed} tags besides ${PLATFORM_TAG_KEYS.slice(0, -1).join(', ')} and ${PLATFORM_TAG_KEYS.at(-1)} ` +
        `(AWS allows ${TAGS_PER_RESOURCE} tags on a resource; the platform sets those three, and a subnet carries ` +
        'four more: Name, aws-cdk:subnet-name, aws-cdk:subnet-type and its kubernetes.io/role tag)',
    );
  }
}
