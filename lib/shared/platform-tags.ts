import { Aspects, CfnResource, IAspect, TagManager, Tags } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Types that support tags but that CDK's custom-resource providers create as raw
 * CfnResources, which `Tags.of` cannot reach.
 */
const RAW_TAGGABLE_TYPES = new Set(['AWS::IAM::Role', 'AWS::Lambda::Function']);

class TagRawResources implements IAspect {
  constructor(private readonly tags: Readonly<Record<string, string>>) {}

  visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || TagManager.isTaggable(node) || !RAW_TAGGABLE_TYPES.has(node.cfnResourceType)) return;
    node.addPropertyOverride(
      'Tags',
      Object.entries(this.tags).map(([Key, Value]) => ({ Key, Value })),
    );
  }
}

/** R11: the environment's tags on every taggable resource of the scope, CDK's own included. */
export function applyPlatformTags(scope: IConstruct, tags: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(tags)) Tags.of(scope).add(key, value);
  Aspects.of(scope).add(new TagRawResources(tags));
}
