import type { Template } from 'aws-cdk-lib/assertions';
import { directDependencies } from '../../scripts/bench/dependencies';
import type { KubernetesObject } from './kubernetes';

/**
 * Reading a synthesized template: its resources, text and JSON that mix in CloudFormation
 * intrinsics, IAM policy statements and IRSA trust, and the Kubernetes objects, patches and
 * releases it ships. Every test reads templates through these; one reader per question.
 */

export const MANIFEST_TYPE = 'Custom::AWSCDK-EKS-KubernetesResource';
export const PATCH_TYPE = 'Custom::AWSCDK-EKS-KubernetesPatch';
export const HELM_CHART_TYPE = 'Custom::AWSCDK-EKS-HelmChart';
export const ADDON_TYPE = 'AWS::EKS::Addon';

/** The resources of one type, as [logicalId, resource] pairs. */
export function resourcesOfType(template: Template, type: string): [string, any][] {
  return Object.entries(template.findResources(type));
}

/** The one resource of a type whose resource (Properties, DependsOn, ...) matches `predicate`; fails on none or several. */
export function onlyResource(template: Template, type: string, predicate: (resource: any) => boolean = () => true): [string, any] {
  const found = resourcesOfType(template, type).filter(([, resource]) => predicate(resource));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}: ${found.map(([id]) => id).join(', ')}`);
  return found[0];
}

/** The logical ids of the resources of a type. */
export function logicalIdsOf(template: Template, type: string): string[] {
  return Object.keys(template.findResources(type));
}

/** Replaces one CloudFormation intrinsic (`Ref`, `Fn::GetAtt`, ...) by text. */
export type TokenText = (intrinsic: string, args: unknown) => string;

/** Readable placeholders such as `<Fn::GetAtt Role.Arn>` and `<Ref AWS::AccountId>`, for expectations and messages. */
export const placeholderText: TokenText = (intrinsic, args) => {
  if (intrinsic === 'Ref') return `<Ref ${String(args)}>`;
  if (intrinsic === 'Fn::GetAtt') return `<Fn::GetAtt ${Array.isArray(args) ? args.join('.') : String(args)}>`;
  return `<${intrinsic}>`;
};

/**
 * Values of the shape CloudFormation substitutes at deploy time, for an API server that checks
 * them: an IAM role ARN for `Fn::GetAtt <role>.Arn` (the only intrinsic manifests carry today, in
 * IRSA annotations), the logical id for a `Ref`.
 */
export const sampleText: TokenText = (intrinsic, args) => {
  if (intrinsic === 'Fn::GetAtt' && Array.isArray(args) && args[1] === 'Arn') return `arn:aws:iam::123456789012:role/${String(args[0])}`;
  if (intrinsic === 'Ref') return String(args).toLowerCase();
  throw new Error(`no sample value for ${intrinsic} ${JSON.stringify(args)} in a manifest`);
};

/**
 * A value that mixes text and intrinsics (a manifest naming a role ARN, a policy resource) is an
 * `Fn::Join` of text and intrinsics. The intrinsics are replaced by `tokenText` (placeholders by
 * default); CDK only places tokens inside JSON strings, so joined JSON still parses.
 */
export function textOf(value: unknown, tokenText: TokenText = placeholderText): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const [intrinsic, args] = Object.entries(value)[0] ?? [];
    if (intrinsic === 'Fn::Join' && Array.isArray(args) && Array.isArray(args[1])) {
      return args[1].map((part) => textOf(part, tokenText)).join(String(args[0]));
    }
    if (intrinsic === 'Ref' || intrinsic?.startsWith('Fn::')) return tokenText(intrinsic, args);
  }
  throw new Error(`cannot read ${JSON.stringify(value)} as text`);
}

/** `textOf` parsed as JSON; `where` names the value in the error when it does not parse. */
export function jsonOf(value: unknown, tokenText?: TokenText, where = 'the value'): any {
  const text = textOf(value, tokenText);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${where} is not JSON once its intrinsics are replaced: ${(error as Error).message}\n${text}`, { cause: error });
  }
}

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string[];
  readonly Resource: any[];
  readonly Condition?: any;
  readonly Principal?: any;
}

/** Statements of a policy document as a list, with Action and Resource always lists. */
export function statementsOf(document: any): PolicyStatement[] {
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
  const condition = jsonOf(template.findResources('Custom::AWSCDKCfnJson')[conditionId].Properties.Value);
  const entries = Object.entries<string>(condition);
  expect(entries.find(([key]) => key.endsWith(':aud'))?.[1]).toBe('sts.amazonaws.com');
  return entries.find(([key]) => key.endsWith(':sub'))![1];
}

/** One object of a `Custom::AWSCDK-EKS-KubernetesResource` manifest. */
export interface ShippedObject {
  readonly logicalId: string;
  /** The manifest resource's DependsOn. */
  readonly dependsOn: readonly string[];
  readonly object: KubernetesObject;
}

