import type { Template } from 'aws-cdk-lib/assertions';

/**
 * A property that mixes text and intrinsics (a manifest naming a role ARN) is an `Fn::Join`.
 * The intrinsics become readable placeholders (`<GetAtt Role.Arn>`, `<Ref Group>`), which CDK
 * only places inside JSON strings, so the result still parses.
 */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const [intrinsic, args] = Object.entries(value)[0] ?? [];
    if (intrinsic === 'Fn::Join' && Array.isArray(args)) return (args[1] as unknown[]).map(asText).join(String(args[0]));
    if (intrinsic === 'Ref') return `<Ref ${String(args)}>`;
    if (intrinsic === 'Fn::GetAtt') return `<GetAtt ${(args as string[]).join('.')}>`;
    if (intrinsic?.startsWith('Fn::')) return `<${intrinsic}>`;
  }
  throw new Error(`cannot read ${JSON.stringify(value)} as text`);
}

export function asJson(value: unknown): any {
  return JSON.parse(asText(value));
}

/** The one resource of a type whose properties match `predicate`; fails on none or several. */
export function onlyResource(template: Template, type: string, predicate: (resource: any) => boolean = () => true): [string, any] {
  const found = Object.entries(template.findResources(type)).filter(([, resource]) => predicate(resource));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}: ${found.map(([id]) => id).join(', ')}`);
  return found[0];
}

export interface ManifestObject {
  readonly logicalId: string;
  readonly dependsOn: readonly string[];
  readonly object: any;
}

/** Every Kubernetes object of every manifest the stack applies. */
export function manifestObjects(template: Template): ManifestObject[] {
  return Object.entries(template.findResources('Custom::AWSCDK-EKS-KubernetesResource')).flatMap(([logicalId, resource]: [string, any]) =>
    (asJson(resource.Properties.Manifest) as any[]).map((object) => ({ logicalId, dependsOn: resource.DependsOn ?? [], object })),
  );
}

export function manifestObject(template: Template, kind: string, name: string): ManifestObject {
  const found = manifestObjects(template).filter((m) => m.object.kind === kind && m.object.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0];
}

/** Statements of a policy document as a list, with Action and Resource always lists. */
export function statementsOf(document: any): { Effect: string; Action: string[]; Resource: any[]; Condition?: any; Principal?: any }[] {
  return (document.Statement as any[]).map((statement) => ({
    ...statement,
    Action: [statement.Action].flat(),
    Resource: [statement.Resource].flat(),
  }));
}

/**
 * The IRSA trust of a role: the service account named in its CfnJson condition, after checking
 * that the role is assumed through web identity for the audience sts.amazonaws.com only.
 */
export function trustedServiceAccount(template: Template, roleId: string): string {
  const role = template.findResources('AWS::IAM::Role')[roleId];
  const [statement] = statementsOf(role.Properties.AssumeRolePolicyDocument);
  expect(statement.Action).toEqual(['sts:AssumeRoleWithWebIdentity']);
  const conditionId = statement.Condition.StringEquals['Fn::GetAtt'][0];
  const condition = asJson(template.findResources('Custom::AWSCDKCfnJson')[conditionId].Properties.Value);
  const entries = Object.entries<string>(condition);
  expect(entries.find(([key]) => key.endsWith(':aud'))?.[1]).toBe('sts.amazonaws.com');
  return entries.find(([key]) => key.endsWith(':sub'))![1];
}

/** The logical ids of the resources of a type. */
export function logicalIdsOf(template: Template, type: string): string[] {
  return Object.keys(template.findResources(type));
}