/** Every object of every manifest in the template, in manifest order. */
export function shippedObjects(template: Template, tokenText?: TokenText): ShippedObject[] {
  return resourcesOfType(template, MANIFEST_TYPE).flatMap(([logicalId, resource]) => {
    const manifest = jsonOf(resource.Properties.Manifest, tokenText, `${logicalId}.Manifest`);
    if (!Array.isArray(manifest)) throw new Error(`${logicalId}.Manifest is not a list of objects`);
    return manifest.map((object: KubernetesObject) => ({ logicalId, dependsOn: [resource.DependsOn ?? []].flat(), object }));
  });
}

/** The one shipped object of a kind and name; fails on none or several. */
export function shippedObject(template: Template, kind: string, name: string): ShippedObject & { object: any } {
  const found = shippedObjects(template).filter((m) => m.object.kind === kind && m.object.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0];
}

/** A `Custom::AWSCDK-EKS-KubernetesPatch`: `kubectl patch <resourceName>` on create, the restore patch on delete. */
export interface ShippedPatch {
  readonly logicalId: string;
  readonly resourceName: string;
  readonly resourceNamespace: string;
  readonly patchType: string;
  readonly applyPatch: Record<string, any>;
  readonly restorePatch: Record<string, any>;
}

export function shippedPatches(template: Template): ShippedPatch[] {
  return resourcesOfType(template, PATCH_TYPE).map(([logicalId, resource]) => ({
    logicalId,
    resourceName: resource.Properties.ResourceName,
    resourceNamespace: resource.Properties.ResourceNamespace,
    patchType: resource.Properties.PatchType,
    applyPatch: jsonOf(resource.Properties.ApplyPatchJson, undefined, `${logicalId}.ApplyPatchJson`),
    restorePatch: jsonOf(resource.Properties.RestorePatchJson, undefined, `${logicalId}.RestorePatchJson`),
  }));
}

/**
 * A `Custom::AWSCDK-EKS-HelmChart`: the properties the kubectl provider's handler turns into
 * `helm upgrade --install` (aws-cdk-lib, custom-resource-handlers/dist/aws-eks-v2/kubectl-handler/helm).
 */
export interface ShippedRelease {
  readonly logicalId: string;
  readonly release: string;
  readonly chart: string;
  /** The pinned chart version; unset means whatever the repository serves as newest. */
  readonly version?: string;
  readonly repository?: string;
  /** Unset means the handler passes no `--namespace`: `default`. */
  readonly namespace?: string;
  readonly createNamespace: boolean;
  readonly wait: boolean;
  readonly timeout?: string;
  readonly atomic: boolean;
  readonly skipCrds: boolean;
  /** The values the handler writes to its `--values` file, intrinsics replaced by `tokenText`. */
  readonly values?: Record<string, unknown>;
}

export function shippedReleases(template: Template, tokenText?: TokenText): ShippedRelease[] {
  return resourcesOfType(template, HELM_CHART_TYPE).map(([logicalId, resource]) => {
    const p = resource.Properties;
    if (p.ChartAssetURL !== undefined) throw new Error(`${logicalId} installs a chart asset; only charts from a repository are read here`);
    return {
      logicalId,
      release: p.Release,
      chart: p.Chart,
      version: p.Version,
      repository: p.Repository,
      namespace: p.Namespace,
      createNamespace: p.CreateNamespace === true,
      wait: p.Wait === true,
      timeout: p.Timeout,
      atomic: p.Atomic === true,
      skipCrds: p.SkipCrds === true,
      values: p.Values === undefined ? undefined : jsonOf(p.Values, tokenText, `${logicalId}.Values`),
    };
  });
}

/** Something that puts objects in the cluster which only exist once rendered at deploy time. */
export interface UnrenderedRelease {
  readonly logicalId: string;
  readonly description: string;
}

/**
 * EKS managed add-ons put pods in the cluster too, but EKS renders their objects at deploy time
 * from sources that are not published, so no offline check sees them.
 */
export function managedAddons(template: Template): UnrenderedRelease[] {
  return resourcesOfType(template, ADDON_TYPE).map(([logicalId, resource]) => ({
    logicalId,
    description:
      `EKS managed add-on ${resource.Properties.AddonName} ${resource.Properties.AddonVersion ?? '(EKS default version)'}: ` +
      'EKS renders its objects at deploy time',
  }));
}

/**
 * The template's logical ids in an order CloudFormation may create them: every resource after
 * those it waits for (the dependencies `npm run bench` walks), template order among independent ones.
 */
export function deploymentOrder(template: Template): string[] {
  const dependencies = directDependencies(template.toJSON());
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (logicalId: string): void => {
    if (state.get(logicalId) === 'done') return;
    if (state.get(logicalId) === 'visiting') throw new Error(`dependency cycle through ${logicalId}`);
    state.set(logicalId, 'visiting');
    for (const needed of dependencies.get(logicalId) ?? []) visit(needed);
    state.set(logicalId, 'done');
    ordered.push(logicalId);
  };
  [...dependencies.keys()].forEach(visit);
  return ordered;
}
